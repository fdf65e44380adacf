import { lines } from '../../test/rule-cases';
import { ruleTester } from '../../test/rule-tester';
import { relatedTester } from '../service-selects-nothing/assert-related';
import rule from '.';
import cases, { deployment, service } from './cases';

ruleTester(rule, cases);

relatedTester(rule, [
  {
    name: 'the Service whose selector was checked, in another file',
    code: lines(...deployment(['      - {name: web, ports: [{containerPort: 8080}]}'])),
    files: { 'service.yaml': lines(...service().slice(1)) },
    related: [['service.yaml:4 Service "web" selects these pods (app=web)']],
  },
]);
