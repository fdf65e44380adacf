import { lines } from '../../test/rule-cases';
import { ruleTester } from '../../test/rule-tester';
import { relatedTester } from '../service-selects-nothing/assert-related';
import rule from '.';
import cases, { namespace } from './cases';

ruleTester(rule, cases);

relatedTester(rule, [
  {
    name: 'the containers of the namespace that would get the defaults, from another file',
    code: lines(...namespace()),
    files: {
      'apps.yaml': lines(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web, namespace: shop}',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '      - name: web',
        '      - {name: sidecar, resources: {limits: {memory: 64Mi}}}',
      ),
    },
    related: [['apps.yaml:8 Container "web" of Deployment "web" in this namespace has no memory limit']],
  },
]);
