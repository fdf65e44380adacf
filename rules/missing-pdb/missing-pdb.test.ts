// What the table (cases.ts, run by test/unit/rules.test.ts) cannot say: the related locations of the
// findings.
import { lines } from '../../test/rule-cases';
import { relatedTester } from '../../test/related-tester';
import rule from '.';
import { deployment, pdb } from './cases';

relatedTester(rule, [
  {
    name: 'the budgets of the namespace that were checked and do not match, in other files too',
    code: lines(...deployment('shop')),
    files: {
      'budgets.yaml': lines(
        ...pdb(['    matchLabels: {app: chekout}'], 'shop').slice(1),
        ...pdb(['    matchLabels: {app: checkout}'], 'staging'),
      ),
    },
    related: [
      [
        'budgets.yaml:4 PodDisruptionBudget "checkout" is in this namespace, but its selector does not match the pod labels app=checkout, tier=web',
      ],
    ],
  },
  {
    name: 'no budget in the namespace: no related information',
    code: lines(...deployment()),
    related: [[]],
  },
]);
