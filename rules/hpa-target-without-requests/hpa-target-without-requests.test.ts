// What the table (cases.ts, run by test/unit/rules.test.ts) cannot say: the related locations of the
// findings.
import { lines } from '../../test/rule-cases';
import { relatedTester } from '../../test/related-tester';
import rule from '.';
import { deployment, hpa } from './cases';

relatedTester(rule, [
  {
    name: 'each container without the request, in the target’s file',
    code: lines(
      ...hpa([
        '  metrics:',
        '  - type: Resource',
        '    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}',
      ]).slice(1),
    ),
    files: {
      'web.yaml': lines(
        ...deployment([
          '      - name: app',
          '      - {name: envoy, resources: {requests: {cpu: 10m}}}',
          '      - name: otel',
        ]),
      ),
    },
    findings: [
      'warning 10:22-10:25 HorizontalPodAutoscaler "web" scales on cpu utilization (70%), but containers "app", "otel" of Deployment "web" in web.yaml set no cpu request: utilization cannot be computed, so the autoscaler never acts on it.',
    ],
    related: [
      ['web.yaml:11 Container "app" sets no cpu request', 'web.yaml:13 Container "otel" sets no cpu request'],
    ],
  },
]);
