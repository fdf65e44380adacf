import { lines, type RuleCases } from '../../test/rule-cases';

export const denyAll = (
  types: string[] = ['  policyTypes:', '  - Ingress'],
  namespace = 'shop',
): string[] => [
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: default-deny',
  `  namespace: ${namespace}`,
  'spec:',
  '  podSelector: {}',
  ...types,
];

export const service = (namespace = 'shop', name = 'checkout'): string[] => [
  '---',
  'apiVersion: v1',
  'kind: Service',
  `metadata: {name: ${name}, namespace: ${namespace}}`,
  `spec: {selector: {app: ${name}}, ports: [{port: 80}]}`,
];

const allow = (namespace = 'shop', types = '[Ingress]'): string[] => [
  '---',
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  `metadata: {name: allow-frontend, namespace: ${namespace}}`,
  'spec:',
  '  podSelector: {matchLabels: {app: checkout}}',
  `  policyTypes: ${types}`,
  '  ingress:',
  '  - from: [{podSelector: {matchLabels: {app: frontend}}}]',
];

const cases: RuleCases = {
  valid: [
    {
      name: 'the default-deny comes with an allow policy',
      code: lines(...denyAll(), ...allow(), ...service()),
    },
    {
      name: 'an ingress rule in the policy itself: not a deny-all',
      code: lines(...denyAll(['  ingress:', '  - {}']), ...service()),
    },
    {
      name: 'no Service in the namespace: nothing expects traffic',
      code: lines(...denyAll(), ...service('other')),
    },
    {
      name: 'an egress-only default deny does not stop ingress',
      code: lines(...denyAll(['  policyTypes: [Egress]']), ...service()),
    },
    {
      name: 'a policy that selects some pods only',
      code: lines(
        ...denyAll().map((l) => (l === '  podSelector: {}' ? '  podSelector: {matchLabels: {app: db}}' : l)),
        ...service(),
      ),
    },
    {
      name: 'an ExternalName Service expects no traffic into the namespace',
      code: lines(
        ...denyAll(),
        '---',
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: db, namespace: shop}',
        'spec: {type: ExternalName, externalName: db.example.com}',
      ),
    },
  ],
  invalid: [
    {
      name: 'deny-all ingress and nothing allowed: squiggle on Ingress, no fix',
      code: lines(...denyAll(), ...service()),
      errors: [
        {
          message:
            'NetworkPolicy "default-deny" denies all ingress to every pod in namespace "shop", and no policy there allows any: Service "checkout" can no longer reach its pods.',
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 12,
        },
      ],
      output: null,
    },
    {
      name: 'policyTypes unset: ingress is isolated anyway; squiggle on podSelector',
      code: lines(...denyAll([]), ...service(), ...service('shop', 'cart'), ...service('shop', 'search')),
      errors: [
        {
          message:
            'NetworkPolicy "default-deny" denies all ingress to every pod in namespace "shop", and no policy there allows any: Service "checkout", Service "cart" and 1 more can no longer reach their pods.',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 14,
        },
      ],
    },
    {
      name: 'the allow policy is in another namespace',
      code: lines(...denyAll(), ...allow('staging'), ...service()),
      errors: [
        {
          message: /in namespace "shop", and no policy there allows any/,
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 12,
        },
      ],
    },
    {
      name: 'ingress rules under an egress-only policyTypes allow nothing',
      code: lines(
        ...denyAll(['  policyTypes: [Ingress, Egress]']),
        ...allow('shop', '[Egress]'),
        ...service(),
      ),
      errors: [{ message: /no policy there allows any/, line: 8, column: 17, endLine: 8, endColumn: 24 }],
    },
    {
      name: 'namespace unset on both: the default namespace',
      code: lines(
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata: {name: deny}',
        'spec: {podSelector: {}, policyTypes: [Ingress]}',
        '---',
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: web}',
        'spec: {selector: {app: web}}',
      ),
      errors: [{ message: /in namespace "default"/, line: 4, column: 39, endLine: 4, endColumn: 46 }],
    },
  ],
};

export default cases;
