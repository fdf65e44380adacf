// What the table (cases.ts, run by test/unit/rules.test.ts) cannot say: the related locations of the
// findings, and messages that name the other file a related object lives in.
import { lines } from '../../test/rule-cases';
import { relatedTester } from '../../test/related-tester';
import rule from '.';
import { deployment, pdb } from './cases';

relatedTester(rule, [
  {
    name: 'the budgets of the namespace that were checked and do not match, in other files too',
    code: lines(...deployment('shop')),
    files: {
      'budgets.yaml': lines(
        ...pdb(['    matchLabels: {app: chekout}'], 'shop').slice(1),
        ...pdb(['    matchLabels: {app: other}'], 'staging'),
      ),
    },
    related: [
      [
        'budgets.yaml:4 PodDisruptionBudget "checkout" is in this namespace, but its selector does not match the pod labels app=checkout, tier=web',
      ],
    ],
  },
  {
    name: 'an autoscaler in another file sets the replica count: the message says whose minReplicas it is',
    code: lines(...deployment('shop')),
    files: {
      'hpa/checkout.yaml': lines(
        'apiVersion: autoscaling/v2',
        'kind: HorizontalPodAutoscaler',
        'metadata: {name: checkout, namespace: shop}',
        'spec:',
        '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: checkout}',
        '  minReplicas: 2',
        '  maxReplicas: 10',
      ),
    },
    findings: [
      'warning 4:9-4:17 Deployment "checkout" runs 2 replicas (minReplicas of HorizontalPodAutoscaler "checkout" in hpa/checkout.yaml) but no PodDisruptionBudget selects its pods: a drain can evict them all at once.',
    ],
    related: [['hpa/checkout.yaml:6 HorizontalPodAutoscaler "checkout" sets minReplicas: 2']],
  },
  {
    name: 'a budget for these pods in another namespace of the unit: wrong namespace?',
    code: lines(...deployment('shop')),
    files: {
      'budgets/checkout.yaml': lines(...pdb(['    matchLabels: {app: checkout}'], 'staging').slice(1)),
    },
    findings: [
      'warning 4:9-4:17 Deployment "checkout" runs 3 replicas in namespace "shop", where no PodDisruptionBudget selects its pods; in namespace "staging", PodDisruptionBudget "checkout" in budgets/checkout.yaml does: wrong namespace? As written, a drain can evict them all at once.',
    ],
    related: [
      [
        'budgets/checkout.yaml:4 PodDisruptionBudget "checkout" selects these pods, but in namespace "staging"',
      ],
    ],
  },
  {
    name: 'the workload leaves its namespace to apply time: the same finding, as a hint',
    code: lines(...deployment()),
    files: { 'pdb.yaml': lines(...pdb(['    matchLabels: {app: checkout}'], 'shop').slice(1)) },
    findings: [
      'hint 4:9-4:17 Deployment "checkout" runs 3 replicas in namespace "default" (none written), where no PodDisruptionBudget selects its pods; in namespace "shop", PodDisruptionBudget "checkout" in pdb.yaml does: wrong namespace? As written, a drain can evict them all at once.',
    ],
    related: [['pdb.yaml:4 PodDisruptionBudget "checkout" selects these pods, but in namespace "shop"']],
  },
  {
    name: 'no budget in the namespace: no related information',
    code: lines(...deployment()),
    related: [[]],
  },
]);
