// Hostile input and failure: whatever the text, the engine returns with sound results, says what it skipped
// and why (one notice per cause), and a rule that breaks costs only its own findings. That a bound saves
// work is asserted by counting the work (lexemes parsed, rule calls), never by timing it: a time threshold
// fails on a loaded machine and proves nothing on a fast one. The engine's clock stands still in this file
// (test/clock.ts), and the tests of time budgets move a fake one, so what they see never depends on the
// machine.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isCollection, isPair, isScalar, parseAllDocuments, visit, type Node as YamlNode } from 'yaml';
import allCases from 'virtual:rule-cases';
import { BUILT_IN_RULES } from '../built-in-rules';
import { applyEdits } from '../../server/engine/edits';
import { analyseText, analysisSteps } from '../../server/engine/engine';
import { parseFile } from '../../server/engine/parse';
import type { Rule } from '../../server/engine/rule';
import { RuleSet } from '../../server/engine/rule-set';
import { DEFAULT_LIMITS, normaliseSettings } from '../../server/engine/settings';
import type { Analysis, AnalysisLimits, EngineSettings, K8sObject } from '../../server/engine/types';
import { failureToDiagnostic, findingToDiagnostic } from '../../server/lsp/convert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fakeClock, stillClockInThisFile } from '../clock';
import { corpusPath, example } from '../corpus';
import { assertSound, parsesCleanly } from '../hostile-checks';
import { countingLexemes, lexemesOfParts } from '../parse-work';
import type { RuleCases } from '../rule-cases';

const checkout = example('checkout.yaml');

stillClockInThisFile();

function withLimits(limits: Partial<AnalysisLimits>): EngineSettings {
  return normaliseSettings({ limits });
}

const kinds = (analysis: Analysis): string[] => analysis.notices.map((n) => n.kind);
const ruleIds = (analysis: Analysis): string[] => analysis.findings.map((f) => f.ruleId);
/** The findings of the rules about objects, without the input rules' (what was skipped, what did not parse). */
const objectRuleIds = (analysis: Analysis): string[] =>
  analysis.findings.filter((f) => !f.meta?.input).map((f) => f.ruleId);

/** A rule for fault-isolation tests, built from a real rule's metadata with its own id and check. */
function fakeRule(id: string, kinds: string[], check: Rule['check']): Rule {
  const base = BUILT_IN_RULES.rules[0]!.meta;
  return { meta: { ...base, id, kinds, messages: { found: 'Found {name}.' } }, check };
}

