// What the table (cases.ts, run by test/unit/rules.test.ts) cannot say: the related locations of the
// findings.
import { lines } from '../../test/rule-cases';
import { relatedTester } from '../../test/related-tester';
import rule from '.';
import { deployment, pdb } from './cases';

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
