// What the table (cases.ts, run by test/unit/rules.test.ts) cannot say: the related locations of the
// findings and the Kubernetes versions that get the native sleep action.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseText } from '../../server/engine/engine';
import { RuleSet } from '../../server/engine/rule-set';
import { normaliseSettings } from '../../server/engine/settings';
import { lines } from '../../test/rule-cases';
import { relatedTester } from '../../test/related-tester';
import rule from '.';
import { deployment, service } from './cases';

relatedTester(rule, [
  {
    name: 'the Service whose selector was checked, in another file',
    code: lines(...deployment([])),
    files: { 'service.yaml': lines(...service().slice(1)) },
    findings: [
      'hint 11:15-11:18 Container "web" of Deployment "web" has no preStop hook, but Service "web" in service.yaml sends it traffic: on every rollout it gets SIGTERM while requests are still routed to it, and those requests fail.',
    ],
    related: [['service.yaml:3 Service "web" selects these pods (app=web)']],
  },
]);

describe('missing-graceful-shutdown: the native sleep action', () => {
  const titles = (kubernetesVersion: string): string[] =>
    analyseText(lines(...deployment([]), ...service()), new RuleSet([rule]), {
      settings: normaliseSettings({ kubernetesVersion }),
    }).findings.flatMap((f) => f.getFixes().map((fix) => fix.title));
  it('is offered as a second fix from Kubernetes 1.30', () => {
    assert.deepEqual(titles('1.30'), [
      'Add a preStop hook to "web" that sleeps 5 s before SIGTERM',
      'Add a preStop sleep action (5 s) to "web", for images without a shell',
    ]);
  });
  it('is not offered before', () => {
    assert.deepEqual(titles('1.29'), ['Add a preStop hook to "web" that sleeps 5 s before SIGTERM']);
  });
});