describe('fault isolation', () => {
  const twoDeployments = checkout + '---\n' + checkout.replace(/checkout/g, 'payments');

  it('a rule that throws becomes one failure per document; every other rule still reports', () => {
    const boom = fakeRule('boom', ['Deployment', 'Service'], () => {
      throw new Error('boom');
    });
    const alone = analyseText(twoDeployments, BUILT_IN_RULES);
    const analysis = analyseText(twoDeployments, new RuleSet([boom, ...BUILT_IN_RULES.rules]));
    assert.deepEqual(
      analysis.failures.map((f) => [f.ruleId, f.documentIndex]),
      [
        ['boom', 0],
        ['boom', 1],
        ['boom', 2],
        ['boom', 3],
      ],
    );
    assert.deepEqual(ruleIds(analysis), ruleIds(alone));
    assert.ok(analysis.findings.length > 4);
    // The language server shows each as one information diagnostic at the start of its document.
    const document = TextDocument.create('file:///x.yaml', 'yaml', 1, twoDeployments);
    const diagnostic = failureToDiagnostic(document, analysis, analysis.failures[2]!);
    assert.equal(diagnostic.severity, 3);
    assert.deepEqual(diagnostic.range.start, document.positionAt(analysis.file.documents[2]!.span.start));
    assert.match(diagnostic.message, /Rule boom could not run on this document/);
  });

  it('a report outside the text, or with an unknown message, fails the rule instead of misplacing a squiggle', () => {
    const outside = fakeRule('outside', ['Deployment'], (_object, context) =>
      context.report({ messageId: 'found', span: { start: 5, end: 1e9 } }),
    );
    const unknown = fakeRule('unknown', ['Deployment'], (_object, context) =>
      context.report({ messageId: 'nope', span: { start: 0, end: 1 } }),
    );
    const analysis = analyseText(checkout, new RuleSet([outside, unknown]));
    assert.deepEqual(
      analysis.failures.map((f) => f.ruleId),
      ['outside', 'unknown'],
    );
    assert.deepEqual(analysis.findings, []);
  });

  it('a fix that throws, cannot apply or would break the YAML is not offered; its finding stands', () => {
    const fixes = fakeRule('fixes', ['Deployment'], (object, context) => {
      const span = { start: 0, end: 3 };
      context.report({
        messageId: 'found',
        data: { name: 'throws' },
        span,
        fix: () => {
          throw new Error('fix bug');
        },
      });
      context.report({
        messageId: 'found',
        data: { name: 'outside' },
        span,
        fix: () => [{ title: 'outside', edits: [{ start: 0, end: checkout.length + 5, newText: '' }] }],
      });
      context.report({
        messageId: 'found',
        data: { name: 'overlap' },
        span,
        fix: () => [
          {
            title: 'overlap',
            edits: [
              { start: 0, end: 4, newText: 'a' },
              { start: 2, end: 6, newText: 'b' },
            ],
          },
        ],
      });
      context.report({
        messageId: 'found',
        data: { name: 'breaks YAML' },
        span,
        fix: () => [{ title: 'breaks YAML', edits: [{ start: 0, end: 0, newText: 'key: [unclosed\n' }] }],
      });
      context.report({
        messageId: 'found',
        data: { name: object.name ?? '' },
        span,
        fix: () => [{ title: 'good', edits: [{ start: 0, end: 0, newText: '# fixed\n' }] }],
      });
    });
    const analysis = analyseText(checkout, new RuleSet([fixes]));
    assert.deepEqual(analysis.failures, []);
    assert.deepEqual(
      analysis.findings.map((f) => [f.message, f.getFixes().map((fix) => fix.title)]),
      [
        ['Found throws.', []],
        ['Found outside.', []],
        ['Found overlap.', []],
        ['Found breaks YAML.', []],
        ['Found checkout.', ['good']],
      ],
    );
  });
});

