// Every quick fix, applied to real public manifests nobody here wrote (../shared/corpus/realworld), keeps the
// promises of test/fix-safety.ts: it parses, clears its finding and only it, keeps every comment and every
// other document. `npm run check:fixes` runs the same checks on the whole corpus; this is a bounded sample.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { RULES } from '../../rules';
import { analyseText } from '../../server/engine/engine';
import type { Rule } from '../../server/engine/rule';
import type { K8sObject, TextEdit } from '../../server/engine/types';
import { corpusFiles, corpusMissing } from '../corpus';
import { checkFix, checkFixes, formatFailures, type FixInput } from '../fix-safety';
import { stillClockInThisFile } from '../clock';

// The engine's clock stands still (test/clock.ts): no time budget can cut one side of a comparison short.
stillClockInThisFile();

/** Small and medium files only: each fix re-parses the file, and the megabyte bundles are the script's. */
const MAX_BYTES = 100_000;

describe('quick fixes on the real-world corpus', { skip: corpusMissing }, () => {
  it('every fix parses, clears only its finding, keeps comments and other documents, and is final', () => {
    const inputs: FixInput[] = corpusFiles(MAX_BYTES).map((path) => ({
      path,
      text: readFileSync(path, 'utf8'),
    }));
    const report = checkFixes(inputs, RULES);
    assert.equal(report.failures.length, 0, formatFailures(report.failures));
    assert.ok(report.tried > 100, `tried ${report.tried} fixes`);
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
    const analysis = analyseText(text, [rule], { uri: 'x.yaml' });
    const finding = analysis.findings[0]!;
    return checkFix(analysis.file, analysis.findings, finding, finding.getFixes()[0]!, [rule], []);
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
    const rule = ruleWith((t) => [{ start: afterA(t), end: afterA(t), newText: 'data: {}\n' }]);
    const analysis = analyseText(text, [rule], { uri: 'x.yaml' });
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
      [rule],
      [],
    );
    assert.ok(
      elsewhere.some((p) => p.includes('document 1')),
      elsewhere.join('; '),
    );
    const noop = problemsOf(ruleWith((t) => [{ start: afterA(t), end: afterA(t), newText: '# x\n' }]));
    assert.ok(
      noop.some((p) => p.startsWith('targeted finding')),
      noop.join('; '),
    );
    assert.ok(noop.includes('the fixed finding still offers a fix'), noop.join('; '));
  });
});
