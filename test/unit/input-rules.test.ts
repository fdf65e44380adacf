// The engine's input rules (invalid-yaml, file-skipped, unrendered-template): findings about the text
// itself, made from the parse's errors and the analysis's notices, and held to the same central machinery
// as every rule (severity, off, ignore comments, fault isolation). The CLI and the editor show them; their
// own tests are cli-input-rules.test.ts, cli-sarif.test.ts and lsp-hostile.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeClock } from '../clock';
import { BUILT_IN_RULES } from '../built-in-rules';
import { RuleSet } from '../../server/engine/rule-set';
import { MISINDENTED_CONTAINERS } from '../../rules/invalid-yaml/cases';
import { layerSettings, parseConfig } from '../../server/engine/config';
import { analyseText } from '../../server/engine/engine';
import { computeLineStarts, offsetToPosition } from '../../server/engine/positions';
import { defineInputRule, type Rule } from '../../server/engine/rule';
import { normaliseSettings } from '../../server/engine/settings';
import type { Finding } from '../../server/engine/types';

const POD = (name: string): string =>
  [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  containers:',
    '  - name: app',
    '    image: app:1.0',
    '',
  ].join('\n');

/** Each finding as rule, 1-based start line:column and end line:column. */
function located(text: string, findings: readonly Finding[]): [string, string, string][] {
  const starts = computeLineStarts(text);
  const at = (offset: number): string => {
    const { line, character } = offsetToPosition(starts, offset);
    return `${line + 1}:${character + 1}`;
  };
  return findings.map((f) => [f.ruleId, at(f.span.start), at(f.span.end)]);
}

describe('invalid-yaml in a file of several documents', () => {
  it('flags the broken document at its line and analyses the valid ones as if they were alone', () => {
    const first = POD('first');
    const last = POD('last');
    const text = `${first}---\n${MISINDENTED_CONTAINERS}---\n${last}`;
    const analysis = analyseText(text, BUILT_IN_RULES);
    const syntax = analysis.findings.filter((f) => f.ruleId === 'invalid-yaml');
    // The first Pod is 8 lines and a marker: the Deployment's line 21 is the file's line 30.
    assert.deepEqual(located(text, syntax), [['invalid-yaml', '30:6', '30:17']]);
    assert.equal(text.slice(syntax[0]!.span.start, syntax[0]!.span.end), 'containers:');
    assert.deepEqual(
      [syntax[0]!.object, syntax[0]!.target, syntax[0]!.getFixes()],
      [undefined, undefined, []],
    );
    // The broken Deployment yields no object; both Pods do, with the findings they have alone.
    assert.deepEqual(
      analysis.file.objects.map((o) => o.name),
      ['first', 'last'],
    );
    const alone = (pod: string, lineShift: number): [string, string, string][] =>
      located(pod, analyseText(pod, BUILT_IN_RULES).findings).map(([rule, start, end]) => {
        const shift = (at: string): string => at.replace(/^\d+/, (line) => String(Number(line) + lineShift));
        return [rule, shift(start), shift(end)];
      });
    const lastLine = text.split('\n').length - last.split('\n').length;
    assert.deepEqual(
      located(
        text,
        analysis.findings.filter((f) => f.ruleId !== 'invalid-yaml'),
      ),
      [...alone(first, 0), ...alone(last, lastLine)],
    );
  });

  it('reports several errors of one document once per line, and none for a document that parses', () => {
    const text = [
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: a',
      '  name: b',
      'spec:',
      '\tports: []',
      '',
    ].join('\n');
    assert.deepEqual(
      located(text, analyseText(text, BUILT_IN_RULES).findings).map(([rule, start]) => [rule, start]),
      [
        ['invalid-yaml', '5:3'],
        ['invalid-yaml', '7:2'],
      ],
    );
    assert.deepEqual(
      analyseText(POD('fine'), new RuleSet([BUILT_IN_RULES.get('invalid-yaml')!])).findings,
      [],
    );
  });

  it('can be silenced by the editor switch for another YAML extension, without touching the CLI', () => {
    assert.equal(normaliseSettings({ reportSyntaxErrors: false }).rules['invalid-yaml'], 'off');
    assert.equal(normaliseSettings({ reportSyntaxErrors: true }).rules['invalid-yaml'], undefined);
    // The editor switch wins over a severity the repository file sets.
    const { config } = parseConfig('rules:\n  invalid-yaml: warning\n', BUILT_IN_RULES);
    const editor = normaliseSettings(layerSettings(config, { reportSyntaxErrors: false }));
    assert.equal(editor.rules['invalid-yaml'], 'off');
    const settings = normaliseSettings(layerSettings(config, {}));
    assert.equal(settings.rules['invalid-yaml'], 'warning');
    const analysis = analyseText(MISINDENTED_CONTAINERS, BUILT_IN_RULES, { settings: editor });
    assert.deepEqual(
      analysis.findings.filter((f) => f.meta?.input),
      [],
    );
  });
});