describe('bounds', () => {
  it('skips a 50 MB file at once, with one notice and one file-skipped finding', () => {
    const line = 'key: value that repeats until the file is large enough\n';
    const text = line.repeat(Math.ceil((50 * 1024 * 1024) / line.length));
    const { result, lexemes } = countingLexemes(() => analyseText(text, BUILT_IN_RULES));
    // Skipped at once: not one lexeme reached the parser, and no document was cut out of the text.
    assert.equal(lexemes, 0);
    assert.deepEqual(result.file.documents, []);
    assert.deepEqual(kinds(result), ['file-too-large']);
    assert.match(result.notices[0]!.message, /50(\.0)? MiB, above the 5 MiB/);
    assert.match(result.notices[0]!.message, /kubeHindsight\.limits\.maxFileBytes/);
    assert.deepEqual(result.notices[0]!.span, { start: 0, end: 0 });
    assert.deepEqual(result.file.objects, []);
    // The finding squiggles the first line, and its message says how to raise the bound.
    assert.deepEqual(
      result.findings.map((f) => [f.ruleId, f.severity, text.slice(f.span.start, f.span.end)]),
      [['file-skipped', 'warning', line.trimEnd()]],
    );
    assert.match(
      result.findings[0]!.message,
      /limits\.maxFileBytes in \.kube-hindsight\.yaml, or with --max-file-bytes/,
    );
  });

  it('counts the size limit in UTF-8 bytes, and follows the setting', () => {
    const settings = withLimits({ maxFileBytes: 2048 });
    assert.equal(settings.limits.maxFileBytes, 2048);
    const small = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: ' + 'é'.repeat(1100) + '\n';
    assert.ok(small.length < 2048 && Buffer.byteLength(small) > 2048);
    assert.deepEqual(kinds(analyseText(small, BUILT_IN_RULES, { settings })), ['file-too-large']);
    assert.deepEqual(kinds(analyseText(small, BUILT_IN_RULES)), []);
    // Values outside a bound's documented range keep the default.
    assert.equal(withLimits({ maxFileBytes: -1 }).limits.maxFileBytes, DEFAULT_LIMITS.maxFileBytes);
    assert.equal(withLimits({ maxDepth: 'deep' as unknown as number }).limits.maxDepth, 200);
  });

  it('analyses the first 5,000 of 10,000 tiny documents, and says where the rest begin', () => {
    const docs = Array.from(
      { length: 10_000 },
      (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\n`,
    );
    const text = docs.join('---\n');
    const { result, lexemes } = countingLexemes(() => analyseText(text, BUILT_IN_RULES));
    // The documents past the bound cost nothing: the parser saw what parsing the first 5,000 once costs.
    const firstHalf = lexemesOfParts(docs.slice(0, 5000).join('---\n'));
    assert.ok(lexemes > 0 && lexemes <= firstHalf, `${lexemes} lexemes parsed for ${firstHalf}`);
    assert.equal(result.file.objects.length, 5000);
    assert.deepEqual(kinds(result), ['too-many-documents']);
    const at = result.notices[0]!.span.start;
    assert.equal(
      text.slice(at, at + 50),
      '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c5000}'.slice(0, 50),
    );
    const all = analyseText(text, BUILT_IN_RULES, { settings: withLimits({ maxDocuments: 10_000 }) });
    assert.deepEqual([all.file.objects.length, kinds(all)], [10_000, []]);
  });

  it('skips documents nested 1,000 levels deep (block and flow) and analyses the others', () => {
    // A custom resource is parsed in full (rules may read its pod template); a ConfigMap's data is not.
    const deepBlock =
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: deep}\ndata:\n' +
      Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n') +
      ' leaf\n';
    const deepFlow =
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: flow}\nx: ' +
      '['.repeat(1000) +
      ']'.repeat(1000);
    const text = [deepBlock, checkout, deepFlow].join('---\n');
    const { result, lexemes } = countingLexemes(() => analyseText(text, BUILT_IN_RULES));
    // Measured on the way to the composer, in one pass: each lexeme is parsed once (depth is not measured
    // by parsing again), and the deep documents' trees are never built.
    const once = lexemesOfParts(text);
    assert.ok(lexemes > 0 && lexemes <= once, `${lexemes} lexemes parsed for ${once} in the text`);
    assert.deepEqual(
      result.file.documents.map((d) => d.doc.toJS() === null),
      [true, false, false, true],
    );
    assert.deepEqual(kinds(result), ['too-deep']);
    assert.equal(result.notices[0]!.span.start, 0);
    assert.match(result.notices[0]!.message, /deeper than 200 levels.*The same applies to 1 more document\./);
    assert.deepEqual(objectRuleIds(result), ruleIds(analyseText(checkout, BUILT_IN_RULES)));
    assert.deepEqual(
      result.findings.filter((f) => f.meta?.input).map((f) => [f.ruleId, f.span.start]),
      [['file-skipped', 0]],
    );
    assertSound(text, result, 'deep');
    // Below the bound, a deep document is analysed as usual.
    const shallow =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\nx: ' + '['.repeat(150) + ']'.repeat(150);
    const analysed = analyseText(shallow, BUILT_IN_RULES);
    assert.deepEqual([kinds(analysed), analysed.file.objects.length], [[], 1]);
    // No rule reads a ConfigMap's data, so however deep it nests, it is never parsed: no notice, no cost.
    const configMap = deepBlock.replace(
      'apiVersion: example.com/v1\nkind: Widget',
      'apiVersion: v1\nkind: ConfigMap',
    );
    const skimmed = analyseText(configMap, BUILT_IN_RULES);
    assert.deepEqual(kinds(skimmed), []);
    assert.deepEqual(
      skimmed.file.objects.map((o) => [o.kind, o.name, o.headerOnly]),
      [['ConfigMap', 'deep', true]],
    );
  });

  it('skips alias bombs with a notice, and keeps ordinary anchors working', () => {
    const laughs = ['lol: &l0 "lol"'];
    for (let i = 1; i <= 9; i++)
      laughs.push(
        `l${i}: &l${i} [${Array(9)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      );
    const bomb = laughs.join('\n') + '\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\n';
    const result = analyseText(bomb + '---\n' + checkout, BUILT_IN_RULES);
    // The bomb yields no object, so no rule ever walks its billion-fold value.
    assert.deepEqual(
      result.file.objects.map((o) => o.name),
      ['checkout', 'checkout'],
    );
    assert.deepEqual(kinds(result), ['too-many-aliases']);
    assert.match(result.notices[0]!.message, /alias bomb/);
    assert.ok(result.findings.length > 0, 'the next document is still analysed');
    const anchors = checkout.replace('  labels:\n    app: checkout', '  labels: &labels\n    app: checkout');
    const withAnchors = anchors.replace(
      'metadata:\n      labels:\n        app: checkout\n        version: "2.3.1"',
      'metadata:\n      labels: *labels',
    );
    assert.notEqual(withAnchors, anchors);
    const ordinary = analyseText(withAnchors, BUILT_IN_RULES);
    assert.deepEqual([kinds(ordinary), ordinary.file.objects.length], [[], 2]);
    // The alias bound is a setting too: 0 turns aliases off, and a low bound stops a small fan-out.
    assert.deepEqual(
      kinds(analyseText(withAnchors, BUILT_IN_RULES, { settings: withLimits({ maxAliasCount: 0 }) })),
      ['too-many-aliases'],
    );
    const fanOut = 'a: &a [x]\nb: &b [*a, *a]\nc: [*b, *b, *b]\napiVersion: v1\nkind: ConfigMap\n';
    assert.deepEqual(kinds(analyseText(fanOut, BUILT_IN_RULES)), []);
    assert.deepEqual(
      kinds(analyseText(fanOut, BUILT_IN_RULES, { settings: withLimits({ maxAliasCount: 5 }) })),
      ['too-many-aliases'],
    );
  });

  it('stops checking a document past its time budget, and gives the next document its own', (t) => {
    const advance = fakeClock(t);
    // A rule that takes 30 ms of the fake clock per object: the budget must stop the document, not wait
    // for every object.
    const calls: string[] = [];
    const slow = fakeRule('slow', ['Deployment'], (object) => {
      calls.push(object.name ?? '');
      advance(30);
    });
    const list = (name: string): string =>
      'apiVersion: v1\nkind: List\nitems:\n' +
      Array.from(
        { length: 10 },
        (_, i) => `- {apiVersion: apps/v1, kind: Deployment, metadata: {name: ${name}${i}}}`,
      ).join('\n') +
      '\n';
    const text = list('a') + '---\n' + list('b');
    const settings = withLimits({ timeBudgetMs: 50 });
    const result = analyseText(text, new RuleSet([slow]), { settings });
    // 0 ms and 30 ms are inside the 50 ms budget, 60 ms is not: two objects of each document are checked.
    assert.deepEqual(calls, ['a0', 'a1', 'b0', 'b1']);
    assert.deepEqual(kinds(result), ['time-budget']);
    assert.match(
      result.notices[0]!.message,
      /stopped checking this document after 50 ms \(kubeHindsight\.limits\.timeBudgetMs\).*1 more document\./,
    );
  });

  it('does not count the pauses of an analysis run in slices against a document’s time budget', async (t) => {
    const advance = fakeClock(t);
    const quick = fakeRule('quick', ['Deployment'], () => undefined);
    const text =
      'apiVersion: v1\nkind: List\nitems:\n' +
      Array.from(
        { length: 4 },
        (_, i) => `- {apiVersion: apps/v1, kind: Deployment, metadata: {name: d${i}}}`,
      ).join('\n') +
      '\n';
    const file = parseFile(text, {}, 'u');
    const steps = analysisSteps(file, new RuleSet([quick]), { settings: withLimits({ timeBudgetMs: 20 }) });
    // As the language server runs it: other work between the steps of one document, each pause longer
    // than the whole budget (on the fake clock), while the checks themselves take no time.
    let pauses = 0;
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) {
        assert.deepEqual(kinds(step.value), []);
        break;
      }
      await new Promise((resolve) => setImmediate(resolve));
      advance(30);
      pauses++;
    }
    assert.equal(pauses, 4, 'one pause after each object’s check');
  });

  it('stops parsing a document past its time budget, keeping the documents before it', (t) => {
    // Every look at the clock finds it 1 ms later: the parse looks every so many lexemes, so it runs out
    // of its 10 ms after a fixed share of the document, on any machine.
    fakeClock(t, 1);
    const big =
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: big}\ndata:\n' +
      '  key: value\n'.repeat(200_000);
    const text = checkout + '---\n' + big;
    const { result, lexemes } = countingLexemes(() =>
      analyseText(text, BUILT_IN_RULES, { settings: withLimits({ timeBudgetMs: 10 }) }),
    );
    // Stopped part-way: fewer lexemes were parsed than the document has lines (200,000 of them, of four
    // lexemes each).
    assert.ok(lexemes < 200_000, `${lexemes} lexemes parsed`);
    assert.deepEqual(kinds(result), ['time-budget']);
    assert.match(result.notices[0]!.message, /parsing this document took longer than 10 ms/);
    assert.deepEqual(
      result.file.objects.map((o) => o.kind),
      ['Deployment', 'Service'],
    );
  });
});

