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
    related: [
      [
        'hpa.yaml:3 HorizontalPodAutoscaler "web" scales this Deployment between 3 and 12 replicas',
        'hpa.yaml:8 HorizontalPodAutoscaler "web-gpu" scales this Deployment between 3 and 12 replicas',
      ],
    ],
  },
]);
