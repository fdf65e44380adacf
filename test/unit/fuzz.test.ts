// Property-based fuzzing of the engine: real manifests (../shared/corpus/realworld, the examples and the rule
// test tables), mutated line by line, must always analyse without a rule failure, parsing each lexeme at
// most about once, with every range inside its document and every quick fix leaving parseable YAML when the
// input parsed. How long an analysis took is reported, never asserted (see test/parse-work.ts).
//
// `npm test` runs a bounded pass with a fixed seed; `npm run fuzz` runs longer with a fresh one (see
// test/property.ts: FUZZ_SEED, FUZZ_RUNS, FUZZ_SECONDS). A failure report gives the seed and path of the
// shrunk counterexample, which FUZZ_SEED and FUZZ_PATH replay.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import allCases from 'virtual:rule-cases';
import { BUILT_IN_RULES } from '../built-in-rules';
import { analyseText } from '../../server/engine/engine';
import { normaliseSettings } from '../../server/engine/settings';
import { corpusFiles, examples, yamlFilesUnder } from '../corpus';
import { assertSound } from '../hostile-checks';
import { countingLexemes, lexemesOfParts } from '../parse-work';
import { propertyParameters } from '../property';
import type { RuleCases } from '../rule-cases';

/**
 * The time budgets at their largest (10 minutes), so that what an analysis does never depends on how fast
 * the machine is: on a loaded one, a budget could otherwise cut an analysis short and change its findings.
 */
const settings = normaliseSettings({ limits: { timeBudgetMs: 600_000 } });

/** Documents small enough to analyse many times a second: corpus documents, the examples, rule test cases. */
function seedDocuments(): string[] {
  const files = [...corpusFiles(200_000), ...yamlFilesUnder(examples, 200_000)];
  const documents = files.flatMap((file) => readFileSync(file, 'utf8').split(/^---[ \t]*$/m));
  for (const cases of Object.values(allCases) as RuleCases[]) {
    documents.push(...[...cases.invalid, ...cases.valid].map((c) => c.code));
  }
  return documents.filter((d) => d.trim().length > 0 && d.length <= 6000);
}

const SCALARS = [
  '"three"',
  '{}',
  '[]',
  'null',
  '~',
  '-1',
  '0',
  '1e999',
  '0x1F',
  '.inf',
  'true',
  '"',
  "'",
  '&a x',
  '*a',
  '!!binary aGk=',
  '{{ .Values.x }}',
  '|',
  '>-',
  '? x',
  '[a, {b: c}]',
  '{a: [1, 2]}',
  '512Mi',
  '100%',
  '"\\u0000"',
  '\t',
];
const FRAGMENTS = [
  '---',
  '...',
  '- ',
  '- - x',
  '{',
  '[',
  ']',
  '}',
  '? ',
  ': ',
  '#',
  '%YAML 1.2',
  '<<: *a',
  'a: &a {k: v}',
];

type Mutation =
  | { op: 'delete' | 'duplicate'; line: number }
  | { op: 'indent'; line: number; by: number }
  | { op: 'scalar'; line: number; value: string }
  | { op: 'insert'; line: number; fragment: string }
  | { op: 'swap'; line: number; other: number }
  | { op: 'splice'; line: number; document: number }
  | { op: 'truncate'; at: number };

function mutationArbitrary(documents: number): fc.Arbitrary<Mutation> {
  const line = fc.nat({ max: 400 });
  return fc.oneof(
    fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const), line }),
    fc.record({ op: fc.constant('indent' as const), line, by: fc.constantFrom(-4, -2, -1, 1, 2, 4) }),
    fc.record({ op: fc.constant('scalar' as const), line, value: fc.constantFrom(...SCALARS) }),
    fc.record({ op: fc.constant('insert' as const), line, fragment: fc.constantFrom(...FRAGMENTS) }),
    fc.record({ op: fc.constant('swap' as const), line, other: line }),
    fc.record({ op: fc.constant('splice' as const), line, document: fc.nat({ max: documents - 1 }) }),
    fc.record({ op: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  );
}

