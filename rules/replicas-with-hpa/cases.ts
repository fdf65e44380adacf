import { lines, type RuleCases } from '../../test/rule-cases';

const deployment = (replicas: string[], namespace?: string, kind = 'Deployment'): string[] => [
  'apiVersion: apps/v1',
  `kind: ${kind}`,
  'metadata:',
  '  name: web',
  ...(namespace ? [`  namespace: ${namespace}`] : []),
  'spec:',
  ...replicas,
  '  selector:',
  '    matchLabels: {app: web}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec: {containers: [{name: web}]}',
];

export const hpa = (namespace?: string, kind = 'Deployment', name = 'web'): string[] => [
  '---',
  'apiVersion: autoscaling/v2',
  'kind: HorizontalPodAutoscaler',
  `metadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ''}}`,
  `spec: {scaleTargetRef: {apiVersion: apps/v1, kind: ${kind}, name: web}, minReplicas: 3, maxReplicas: 12}`,
];

export { deployment };

const cases: RuleCases = {
  valid: [
    {
      name: 'autoscaled, no replicas in the manifest',
      code: lines(...deployment([]), ...hpa()),
    },
    {
      name: 'replicas without an autoscaler',
      code: lines(...deployment(['  replicas: 3'])),
    },
    {
      name: 'an autoscaler of another namespace targets a workload of the same name',
      code: lines(...deployment(['  replicas: 3'], 'shop'), ...hpa('staging')),
    },
    {
      name: 'an autoscaler for another kind of the same name',
      code: lines(...deployment(['  replicas: 3']), ...hpa(undefined, 'StatefulSet')),
    },
  ],
  invalid: [
    {
      name: 'block style: squiggle on replicas, fix deletes the line and keeps the comment above it',
      code: lines(...deployment(['  # sized for the launch', '  replicas: 3']), ...hpa()),
      errors: [
        {
          message:
            'Deployment "web" sets replicas: 3, but HorizontalPodAutoscaler "web" scales it: every apply of this manifest resets it to 3 replicas until the autoscaler catches up.',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
        },
      ],
      fixTitle: 'Remove spec.replicas (HorizontalPodAutoscaler "web" sets the count)',
      output: lines(...deployment(['  # sized for the launch']), ...hpa()),
    },
    {
      name: 'flow style spec: the pair and its comma go',
      code: lines(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web, namespace: shop}',
        'spec: {replicas: 1, selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}}}',
        ...hpa('shop'),
      ),
      errors: [{ message: /resets it to 1 replica until/, line: 4, column: 8, endLine: 4, endColumn: 16 }],
      output: lines(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web, namespace: shop}',
        'spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}}}',
        ...hpa('shop'),
      ),
    },
    {
      name: 'a StatefulSet, with the autoscaler first in the file',
      code: lines(
        ...hpa(undefined, 'StatefulSet', 'db').slice(1),
        '---',
        ...deployment(['  replicas: 2'], undefined, 'StatefulSet'),
      ),
      errors: [
        {
          message: /^StatefulSet "web" sets replicas: 2, but HorizontalPodAutoscaler "db" scales it/,
          line: 11,
          column: 3,
          endLine: 11,
          endColumn: 11,
        },
      ],
      output: lines(
        ...hpa(undefined, 'StatefulSet', 'db').slice(1),
        '---',
        ...deployment([], undefined, 'StatefulSet'),
      ),
    },
  ],
};

export default cases;
