import { lines } from '../../test/rule-cases';
import { ruleTester } from '../../test/rule-tester';
import { relatedTester } from '../service-selects-nothing/assert-related';
import rule from '.';
import cases, { deployment } from './cases';

ruleTester(rule, cases);

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
