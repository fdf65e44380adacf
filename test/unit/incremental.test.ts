// The promises behind fast analysis of large files (issue 7):
// - cutting a stream at column-0 document markers and parsing each part alone reads the same documents as
//   parsing the whole stream (the corner cases YAML's grammar allows, one by one);
// - reading documents header-only where no rule needs their body changes no finding and no fix;
// - the workspace index's fast reader (js-yaml values, trees built on demand) relates objects exactly as
//   the engine's own parse does;
// - after any sequence of edits, an analysis that reused the previous version's parses (ParseCache, primed
//   in slices as the language server does) equals an analysis of the final text from scratch.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { corpusOrExamples, example } from '../corpus';
import { propertyParameters } from '../property';
import { parseAllDocuments } from 'yaml';
import { BUILT_IN_RULES } from '../built-in-rules';
import { applyEdits } from '../../server/engine/edits';
import { analyseFile, analyseText } from '../../server/engine/engine';
import { ParseCache, parseFile } from '../../server/engine/parse';
import { sourcePosition } from '../../server/engine/positions';
import { splitDocuments } from '../../server/engine/split';
import type { Analysis, K8sObject } from '../../server/engine/types';
import { objectsOf, relatedBodyKinds } from '../../server/workspace/index';
import { readObjects } from '../../server/workspace/read-objects';
import { packed } from '../../server/workspace/reader';
import { stillClockInThisFile } from '../clock';

// The engine's clock stands still (test/clock.ts): no time budget can cut one side of a comparison short.
stillClockInThisFile();

const RELATED_BODY_KINDS = relatedBodyKinds(BUILT_IN_RULES);

/** Every corpus file (or, without the corpus, every example). */
const inputs = corpusOrExamples().map((path) => ({ path, text: readFileSync(path, 'utf8') }));

/** Everything an editor or the CLI shows of an analysis, in file offsets, as comparable data. */
function snapshot(analysis: Analysis, withFixes: boolean): unknown {
  return {
    findings: analysis.findings.map((f) => ({
      rule: f.ruleId,
      severity: f.severity,
      message: f.message,
      span: [f.span.start, f.span.end],
      related: f.related.map((r) => [r.source.uri, sourcePosition(r.source, r.span.start), r.message]),
      fixes: withFixes ? f.getFixes().map((fix) => [fix.title, fix.edits, fix.newFile]) : undefined,
    })),
    suppressed: analysis.suppressed.map((s) => [s.finding.ruleId, s.finding.span.start, s.kind]),
    failures: analysis.failures,
    notices: analysis.notices,
  };
}

/** The documents of a text as `yaml` reads them: their values, or null for one with errors. */
function documentsOf(text: string): unknown[] {
  return parseAllDocuments(text, { logLevel: 'error' }).map((doc) =>
    doc.errors.length > 0 ? null : doc.toJS(),
  );
}

