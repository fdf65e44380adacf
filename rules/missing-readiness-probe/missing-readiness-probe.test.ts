// What the table (cases.ts, run by test/unit/rules.test.ts) cannot say: the related locations of the
// findings.
import { lines } from '../../test/rule-cases';
import { relatedTester } from '../../test/related-tester';
import rule from '.';
import { deployment, service } from './cases';

relatedTester(rule, [
  {
    name: 'the Service whose selector was checked, in another file',
    code: lines(...deployment(['      - {name: web, ports: [{containerPort: 8080}]}'])),
    files: { 'service.yaml': lines(...service().slice(1)) },
    related: [['service.yaml:4 Service "web" selects these pods (app=web)']],
  },
]);
