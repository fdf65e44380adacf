import { ruleTester } from '../../test/rule-tester';
import { lines } from '../../test/rule-cases';
import { relatedTester } from '../service-selects-nothing/assert-related';
import rule from '.';
import cases, { deployment, pdb } from './cases';

ruleTester(rule, cases);

relatedTester(rule, [
  {
    name: 'points at the workloads nearest to the selector, in other files too',
    code: lines(...pdb(['  selector: {matchLabels: {app: chekout, tier: web}}']).slice(1)),
    files: {
      'apps.yaml': lines(
        ...deployment('checkout', 'app: checkout, tier: web'),
        '---',
        ...deployment('search', 'app: search'),
      ),
    },
    related: [['apps.yaml:4 Deployment "checkout" has the pod labels app=checkout, tier=web']],
  },
]);
