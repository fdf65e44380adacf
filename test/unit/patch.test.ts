// The keystroke fast path (server/engine/patch.ts) against full parses: for typing inside plain scalars of
// every document of the corpus, a patched parse must equal a parse of the new text in every node, range,
// value, object and line start; and edits that could change the structure must never be patched.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { corpusOrExamples, example } from '../corpus';
import { propertyParameters } from '../property';
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { BUILT_IN_RULES } from '../built-in-rules';
import { analyseFile } from '../../server/engine/engine';
import { ParseCache, parseFile } from '../../server/engine/parse';
import { patchedPart } from '../../server/engine/patch';
import { DEFAULT_LIMITS } from '../../server/engine/settings';
import { splitDocuments } from '../../server/engine/split';
import type { ParsedFile } from '../../server/engine/types';
import { stillClockInThisFile } from '../clock';
import { random } from '../random';

// The engine's clock stands still (test/clock.ts): no time budget can cut one side of a comparison short.
stillClockInThisFile();

const files = corpusOrExamples();
const bodyKinds = BUILT_IN_RULES.bodyKinds();
const ALIASES = DEFAULT_LIMITS.maxAliasCount;

/** One part of a file as the engine parses it on its own (the file of its only chunk). */
function parsePartText(text: string): ParsedFile {
  const file = parseFile(text, {}, 'file:///part.yaml', { bodyKinds });
  return file.chunks[0]!.file;
}

/** Every node of a parse as comparable data: path, kind, ranges and what a scalar reads as. */
function treeOf(file: ParsedFile): unknown[] {
  const out: unknown[] = [];
  const walk = (node: unknown, path: string): void => {
    if (isPair(node)) {
      walk(node.key, `${path}.key`);
      walk(node.value, `${path}.value`);
      return;
    }
    if (!node || typeof node !== 'object') {
      out.push([path, node]);
      return;
    }
    const n = node as Node;
    const common = [path, n.range, n.comment, n.commentBefore, n.spaceBefore, n.tag, n.anchor];
    if (isScalar(node)) {
      out.push([
        ...common,
        'scalar',
        node.value,
        node.source,
        node.type,
        node.format,
        node.minFractionDigits,
      ]);
    } else if (isMap(node) || isSeq(node)) {
      out.push([...common, isMap(node) ? 'map' : 'seq', node.flow]);
      (node.items as unknown[]).forEach((item, i) => walk(item, `${path}[${i}]`));
    } else {
      out.push([...common, 'other']);
    }
  };
  for (const { doc, span, index } of file.documents) {
    out.push(['document', index, span, doc.range, doc.errors.length, doc.warnings.length, doc.toJS()]);
    walk(doc.contents, 'root');
  }
  return out;
}

function objectsOf(file: ParsedFile): unknown[] {
  return file.objects.map((o) => [
    o.apiVersion,
    o.kind,
    o.name,
    o.namespace,
    o.documentIndex,
    o.basePath,
    o.headerOnly === true,
    o.value,
    o.node.range,
    o.source.offset,
    o.source.line,
    o.source.lineStarts,
  ]);
}

const SAFE = 'abcxyzABZ0189_./-';

