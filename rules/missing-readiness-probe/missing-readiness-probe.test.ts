// What the table (cases.ts, run by test/unit/rules.test.ts) cannot say: the related locations of the
// findings, and messages that name the other file a Service lives in.
import { lines } from '../../test/rule-cases';
import { relatedTester } from '../../test/related-tester';
import rule from '.';
import { deployment, service } from './cases';

relatedTester(rule, [
  {
    name: 'the Service whose selector was checked, in another file',
    code: lines(...deployment(['      - {name: web, ports: [{containerPort: 8080}]}'])),
    files: { 'service.yaml': lines(...service().slice(1)) },
    findings: [
      'warning 13:16-13:19 Container "web" of Deployment "web" has no readiness probe, but Service "web" in service.yaml sends it traffic: new and restarted pods get requests before they can answer them.',
    ],
    related: [['service.yaml:4 Service "web" selects these pods (app=web)']],
  },
]);