describe('splitting a stream at document markers', () => {
  const cases: { name: string; text: string; parts: string[] }[] = [
    { name: 'one document', text: 'a: 1\n', parts: ['a: 1\n'] },
    { name: 'the empty text', text: '', parts: [''] },
    { name: 'markers between documents', text: 'a: 1\n---\nb: 2\n', parts: ['a: 1\n', '---\nb: 2\n'] },
    { name: 'a leading marker', text: '---\na: 1\n---\nb: 2', parts: ['---\na: 1\n', '---\nb: 2'] },
    {
      name: 'a marker with a comment or content after it',
      text: 'a: 1\n--- # next\nb: 2\n--- !!map\nc: 3\n',
      parts: ['a: 1\n', '--- # next\nb: 2\n', '--- !!map\nc: 3\n'],
    },
    {
      name: 'comments before a marker stay with the document above',
      text: 'a: 1\n# about b\n---\nb: 2\n',
      parts: ['a: 1\n# about b\n', '---\nb: 2\n'],
    },
    { name: '"---foo" is a key, not a marker', text: 'a: 1\n---foo: 2\n', parts: ['a: 1\n---foo: 2\n'] },
    {
      name: 'an indented "---" inside a block scalar is content',
      text: 'a: |\n  x\n  ---\n  y\nb: 2\n---\nc: 3\n',
      parts: ['a: |\n  x\n  ---\n  y\nb: 2\n', '---\nc: 3\n'],
    },
    {
      name: 'a column-0 "---" ends a block scalar (and its document)',
      text: 'a: |\n  x\n---\n  y\n',
      parts: ['a: |\n  x\n', '---\n  y\n'],
    },
    {
      name: 'a column-0 "---" ends a multi-line quoted scalar',
      text: 'a: "x\n---\ny"\n',
      parts: ['a: "x\n', '---\ny"\n'],
    },
    {
      name: 'an indented "---" inside a multi-line quoted scalar is content',
      text: 'a: "x\n  ---\n  y"\n---\nb: 1\n',
      parts: ['a: "x\n  ---\n  y"\n', '---\nb: 1\n'],
    },
    {
      name: 'a flow collection over several lines',
      text: 'a: [1,\n  2]\n---\nb: {c: 1,\n  d: 2}\n',
      parts: ['a: [1,\n  2]\n', '---\nb: {c: 1,\n  d: 2}\n'],
    },
    {
      name: 'a document end marker, then a bare document',
      text: 'a: 1\n...\nb: 2\n',
      parts: ['a: 1\n...\n', 'b: 2\n'],
    },
    { name: 'a document end marker at the end', text: 'a: 1\n...\n', parts: ['a: 1\n...\n'] },
    {
      name: 'directives: the stream is parsed whole',
      text: '%YAML 1.2\n---\na: 1\n...\n%TAG ! tag:example.com,2000:\n---\nb: !x 2\n',
      parts: ['%YAML 1.2\n---\na: 1\n...\n%TAG ! tag:example.com,2000:\n---\nb: !x 2\n'],
    },
    { name: 'CRLF line endings', text: 'a: 1\r\n---\r\nb: 2\r\n', parts: ['a: 1\r\n', '---\r\nb: 2\r\n'] },
    {
      name: 'a byte order mark',
      text: '\uFEFF---\na: 1\n---\nb: 2\n',
      parts: ['\uFEFF---\na: 1\n', '---\nb: 2\n'],
    },
    { name: 'a marker as the last line', text: 'a: 1\n---', parts: ['a: 1\n', '---'] },
    {
      name: 'sequences flush at column 0 are not markers',
      text: '- a\n- b\n---\n- c\n',
      parts: ['- a\n- b\n', '---\n- c\n'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const spans = splitDocuments(c.text);
      assert.deepEqual(
        spans.map((s) => c.text.slice(s.start, s.end)),
        c.parts,
      );
      // The parts cover the text without gaps or overlaps.
      assert.equal(spans[0]?.start, 0);
      assert.equal(spans.at(-1)?.end, c.text.length);
      for (let i = 1; i < spans.length; i++) assert.equal(spans[i]!.start, spans[i - 1]!.end);
      // Each part read alone gives the documents the whole stream gives, in the same order.
      assert.deepEqual(
        c.parts.flatMap((part) => documentsOf(part)),
        documentsOf(c.text),
      );
    });
  }

  it('reads every corpus file into the same documents, part by part, as in one parse', () => {
    for (const { path, text } of inputs) {
      const parts = splitDocuments(text).map((s) => text.slice(s.start, s.end));
      assert.deepEqual(
        parts.flatMap((part) => documentsOf(part)),
        documentsOf(text),
        path,
      );
    }
  });
});

describe('reading documents header-only', () => {
  it('changes no finding, related location or fix on the corpus (all files related, as the CLI does)', () => {
    const run = (options: Parameters<typeof parseFile>[3]): unknown[] => {
      const files = inputs.map(({ path, text }) => parseFile(text, {}, path, options));
      const related = files.flatMap((f) => f.objects);
      return files.map((file) => snapshot(analyseFile(file, BUILT_IN_RULES, { related }), true));
    };
    const full = run({});
    const skimmed = run({ bodyKinds: BUILT_IN_RULES.bodyKinds() });
    inputs.forEach(({ path }, i) => assert.deepEqual(skimmed[i], full[i], path));
  });

  it('skips the bodies of CustomResourceDefinitions, ConfigMaps and RBAC, and keeps workloads whole', () => {
    const text = [
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\nrules: []\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n',
      'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 3\n',
      // Keys after the body that the header needs: read in full, so the name is not lost.
      'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "1"\nmetadata:\n  name: late\n',
    ].join('---\n');
    const file = parseFile(text, {}, 'x.yaml', { bodyKinds: BUILT_IN_RULES.bodyKinds() });
    assert.deepEqual(
      file.objects.map((o) => [o.kind, o.name, o.headerOnly === true, Object.keys(o.value)]),
      [
        ['CustomResourceDefinition', 'widgets.example.com', true, ['apiVersion', 'kind', 'metadata']],
        ['ConfigMap', 'settings', true, ['apiVersion', 'kind', 'metadata']],
        ['Role', 'reader', true, ['apiVersion', 'kind', 'metadata']],
        ['Deployment', 'web', false, ['apiVersion', 'kind', 'metadata', 'spec']],
        ['Widget', 'w', false, ['apiVersion', 'kind', 'metadata', 'spec']],
        ['ConfigMap', 'late', false, ['apiVersion', 'kind', 'data', 'metadata']],
      ],
    );
  });
});

