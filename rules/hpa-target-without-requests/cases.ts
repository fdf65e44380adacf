import { lines, type RuleCases } from '../../test/rule-cases';

export const deployment = (containers: string[], namespace?: string): string[] => [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  ...(namespace ? [`  namespace: ${namespace}`] : []),
  'spec:',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec:',
  '      containers:',
  ...containers,
];

export const hpa = (metrics: string[], namespace?: string, apiVersion = 'autoscaling/v2'): string[] => [
  '---',
  `apiVersion: ${apiVersion}`,
  'kind: HorizontalPodAutoscaler',
  'metadata:',
  '  name: web',
  ...(namespace ? [`  namespace: ${namespace}`] : []),
  'spec:',
  '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}',
  '  maxReplicas: 10',
  ...metrics,
];

const cpuUtilization = [
  '  metrics:',
  '  - type: Resource',
  '    resource:',
  '      name: cpu',
  '      target: {type: Utilization, averageUtilization: 70}',
];

const app = '      - {name: app, resources: {requests: {cpu: 250m, memory: 256Mi}}}';
const sidecar = '      - {name: envoy, image: envoy}';

const cases: RuleCases = {
  valid: [
    {
      name: 'every container requests the resource',
      code: lines(
        ...deployment([app, '      - {name: envoy, resources: {requests: {cpu: 50m}}}']),
        ...hpa(cpuUtilization),
      ),
    },
    {
      name: 'a limit without a request: the API server copies it into the request',
      code: lines(
        ...deployment(['      - {name: app, resources: {limits: {cpu: "1"}}}']),
        ...hpa(cpuUtilization),
      ),
    },
    {
      name: 'a LimitRange of the namespace gives containers a default request',
      code: lines(
        ...deployment([app, sidecar], 'shop'),
        ...hpa(cpuUtilization, 'shop'),
        '---',
        'apiVersion: v1',
        'kind: LimitRange',
        'metadata: {name: defaults, namespace: shop}',
        'spec: {limits: [{type: Container, defaultRequest: {cpu: 100m}}]}',
      ),
    },
    {
      name: 'an AverageValue target needs no request',
      code: lines(
        ...deployment([sidecar]),
        ...hpa([
          '  metrics:',
          '  - type: Resource',
          '    resource: {name: cpu, target: {type: AverageValue, averageValue: 500m}}',
        ]),
      ),
    },
    {
      name: 'a ContainerResource metric only needs that container’s request',
      code: lines(
        ...deployment([app, sidecar]),
        ...hpa([
          '  metrics:',
          '  - type: ContainerResource',
          '    containerResource: {name: memory, container: app, target: {type: Utilization, averageUtilization: 80}}',
        ]),
      ),
    },
    {
      name: 'the target is not in sight: nothing to check',
      code: lines(...hpa(cpuUtilization).slice(1)),
    },
    {
      name: 'init containers do not count',
      code: lines(
        ...deployment([app]).slice(0, -1),
        '      initContainers: [{name: migrate}]',
        '      containers:',
        app,
        ...hpa(cpuUtilization),
      ),
    },
  ],
  invalid: [
    {
      name: 'a sidecar without requests: squiggle on the metric name, no fix',
      code: lines(...deployment([app, sidecar]), ...hpa(cpuUtilization)),
      errors: [
        {
          message:
            'HorizontalPodAutoscaler "web" scales on cpu utilization (70%), but container "envoy" of Deployment "web" sets no cpu request: utilization cannot be computed, so the autoscaler never acts on it.',
          line: 24,
          column: 13,
          endLine: 24,
          endColumn: 16,
        },
      ],
      output: null,
    },
    {
      name: 'autoscaling/v1 targetCPUUtilizationPercentage, two containers without requests',
      code: lines(
        ...deployment(['      - name: app', '      - name: worker']),
        ...hpa(['  targetCPUUtilizationPercentage: 60'], undefined, 'autoscaling/v1'),
      ),
      errors: [
        {
          message:
            'HorizontalPodAutoscaler "web" scales on cpu utilization (60%), but containers "app", "worker" of Deployment "web" set no cpu request: utilization cannot be computed, so the autoscaler never acts on it.',
          line: 21,
          column: 3,
          endLine: 21,
          endColumn: 33,
        },
      ],
    },
    {
      name: 'no metric at all: the default 80% CPU target',
      code: lines(...deployment(['      - name: app']), ...hpa([])),
      errors: [
        {
          message:
            /^HorizontalPodAutoscaler "web" scales on cpu utilization \(80% by default\), but container "app"/,
          line: 18,
          column: 3,
          endLine: 18,
          endColumn: 17,
        },
      ],
    },
    {
      name: 'autoscaling/v2beta1 memory targetAverageUtilization',
      code: lines(
        ...deployment(['      - {name: app, resources: {requests: {cpu: 100m}}}']),
        ...hpa(
          ['  metrics:', '  - type: Resource', '    resource: {name: memory, targetAverageUtilization: 75}'],
          undefined,
          'autoscaling/v2beta1',
        ),
      ),
      errors: [
        {
          message:
            /scales on memory utilization \(75%\), but container "app" of Deployment "web" sets no memory request/,
          line: 22,
          column: 22,
          endLine: 22,
          endColumn: 28,
        },
      ],
    },
    {
      name: 'a LimitRange in another namespace does not help',
      code: lines(
        ...deployment(['      - name: app'], 'shop'),
        ...hpa(cpuUtilization, 'shop'),
        '---',
        'apiVersion: v1',
        'kind: LimitRange',
        'metadata: {name: defaults, namespace: staging}',
        'spec: {limits: [{type: Container, defaultRequest: {cpu: 100m}}]}',
      ),
      errors: [
        {
          message: /but container "app" of Deployment "web" sets no cpu request/,
          line: 25,
          column: 13,
          endLine: 25,
          endColumn: 16,
        },
      ],
    },
  ],
};

export default cases;
