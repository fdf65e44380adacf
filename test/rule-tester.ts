// A RuleTester in the spirit of ESLint's: a table of valid and invalid manifests per rule, with the exact
// expected ranges and messages, and for fixes the exact expected text. Every fix of every finding is held
// to its text in the table, and beyond it to the product's promises (test/fix-safety.ts): the result
// parses, the fixed finding is gone, every comment survives, and nothing outside the edited spans changed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseFile } from '../server/engine/engine';
import { parseFile } from '../server/engine/parse';
import { checkFix } from './fix-safety';
import { applyEdits } from '../server/engine/edits';
import { computeLineStarts, offsetToPosition } from '../server/engine/positions';
import type { Rule } from '../server/engine/rule';
import { RuleSet } from '../server/engine/rule-set';
import { normaliseSettings } from '../server/engine/settings';
import type { Analysis, EngineSettings, Finding, Fix } from '../server/engine/types';
import type { ExpectedFinding, ExpectedFix, InvalidCase, RuleCases, ValidCase } from './rule-cases';

export { lines } from './rule-cases';

function settingsFor(raw: unknown): EngineSettings {
  return normaliseSettings(raw ?? {});
}

/**
 * The analysis of `code` by the rule, and by `alongside`: rules that run with it without their findings
 * counting. An input rule sees the body of a document only when some rule reads that kind in full (documents
 * of other kinds are read header-only), so its cases run with the catalogue, as it runs in the product.
 * `findings` are the rule's own; `all` are every rule's, which a fix must leave as they were.
 */
function analysisOf(
  rule: Rule,
  code: string,
  settings: EngineSettings,
  alongside: readonly Rule[] = [],
  notices: ValidCase['notices'] = [],
): { analysis: Analysis; findings: Finding[]; rules: RuleSet } {
  const rules = new RuleSet([rule, ...alongside.filter((other) => other.meta.id !== rule.meta.id)]);
  const file = parseFile(code, settings.limits, '', { bodyKinds: rules.bodyKinds(settings) });
  for (const { kind, message, at } of notices) {
    const start = code.indexOf(at);
    assert.ok(start >= 0, `the notice's place "${at}" is in the code`);
    file.notices.push({ kind, message, span: { start, end: start + at.length } });
  }
  const analysis = analyseFile(file, rules, { settings });
  assert.deepEqual(analysis.failures, [], 'the rule must not throw');
  return { analysis, findings: analysis.findings.filter((f) => f.ruleId === rule.meta.id), rules };
}

function describeFinding(code: string, finding: Finding): ExpectedFinding {
  const starts = computeLineStarts(code);
  const start = offsetToPosition(starts, finding.span.start);
  const end = offsetToPosition(starts, finding.span.end);
  return {
    message: finding.message,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
  };
}

/** One fix as offered: the finding it belongs to (by its index among the findings) and the fix. */
interface OfferedFix {
  index: number;
  finding: Finding;
  fix: Fix;
}

/** How a failure names a fix: its place, title and finding, so that a table's author finds it at once. */
function nameOf(offered: OfferedFix, place: number): string {
  const which = place === 0 ? 'the first fix (`output`)' : `moreFixes[${place - 1}]`;
  return `${which}, "${offered.fix.title}" of finding ${offered.index} (${offered.finding.message})`;
}

/** A text as a table writes it: `lines(…)`, one quoted line each (or joined with its own line ending). */
function asLines(text: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const all = text.split(eol);
  const final = all.at(-1) === '';
  if (final) all.pop();
  const quoted = all.map((line) => `  ${JSON.stringify(line)},`).join('\n');
  return final && eol === '\n'
    ? `lines(\n${quoted}\n)`
    : `[\n${quoted}${final ? '\n  "",' : ''}\n].join(${JSON.stringify(eol)})`;
}

/** What the table would have to say for a fix: written out in a failure, to paste once reviewed by eye. */
function asTableEntry(code: string, fix: Fix): string {
  const body = fix.newFile
    ? `newFile: { name: ${JSON.stringify(fix.newFile.name)}, text: ${asLines(fix.newFile.text)} }`
    : `output: ${asLines(applyEdits(code, fix.edits))}`;
  return `{ title: ${JSON.stringify(fix.title)}, ${body} }`;
}

