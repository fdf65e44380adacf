import { lines, type RuleCases } from '../../test/rule-cases';

const cases: RuleCases = {
  valid: [
    {
      name: 'batch/v1beta1 CronJob against a 1.20 target: not deprecated yet (batch/v1 came in 1.21)',
      settings: { kubernetesVersion: '1.20' },
      code: lines('apiVersion: batch/v1beta1', 'kind: CronJob', 'metadata: {name: nightly}'),
    },
    {
      name: 'batch/v1beta1 CronJob against the default target: removed, which is removed-api-version’s finding',
      code: lines('apiVersion: batch/v1beta1', 'kind: CronJob', 'metadata: {name: nightly}'),
    },
    {
      name: 'current API versions',
      settings: { kubernetesVersion: '1.24' },
      code: lines(
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata: {name: nightly}',
        '---',
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: web}',
      ),
    },
    {
      name: 'a deprecated PodSecurityPolicy is left to podsecuritypolicy-removed (one object, one finding)',
      settings: { kubernetesVersion: '1.22' },
      code: lines('apiVersion: policy/v1beta1', 'kind: PodSecurityPolicy', 'metadata: {name: restricted}'),
    },
    {
      name: 'near miss: a custom resource that reuses a built-in kind name in its own group',
      settings: { kubernetesVersion: '1.24' },
      code: lines('apiVersion: example.com/v1beta1', 'kind: CronJob', 'metadata: {name: custom}'),
    },
  ],
  invalid: [
    {
      name: 'batch/v1beta1 CronJob against 1.24: squiggle on the value, fix renames it and keeps the comment',
      settings: { kubernetesVersion: '1.24' },
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
            'CronJob "nightly-report" uses batch/v1beta1, deprecated since Kubernetes 1.21 and removed in 1.25: ' +
            'move to batch/v1, which your target 1.24 already serves (same fields).',
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
      name: 'extensions/v1beta1 Ingress against 1.18: networking.k8s.io/v1beta1 has the same fields, quotes kept',
      settings: { kubernetesVersion: '1.18' },
      code: lines(
        'apiVersion: "extensions/v1beta1"',
        'kind: Ingress',
        'metadata: {name: shop}',
        'spec:',
        '  backend: {serviceName: shop, servicePort: 80}',
      ),
      errors: [
        {
          message:
            'Ingress "shop" uses extensions/v1beta1, deprecated since Kubernetes 1.14 and removed in 1.22: move to ' +
            'networking.k8s.io/v1beta1, which your target 1.18 already serves (same fields).',
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 33,
        },
      ],
      fixTitle: 'Change apiVersion to networking.k8s.io/v1beta1 (same fields)',
      output: lines(
        'apiVersion: "networking.k8s.io/v1beta1"',
        'kind: Ingress',
        'metadata: {name: shop}',
        'spec:',
        '  backend: {serviceName: shop, servicePort: 80}',
      ),
    },
    {
      name: 'the same Ingress against 1.21: networking.k8s.io/v1 changed the backend shape, so no fix',
      settings: { kubernetesVersion: '1.21' },
      code: lines(
        'apiVersion: extensions/v1beta1',
        'kind: Ingress',
        'metadata: {name: shop}',
        'spec:',
        '  backend: {serviceName: shop, servicePort: 80}',
      ),
      errors: [
        {
          message:
            'Ingress "shop" uses extensions/v1beta1, deprecated since Kubernetes 1.14 and removed in 1.22: move to ' +
            'networking.k8s.io/v1, which your target 1.21 already serves (backends are written service.name and ' +
            'service.port, spec.backend becomes spec.defaultBackend, and every path needs a pathType).',
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 31,
        },
      ],
      output: null,
    },
    {
      name: 'PodDisruptionBudget with an empty selector against 1.21: no fix, policy/v1 would select every pod',
      settings: { kubernetesVersion: '1.21' },
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
            'PodDisruptionBudget "all" uses policy/v1beta1, deprecated since Kubernetes 1.21 and removed in 1.25: ' +
            'move to policy/v1, which your target 1.21 already serves (an empty selector {} now selects every pod ' +
            'in the namespace instead of none).',
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 27,
        },
      ],
      output: null,
    },
    {
      name: 'flowcontrol v1beta1 PriorityLevelConfiguration against 1.24 moves to v1beta2 (same fields)',
      settings: { kubernetesVersion: '1.24' },
      code: lines(
        'apiVersion: flowcontrol.apiserver.k8s.io/v1beta1',
        'kind: PriorityLevelConfiguration',
        'metadata: {name: batch}',
        'spec:',
        '  type: Limited',
        '  limited: {assuredConcurrencyShares: 10, limitResponse: {type: Reject}}',
      ),
      errors: [
        {
          message:
            'PriorityLevelConfiguration "batch" uses flowcontrol.apiserver.k8s.io/v1beta1, deprecated since ' +
            'Kubernetes 1.23 and removed in 1.26: move to flowcontrol.apiserver.k8s.io/v1beta2, which your target ' +
            '1.24 already serves (same fields).',
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 49,
        },
      ],
      fixTitle: 'Change apiVersion to flowcontrol.apiserver.k8s.io/v1beta2 (same fields)',
      output: lines(
        'apiVersion: flowcontrol.apiserver.k8s.io/v1beta2',
        'kind: PriorityLevelConfiguration',
        'metadata: {name: batch}',
        'spec:',
        '  type: Limited',
        '  limited: {assuredConcurrencyShares: 10, limitResponse: {type: Reject}}',
      ),
    },
    {
      name: 'flowcontrol v1beta2 PriorityLevelConfiguration against 1.27: v1beta3 renamed a field, so no fix',
      settings: { kubernetesVersion: '1.27' },
      code: lines(
        'apiVersion: flowcontrol.apiserver.k8s.io/v1beta2',
        'kind: PriorityLevelConfiguration',
        'metadata: {name: batch}',
      ),
      errors: [
        {
          message:
            'PriorityLevelConfiguration "batch" uses flowcontrol.apiserver.k8s.io/v1beta2, deprecated since ' +
            'Kubernetes 1.26 and removed in 1.29: move to flowcontrol.apiserver.k8s.io/v1beta3, which your target ' +
            '1.27 already serves (spec.limited.assuredConcurrencyShares is renamed nominalConcurrencyShares).',
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 49,
        },
      ],
      output: null,
    },
    {
      name: 'autoscaling/v2beta2 HorizontalPodAutoscaler against 1.23, in the second document: v2 has the same fields',
      settings: { kubernetesVersion: '1.23' },
      code: lines(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        '---',
        'apiVersion: autoscaling/v2beta2',
        'kind: HorizontalPodAutoscaler',
        'metadata: {name: web}',
        'spec:',
        '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}',
        '  maxReplicas: 5',
        '  metrics:',
        '    - type: Resource',
        '      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}',
      ),
      errors: [
        {
          message:
            'HorizontalPodAutoscaler "web" uses autoscaling/v2beta2, deprecated since Kubernetes 1.23 and removed ' +
            'in 1.26: move to autoscaling/v2, which your target 1.23 already serves (same fields).',
          line: 5,
          column: 13,
          endLine: 5,
          endColumn: 32,
        },
      ],
      fixTitle: 'Change apiVersion to autoscaling/v2 (same fields)',
      output: lines(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        '---',
        'apiVersion: autoscaling/v2',
        'kind: HorizontalPodAutoscaler',
        'metadata: {name: web}',
        'spec:',
        '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}',
        '  maxReplicas: 5',
        '  metrics:',
        '    - type: Resource',
        '      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}',
      ),
    },
  ],
};

export default cases;
