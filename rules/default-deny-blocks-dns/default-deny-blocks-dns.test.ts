// What the table (cases.ts, run by test/unit/rules.test.ts) cannot say: the related locations of the
// findings.
import { lines } from '../../test/rule-cases';
import { relatedTester } from '../../test/related-tester';
import rule from '.';
import { allowDns, denyAll } from './cases';

relatedTester(rule, [
  {
    name: 'the other egress-isolating policies of the namespace, from another file',
    code: lines(...denyAll()),
    files: {
      'dns.yaml': lines(...allowDns(['    - {protocol: UDP, port: 53}']).slice(1)),
      'other-namespace.yaml': lines(...denyAll('elsewhere')),
    },
    related: [['dns.yaml:4 NetworkPolicy "dns" also isolates egress here and allows DNS over UDP only']],
  },
  {
    name: 'alone in its namespace: no related information',
    code: lines(...denyAll()),
    related: [[]],
  },
]);
