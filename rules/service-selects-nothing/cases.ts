import { lines, type RuleCases } from '../../test/rule-cases';

export const deployment = (name: string, labels: string, namespace?: string, replicas = 2): string[] => [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  `  name: ${name}`,
  ...(namespace ? [`  namespace: ${namespace}`] : []),
  'spec:',
  `  replicas: ${replicas}`,
  `  selector: {matchLabels: {app: ${name}}}`,
  '  template:',
  `    metadata: {labels: {${labels}}}`,
  `    spec: {containers: [{name: ${name}, ports: [{containerPort: 8080}]}]}`,
];

export const service = (selector: string[], namespace?: string): string[] => [
  '---',
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: web',
  ...(namespace ? [`  namespace: ${namespace}`] : []),
  'spec:',
  '  ports: [{port: 80, targetPort: 8080}]',
  ...selector,
];

const cases: RuleCases = {
  valid: [
    {
      name: 'the selector is a subset of the pod labels',
      code: lines(...deployment('web', 'app: web, tier: frontend'), ...service(['  selector: {app: web}'])),
    },
    {
      name: 'no selector: endpoints managed by hand',
      code: lines(...deployment('web', 'app: web'), ...service([])),
    },
    {
      name: 'ExternalName Services select no pods by design',
      code: lines(
        ...deployment('web', 'app: web'),
        ...service(['  type: ExternalName', '  externalName: db.example.com', '  selector: {app: db}']),
      ),
    },
    {
      name: 'no workload of the namespace in sight: nothing to compare with',
      code: lines(...service(['  selector: {app: web}']).slice(1)),
    },
    {
      name: 'a Service per StatefulSet pod (a label set by the controller)',
      code: lines(
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: redis}',
        'spec:',
        '  selector: {matchLabels: {app: redis}}',
        '  template:',
        '    metadata: {labels: {app: redis}}',
        '    spec: {containers: [{name: redis}]}',
        ...service(['  selector:', '    app: redis', '    statefulset.kubernetes.io/pod-name: redis-0']),
      ),
    },
    {
      name: 'pods an operator creates for a custom resource named in the selector',
      code: lines(
        ...deployment('grafana', 'app: grafana'),
        '---',
        'apiVersion: kafka.strimzi.io/v1beta2',
        'kind: Kafka',
        'metadata: {name: events}',
        ...service(['  selector: {strimzi.io/cluster: events}']),
      ),
    },
    {
      name: 'scaled to zero, but an autoscaler brings it back',
      code: lines(
        ...deployment('web', 'app: web', undefined, 0),
        '---',
        'apiVersion: autoscaling/v2',
        'kind: HorizontalPodAutoscaler',
        'metadata: {name: web}',
        'spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, minReplicas: 2, maxReplicas: 5}',
        ...service(['  selector: {app: web}']),
      ),
    },
    {
      name: 'a bare Pod, matched in the default namespace',
      code: lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: debug, labels: {app: web}}',
        'spec: {containers: [{name: debug}]}',
        ...service(['  selector: {app: web}'], 'default'),
      ),
    },
  ],
  invalid: [
    {
      name: 'a custom resource of the namespace may create pods: what is known, hedged (a hint)',
      code: lines(
        ...deployment('grafana', 'app: grafana'),
        '---',
        'apiVersion: databases.spotahome.com/v1',
        'kind: RedisFailover',
        'metadata: {name: cache}',
        ...service(['  selector: {app: redis}']),
      ),
      errors: [
        {
          message:
            'Service "web" selects no pods that these manifests declare: no workload in namespace "default" has the pod labels app=redis. Unless RedisFailover "cache" creates such pods, it has no endpoints and every connection to it fails.',
          line: 22,
          column: 3,
          endLine: 22,
          endColumn: 11,
        },
      ],
    },
    {
      name: 'a misspelled selector value: squiggle on the selector key, no fix',
      code: lines(
        ...deployment('checkout', 'app: checkout'),
        ...service(['  selector:', '    app: chekout']),
      ),
      errors: [
        {
          message:
            'Service "web" selects no pods: no workload in namespace "default" has the pod labels app=chekout, so it has no endpoints and every connection to it fails.',
          line: 18,
          column: 3,
          endLine: 18,
          endColumn: 11,
        },
      ],
      output: null,
    },
    {
      name: 'every pair must hold: a label the pod template does not carry',
      code: lines(
        ...deployment('web', 'app: web', 'shop'),
        ...service(['  selector: {app: web, app.kubernetes.io/part-of: store}'], 'shop'),
      ),
      errors: [
        {
          message: /in namespace "shop" has the pod labels app=web, app.kubernetes.io\/part-of=store,/,
          line: 20,
          column: 3,
          endLine: 20,
          endColumn: 11,
        },
      ],
    },
    {
      name: 'the matching pods are in another namespace',
      code: lines(
        ...deployment('web', 'app: web', 'shop'),
        '---',
        ...deployment('cache', 'app: cache', 'staging'),
        ...service(['  selector: {app: web}'], 'staging'),
      ),
      errors: [
        {
          message:
            'Service "web" selects no pods in namespace "staging"; in namespace "shop", Deployment "web" has the pod labels app=web: wrong namespace? A Service selects pods of its own namespace only, so as written it has no endpoints.',
          line: 32,
          column: 3,
          endLine: 32,
          endColumn: 11,
        },
      ],
    },
    {
      name: 'the only matching workload is scaled to zero (Monzo, 2017)',
      code: lines(...deployment('web', 'app: web', undefined, 0), ...service(['  selector: {app: web}'])),
      errors: [
        {
          message:
            'Service "web" selects only the pods of Deployment "web", scaled to 0 replicas: it has no endpoints, so every connection to it fails.',
          line: 18,
          column: 3,
          endLine: 18,
          endColumn: 11,
        },
      ],
    },
  ],
};

export default cases;