describe('patching a parse after typing in a plain scalar', () => {
  it('equals a full parse of the new text, on typing in every kind of scalar of the corpus', () => {
    const next = random(7);
    let patched = 0;
    let tried = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      for (const span of splitDocuments(text)) {
        const before = text.slice(span.start, span.end);
        const previous = parsePartText(before);
        // Up to a few single-word scalars per document: their ends, where typing happens.
        const ends = [...before.matchAll(/[:-] ([A-Za-z0-9_/][A-Za-z0-9_./-]*)$/gm)]
          .map((m) => m.index + m[0].length)
          .filter(() => next() < 0.3)
          .slice(0, 6);
        for (const end of ends) {
          const char = SAFE[Math.floor(next() * SAFE.length)]!;
          const edits = [
            before.slice(0, end) + char + before.slice(end),
            before.slice(0, end - 1) + before.slice(end),
            before.slice(0, end - 1) + char + before.slice(end),
            before.slice(0, end) + '123' + before.slice(end),
          ];
          for (const after of edits) {
            tried++;
            const fast = patchedPart(previous, after, bodyKinds, ALIASES);
            if (!fast) continue;
            patched++;
            const full = parsePartText(after);
            const where = `${path} at ${span.start + end}: ${JSON.stringify(after.slice(end - 20, end + 5))}`;
            assert.deepStrictEqual(treeOf(fast), treeOf(full), where);
            assert.deepStrictEqual(objectsOf(fast), objectsOf(full), where);
            assert.deepStrictEqual(fast.lineStarts, full.lineStarts, where);
            assert.deepStrictEqual(fast.notices, full.notices, where);
            assert.equal(fast.text, after);
          }
        }
      }
    }
    // The comparison must have been made, and often: most of these edits qualify.
    assert.ok(patched > tried / 3, `patched ${patched} of ${tried} edits`);
  });

  it('equals a full parse of the new text, on typing in double-quoted strings (as Kustomize output prints)', () => {
    const next = random(11);
    let patched = 0;
    let tried = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      for (const span of splitDocuments(text)) {
        const before = text.slice(span.start, span.end);
        const previous = parsePartText(before);
        // The ends of double-quoted strings without escapes that end their line: typing just before the quote.
        // The first of each document always, others at random: without the corpus, the examples hold only a
        // few such strings, and a sample must not come out empty.
        const ends = [...before.matchAll(/[:-] "[^"\\\n]+"$/gm)]
          .map((m) => m.index + m[0].length - 1)
          .filter((_, i) => i === 0 || next() < 0.5)
          .slice(0, 6);
        for (const end of ends) {
          const char = SAFE[Math.floor(next() * SAFE.length)]!;
          for (const after of [
            before.slice(0, end) + char + before.slice(end),
            before.slice(0, end - 1) + char + before.slice(end),
          ]) {
            tried++;
            const fast = patchedPart(previous, after, bodyKinds, ALIASES);
            if (!fast) continue;
            patched++;
            const full = parsePartText(after);
            const where = `${path} at ${span.start + end}: ${JSON.stringify(after.slice(end - 20, end + 5))}`;
            assert.deepStrictEqual(treeOf(fast), treeOf(full), where);
            assert.deepStrictEqual(objectsOf(fast), objectsOf(full), where);
            assert.deepStrictEqual(fast.lineStarts, full.lineStarts, where);
          }
        }
      }
    }
    assert.ok(patched > tried / 3, `patched ${patched} of ${tried} edits`);
  });

  it('whenever it patches, at any place and for any short edit, equals a full parse (property)', (t) => {
    const parameters = propertyParameters(t, 'PATCH', { seed: 20261122, runs: 3000 });
    const parts = files.flatMap((path) => {
      const text = readFileSync(path, 'utf8');
      return splitDocuments(text)
        .map((span) => text.slice(span.start, span.end))
        .filter((part) => part.length > 0 && part.length < 20_000);
    });
    const parsed = new Map<string, ParsedFile>();
    let patched = 0;
    fc.assert(
      fc.property(
        fc.nat(parts.length - 1),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.nat(3),
        fc.stringMatching(/^[A-Za-z0-9_./:# -]{0,3}$/),
        (partIndex, where, removed, inserted) => {
          const before = parts[partIndex]!;
          const at = Math.min(before.length, Math.floor(where * before.length));
          const after = before.slice(0, at) + inserted + before.slice(Math.min(before.length, at + removed));
          let previous = parsed.get(before);
          if (!previous) parsed.set(before, (previous = parsePartText(before)));
          const fast = patchedPart(previous, after, bodyKinds, ALIASES);
          if (!fast) return;
          patched++;
          const full = parsePartText(after);
          assert.deepStrictEqual(treeOf(fast), treeOf(full));
          assert.deepStrictEqual(objectsOf(fast), objectsOf(full));
          assert.deepStrictEqual(fast.lineStarts, full.lineStarts);
        },
      ),
      parameters,
    );
    assert.ok(patched > 0, 'no edit was patched');
  });

  it('gives the same analysis, findings and fixes as a full parse', () => {
    const text = example('checkout.yaml');
    const at = text.indexOf('image: ') + 'image: '.length;
    const end = text.indexOf('\n', at);
    const after = text.slice(0, end) + '-rc1' + text.slice(end);
    const cache = new ParseCache();
    parseFile(text, {}, 'u', { bodyKinds, cache });
    const incremental = analyseFile(parseFile(after, {}, 'u', { bodyKinds, cache }), BUILT_IN_RULES);
    const scratch = analyseFile(parseFile(after, {}, 'u', { bodyKinds }), BUILT_IN_RULES);
    const view = (a: typeof scratch): unknown =>
      a.findings.map((f) => [f.ruleId, f.span, f.message, f.getFixes().map((fix) => fix.edits)]);
    assert.deepStrictEqual(view(incremental), view(scratch));
    assert.ok(incremental.findings.length > 0);
  });

  it('never patches an edit that could change the structure or the reading of the text', () => {
    const base = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      '  labels: {app: web}',
      'spec:',
      '  replicas: 3',
      '  note: "quoted"',
      "  single: 'quoted'",
      '  escaped: "a\\tb"',
      '  other: &anchor value',
      '',
    ].join('\n');
    const previous = parsePartText(base);
    const edit = (find: string, replace: string): ParsedFile | undefined =>
      patchedPart(previous, base.replace(find, replace), bodyKinds, ALIASES);
    // Indicators, blanks and line breaks can end a scalar or start a structure.
    assert.equal(edit('name: web', 'name: web:'), undefined);
    assert.equal(edit('name: web', 'name: web #'), undefined);
    assert.equal(edit('name: web', 'name: we b'), undefined);
    assert.equal(edit('name: web', 'name: web\n  x'), undefined);
    // Before a scalar's first character an insertion could join it to what precedes.
    assert.equal(edit('name: web', 'name: xweb'), undefined);
    // Single-quoted and anchored scalars, and scalars becoming indicators.
    assert.equal(edit("'quoted'", "'quotedx'"), undefined);
    assert.equal(edit('&anchor value', '&anchor valuex'), undefined);
    assert.equal(edit('replicas: 3', 'replicas: -'), undefined);
    // A double-quoted string qualifies only for an edit between its quotes, when it has no escapes.
    assert.equal(edit('"quoted"', 'x"quoted"'), undefined);
    assert.equal(edit('"quoted"', '"quoted"x'), undefined);
    assert.equal(edit('"a\\tb"', '"a\\tbx"'), undefined);
    const quoted = edit('"quoted"', '"quo-ted"');
    assert.ok(quoted);
    assert.equal((quoted.objects[0]!.value.spec as { note: string }).note, 'quo-ted');
    // A kind no rule reads in full is read header-only by a full parse, so it is not patched into one.
    assert.equal(edit('kind: Deployment', 'kind: ConfigMap'), undefined);
    // While typing inside a word qualifies, and reads numbers as numbers.
    const typed = edit('replicas: 3', 'replicas: 35');
    assert.ok(typed);
    assert.equal((typed.objects[0]!.value.spec as { replicas: number }).replicas, 35);
  });

  it('does not patch a document read under YAML 1.1', () => {
    const base = '%YAML 1.1\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: yes\n';
    const previous = parsePartText(base);
    assert.equal(patchedPart(previous, base.replace('yes', 'yess'), bodyKinds, ALIASES), undefined);
  });
});
