import { lines, type RuleCases } from '../../test/rule-cases';

export const denyAll = (namespace = 'payments'): string[] => [
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: default-deny',
  `  namespace: ${namespace}`,
  'spec:',
  '  podSelector: {}',
  '  policyTypes:',
  '  - Ingress',
  '  - Egress',
];

export const allowDns = (ports: string[], namespace = 'payments'): string[] => [
  '---',
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: dns',
  `  namespace: ${namespace}`,
  'spec:',
  '  podSelector: {}',
  '  policyTypes: [Egress]',
  '  egress:',
  '  - to:',
  '    - namespaceSelector: {}',
  '    ports:',
  ...ports,
];

/**
 * The policy the fix inserts after the flagged one: DNS over UDP and TCP to kube-dns, for every pod of the
 * namespace (`null` writes no namespace, for the namespace "default").
 */
export const allowDnsPolicy = (name = 'allow-dns', namespace: string | null = 'payments'): string[] => [
  '---',
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  `  name: ${name}`,
  ...(namespace === null ? [] : [`  namespace: ${namespace}`]),
  'spec:',
  '  podSelector: {}',
  '  policyTypes:',
  '  - Egress',
  '  egress:',
  '  - to:',
  '    - namespaceSelector:',
  '        matchLabels:',
  '          kubernetes.io/metadata.name: kube-system',
  '      podSelector:',
  '        matchLabels:',
  '          k8s-app: kube-dns',
  '    ports:',
  '    - protocol: UDP',
  '      port: 53',
  '    - protocol: TCP',
  '      port: 53',
];

/** A policy named allow-dns that allows no DNS: it isolates egress of the namespace "default". */
const apiEgress = [
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata: {name: allow-dns}',
  'spec:',
  '  podSelector: {matchLabels: {app: api}}',
  '  egress:',
  '  - to: [{podSelector: {matchLabels: {app: db}}}]',
];

/** A policy that isolates the egress of the db and cache pods. */
const dbEgress = [
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata: {name: db-egress, namespace: payments}',
  'spec:',
  '  podSelector: {matchExpressions: [{key: app, operator: In, values: [db, cache]}]}',
  '  policyTypes: [Egress]',
  '  egress: [{to: [{podSelector: {matchLabels: {app: backup}}}]}]',
];

const udpOnly = allowDns(['    - {protocol: UDP, port: 53}']);

const cases: RuleCases = {
  valid: [
    {
      name: 'DNS allowed over UDP and TCP in the same namespace',
      code: lines(
        ...denyAll(),
        ...allowDns(['    - {protocol: UDP, port: 53}', '    - {protocol: TCP, port: 53}']),
      ),
    },
    {
      name: 'named port and default protocol',
      code: lines(...denyAll(), ...allowDns(['    - {protocol: UDP, port: dns}', '    - port: 53'])),
    },
    {
      name: 'ingress-only isolation does not touch DNS',
      code: lines(
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata: {name: ingress-only}',
        'spec: {podSelector: {}, policyTypes: [Ingress]}',
      ),
    },
    {
      name: 'an egress rule with no ports and no peers allows everything',
      code: lines(
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata: {name: open}',
        'spec:',
        '  podSelector: {}',
        '  egress:',
        '  - {}',
      ),
    },
  ],
  invalid: [
    {
      name: 'default deny: squiggle on Egress, fix appends an allow-dns policy',
      code: lines(...denyAll()),
      errors: [
        {
          message:
            'This policy isolates egress, but nothing in namespace "payments" allows DNS (port 53): every name lookup will fail.',
          line: 10,
          column: 5,
          endLine: 10,
          endColumn: 11,
        },
      ],
      fixTitle: 'Add NetworkPolicy "allow-dns" allowing DNS (UDP and TCP 53) to kube-dns',
      output: lines(...denyAll(), ...allowDnsPolicy()),
    },
    {
      name: 'UDP only: TCP fallback is blocked; both policies are flagged',
      code: lines(...denyAll(), ...udpOnly),
      errors: [
        {
          message:
            'Egress is isolated and namespace "payments" allows DNS over UDP only: lookups with large answers fall back to TCP and fail.',
          line: 10,
          column: 5,
          endLine: 10,
          endColumn: 11,
        },
        { message: /allows DNS over UDP only/, line: 19, column: 17, endLine: 19, endColumn: 23 },
      ],
      // Each finding offers the policy after its own document; either one clears both findings.
      output: lines(...denyAll(), ...allowDnsPolicy(), ...udpOnly),
      moreFixes: [
        {
          title: 'Add NetworkPolicy "allow-dns" allowing DNS (UDP and TCP 53) to kube-dns',
          output: lines(...denyAll(), ...udpOnly, ...allowDnsPolicy()),
        },
      ],
    },
    {
      name: 'an allow policy in another namespace does not help; implied egress isolation; name taken',
      code: lines(
        ...apiEgress,
        ...allowDns(['    - {protocol: UDP, port: 53}', '    - {protocol: TCP, port: 53}'], 'elsewhere'),
      ),
      errors: [
        {
          message: /nothing in namespace "default" allows DNS/,
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 9,
        },
      ],
      fixTitle: 'Add NetworkPolicy "allow-dns-2" allowing DNS (UDP and TCP 53) to kube-dns',
      output: lines(
        ...apiEgress,
        ...allowDnsPolicy('allow-dns-2', null),
        ...allowDns(['    - {protocol: UDP, port: 53}', '    - {protocol: TCP, port: 53}'], 'elsewhere'),
      ),
    },
    {
      name: 'a policy selecting pods by expression isolates egress too; the other policies are related information',
      code: lines(...dbEgress, '---', ...denyAll()),
      errors: [
        {
          message: /^This policy isolates egress, but nothing in namespace "payments"/,
          line: 6,
          column: 17,
          endLine: 6,
          endColumn: 23,
        },
        {
          message: /^This policy isolates egress, but nothing in namespace "payments"/,
          line: 18,
          column: 5,
          endLine: 18,
          endColumn: 11,
        },
      ],
      output: lines(...dbEgress, ...allowDnsPolicy(), '---', ...denyAll()),
      moreFixes: [
        {
          title: 'Add NetworkPolicy "allow-dns" allowing DNS (UDP and TCP 53) to kube-dns',
          output: lines(...dbEgress, '---', ...denyAll(), ...allowDnsPolicy()),
        },
      ],
    },
  ],
};

export default cases;
