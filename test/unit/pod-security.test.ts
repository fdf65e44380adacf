// What the rule tables cannot say: each finding's severity (from the namespace's mode, unless the user set
// the rule's), and the namespace policy read from labels as the library's api.PolicyToEvaluate reads it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES } from '../../rules';
import { analyseText } from '../../server/engine/engine';
import { namespacePolicy } from '../../server/engine/pod-security/levels';
import { RuleSet } from '../../server/engine/rule-set';
import { normaliseSettings } from '../../server/engine/settings';

const rules = new RuleSet(RULES.filter((rule) => rule.meta.id.startsWith('pod-security-')));

const manifest = (labels: string): string =>
  [
    'apiVersion: v1',
    'kind: Namespace',
    `metadata: {name: apps, labels: {${labels}}}`,
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p, namespace: apps}',
    'spec:',
    '  hostNetwork: true',
    '  containers: [{name: c}]',
    '',
  ].join('\n');

function severities(labels: string, settings: unknown = {}): string[] {
  return analyseText(manifest(labels), rules, { settings: normaliseSettings(settings) }).findings.map(
    (f) => `${f.ruleId}:${f.severity}`,
  );
}

describe('pod security severities', () => {
  it('follow the strictest mode that reports a key: enforce error, warn warning, audit info', () => {
    assert.deepEqual(severities('pod-security.kubernetes.io/enforce: baseline'), [
      'pod-security-baseline:error',
    ]);
    assert.deepEqual(
      severities('pod-security.kubernetes.io/warn: baseline, pod-security.kubernetes.io/audit: restricted'),
      [
        'pod-security-baseline:warning',
        // restricted also wants these four fields; only audit asks for restricted, so they are information.
        'pod-security-restricted:info',
        'pod-security-restricted:info',
        'pod-security-restricted:info',
        'pod-security-restricted:info',
      ],
    );
  });

  it('a severity the user configured for the rule wins over the mode', () => {
    assert.deepEqual(
      severities('pod-security.kubernetes.io/enforce: baseline', {
        rules: { 'pod-security-baseline': 'hint' },
      }),
      ['pod-security-baseline:hint'],
    );
  });

  it('the project default applies only where the Namespace sets no enforce label', () => {
    const settings = { podSecurity: { level: 'baseline' } };
    assert.deepEqual(severities('team: a', settings), ['pod-security-baseline:error']);
    assert.deepEqual(severities('pod-security.kubernetes.io/enforce: privileged', settings), []);
  });
});

describe('namespacePolicy', () => {
  it('defaults warn to a stricter enforce level and its version, as the library does', () => {
    const policy = namespacePolicy({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.30',
    });
    assert.deepEqual(policy.warn, { level: 'restricted', version: 30, labelled: false });
    assert.deepEqual(policy.audit, { level: 'privileged', version: 'latest', labelled: false });
  });

  it('fails closed on an invalid enforce level and open on an invalid warn or audit level', () => {
    const policy = namespacePolicy({
      'pod-security.kubernetes.io/enforce': 'Baseline',
      'pod-security.kubernetes.io/warn': 'strict',
      'pod-security.kubernetes.io/audit-version': 'v2.0',
    });
    assert.equal(policy.enforce.level, 'restricted');
    assert.equal(policy.warn.level, 'privileged');
    assert.equal(policy.audit.version, 'latest');
  });
});