function matchTitle(actual: string, expected: string | RegExp, what: string): void {
  if (typeof expected === 'string') assert.equal(actual, expected, `${what}: title`);
  else assert.match(actual, expected, `${what}: title`);
}

/** Checks that the table names every fix offered, each with its exact text, and that each keeps its promises. */
function checkFixes(
  c: InvalidCase,
  settings: EngineSettings,
  { analysis, findings, rules }: ReturnType<typeof analysisOf>,
): void {
  const offered: OfferedFix[] = findings.flatMap((finding, index) =>
    finding.getFixes().map((fix) => ({ index, finding, fix })),
  );
  const stated = c.output === undefined || c.output === null ? 0 : 1 + (c.moreFixes?.length ?? 0);
  if (offered.length === 0) {
    assert.equal(stated, 0, 'the table expects a fix, but none is offered');
    return;
  }
  if (c.output === null) {
    assert.fail(
      `no fix expected (output: null), but ${offered.length} offered: ${offered.map((o) => `"${o.fix.title}"`).join(', ')}`,
    );
  }
  // Every fix offered must be stated: a missing one is shown as the table entry it needs (review it first).
  if (c.output === undefined || offered.length !== stated) {
    const missing = offered
      .slice(Math.max(stated, 0))
      .map((o, i) => `${nameOf(o, stated + i)}:\n${asTableEntry(c.code, o.fix)}`);
    assert.fail(
      `${offered.length} fixes offered, ${stated} stated in the table (output, then moreFixes)` +
        (missing.length > 0 ? `; not stated:\n${missing.join('\n')}` : ''),
    );
  }
  const expected: ExpectedFix[] = [
    { title: c.fixTitle ?? offered[0]!.fix.title, output: c.output },
    ...(c.moreFixes ?? []),
  ];
  offered.forEach((o, place) => {
    const want = expected[place]!;
    const what = nameOf(o, place);
    matchTitle(o.fix.title, want.title, what);
    if (o.fix.newFile) {
      assert.deepEqual(o.fix.newFile, want.newFile, `${what}: the file it creates`);
    } else {
      assert.equal(want.newFile, undefined, `${what}: edits the document, creates no file`);
      assert.equal(applyEdits(c.code, o.fix.edits), want.output, `${what}: the text after it`);
    }
    // Beyond the exact text, the promises every fix keeps (test/fix-safety.ts): it parses, its finding
    // goes and no other appears, every comment and every byte outside the edit stay, nothing more to fix.
    const problems = checkFix(analysis.file, analysis.findings, o.finding, o.fix, rules, [], [], settings);
    assert.deepEqual(problems, [], `${what} keeps its promises`);
  });
}

export function ruleTester(
  rule: Rule,
  cases: RuleCases,
  options: { alongside?: readonly Rule[] } = {},
): void {
  const { alongside } = options;
  describe(`rule ${rule.meta.id}`, () => {
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        const found = analysisOf(rule, c.code, settingsFor(c.settings), alongside, c.notices).findings.map(
          (f) => describeFinding(c.code, f),
        );
        assert.deepEqual(found, []);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        const settings = settingsFor(c.settings);
        const analysed = analysisOf(rule, c.code, settings, alongside, c.notices);
        const found = analysed.findings.map((f) => describeFinding(c.code, f));
        assert.equal(found.length, c.errors.length, `findings: ${JSON.stringify(found, null, 2)}`);
        c.errors.forEach((expected, i) => {
          const actual = found[i]!;
          const { message, ...where } = expected;
          const { message: actualMessage, ...actualWhere } = actual;
          assert.deepEqual(actualWhere, where, `range of finding ${i}: ${actualMessage}`);
          if (typeof message === 'string') assert.equal(actualMessage, message);
          else assert.match(actualMessage as string, message);
        });
        checkFixes(c, settings, analysed);
      });
    }
  });
}
