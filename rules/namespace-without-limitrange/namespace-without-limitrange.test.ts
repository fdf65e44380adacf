// What the table (cases.ts, run by test/unit/rules.test.ts) cannot say: the related locations of the
// findings.
import { lines } from '../../test/rule-cases';
import { relatedTester } from '../../test/related-tester';
import rule from '.';
import { namespace } from './cases';

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
