import { lines } from '../../test/rule-cases';
import { ruleTester } from '../../test/rule-tester';
import { relatedTester } from '../service-selects-nothing/assert-related';
import rule from '.';
import cases, { denyAll, service } from './cases';

ruleTester(rule, cases);

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
    related: [
      [
        'services.yaml:3 Service "checkout" sends traffic to pods with app=checkout',
        'egress.yaml:3 NetworkPolicy "egress-dns" allows no ingress',
      ],
    ],
  },
]);
