import { lines, type RuleCases } from '../../test/rule-cases';

const cases: RuleCases = {
  valid: [
    {
      name: 'enforce label set',
      code: lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: shop',
        '  labels:',
        '    pod-security.kubernetes.io/enforce: restricted',
        '    pod-security.kubernetes.io/enforce-version: latest',
      ),
    },
    {
      name: 'an explicit privileged level is a decision, not an omission',
      code: lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata: {name: monitoring, labels: {pod-security.kubernetes.io/enforce: privileged}}',
      ),
    },
    {
      name: 'system namespaces are exempt by default',
      code: lines('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: kube-system'),
    },
    {
      name: 'option: more exempt namespaces',
      settings: {
        rules: { 'namespace-without-pod-security': { options: { exemptNamespaces: ['ingress-nginx'] } } },
      },
      code: lines('apiVersion: v1', 'kind: Namespace', 'metadata: {name: ingress-nginx}'),
    },
    {
      name: 'near miss: a namespaced object carrying the label is not a Namespace',
      code: lines('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: shop}', 'data: {a: b}'),
    },
    {
      name: 'rule turned off',
      settings: { rules: { 'namespace-without-pod-security': 'off' } },
      code: lines('apiVersion: v1', 'kind: Namespace', 'metadata: {name: shop}'),
    },
  ],
  invalid: [
    {
      name: 'labels without the enforce label: squiggle on the name, fix adds the label',
      code: lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: shop # storefront',
        '  labels:',
        '    team: checkout',
        '    # cost centre below',
        '    cost-centre: "42"',
      ),
      errors: [
        {
          message:
            'Namespace "shop" has no pod-security.kubernetes.io/enforce label: its pods may run privileged, share host namespaces or mount host paths unchecked.',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 13,
        },
      ],
      fixTitle: 'Add label pod-security.kubernetes.io/enforce: baseline',
      output: lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: shop # storefront',
        '  labels:',
        '    team: checkout',
        '    # cost centre below',
        '    cost-centre: "42"',
        '    pod-security.kubernetes.io/enforce: baseline',
      ),
    },
    {
      name: 'no labels at all: the fix creates them',
      code: lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: payments',
        '  annotations: {owner: pay}',
      ),
      errors: [
        {
          message: /^Namespace "payments" has no pod-security\.kubernetes\.io\/enforce label/,
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 17,
        },
      ],
      output: lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: payments',
        '  annotations: {owner: pay}',
        '  labels:',
        '    pod-security.kubernetes.io/enforce: baseline',
      ),
    },
    {
      name: 'flow-style metadata in a second document',
      code: lines(
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: {name: x}',
        '---',
        'apiVersion: v1',
        'kind: Namespace',
        'metadata: {name: web}',
      ),
      errors: [{ message: /^Namespace "web" has no/, line: 7, column: 18, endLine: 7, endColumn: 21 }],
      output: lines(
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: {name: x}',
        '---',
        'apiVersion: v1',
        'kind: Namespace',
        'metadata: {name: web, labels: {pod-security.kubernetes.io/enforce: baseline}}',
      ),
    },
    {
      name: 'warn and audit only: its own message; option level restricted',
      settings: { rules: { 'namespace-without-pod-security': { options: { level: 'restricted' } } } },
      code: lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: batch',
        '  labels:',
        '    pod-security.kubernetes.io/warn: restricted',
        '    pod-security.kubernetes.io/audit: restricted',
      ),
      errors: [
        {
          message:
            'Namespace "batch" only warns or audits (pod-security.kubernetes.io/warn, pod-security.kubernetes.io/audit) and has no pod-security.kubernetes.io/enforce label: pods that break the standard are still admitted.',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 14,
        },
      ],
      fixTitle: 'Add label pod-security.kubernetes.io/enforce: restricted',
      output: lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: batch',
        '  labels:',
        '    pod-security.kubernetes.io/warn: restricted',
        '    pod-security.kubernetes.io/audit: restricted',
        '    pod-security.kubernetes.io/enforce: restricted',
      ),
    },
    {
      name: 'CRLF, empty labels mapping',
      code: ['apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: api', '  labels: {}', ''].join(
        '\r\n',
      ),
      errors: [{ message: /^Namespace "api" has no/, line: 4, column: 9, endLine: 4, endColumn: 12 }],
      output: [
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: api',
        '  labels:',
        '    pod-security.kubernetes.io/enforce: baseline',
        '',
      ].join('\r\n'),
    },
  ],
};

export default cases;
