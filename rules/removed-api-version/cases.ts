import { lines, type RuleCases } from '../../test/rule-cases';

const cases: RuleCases = {
  valid: [
    {
      name: 'a PodSecurityPolicy past 1.25 is left to podsecuritypolicy-removed (one object, one error)',
      code: lines('apiVersion: policy/v1beta1', 'kind: PodSecurityPolicy', 'metadata: {name: restricted}'),
    },
    {
      name: 'current API versions',
      code: lines(
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata: {name: nightly}',
        '---',
        'apiVersion: networking.k8s.io/v1',
        'kind: Ingress',
        'metadata: {name: web}',
        '---',
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: web}',
      ),
    },
    {
      name: 'batch/v1beta1 CronJob is still served by a 1.24 target',
      settings: { kubernetesVersion: '1.24' },
      code: lines('apiVersion: batch/v1beta1', 'kind: CronJob', 'metadata: {name: nightly}'),
    },
    {
      name: 'flowcontrol v1beta2 is still served by a 1.28 target',
      settings: { kubernetesVersion: '1.28' },
      code: lines(
        'apiVersion: flowcontrol.apiserver.k8s.io/v1beta2',
        'kind: FlowSchema',
        'metadata: {name: fs}',
      ),
    },
    {
      name: 'near miss: custom resources that reuse a built-in kind name in their own group',
      code: lines(
        'apiVersion: example.com/v1beta1',
        'kind: CronJob',
        'metadata: {name: custom}',
        '---',
        'apiVersion: traefik.io/v1alpha1',
        'kind: IngressRoute',
        'metadata: {name: web}',
      ),
    },
  ],
  invalid: [
    {
      name: 'batch/v1beta1 CronJob: squiggle on the apiVersion value, fix moves it to batch/v1',
      code: lines(
        'apiVersion: batch/v1beta1 # from an old chart',
        'kind: CronJob',
        'metadata: {name: nightly-report}',
        'spec:',
        '  schedule: "0 2 * * *"',
      ),
      errors: [
        {
          message:
            'CronJob "nightly-report" uses batch/v1beta1, which Kubernetes 1.25 stopped serving (target 1.36): the ' +
            'API server rejects it. Use batch/v1 (same fields).',
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 26,
        },
      ],
      fixTitle: 'Change apiVersion to batch/v1 (same fields)',
      output: lines(
        'apiVersion: batch/v1 # from an old chart',
        'kind: CronJob',
        'metadata: {name: nightly-report}',
        'spec:',
        '  schedule: "0 2 * * *"',
      ),
    },
    {
      name: 'extensions/v1beta1 Deployment: the schema changed, so no fix',
      code: lines(
        'apiVersion: extensions/v1beta1',
        'kind: Deployment',
        'metadata: {name: legacy}',
        'spec:',
        '  template:',
        '    metadata: {labels: {app: legacy}}',
      ),
      errors: [
        {
          message:
            'Deployment "legacy" uses extensions/v1beta1, which Kubernetes 1.16 stopped serving (target 1.36): the ' +
            'API server rejects it. Use apps/v1 (spec.selector becomes required, rollbackTo is gone, and the ' +
            'defaults of progressDeadlineSeconds, revisionHistoryLimit, maxSurge and maxUnavailable change).',
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 31,
        },
      ],
      output: null,
    },
    {
      name: 'beta Ingress against a 1.24 target: no fix, the backend shape changed',
      settings: { kubernetesVersion: '1.24' },
      code: lines(
        'apiVersion: networking.k8s.io/v1beta1',
        'kind: Ingress',
        'metadata: {name: shop}',
        'spec:',
        '  backend: {serviceName: shop, servicePort: 80}',
      ),
      errors: [
        {
          message:
            'Ingress "shop" uses networking.k8s.io/v1beta1, which Kubernetes 1.22 stopped serving (target 1.24): ' +
            'the API server rejects it. Use networking.k8s.io/v1 (backends are written service.name and ' +
            'service.port, spec.backend becomes spec.defaultBackend, and every path needs a pathType).',
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 38,
        },
      ],
      output: null,
    },
    {
      name: 'PodDisruptionBudget with an empty selector: no fix, policy/v1 would select every pod',
      code: lines(
        'apiVersion: policy/v1beta1',
        'kind: PodDisruptionBudget',
        'metadata: {name: all}',
        'spec:',
        '  maxUnavailable: 1',
        '  selector: {}',
      ),
      errors: [
        {
          message:
            'PodDisruptionBudget "all" uses policy/v1beta1, which Kubernetes 1.25 stopped serving (target 1.36): ' +
            'the API server rejects it. Use policy/v1 (an empty selector {} now selects every pod in the namespace ' +
            'instead of none).',
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 27,
        },
      ],
      output: null,
    },
    {
      name: 'PodDisruptionBudget with labels, in the second document: the fix is safe',
      code: lines(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        '---',
        'apiVersion: policy/v1beta1',
        'kind: PodDisruptionBudget',
        'metadata: {name: web}',
        'spec:',
        '  maxUnavailable: 1',
        '  selector: {matchLabels: {app: web}}',
      ),
      errors: [
        {
          message: /^PodDisruptionBudget "web" uses policy\/v1beta1/,
          line: 5,
          column: 13,
          endLine: 5,
          endColumn: 27,
        },
      ],
      fixTitle: 'Change apiVersion to policy/v1 (the selector is not empty, so it selects the same pods)',
      output: lines(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        '---',
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: web}',
        'spec:',
        '  maxUnavailable: 1',
        '  selector: {matchLabels: {app: web}}',
      ),
    },
    {
      name: 'extensions/v1beta1 PodSecurityPolicy against a 1.20 target moves to policy/v1beta1',
      settings: { kubernetesVersion: '1.20' },
      code: lines(
        "apiVersion: 'extensions/v1beta1'",
        'kind: PodSecurityPolicy',
        'metadata: {name: restricted}',
      ),
      errors: [
        {
          message:
            'PodSecurityPolicy "restricted" uses extensions/v1beta1, which Kubernetes 1.16 stopped serving (target ' +
            '1.20): the API server rejects it. Use policy/v1beta1 (same fields, until PodSecurityPolicy itself is ' +
            'removed in 1.25).',
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 33,
        },
      ],
      output: lines(
        "apiVersion: 'policy/v1beta1'",
        'kind: PodSecurityPolicy',
        'metadata: {name: restricted}',
      ),
    },
    {
      name: 'quoted RBAC apiVersion inside a List: the fix keeps the quotes',
      code: lines(
        'apiVersion: v1',
        'kind: List',
        'items:',
        '- apiVersion: "rbac.authorization.k8s.io/v1beta1"',
        '  kind: ClusterRoleBinding',
        '  metadata: {name: admins}',
        '  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}',
      ),
      errors: [
        {
          message:
            /^ClusterRoleBinding "admins" uses rbac\.authorization\.k8s\.io\/v1beta1, which Kubernetes 1\.22/,
          line: 4,
          column: 15,
          endLine: 4,
          endColumn: 50,
        },
      ],
      output: lines(
        'apiVersion: v1',
        'kind: List',
        'items:',
        '- apiVersion: "rbac.authorization.k8s.io/v1"',
        '  kind: ClusterRoleBinding',
        '  metadata: {name: admins}',
        '  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}',
      ),
    },
    {
      name: 'flowcontrol v1beta2 FlowSchema against a 1.29 target moves to v1',
      settings: { kubernetesVersion: '1.29' },
      code: lines(
        'apiVersion: flowcontrol.apiserver.k8s.io/v1beta2',
        'kind: FlowSchema',
        'metadata: {name: fs}',
      ),
      errors: [
        {
          message:
            'FlowSchema "fs" uses flowcontrol.apiserver.k8s.io/v1beta2, which Kubernetes 1.29 stopped serving ' +
            '(target 1.29): the API server rejects it. Use flowcontrol.apiserver.k8s.io/v1 (same fields).',
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 49,
        },
      ],
      output: lines(
        'apiVersion: flowcontrol.apiserver.k8s.io/v1',
        'kind: FlowSchema',
        'metadata: {name: fs}',
      ),
    },
    {
      name: 'autoscaling/v2beta2 HPA, flow style, CRLF line endings',
      code: [
        '{apiVersion: autoscaling/v2beta2, kind: HorizontalPodAutoscaler, metadata: {name: api}, spec: {minReplicas: 2, maxReplicas: 10}}',
        '',
      ].join('\r\n'),
      errors: [
        {
          message:
            /^HorizontalPodAutoscaler "api" uses autoscaling\/v2beta2, which Kubernetes 1\.26 stopped serving/,
          line: 1,
          column: 14,
          endLine: 1,
          endColumn: 33,
        },
      ],
      output: [
        '{apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, metadata: {name: api}, spec: {minReplicas: 2, maxReplicas: 10}}',
        '',
      ].join('\r\n'),
    },
  ],
};

export default cases;
