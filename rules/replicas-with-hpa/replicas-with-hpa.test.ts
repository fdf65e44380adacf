// What the table (cases.ts, run by test/unit/rules.test.ts) cannot say: the related locations of the
// findings.
import { lines } from '../../test/rule-cases';
import { relatedTester } from '../../test/related-tester';
import rule from '.';
import { deployment, hpa } from './cases';

relatedTester(rule, [
  {
    name: 'every autoscaler that targets the workload, from another file',
    code: lines(...deployment(['  replicas: 3'])),
    files: { 'hpa.yaml': lines(...hpa().slice(1), ...hpa(undefined, 'Deployment', 'web-gpu')) },
    findings: [
      'hint 6:3-6:11 Deployment "web" sets replicas: 3, but HorizontalPodAutoscaler "web" in hpa.yaml scales it: every apply of this manifest resets it to 3 replicas until the autoscaler catches up.',
    ],
    related: [
      [
        'hpa.yaml:3 HorizontalPodAutoscaler "web" scales this Deployment between 3 and 12 replicas',
        'hpa.yaml:8 HorizontalPodAutoscaler "web-gpu" scales this Deployment between 3 and 12 replicas',
      ],
    ],
  },
  {
    name: 'the autoscaler in a subfolder of the unit: the message names its path',
    code: lines(...deployment(['  replicas: 2'])),
    files: { 'hpa/web.yaml': lines(...hpa().slice(1)) },
    findings: [
      'hint 6:3-6:11 Deployment "web" sets replicas: 2, but HorizontalPodAutoscaler "web" in hpa/web.yaml scales it: every apply of this manifest resets it to 2 replicas until the autoscaler catches up.',
    ],
    related: [
      ['hpa/web.yaml:3 HorizontalPodAutoscaler "web" scales this Deployment between 3 and 12 replicas'],
    ],
  },
]);
