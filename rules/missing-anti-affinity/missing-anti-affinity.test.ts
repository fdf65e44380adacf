// What the table (cases.ts, run by test/unit/rules.test.ts) cannot say: a replica count that an autoscaler in
// another file decides, named in the message and pointed at by the related information.
import { lines } from '../../test/rule-cases';
import { relatedTester } from '../../test/related-tester';
import rule from '.';

const deployment = lines(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: web}',
  'spec:',
  '  replicas: 1',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec: {containers: [{name: web}]}',
);

const autoscaler = (minReplicas: string[]): string =>
  lines(
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    'metadata: {name: web}',
    'spec:',
    '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}',
    ...minReplicas,
    '  maxReplicas: 6',
  );

relatedTester(rule, [
  {
    name: 'one replica written, two from the autoscaler in hpa/web.yaml: the message says so',
    code: deployment,
    files: { 'hpa/web.yaml': autoscaler(['  minReplicas: 2']) },
    findings: [
      'warning 5:3-5:11 Deployment "web" runs 2 replicas (minReplicas of HorizontalPodAutoscaler "web" in hpa/web.yaml) with no anti-affinity or topology spread: one node failure can take them all.',
    ],
    related: [['hpa/web.yaml:6 HorizontalPodAutoscaler "web" sets minReplicas: 2']],
  },
  {
    name: 'an autoscaler without minReplicas keeps one replica: nothing to spread',
    code: deployment,
    files: { 'hpa/web.yaml': autoscaler([]) },
    findings: [],
    related: [],
  },
]);
