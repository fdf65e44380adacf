// What the table (cases.ts, run by test/unit/rules.test.ts) cannot say: the related locations of the
// findings, messages that name the other file a related object lives in, and severities lowered to a hint.
import { lines } from '../../test/rule-cases';
import { relatedTester } from '../../test/related-tester';
import rule from '.';
import { deployment, pdb } from './cases';

relatedTester(rule, [
  {
    name: 'points at the workloads nearest to the selector, in other files too',
    code: lines(...pdb(['  selector: {matchLabels: {app: chekout, tier: web}}']).slice(1)),
    files: {
      'apps.yaml': lines(
        ...deployment('checkout', 'app: checkout, tier: web'),
        '---',
        ...deployment('search', 'app: search'),
      ),
    },
    related: [['apps.yaml:4 Deployment "checkout" has the pod labels app=checkout, tier=web']],
  },
  {
    name: 'the only workloads are in another namespace of the unit: no longer silent, says where they are',
    code: lines(...pdb(['  selector: {matchLabels: {app: checkout}}'], 'staging').slice(1)),
    files: { 'shop/checkout.yaml': lines(...deployment('checkout', 'app: checkout', 'shop')) },
    findings: [
      'warning 8:3-8:11 PodDisruptionBudget "checkout" selects no pods in namespace "staging"; in namespace "shop", Deployment "checkout" in shop/checkout.yaml has pod labels matching app=checkout: wrong namespace? A budget covers pods of its own namespace only, so as written drains evict them without limit.',
    ],
    related: [
      ['shop/checkout.yaml:4 Deployment "checkout" has the pod labels app=checkout, in namespace "shop"'],
    ],
  },
  {
    name: 'the workload leaves its namespace to apply time: a hint',
    code: lines(...pdb(['  selector: {matchLabels: {app: checkout}}'], 'shop').slice(1)),
    files: { 'checkout.yaml': lines(...deployment('checkout', 'app: checkout')) },
    findings: [
      'hint 8:3-8:11 PodDisruptionBudget "checkout" selects no pods in namespace "shop"; in namespace "default" (none written), Deployment "checkout" in checkout.yaml has pod labels matching app=checkout: wrong namespace? A budget covers pods of its own namespace only, so as written drains evict them without limit.',
    ],
    related: [
      ['checkout.yaml:4 Deployment "checkout" has the pod labels app=checkout, in namespace "default"'],
    ],
  },
  {
    name: 'a custom resource of the namespace may create the pods: what is known, as a hint',
    code: lines(
      ...deployment('web', 'app: web'),
      ...pdb(['  selector: {matchLabels: {app.kubernetes.io/name: redis}}']),
      '---',
      'apiVersion: databases.spotahome.com/v1',
      'kind: RedisFailover',
      'metadata: {name: cache}',
      'spec: {redis: {replicas: 3}}',
    ),
    findings: [
      'hint 18:3-18:11 PodDisruptionBudget "checkout" selects no pods that these manifests declare: no workload in namespace "default" has pod labels matching app.kubernetes.io/name=redis. Unless RedisFailover "cache" creates such pods, drains evict its intended pods without limit.',
    ],
    related: [['22 RedisFailover "cache" is a custom resource: the pods it creates appear in no manifest']],
  },
]);