describe("the workspace index's reader", () => {
  /** Each file analysed with the objects of all the others as related, read by `read`. */
  const relatedFindings = (read: (uri: string, text: string) => K8sObject[]): unknown[] => {
    const others = inputs.map(({ path, text }) => read(path, text));
    const all = others.flat();
    return inputs.map(({ path, text }) => {
      const file = parseFile(text, {}, path, { bodyKinds: BUILT_IN_RULES.bodyKinds() });
      return snapshot(analyseFile(file, BUILT_IN_RULES, { related: all }), false);
    });
  };

  it('relates objects exactly as the engine parse does (values, names, related locations)', () => {
    const engine = relatedFindings(
      (uri, text) => parseFile(text, {}, uri, { bodyKinds: RELATED_BODY_KINDS }).objects,
    );
    const index = relatedFindings((uri, text) => objectsOf(uri, readObjects(text, uri, RELATED_BODY_KINDS)));
    inputs.forEach(({ path }, i) => assert.deepEqual(index[i], engine[i], path));
    // As a worker thread sends them: packed, through postMessage's structured clone, unpacked on first read.
    const fromWorker = relatedFindings((uri, text) => {
      return objectsOf(uri, structuredClone(packed(readObjects(text, uri, RELATED_BODY_KINDS))));
    });
    inputs.forEach(({ path }, i) => assert.deepEqual(fromWorker[i], engine[i], path));
  });

  it('packs values as JSON text only where JSON keeps them (not infinities, NaN or -0)', () => {
    const text = [
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: odd',
      'spec:',
      '  a: .inf',
      '  b: -.inf',
      '  c: .nan',
      '  d: -0.0',
      '  e: [[[[{ f: [1, "2", null, true] }]]]]',
      '',
    ].join('\n');
    const direct = objectsOf('u', readObjects(text, 'u', RELATED_BODY_KINDS));
    const sent = packed(
      readObjects(text + '---\n' + text.replace(/\.nan|-0\.0|-?\.inf/g, '1'), 'u', RELATED_BODY_KINDS),
    );
    // JSON would turn NaN and the infinities into null and -0 into 0: that object travels as a value.
    assert.deepEqual(
      sent.flatMap((part) => part.objects.map((object) => ('json' in object ? 'json' : 'value'))),
      ['value', 'json'],
    );
    const unpacked = objectsOf('u', structuredClone(sent)).slice(0, 1);
    assert.equal(unpacked.length, 1);
    assert.deepStrictEqual(unpacked[0]!.value, direct[0]!.value);
    assert.ok(Object.is((unpacked[0]!.value.spec as { d: number }).d, -0));
    assert.deepEqual(
      [unpacked[0]!.kind, unpacked[0]!.name, unpacked[0]!.namespace],
      ['Service', 'odd', undefined],
    );
  });

  it('reads the same objects as the engine, with the same document indexes and lines', () => {
    for (const { path, text } of inputs) {
      const engine = parseFile(text, {}, path, { bodyKinds: RELATED_BODY_KINDS }).objects;
      const index = objectsOf(path, readObjects(text, path, RELATED_BODY_KINDS));
      const identity = (o: K8sObject): unknown => [
        o.kind,
        o.name,
        o.namespace,
        o.documentIndex,
        o.basePath,
        o.source.offset,
        o.source.line,
        o.headerOnly === true,
        o.value,
      ];
      assert.deepEqual(index.map(identity), engine.map(identity), path);
    }
  });

  it('builds a YAML tree only for the object a rule asks a range of', () => {
    const text = example('checkout.yaml');
    const objects = objectsOf(
      'file:///checkout.yaml',
      readObjects(text, 'file:///checkout.yaml', RELATED_BODY_KINDS),
    );
    const [first] = objects;
    assert.ok(first);
    const engine = parseFile(text, {}, 'file:///checkout.yaml').objects[0]!;
    assert.deepEqual(first.node.range, engine.node.range);
  });
});

