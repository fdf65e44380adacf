// What the table (cases.ts, run by test/unit/rules.test.ts) cannot say: the related locations of the
// findings.
import { lines } from '../../test/rule-cases';
import { relatedTester } from '../../test/related-tester';
import rule from '.';
import { deployment, service } from './cases';

relatedTester(rule, [
  {
    name: 'the workloads nearest to the selector, from another file',
    code: lines(...service(['  selector: {app: checkout, tier: web}']).slice(1)),
    files: {
      'apps.yaml': lines(
        ...deployment('checkout', 'app: checkout, tier: api'),
        '---',
        ...deployment('search', 'app: search, tier: web'),
        '---',
        ...deployment('cache', 'app: cache'),
      ),
    },
    related: [
      [
        'apps.yaml:4 Deployment "checkout" has the pod labels app=checkout, tier=api',
        'apps.yaml:15 Deployment "search" has the pod labels app=search, tier=web',
      ],
    ],
  },
  {
    name: 'the workload scaled to zero, at its replicas',
    code: lines(...deployment('web', 'app: web', undefined, 0), ...service(['  selector: {app: web}'])),
    related: [['6 Deployment "web" runs 0 replicas']],
  },
]);
