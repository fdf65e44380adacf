import { lines } from '../../test/rule-cases';
import { ruleTester } from '../../test/rule-tester';
import { relatedTester } from '../service-selects-nothing/assert-related';
import rule from '.';
import cases, { deployment, hpa } from './cases';

ruleTester(rule, cases);

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
    related: [
      ['web.yaml:11 Container "app" sets no cpu request', 'web.yaml:13 Container "otel" sets no cpu request'],
    ],
  },
]);