describe('hostile text', () => {
  // A real multi-document manifest nobody here wrote (the examples stand in when the corpus is absent).
  const corpusFile = corpusPath('website/application__zookeeper__zookeeper.yaml');
  const manifest = existsSync(corpusFile) ? readFileSync(corpusFile, 'utf8') : checkout;

  it('is malformed at every line: truncated there, cut mid-line, or given a stray bracket', () => {
    const starts = [0, ...[...manifest.matchAll(/\n/g)].map((m) => m.index + 1)];
    for (const [i, start] of starts.entries()) {
      const mid = start + Math.floor(((starts[i + 1] ?? manifest.length) - start) / 2);
      for (const broken of [
        manifest.slice(0, start),
        manifest.slice(0, mid),
        manifest.slice(0, mid) + ']"\'{' + manifest.slice(mid),
      ]) {
        assertSound(broken, analyseText(broken, BUILT_IN_RULES), `line ${i}`, { fixes: true });
      }
    }
  });

  it('uses tabs for indentation, CRLF, mixed line endings and a BOM', () => {
    const reference = analyseText(checkout, BUILT_IN_RULES);
    const spanTexts = (text: string, analysis: Analysis): string[] =>
      analysis.findings.map((f) => `${f.ruleId}:${text.slice(f.span.start, f.span.end)}`);
    const crlf = checkout.replace(/\n/g, '\r\n');
    const mixed = checkout
      .split('\n')
      .map((line, i) => (i % 2 ? line + '\r' : line))
      .join('\n');
    const bom = '\ufeff' + checkout;
    for (const [name, text] of Object.entries({ crlf, mixed, bom, bomCrlf: '\ufeff' + crlf })) {
      const analysis = analyseText(text, BUILT_IN_RULES);
      assertSound(text, analysis, name, { fixes: true });
      assert.deepEqual(spanTexts(text, analysis), spanTexts(checkout, reference), name);
      for (const finding of analysis.findings) {
        for (const fix of finding.getFixes()) {
          const output = applyEdits(text, fix.edits);
          if (name.toLowerCase().includes('crlf')) {
            assert.ok(!/[^\r]\n/.test(output), `${name}: "${fix.title}" keeps CRLF`);
          }
        }
      }
    }
    // Tabs cannot indent YAML: the document is invalid and yields nothing, and nothing throws.
    const tabs = checkout.replace(/^( +)/gm, (spaces) => '\t'.repeat(spaces.length / 2));
    const tabbed = analyseText(tabs, BUILT_IN_RULES);
    assertSound(tabs, tabbed, 'tabs');
    // Tabs after the indentation are fine.
    const tabValues = checkout
      .replace('replicas: 3', 'replicas:\t3')
      .replace('name: checkout\n', 'name:\tcheckout\n');
    assertSound(tabValues, analyseText(tabValues, BUILT_IN_RULES), 'tab values', { fixes: true });
  });

  it('holds invalid UTF-8 and NUL bytes', () => {
    const bytes = Buffer.from(checkout, 'utf8');
    for (const [at, garbage] of [
      [0, [0xff, 0xfe]],
      [bytes.indexOf('checkout'), [0xc3, 0x28]],
      [bytes.indexOf('replicas'), [0xe2, 0x82]],
      [bytes.length - 3, [0xf0, 0x9f, 0x92]],
    ] as const) {
      const broken = Buffer.concat([
        bytes.subarray(0, at),
        Buffer.from(garbage),
        bytes.subarray(at),
      ]).toString('utf8');
      assert.ok(broken.includes('\ufffd'));
      assertSound(broken, analyseText(broken, BUILT_IN_RULES), `invalid UTF-8 at ${at}`, { fixes: true });
    }
    for (const nul of [
      '\0' + checkout,
      checkout.replace('name: checkout', 'name: check\0out'),
      checkout.replace('replicas: 3', 'repl\0icas: 3'),
      checkout.replace('kind: Deployment', 'kind: Deploy\0ment'),
      '\0'.repeat(1000),
    ]) {
      assertSound(nul, analyseText(nul, BUILT_IN_RULES), 'NUL', { fixes: true });
    }
  });

  it('has duplicate keys', () => {
    for (const text of [
      checkout.replace('  replicas: 3\n', '  replicas: 3\n  replicas: 5\n'),
      checkout.replace('metadata:\n  name: checkout\n', 'metadata:\n  name: checkout\n  name: other\n'),
      checkout.replace('spec:\n  replicas: 3', 'spec: {}\nspec:\n  replicas: 3'),
      'apiVersion: v1\nkind: Pod\nkind: Pod\nspec: {containers: [{name: a}], containers: [{name: b}]}\n',
    ]) {
      assertSound(text, analyseText(text, BUILT_IN_RULES), 'duplicate keys', { fixes: true });
    }
  });

  it('is a Helm template: one notice and no cascade of false findings', () => {
    const chart = [
      '{{- if .Values.enabled }}',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ include "app.fullname" . }}',
      '  labels:',
      '    {{- include "app.labels" . | nindent 4 }}',
      'spec:',
      '  replicas: {{ .Values.replicaCount }}',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: app',
      '        image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
      '        resources:',
      '          {{- toYaml .Values.resources | nindent 12 }}',
      '{{- end }}',
      '',
    ].join('\n');
    const inline = checkout.replace('replicas: 3', 'replicas: {{ .Values.replicas }}');
    // Template text inside a plain scalar of a document that does not parse: the template is the likely
    // cause, so the notice points at it (here a label list typed as one line).
    const broken = checkout.replace(
      'image: registry.example.com/shop/checkout:2.3.1',
      'image: app:{{ .Values.tag }}, pull: always',
    );
    for (const [name, text] of Object.entries({ chart, inline, broken })) {
      const analysis = analyseText(text, BUILT_IN_RULES);
      assert.deepEqual(kinds(analysis), ['helm-template'], name);
      assert.match(
        analysis.notices[0]!.message,
        /looks like a Helm template; analyse the output of `helm template`/,
      );
      assert.equal(text.slice(analysis.notices[0]!.span.start, analysis.notices[0]!.span.end), '{{', name);
      // The template documents give no finding but the one that says they were not analysed (and no
      // syntax error for the `{{ }}` YAML cannot read).
      assert.deepEqual(ruleIds(analysis), ['unrendered-template'], name);
    }
    // A template document next to a plain one: the plain one is still analysed, and the notice comes once.
    const both = analyseText(chart + '---\n' + checkout + '---\n' + chart, BUILT_IN_RULES);
    assert.deepEqual(kinds(both), ['helm-template']);
    assert.deepEqual(objectRuleIds(both), ruleIds(analyseText(checkout, BUILT_IN_RULES)));
    assert.deepEqual(
      both.findings.filter((f) => f.meta?.input).map((f) => f.ruleId),
      ['unrendered-template'],
    );
  });

  it('holds `{{` where YAML allows it: block scalars, quoted strings and comments are not templates', () => {
    const legal = [
      checkout.replace(
        '# Limits "later"',
        '# {{ not a template }}\n        command: ["sh", "-c", "echo {{ .Values.x }}"]\n        args:\n        - |\n          {{ range . }}{{ . }}{{ end }}\n        # Limits "later"',
      ),
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: alerts}\ndata:\n  rule.tmpl: >-\n    {{ $labels.instance }} is down\n  quoted: '{{ $value }}'\n",
    ];
    for (const text of legal) {
      const analysis = analyseText(text, BUILT_IN_RULES);
      assert.deepEqual(kinds(analysis), []);
      assert.ok(analysis.file.objects.length > 0);
    }
    assert.deepEqual(
      ruleIds(analyseText(legal[0]!, BUILT_IN_RULES)),
      ruleIds(analyseText(checkout, BUILT_IN_RULES)),
    );
  });

  it('holds `{{` inside a plain scalar of a document that parses: Go template text in values, not a template', () => {
    // Argo Workflows and Tekton write Go template text into ordinary values; the documents parse as YAML.
    const env = checkout.replace(
      '# Limits "later"',
      'env:\n        - name: CONFIG_PREFIX\n          value: /{{ .ObjectMeta.Namespace }}/checkout/config\n        # Limits "later"',
    );
    const image = checkout.replace(
      'image: registry.example.com/shop/checkout:2.3.1',
      'image: registry.example.com/shop/checkout:{{ .Values.tag }}',
    );
    for (const [name, text] of Object.entries({ env, image })) {
      const analysis = analyseText(text, BUILT_IN_RULES);
      assert.deepEqual(kinds(analysis), [], name);
      assert.equal(analysis.file.objects.length, parseFile(checkout).objects.length, name);
      // The same findings as without the template text (a placeholder tag is not judged as a tag).
      assert.deepEqual(ruleIds(analysis), ruleIds(analyseText(checkout, BUILT_IN_RULES)), name);
    }
    const value = parseFile(env).objects[0]!.value as {
      spec: { template: { spec: { containers: { env: { value: string }[] }[] } } };
    };
    assert.equal(
      value.spec.template.spec.containers[0]!.env[0]!.value,
      '/{{ .ObjectMeta.Namespace }}/checkout/config',
    );
  });

  it('is JSON, or a kind: List, and finds the same problems', () => {
    const yamlFindings = analyseText(checkout, BUILT_IN_RULES);
    const json = parseAllDocuments(checkout)
      .map((doc) => JSON.stringify(doc.toJS(), null, 2))
      .join('\n---\n');
    const fromJson = analyseText(json, BUILT_IN_RULES);
    assert.deepEqual([...ruleIds(fromJson)].sort(), [...ruleIds(yamlFindings)].sort());
    assertSound(json, fromJson, 'JSON', { fixes: true });
    const oneLine = JSON.stringify(parseAllDocuments(checkout)[0]!.toJS());
    assertSound(oneLine, analyseText(oneLine, BUILT_IN_RULES), 'one-line JSON', { fixes: true });

    const items = parseAllDocuments(checkout).map((doc) => doc.toJS() as unknown);
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2);
    const fromList = analyseText(list, BUILT_IN_RULES);
    assert.deepEqual([...ruleIds(fromList)].sort(), [...ruleIds(yamlFindings)].sort());
    assertSound(list, fromList, 'List', { fixes: true });
    for (const weird of [
      'items: {}',
      'items: "x"',
      'items: [null, 1, "x", [], {kind: Pod}]',
      'items: ~',
      '',
    ]) {
      const text = `apiVersion: v1\nkind: List\n${weird}\n`;
      assertSound(text, analyseText(text, BUILT_IN_RULES), weird, { fixes: true });
    }
  });

  it('has wrong-typed fields for every rule: each value of each test case made a string, map, list, null or number', () => {
    const wrong = ['"three"', '{}', '[]', 'null', '42'];
    let inputs = 0;
    for (const rule of BUILT_IN_RULES.rules) {
      const cases = allCases[rule.meta.id] as RuleCases | undefined;
      // The first invalid case holds the fields the rule reads; the first valid one, the fields that clear it.
      const tables = [cases?.invalid[0], cases?.valid[0]].filter((c) => c !== undefined);
      assert.ok(tables.length > 0, `${rule.meta.id} has test cases`);
      for (const { code, settings } of tables) {
        const engineSettings = normaliseSettings(settings ?? {});
        for (const [start, end] of valueRanges(code)) {
          for (const value of wrong) {
            const text = code.slice(0, start) + value + code.slice(end);
            assertSound(
              text,
              analyseText(text, new RuleSet([rule]), { settings: engineSettings }),
              `${rule.meta.id}: ${value}`,
              {
                fixes: true,
              },
            );
            inputs++;
          }
        }
      }
    }
    assert.ok(inputs > 2000, `${inputs} inputs`);
  });

  it('gives rules objects whose every field has the wrong type, without a throw', () => {
    const shapes: unknown[] = ['three', {}, [], null, 42, true];
    for (const rule of BUILT_IN_RULES.rules) {
      for (const kind of rule.meta.kinds) {
        for (const shape of shapes) {
          const fields = [
            'metadata',
            'spec',
            'data',
            'items',
            'webhooks',
            'rules',
            'subjects',
            'value',
            'handler',
          ];
          const value = Object.fromEntries(fields.map((f) => [f, shape]));
          const text = JSON.stringify({ apiVersion: 'v1', kind, ...value }) + '\n';
          assertSound(
            text,
            analyseText(text, new RuleSet([rule])),
            `${rule.meta.id} ${kind} ${JSON.stringify(shape)}`,
            {
              fixes: true,
            },
          );
        }
      }
    }
  });
});

