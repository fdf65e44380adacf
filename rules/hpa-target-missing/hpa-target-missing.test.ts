// What the table (cases.ts, run by test/unit/rules.test.ts) cannot say: the related locations of the
// findings.
import { lines } from '../../test/rule-cases';
import { relatedTester } from '../../test/related-tester';
import rule from '.';
import { hpa, workload } from './cases';

relatedTester(rule, [
  {
    name: 'the similarly named objects of that kind, in another file',
    code: lines(...hpa('Deployment', 'chekout').slice(1)),
    files: {
      'apps.yaml': lines(...workload('Deployment', 'checkout'), '---', ...workload('Deployment', 'search')),
    },
    related: [['apps.yaml:4 Deployment "checkout" has a similar name']],
  },
  {
    name: 'the object of that name, for a wrong kind',
    code: lines(...workload('StatefulSet', 'web'), ...hpa('Deployment', 'web')),
    related: [['4 StatefulSet "web" is the object of that name']],
  },
]);
