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
    name: 'a spread over a label nodes share counts the autoscaler’s replicas too, and says whose they are',
    code: deployment.replace(
      '    spec: {containers: [{name: web}]}',
      [
        '    spec:',
        '      containers: [{name: web}]',
        '      topologySpreadConstraints:',
        '      - {maxSkew: 1, topologyKey: kubernetes.io/os, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: web}}}',
      ].join('\n'),
    ),
    files: { 'hpa/web.yaml': autoscaler(['  minReplicas: 3']) },
    findings: [
      'warning 12:22-12:33 This topology spread constraint of Deployment "web" spreads over "kubernetes.io/os", a label nodes share: all 3 replicas (minReplicas of HorizontalPodAutoscaler "web" in hpa/web.yaml) can still land on one node.',
    ],
    related: [['hpa/web.yaml:6 HorizontalPodAutoscaler "web" sets minReplicas: 3']],
  },
  {
    name: 'an autoscaler without minReplicas keeps one replica: nothing to spread',
    code: deployment,
    files: { 'hpa/web.yaml': autoscaler([]) },
    findings: [],
    related: [],
  },
]);