describe('incremental analysis', () => {
  // A few documents of different kinds, so that edits land in workloads, Services, budgets and bulk data.
  const base = [
    example('checkout.yaml'),
    example('network-policies.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n',
  ].join('---\n');
  const snippets = [
    'x',
    '\n',
    '---\n',
    '...\n',
    '# kube-hindsight-ignore missing-memory-limit\n',
    '  ',
    ': ',
    '- ',
    '"',
    '{{',
    'replicas: 4\n',
    '\r\n',
    '%YAML 1.2\n',
  ];
  const edit = fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    remove: fc.nat({ max: 40 }),
    insert: fc.oneof(fc.constantFrom(...snippets), fc.string({ maxLength: 8 })),
    primeSlices: fc.boolean(),
  });
  const bodyKinds = BUILT_IN_RULES.bodyKinds();

  it('after any sequence of edits, equals an analysis from scratch (findings, ranges, fixes, notices)', (t) => {
    const parameters = propertyParameters(t, 'INCREMENTAL', { seed: 20260613, runs: 100 });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
        const cache = new ParseCache();
        let text = base;
        parseFile(text, {}, 'x.yaml', { bodyKinds, cache });
        for (const e of edits) {
          const start = Math.floor(e.at * text.length);
          text = text.slice(0, start) + e.insert + text.slice(Math.min(text.length, start + e.remove));
          if (e.primeSlices) {
            // As the language server does: a part at a time, then the parse finds them all.
            while (!cache.prime(text, {}, 'x.yaml', { bodyKinds }, () => true));
          }
          const incremental = analyseFile(
            parseFile(text, {}, 'x.yaml', { bodyKinds, cache }),
            BUILT_IN_RULES,
          );
          const scratch = analyseFile(parseFile(text, {}, 'x.yaml', { bodyKinds }), BUILT_IN_RULES);
          assert.deepEqual(snapshot(incremental, true), snapshot(scratch, true));
        }
      }),
      parameters,
    );
  });

  it('parses only the edited document again', () => {
    const cache = new ParseCache();
    const first = parseFile(base, {}, 'x.yaml', { bodyKinds, cache });
    const at = base.indexOf('name: checkout');
    const edited = base.slice(0, at) + 'name: checkout-v2' + base.slice(at + 'name: checkout'.length);
    const second = parseFile(edited, {}, 'x.yaml', { bodyKinds, cache });
    const reused = second.chunks.filter((chunk, i) => chunk.file === first.chunks[i]?.file).length;
    assert.equal(second.chunks.length, first.chunks.length);
    assert.equal(reused, first.chunks.length - 1);
  });
});

describe('a new document inserted after its object', () => {
  it('is closed with `...` when the next document is bare (follows a `...` line without `---`)', () => {
    const deployment = example('checkout.yaml').split(/^---$/m)[0]!;
    const text = `${deployment.trimEnd()}\n...\nplain: document\n`;
    const analysis = analyseText(text, BUILT_IN_RULES, { uri: 'x.yaml' });
    const finding = analysis.findings.find((f) => f.ruleId === 'missing-pdb');
    assert.ok(finding, 'missing-pdb fires on the example Deployment');
    const [fix] = finding.getFixes();
    assert.ok(fix);
    const output = applyEdits(text, fix.edits);
    assert.match(output, /\n\.\.\.\n---\napiVersion: policy\/v1\n[\s\S]*\n\.\.\.\nplain: document\n$/);
    assert.deepEqual(
      parseAllDocuments(output).map((doc) => doc.errors.length),
      [0, 0, 0],
    );
    assert.deepEqual(parseAllDocuments(output).at(-1)?.toJS(), { plain: 'document' });
  });
});
