// Every quick fix offered on the real-world corpus (../shared/corpus/realworld, files nobody here wrote;
// the examples when it is missing), every fix of every finding of every rule on every file, keeps the
// promises of test/fix-safety.ts: it parses, clears its finding and only it, keeps every comment and every
// other document, and leaves nothing to fix. `npm run check:fixes` runs the same checks on any folder.
// The whole corpus takes about 20 s on one core: the checker parses and re-checks only the documents a
// fix changed (FileFixChecker), where the two megabyte bundles alone used to take two minutes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { BUILT_IN_RULES } from '../built-in-rules';
import { analyseText } from '../../server/engine/engine';
import type { Rule } from '../../server/engine/rule';
import { RuleSet } from '../../server/engine/rule-set';
import type { K8sObject, TextEdit } from '../../server/engine/types';
import { normaliseSettings } from '../../server/engine/settings';
import { corpus, corpusOrExamples } from '../corpus';
import { checkFix, checkFixes, formatFailures } from '../fix-safety';
import { stillClockInThisFile } from '../clock';

// The engine's clock stands still (test/clock.ts): no time budget can cut one side of a comparison short.
stillClockInThisFile();

describe('quick fixes on the real-world corpus', () => {
  it('every fix of every finding on every file parses, clears only its finding, keeps comments and other documents, and is final', (t) => {
    const paths = corpusOrExamples();
    const started = performance.now();
    const report = checkFixes(
      paths.map((path) => ({ path, text: readFileSync(path, 'utf8') })),
      BUILT_IN_RULES,
    );
    t.diagnostic(
      `${report.files} files, ${report.findings} findings, ${report.tried} fixes applied in ` +
        `${Math.round(performance.now() - started)} ms`,
    );
    assert.equal(report.failures.length, 0, formatFailures(report.failures));
    assert.equal(report.files, paths.length);
    // No file is left out for its size: the megabyte bundles are in the run.
    if (paths[0]?.startsWith(corpus)) assert.ok(report.tried > 700, `tried ${report.tried} fixes`);
    else assert.ok(report.tried > 10, `tried ${report.tried} fixes`);
  });
});

describe('the Pod Security fixes on the real-world corpus', () => {
  it('hold every workload of the corpus to restricted, and every securityContext fix keeps the promises', (t) => {
    // The default level (privileged) checks nothing where no Namespace says otherwise: the setting makes every
    // workload of the corpus a case. The schema rules run alongside, so that a fix that wrote a field in the
    // wrong place or of the wrong type would show as a finding it added.
    const ids = new Set([
      'pod-security-baseline',
      'pod-security-restricted',
      'unknown-field',
      'misplaced-field',
      'wrong-type',
    ]);
    const rules = new RuleSet(BUILT_IN_RULES.rules.filter((rule) => ids.has(rule.meta.id)));
    const paths = corpusOrExamples();
    const report = checkFixes(
      paths.map((path) => ({ path, text: readFileSync(path, 'utf8') })),
      rules,
      undefined,
      normaliseSettings({ podSecurity: { level: 'restricted' } }),
    );
    t.diagnostic(`${report.files} files, ${report.findings} findings, ${report.tried} fixes applied`);
    assert.equal(report.failures.length, 0, formatFailures(report.failures));
    if (paths[0]?.startsWith(corpus)) assert.ok(report.tried > 400, `tried ${report.tried} fixes`);
    else assert.ok(report.tried > 10, `tried ${report.tried} fixes`);
  });
});

describe('the fix-safety checks themselves', () => {
  const text = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: a # keep me',
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: b',
    '',
  ].join('\n');
  /** A rule that flags ConfigMap "a" and offers whatever edits the test gives it. */
  const ruleWith = (edits: (text: string) => TextEdit[]): Rule => ({
    meta: {
      id: 'test-rule',
      title: 'test',
      category: 'resources',
      defaultSeverity: 'warning',
      description: '',
      rationale: '',
      remediation: '',
      stories: [],
      messages: { bad: 'ConfigMap {name} lacks data' },
      fixable: true,
      kinds: ['ConfigMap'],
    },
    check(object: K8sObject, context) {
      if (object.name !== 'a' || 'data' in object.value) return;
      context.report({
        messageId: 'bad',
        data: { name: 'a' },
        span: { start: 0, end: 1 },
        fix: () => [{ title: 'fix', edits: edits(context.file.text) }],
      });
    },
  });
  const problemsOf = (rule: Rule): string[] => {
    const rules = new RuleSet([rule]);
    const analysis = analyseText(text, rules, { uri: 'x.yaml' });
    const finding = analysis.findings[0]!;
    return checkFix(analysis.file, analysis.findings, finding, finding.getFixes()[0]!, rules, []);
  };
  const afterA = (t: string): number => t.indexOf('# keep me') + '# keep me'.length + 1;

  it('passes a minimal edit', () => {
    assert.deepEqual(
      problemsOf(ruleWith((t) => [{ start: afterA(t), end: afterA(t), newText: 'data: {}\n' }])),
      [],
    );
  });

  it('catches a lost comment, an edit in another document and a fix that does not take', () => {
    const lost = problemsOf(
      ruleWith((t) => [{ start: t.indexOf(' # keep'), end: afterA(t) - 1, newText: '\ndata: {}' }]),
    );
    assert.ok(
      lost.some((p) => p.startsWith('lost comment')),
      lost.join('; '),
    );
    // A rule's fix can no longer reach another document (it sees its own document's text only), so this
    // one is handed to the checker directly, in offsets of the whole file.
    const rules = new RuleSet([
      ruleWith((t) => [{ start: afterA(t), end: afterA(t), newText: 'data: {}\n' }]),
    ]);
    const analysis = analyseText(text, rules, { uri: 'x.yaml' });
    const elsewhere = checkFix(
      analysis.file,
      analysis.findings,
      analysis.findings[0]!,
      {
        title: 'fix',
        edits: [
          { start: afterA(text), end: afterA(text), newText: 'data: {}\n' },
          { start: text.indexOf('name: b'), end: text.indexOf('name: b'), newText: '# x\n  ' },
        ],
      },
      rules,
      [],
    );
    assert.ok(
      elsewhere.some((p) => p.includes('document 1')),
      elsewhere.join('; '),
    );
    // Two insertions at one offset: correct in array order, but a client applying them from the end
    // backwards (or a SARIF consumer, whose replacements have no order) writes them the other way round.
    const shared = problemsOf(
      ruleWith((t) => [
        { start: afterA(t), end: afterA(t), newText: 'data:\n' },
        { start: afterA(t), end: afterA(t), newText: '  a: b\n' },
      ]),
    );
    assert.ok(
      shared.some((p) => p.startsWith(`edits insert twice at the offset ${afterA(text)}`)),
      shared.join('; '),
    );
    const noop = problemsOf(ruleWith((t) => [{ start: afterA(t), end: afterA(t), newText: '# x\n' }]));
    assert.ok(
      noop.some((p) => p.startsWith('targeted finding')),
      noop.join('; '),
    );
    assert.ok(noop.includes('the fixed finding still offers a fix'), noop.join('; '));
  });
});