describe('notices in the editor', () => {
  it('become findings of the input rules, one diagnostic each at the place they name', () => {
    const text = checkout.replace('replicas: 3', 'replicas: {{ .Values.replicas }}');
    const analysis = analyseText(text, BUILT_IN_RULES);
    const document = TextDocument.create('file:///x.yaml', 'yaml', 1, text);
    const diagnostics = analysis.findings
      .filter((f) => f.meta?.input)
      .map((f) => findingToDiagnostic(document, f));
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.source, d.range.start.line]),
      // Informational (3): an input rule stays visible under the default profile.
      [['unrendered-template', 3, 'kube-hindsight', 10]],
    );
  });

  it('leave parseFile callers such as the workspace index with no objects from what was skipped', () => {
    const file = parseFile(checkout.replace('replicas: 3', 'replicas: {{ .Values.replicas }}'));
    assert.deepEqual(
      file.objects.map((o: K8sObject) => o.kind),
      ['Service'],
    );
  });
});

/** The [start, end) of every value in a manifest: mapping values and sequence items, at any depth. */
function valueRanges(code: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const doc of parseAllDocuments(code)) {
    visit(doc, {
      Pair(_key, pair) {
        if (isPair(pair) && (isScalar(pair.value) || isCollection(pair.value))) add(pair.value as YamlNode);
      },
      Seq(_key, seq) {
        for (const item of seq.items) if (isScalar(item) || isCollection(item)) add(item as YamlNode);
      },
    });
  }
  return ranges;

  function add(node: YamlNode): void {
    // A block collection's range runs to the next line; the replacement must stay on the value's own line.
    if (!node.range) return;
    const [start, end] = node.range;
    ranges.push([start, start + code.slice(start, end).trimEnd().length]);
  }
}

// Keeps the helper honest: a mutated value must still parse for most inputs, or the test proves little.
it('the wrong-type mutations mostly parse', () => {
  const code = checkout;
  const ranges = valueRanges(code);
  const parsing = ranges.filter(([start, end]) =>
    parsesCleanly(code.slice(0, start) + '{}' + code.slice(end)),
  );
  assert.ok(parsing.length / ranges.length > 0.8, `${parsing.length} of ${ranges.length}`);
});