describe('file-skipped and unrendered-template', () => {
  it('turn every notice into one finding, with the rules’ severities', () => {
    const deep = POD('deep').replace('spec:', `x: ${'['.repeat(300)}${']'.repeat(300)}\nspec:`);
    const template = POD('{{ .Release.Name }}');
    const text = `${deep}---\n${template}---\n${POD('plain')}`;
    const analysis = analyseText(text, BUILT_IN_RULES);
    assert.deepEqual(
      analysis.notices.map((n) => n.kind),
      ['too-deep', 'helm-template'],
    );
    const input = analysis.findings.filter((f) => f.meta?.input);
    assert.deepEqual(
      input.map((f) => [f.ruleId, f.severity]),
      [
        ['file-skipped', 'warning'],
        // Informational; an input rule keeps its severity under the default profile, so it stays visible.
        ['unrendered-template', 'info'],
      ],
    );
    assert.deepEqual(located(text, input), [
      ['file-skipped', '1:1', '1:15'],
      ['unrendered-template', '14:9', '14:11'],
    ]);
    // Severities follow the settings like any rule's.
    const settings = normaliseSettings({ rules: { 'file-skipped': 'error', 'unrendered-template': 'off' } });
    assert.deepEqual(
      analyseText(text, BUILT_IN_RULES, { settings })
        .findings.filter((f) => f.meta?.input)
        .map((f) => [f.ruleId, f.severity]),
      [['file-skipped', 'error']],
    );
  });

  it('report the rules’ own time budget too', (t) => {
    // On a clock the test moves: each check "takes" 15 ms, whatever the machine.
    const slow = defineSlowRule(fakeClock(t));
    const list =
      'apiVersion: v1\nkind: List\nitems:\n' +
      Array.from({ length: 3 }, (_, i) => `- {apiVersion: v1, kind: Pod, metadata: {name: p${i}}}`).join(
        '\n',
      ) +
      '\n';
    const settings = normaliseSettings({ limits: { timeBudgetMs: 10 } });
    const analysis = analyseText(list, new RuleSet([slow, BUILT_IN_RULES.get('file-skipped')!]), {
      settings,
    });
    assert.deepEqual(
      analysis.findings.filter((f) => f.ruleId === 'file-skipped').map((f) => f.message),
      [
        'Kube Hindsight stopped checking this document after 10 ms (kubeHindsight.limits.timeBudgetMs); its findings may be incomplete. ' +
          'Raise that bound to analyse it, in the editor setting or as limits.timeBudgetMs in .kube-hindsight.yaml.',
      ],
    );
  });
});

