// What the table (cases.ts, run by test/unit/rules.test.ts) cannot say: the related locations of the
// findings.
import { lines } from '../../test/rule-cases';
import { relatedTester } from '../../test/related-tester';
import rule from '.';
import { deployment } from './cases';

relatedTester(rule, [
  {
    name: 'the workloads whose drains the budget blocks, from another file',
    code: lines(
      'apiVersion: policy/v1',
      'kind: PodDisruptionBudget',
      'metadata: {name: all}',
      'spec: {maxUnavailable: 0, selector: {}}',
    ),
    files: {
      'apps.yaml': lines(
        ...deployment('a', 1),
        '---',
        ...deployment('b', 3),
        '---',
        ...deployment('c', 2, 'other'),
      ),
    },
    related: [
      [
        'apps.yaml:3 Deployment "a" runs 1 pod that this budget selects',
        'apps.yaml:13 Deployment "b" runs 3 pods that this budget selects',
      ],
    ],
  },
  {
    name: 'nothing selected in sight: no related information',
    code: lines(
      'apiVersion: policy/v1',
      'kind: PodDisruptionBudget',
      'metadata: {name: lone}',
      'spec: {minAvailable: 100%, selector: {matchLabels: {app: lone}}}',
    ),
    related: [[]],
  },
]);
