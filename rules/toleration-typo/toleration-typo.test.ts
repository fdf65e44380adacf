// What the table (cases.ts, run by test/unit/rules.test.ts) cannot say: the related locations of the
// findings and what reads as a typo (likelyTypo).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lines } from '../../test/rule-cases';
import { relatedTester } from '../../test/related-tester';
import rule, { likelyTypo } from '.';
import { deployment, node } from './cases';

relatedTester(rule, [
  {
    name: 'the taint with the intended spelling, on a Node in another file',
    code: lines(...deployment(['      - {key: compliance, value: hippa, effect: NoSchedule}']).slice(1)),
    files: { 'nodes.yaml': lines(...node()) },
    findings: [
      'warning 10:34-10:39 Toleration value "hippa" for key "compliance" matches no value used with that key, but is 1 edit from "hipaa" (a taint of Node "regulated-1" in nodes.yaml): a misspelled toleration tolerates nothing.',
    ],
    related: [['nodes.yaml:8 "hipaa" is the spelling used by a taint of Node "regulated-1"']],
  },
  {
    name: 'well-known keys have no location',
    code: lines(...deployment(['      - {key: node.kubernetes.io/unreachabel, operator: Exists}']).slice(1)),
    related: [[]],
  },
]);

describe('toleration-typo: what reads as a typo', () => {
  it('one edit from four letters, two from eight', () => {
    assert.equal(likelyTypo('hippa', 'hipaa'), true);
    assert.equal(likelyTypo('spto', 'spot'), true); // a transposition is one edit
    assert.equal(likelyTypo('gpu', 'cpu'), false);
    assert.equal(likelyTypo('notready', 'not-ready'), true);
    assert.equal(likelyTypo('dedicted', 'dedicated'), true);
    assert.equal(likelyTypo('infra', 'intra-'), false);
  });
  it('not deliberate variants differing in one short or numbered part', () => {
    assert.equal(likelyTypo('team-a', 'team-b'), false);
    assert.equal(likelyTypo('pool-1', 'pool-2'), false);
    assert.equal(likelyTypo('us-east-1a', 'us-east-1b'), false);
    assert.equal(likelyTypo('east', 'west'), false);
  });
});