describe('input rules in the engine', () => {
  it('isolate an input rule that throws or reports outside the text, like any rule', () => {
    const boom = defineInputRule(
      { ...BUILT_IN_RULES.get('invalid-yaml')!.meta, id: 'boom', story: STORY },
      () => {
        throw new Error('boom');
      },
    );
    const astray = defineInputRule(
      { ...BUILT_IN_RULES.get('invalid-yaml')!.meta, id: 'astray', story: STORY },
      ({ file }, report) => report({ messageId: 'syntax', span: { start: 0, end: file.text.length + 1 } }),
    );
    const text = POD('ok');
    const analysis = analyseText(text, new RuleSet([boom, astray, ...BUILT_IN_RULES.rules]));
    assert.deepEqual(
      analysis.failures.map((f) => [f.ruleId, f.documentIndex, f.error]),
      [
        ['boom', -1, 'Error: boom'],
        ['astray', -1, `Error: span 0-${text.length + 1} outside the text (${text.length})`],
      ],
    );
    // Every other rule still reports.
    assert.deepEqual(
      analysis.findings.map((f) => f.ruleId),
      analyseText(text, BUILT_IN_RULES).findings.map((f) => f.ruleId),
    );
  });

  it('read `limits:` from .kube-hindsight.yaml, under the editor’s bounds', () => {
    const { config, problems } = parseConfig(
      'limits:\n  maxFileBytes: 20971520\n  maxDepth: 300\n',
      BUILT_IN_RULES,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(config.settings.limits, { maxFileBytes: 20971520, maxDepth: 300 });
    const repo = normaliseSettings(layerSettings(config, {}));
    assert.deepEqual(
      [repo.limits.maxFileBytes, repo.limits.maxDepth, repo.limits.maxDocuments],
      [20971520, 300, 5000],
    );
    // An editor bound replaces the file's; one a client sends as null does not.
    const layered = normaliseSettings(
      layerSettings(config, { limits: { maxDepth: 50, maxFileBytes: null } }),
    );
    assert.deepEqual([layered.limits.maxFileBytes, layered.limits.maxDepth], [20971520, 50]);
    assert.deepEqual(
      parseConfig('limits: 5\n', BUILT_IN_RULES).problems.map((p) => p.message),
      [
        'limits must be a mapping of bounds (maxFileBytes, maxDocuments, maxAliasCount, maxDepth, timeBudgetMs).',
      ],
    );
  });

  it('let the file decide where VS Code sends the empty values of settings nobody set', () => {
    // VS Code answers an integer setting without a default with 0 and a string one with "": a maxAliasCount
    // of 0 skipped every document with an alias, and "" hid the file's kubernetesVersion.
    const { config } = parseConfig('kubernetesVersion: "1.24"\nlimits:\n  maxDocuments: 1\n', BUILT_IN_RULES);
    const unset = { maxFileBytes: 0, maxDocuments: 0, maxAliasCount: 0, maxDepth: 0, timeBudgetMs: 0 };
    const layered = normaliseSettings(layerSettings(config, { kubernetesVersion: '', limits: unset }));
    assert.equal(layered.kubernetesVersion, '1.24');
    assert.deepEqual(
      [layered.limits.maxDocuments, layered.limits.maxAliasCount, layered.limits.maxDepth],
      [1, 100, 200],
    );
    const aliases =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: &l {app: a}}\ndata: {x: y}\n';
    const analysis = analyseText(aliases, BUILT_IN_RULES, { settings: layered });
    assert.deepEqual(
      analysis.findings.filter((f) => f.ruleId === 'file-skipped'),
      [],
    );
  });
});

const STORY =
  '---\ntitle: A test rule\nevidence: scenario\n---\nA rule made up for a test of fault isolation, nothing more.\n';

/**
 * A rule that takes 15 ms per Pod on the test's clock (`advance` moves it), so that a document of three Pods
 * overruns a 10 ms budget.
 */
function defineSlowRule(advance: (ms: number) => void): Rule {
  const base = BUILT_IN_RULES.get('missing-memory-limit')!;
  return {
    meta: { ...base.meta, id: 'slow', kinds: ['Pod'] },
    check: () => advance(15),
  };
}
