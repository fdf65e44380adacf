// Every quick fix, applied to real public manifests nobody here wrote (../shared/corpus/realworld), keeps the
// promises of test/fix-safety.ts: it parses, clears its finding and only it, keeps every comment and every
// other document. `npm run check:fixes` runs the same checks on the whole corpus; this is a bounded sample.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUILT_IN_RULES } from '../built-in-rules';
import { analyseText } from '../../server/engine/engine';
import type { Rule } from '../../server/engine/rule';
import { RuleSet } from '../../server/engine/rule-set';
import type { K8sObject, TextEdit } from '../../server/engine/types';
import { checkFix, checkFixes, formatFailures, type FixInput } from '../fix-safety';

const corpus = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'realworld');
/** Small and medium files only: each fix re-parses the file, and the megabyte bundles are the script's. */
const MAX_BYTES = 100_000;

function corpusFiles(dir: string): FixInput[] {
  const out: FixInput[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...corpusFiles(path));
    else if (/\.ya?ml$/.test(entry) && statSync(path).size <= MAX_BYTES) {
      out.push({ path, text: readFileSync(path, 'utf8') });
    }
  }
  return out;
}

describe(
  'quick fixes on the real-world corpus',
  { skip: !existsSync(corpus) && `no corpus at ${corpus}` },
  () => {
    it('every fix parses, clears only its finding, keeps comments and other documents, and is final', () => {
      const report = checkFixes(corpusFiles(corpus), BUILT_IN_RULES);
      assert.equal(report.failures.length, 0, formatFailures(report.failures));
      assert.ok(report.tried > 100, `tried ${report.tried} fixes`);
    });
  },
);

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
    const noop = problemsOf(ruleWith((t) => [{ start: afterA(t), end: afterA(t), newText: '# x\n' }]));
    assert.ok(
      noop.some((p) => p.startsWith('targeted finding')),
      noop.join('; '),
    );
    assert.ok(noop.includes('the fixed finding still offers a fix'), noop.join('; '));
  });
});