/** Applies one mutation to a manifest's lines (line numbers wrap around, so every mutation applies). */
function mutate(text: string, mutation: Mutation, documents: readonly string[]): string {
  const lines = text.split('\n');
  const at = (n: number): number => n % lines.length;
  switch (mutation.op) {
    case 'delete':
      lines.splice(at(mutation.line), 1);
      break;
    case 'duplicate':
      lines.splice(at(mutation.line), 0, lines[at(mutation.line)]!);
      break;
    case 'indent': {
      const i = at(mutation.line);
      const line = lines[i]!;
      lines[i] =
        mutation.by > 0
          ? ' '.repeat(mutation.by) + line
          : line.replace(new RegExp(`^ {0,${-mutation.by}}`), '');
      break;
    }
    case 'scalar': {
      // The value after the key (`key: value`) or after the item marker (`- value`) becomes another value.
      const i = at(mutation.line);
      lines[i] = lines[i]!.replace(
        /^(\s*(?:- )?[^:#\s][^:#]*:\s|\s*- )(.*)$/,
        (_, head: string) => head + mutation.value,
      );
      break;
    }
    case 'insert':
      lines.splice(at(mutation.line), 0, mutation.fragment);
      break;
    case 'swap': {
      const i = at(mutation.line);
      const j = at(mutation.other * 7 + 1);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      break;
    }
    case 'splice':
      lines.splice(at(mutation.line), 0, '---', ...documents[mutation.document]!.split('\n'), '---');
      break;
    case 'truncate':
      return text.slice(0, Math.floor(text.length * mutation.at));
  }
  return lines.join('\n');
}

describe('fuzzing the engine', () => {
  const documents = seedDocuments();

  it('mutated real manifests analyse soundly, parsing each part once, with fixes that parse', (t) => {
    assert.ok(documents.length > 50, `${documents.length} seed documents`);
    const parameters = propertyParameters(t, 'FUZZ', { seed: 20260611, runs: 1000 });
    let tried = 0;
    let worst = { ms: 0, text: '' };
    const input = fc.record({
      base: fc.nat({ max: documents.length - 1 }),
      crlf: fc.boolean(),
      mutations: fc.array(mutationArbitrary(documents.length), { minLength: 1, maxLength: 8 }),
    });
    try {
      fc.assert(
        fc.property(input, ({ base, crlf, mutations }) => {
          let text = mutations.reduce((acc, m) => mutate(acc, m, documents), documents[base]!);
          if (crlf) text = text.replace(/\r?\n/g, '\r\n');
          // Timed for the report only: the slowest input is what a long run is looked at for.
          const started = performance.now();
          const { result: analysis, lexemes } = countingLexemes(() =>
            analyseText(text, BUILT_IN_RULES, { settings }),
          );
          const ms = performance.now() - started;
          tried++;
          if (ms > worst.ms) worst = { ms, text };
          // The engine parses each part of the file (split.ts) once; a header-only read that has to read on
          // may lex some of it again, never more. Twice the lexemes of the parts bounds any healthy analysis
          // and catches a parse repeated per object, rule or document.
          const once = lexemesOfParts(text);
          assert.ok(lexemes <= 2 * once, `${lexemes} lexemes parsed for ${once} in the text`);
          assertSound(text, analysis, 'mutated manifest', { fixes: true });
        }),
        { ...parameters, includeErrorInReport: true },
      );
    } finally {
      // Printed on failure too: the count and the slowest input are what a long run reports.
      t.diagnostic(
        `${tried} mutated manifests; slowest analysis ${worst.ms.toFixed(1)} ms (${worst.text.length} chars)`,
      );
    }
  });

  it('token soup and random bytes never throw', (t) => {
    const parameters = propertyParameters(t, 'FUZZ', { seed: 20260612, runs: 500, longShare: 1 / 4 });
    let tried = 0;
    const soup = fc.array(
      fc.constantFrom(
        ...SCALARS,
        ...FRAGMENTS,
        '\n',
        '\r\n',
        ' ',
        '  ',
        'kind: Pod',
        'apiVersion: v1',
        'spec:',
        'containers:',
      ),
      {
        maxLength: 60,
      },
    );
    const bytes = fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('utf8'));
    fc.assert(
      fc.property(
        fc.oneof(
          soup.map((parts) => parts.join('')),
          bytes,
          fc.string({ unit: 'binary', maxLength: 300 }),
        ),
        (text) => {
          const analysis = analyseText(text, BUILT_IN_RULES, { settings });
          tried++;
          assertSound(text, analysis, 'soup', { fixes: true });
        },
      ),
      parameters,
    );
    t.diagnostic(`${tried} random inputs`);
  });
});
