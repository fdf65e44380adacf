// What the table (cases.ts, run by test/unit/rules.test.ts) cannot say: the related locations of the
// findings.
import { lines } from '../../test/rule-cases';
import { relatedTester } from '../../test/related-tester';
import rule from '.';
import { denyAll, service } from './cases';

relatedTester(rule, [
  {
    name: 'the Services cut off and the other policies checked, from other files',
    code: lines(...denyAll()),
    files: {
      'services.yaml': lines(...service().slice(1)),
      'egress.yaml': lines(
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata: {name: egress-dns, namespace: shop}',
        'spec: {podSelector: {}, policyTypes: [Egress], egress: [{ports: [{port: 53, protocol: UDP}]}]}',
      ),
    },
    findings: [
      'warning 9:5-9:12 NetworkPolicy "default-deny" denies all ingress to every pod in namespace "shop", and no policy there allows any: Service "checkout" in services.yaml can no longer reach its pods.',
    ],
    related: [
      [
        'services.yaml:3 Service "checkout" sends traffic to pods with app=checkout',
        'egress.yaml:3 NetworkPolicy "egress-dns" allows no ingress',
      ],
    ],
  },
]);
