import { lines, type RuleCases } from '../../test/rule-cases';

export const workload = (kind: string, name: string, namespace?: string): string[] => [
  'apiVersion: apps/v1',
  `kind: ${kind}`,
  'metadata:',
  `  name: ${name}`,
  ...(namespace ? [`  namespace: ${namespace}`] : []),
  'spec:',
  `  selector: {matchLabels: {app: ${name}}}`,
  '  template:',
  `    metadata: {labels: {app: ${name}}}`,
  `    spec: {containers: [{name: ${name}}]}`,
];

export const hpa = (kind: string, target: string, namespace?: string): string[] => [
  '---',
  'apiVersion: autoscaling/v2',
  'kind: HorizontalPodAutoscaler',
  'metadata:',
  '  name: web',
  ...(namespace ? [`  namespace: ${namespace}`] : []),
  'spec:',
  '  scaleTargetRef:',
  '    apiVersion: apps/v1',
  `    kind: ${kind}`,
  `    name: ${target}`,
  '  minReplicas: 2',
  '  maxReplicas: 10',
];

const cases: RuleCases = {
  valid: [
    {
      name: 'the target exists, same kind, same namespace',
      code: lines(...workload('Deployment', 'web'), ...hpa('Deployment', 'web')),
    },
    {
      name: 'no object of that kind in the namespace: nothing to compare with',
      code: lines(...hpa('Deployment', 'web').slice(1)),
    },
    {
      name: 'unset namespace counts as default',
      code: lines(...workload('StatefulSet', 'web', 'default'), ...hpa('StatefulSet', 'web')),
    },
    {
      name: 'a custom scalable kind (Argo Rollout) that is present',
      code: lines(
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Rollout',
        'metadata: {name: web}',
        'spec: {template: {metadata: {labels: {app: web}}}}',
        '---',
        'apiVersion: autoscaling/v2',
        'kind: HorizontalPodAutoscaler',
        'metadata: {name: web}',
        'spec: {scaleTargetRef: {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: web}, maxReplicas: 4}',
      ),
    },
  ],
  invalid: [
    {
      name: 'a misspelled target name: squiggle on the name, no fix',
      code: lines(...workload('Deployment', 'checkout'), ...hpa('Deployment', 'chekout')),
      errors: [
        {
          message:
            'HorizontalPodAutoscaler "web" targets Deployment "chekout", which does not exist in namespace "default": the autoscaler never scales anything.',
          line: 19,
          column: 11,
          endLine: 19,
          endColumn: 18,
        },
      ],
      output: null,
    },
    {
      name: 'the wrong kind: a Deployment named as a StatefulSet target',
      code: lines(...workload('StatefulSet', 'schema-registry'), ...hpa('Deployment', 'schema-registry')),
      errors: [
        {
          message:
            'HorizontalPodAutoscaler "web" targets Deployment "schema-registry", but the object of that name in namespace "default" is StatefulSet "schema-registry": the autoscaler cannot read its scale and never scales it.',
          line: 18,
          column: 11,
          endLine: 18,
          endColumn: 21,
        },
      ],
    },
    {
      name: 'the target lives in another namespace of the file: wrong namespace?',
      code: lines(
        ...workload('Deployment', 'web', 'shop'),
        '---',
        ...workload('Deployment', 'api', 'staging'),
        ...hpa('Deployment', 'web', 'staging'),
      ),
      errors: [
        {
          message:
            'HorizontalPodAutoscaler "web" targets Deployment "web" in namespace "staging", but Deployment "web" is in namespace "shop": wrong namespace? An autoscaler scales only a target in its own namespace, so as written it never scales anything.',
          line: 32,
          column: 11,
          endLine: 32,
          endColumn: 14,
        },
      ],
    },
    {
      name: 'flow style',
      code: lines(
        ...workload('Deployment', 'api'),
        '---',
        'apiVersion: autoscaling/v1',
        'kind: HorizontalPodAutoscaler',
        'metadata: {name: api}',
        'spec: {scaleTargetRef: {kind: Deployment, name: api-v2}, maxReplicas: 3, targetCPUUtilizationPercentage: 60}',
      ),
      errors: [
        {
          message: /^HorizontalPodAutoscaler "api" targets Deployment "api-v2", which does not exist/,
          line: 14,
          column: 49,
          endLine: 14,
          endColumn: 55,
        },
      ],
    },
  ],
};

export default cases;
