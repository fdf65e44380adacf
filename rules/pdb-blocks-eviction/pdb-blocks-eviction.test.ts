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
  {
    name: 'workload and autoscaler in other files: the message names both, and whose minReplicas counts',
    code: lines(
      'apiVersion: policy/v1',
      'kind: PodDisruptionBudget',
      'metadata: {name: search}',
      'spec: {minAvailable: 2, selector: {matchLabels: {app: search}}}',
    ),
    files: {
      'deploy/search.yaml': lines(...deployment('search', 6)),
      'hpa/search.yaml': lines(
        'apiVersion: autoscaling/v2',
        'kind: HorizontalPodAutoscaler',
        'metadata: {name: search}',
        'spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: search}, minReplicas: 2, maxReplicas: 9}',
      ),
    },
    findings: [
      'warning 4:22-4:23 PodDisruptionBudget "search" sets minAvailable 2, but Deployment "search" in deploy/search.yaml scales down to 2 pods (minReplicas of HorizontalPodAutoscaler "search" in hpa/search.yaml): none of its pods may be evicted, so node drains and cluster upgrades hang on them.',
    ],
    related: [['deploy/search.yaml:3 Deployment "search" runs 2 pods that this budget selects']],
  },
]);
