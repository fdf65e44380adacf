import { lines, type RuleCases } from '../../test/rule-cases';

const cases: RuleCases = {
  valid: [
    {
      name: 'Pod Security Admission labels on a namespace',
      code: lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: shop',
        '  labels:',
        '    pod-security.kubernetes.io/enforce: baseline',
      ),
    },
    {
      name: 'near miss: a ClusterRole that still mentions podsecuritypolicies is not a PodSecurityPolicy',
      code: lines(
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: ClusterRole',
        'metadata: {name: psp:restricted}',
        'rules:',
        '- apiGroups: [policy]',
        '  resources: [podsecuritypolicies]',
        '  verbs: [use]',
      ),
    },
    {
      name: 'rule turned off',
      settings: { rules: { 'podsecuritypolicy-removed': 'off' } },
      code: lines('apiVersion: policy/v1beta1', 'kind: PodSecurityPolicy', 'metadata: {name: p}'),
    },
  ],
  invalid: [
    {
      name: 'a restricted PSP: squiggle on the kind value, no fix',
      code: lines(
        'apiVersion: policy/v1beta1',
        'kind: PodSecurityPolicy # removed in 1.25',
        'metadata:',
        '  name: restricted',
        'spec:',
        '  privileged: false',
        '  runAsUser: {rule: MustRunAsNonRoot}',
      ),
      errors: [
        {
          message:
            'PodSecurityPolicy "restricted" cannot be applied: the API was removed in Kubernetes 1.25 (you target 1.36), so nothing it forbids is enforced. Use pod-security.kubernetes.io namespace labels instead.',
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 24,
        },
      ],
      output: null,
    },
    {
      name: 'targeting Kubernetes 1.24: deprecated, breaks on the upgrade; PSP in the second document and a List',
      settings: { kubernetesVersion: '1.24' },
      code: lines(
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: ClusterRole',
        'metadata: {name: psp-user}',
        '---',
        'apiVersion: v1',
        'kind: List',
        'items:',
        '- apiVersion: extensions/v1beta1',
        '  kind: "PodSecurityPolicy"',
        '  metadata: {name: legacy}',
      ),
      errors: [
        {
          message:
            'PodSecurityPolicy "legacy" uses an API deprecated since Kubernetes 1.21 and removed in 1.25: after that upgrade it fails to apply and enforces nothing. Move to pod-security.kubernetes.io namespace labels.',
          line: 9,
          column: 9,
          endLine: 9,
          endColumn: 28,
        },
      ],
    },
    {
      name: 'flow-style document',
      code: lines('{apiVersion: policy/v1beta1, kind: PodSecurityPolicy, metadata: {name: privileged}}'),
      errors: [
        {
          message: /^PodSecurityPolicy "privileged" cannot be applied/,
          line: 1,
          column: 36,
          endLine: 1,
          endColumn: 53,
        },
      ],
    },
  ],
};

export default cases;
