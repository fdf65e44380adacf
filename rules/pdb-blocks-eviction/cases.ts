import { lines, type RuleCases } from '../../test/rule-cases';

export const deployment = (name: string, replicas: number, namespace?: string): string[] => [
  'apiVersion: apps/v1',
  'kind: Deployment',
  `metadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ''}}`,
  'spec:',
  `  replicas: ${replicas}`,
  `  selector: {matchLabels: {app: ${name}}}`,
  '  template:',
  `    metadata: {labels: {app: ${name}}}`,
  `    spec: {containers: [{name: ${name}}]}`,
];

const cases: RuleCases = {
  valid: [
    {
      name: 'maxUnavailable 1',
      code: lines(
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: web}',
        'spec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}',
      ),
    },
    {
      name: 'minAvailable below the replica count of the selected Deployment',
      code: lines(
        ...deployment('web', 3),
        '---',
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: web}',
        'spec: {minAvailable: 2, selector: {matchLabels: {app: web}}}',
      ),
    },
    {
      name: 'near miss: minAvailable 2 for a 2-replica Deployment in another namespace',
      code: lines(
        ...deployment('web', 2, 'shop'),
        '---',
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: web, namespace: staging}',
        'spec: {minAvailable: 2, selector: {matchLabels: {app: web}}}',
      ),
    },
    {
      name: 'minAvailable 1 with no selected workload in sight: nothing to compare with',
      code: lines(
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: lone}',
        'spec: {minAvailable: 1, selector: {matchLabels: {app: lone}}}',
      ),
    },
    {
      name: 'near miss: 50% of 3 pods rounds up to 2, one may go',
      code: lines(
        ...deployment('api', 3),
        '---',
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: api}',
        'spec: {minAvailable: "50%", selector: {matchLabels: {app: api}}}',
      ),
    },
    {
      name: 'maxUnavailable 10%',
      code: lines(
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: big}',
        'spec: {maxUnavailable: 10%, selector: {matchLabels: {app: big}}}',
      ),
    },
  ],
  invalid: [
    {
      name: 'maxUnavailable 0: squiggle on the value, fix allows one eviction',
      code: lines(
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata:',
        '  name: blackbox-exporter',
        'spec:',
        '  # never take the prober down',
        '  maxUnavailable: 0',
        '  selector:',
        '    matchLabels:',
        '      app: blackbox-exporter',
      ),
      errors: [
        {
          message:
            'PodDisruptionBudget "blackbox-exporter" sets maxUnavailable 0: none of its pods may ever be evicted, so node drains and cluster upgrades hang on them.',
          line: 7,
          column: 19,
          endLine: 7,
          endColumn: 20,
        },
      ],
      fixTitle: 'Allow one pod at a time to be evicted (maxUnavailable: 1)',
      output: lines(
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata:',
        '  name: blackbox-exporter',
        'spec:',
        '  # never take the prober down',
        '  maxUnavailable: 1',
        '  selector:',
        '    matchLabels:',
        '      app: blackbox-exporter',
      ),
    },
    {
      name: 'quoted "0%" is replaced by a plain 1',
      code: lines(
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: zk}',
        'spec:',
        '  maxUnavailable: "0%"',
        '  selector: {matchLabels: {app: zk}}',
      ),
      errors: [
        {
          message:
            'PodDisruptionBudget "zk" sets maxUnavailable 0%: none of its pods may ever be evicted, so node drains and cluster upgrades hang on them.',
          line: 5,
          column: 19,
          endLine: 5,
          endColumn: 23,
        },
      ],
      output: lines(
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: zk}',
        'spec:',
        '  maxUnavailable: 1',
        '  selector: {matchLabels: {app: zk}}',
      ),
    },
    {
      name: 'minAvailable 100%: the key is renamed and the value replaced (two edits)',
      code: lines(
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: workers}',
        'spec:',
        '  minAvailable: 100% # let running jobs finish',
        '  selector: {matchLabels: {app: workers}}',
      ),
      errors: [
        {
          message:
            'PodDisruptionBudget "workers" sets minAvailable 100%: none of its pods may ever be evicted, so node drains and cluster upgrades hang on them.',
          line: 5,
          column: 17,
          endLine: 5,
          endColumn: 21,
        },
      ],
      output: lines(
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: workers}',
        'spec:',
        '  maxUnavailable: 1 # let running jobs finish',
        '  selector: {matchLabels: {app: workers}}',
      ),
    },
    {
      name: 'minAvailable equal to the replicas of the selected Deployment (multi-document)',
      code: lines(
        ...deployment('checkout', 2),
        '---',
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: checkout}',
        'spec:',
        '  minAvailable: 2',
        '  selector:',
        '    matchLabels: {app: checkout}',
      ),
      errors: [
        {
          message:
            'PodDisruptionBudget "checkout" sets minAvailable 2, but Deployment "checkout" runs only 2 pods: none of its pods may be evicted, so node drains and cluster upgrades hang on them.',
          line: 15,
          column: 17,
          endLine: 15,
          endColumn: 18,
        },
      ],
      output: lines(
        ...deployment('checkout', 2),
        '---',
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: checkout}',
        'spec:',
        '  maxUnavailable: 1',
        '  selector:',
        '    matchLabels: {app: checkout}',
      ),
    },
    {
      name: 'single-replica StatefulSet (replicas unset) and minAvailable 1',
      code: lines(
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: db}',
        'spec:',
        '  selector: {matchLabels: {app: db}}',
        '  template:',
        '    metadata:',
        '      labels: {app: db, tier: data}',
        '    spec: {containers: [{name: db}]}',
        '---',
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: db}',
        'spec:',
        '  minAvailable: 1',
        '  selector:',
        '    matchExpressions: [{key: app, operator: In, values: [db]}]',
      ),
      errors: [
        {
          message: /^PodDisruptionBudget "db" sets minAvailable 1, but StatefulSet "db" runs only 1 pod:/,
          line: 15,
          column: 17,
          endLine: 15,
          endColumn: 18,
        },
      ],
    },
    {
      name: 'an autoscaler sets the floor: minAvailable 3 and minReplicas 3',
      code: lines(
        ...deployment('search', 6),
        '---',
        'apiVersion: autoscaling/v2',
        'kind: HorizontalPodAutoscaler',
        'metadata: {name: search}',
        'spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: search}, minReplicas: 3, maxReplicas: 12}',
        '---',
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: search}',
        'spec: {minAvailable: 3, selector: {matchLabels: {app: search}}}',
      ),
      errors: [
        {
          message:
            /^PodDisruptionBudget "search" sets minAvailable 3, but Deployment "search" scales down to 3 pods:/,
          line: 19,
          column: 22,
          endLine: 19,
          endColumn: 23,
        },
      ],
      output: lines(
        ...deployment('search', 6),
        '---',
        'apiVersion: autoscaling/v2',
        'kind: HorizontalPodAutoscaler',
        'metadata: {name: search}',
        'spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: search}, minReplicas: 3, maxReplicas: 12}',
        '---',
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: search}',
        'spec: {maxUnavailable: 1, selector: {matchLabels: {app: search}}}',
      ),
    },
    {
      name: 'a percentage that rounds up to every pod: 80% of 2',
      code: lines(
        ...deployment('web-app', 2),
        '---',
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: web-app-pdb}',
        'spec:',
        '  minAvailable: 80%',
        '  selector: {matchLabels: {app: web-app}}',
      ),
      errors: [
        {
          message:
            'PodDisruptionBudget "web-app-pdb" sets minAvailable 80%, which rounds up to all 2 pods of Deployment "web-app": none of them may be evicted, so node drains and cluster upgrades hang on them.',
          line: 15,
          column: 17,
          endLine: 15,
          endColumn: 20,
        },
      ],
    },
    {
      name: 'an empty selector matches two one-replica Deployments: 2 pods in total',
      code: lines(
        ...deployment('a', 1),
        '---',
        ...deployment('b', 1),
        '---',
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: everything}',
        'spec: {minAvailable: 2, selector: {}}',
      ),
      errors: [
        {
          message:
            /^PodDisruptionBudget "everything" sets minAvailable 2, but Deployment "a" and Deployment "b" run only 2 pods in total:/,
          line: 24,
          column: 22,
          endLine: 24,
          endColumn: 23,
        },
      ],
    },
    {
      name: 'both fields set (already invalid): reported, no fix that would duplicate a key',
      code: lines(
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: both}',
        'spec: {maxUnavailable: 0, minAvailable: 1, selector: {matchLabels: {app: both}}}',
      ),
      errors: [
        {
          message: /^PodDisruptionBudget "both" sets maxUnavailable 0/,
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 25,
        },
      ],
      output: null,
    },
    {
      name: 'matchExpressions; a same-named workload of another namespace does not count; workloads are related information',
      code: lines(
        ...deployment('web', 2, 'shop'),
        '---',
        ...deployment('web', 5, 'staging'),
        '---',
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: web, namespace: shop}',
        'spec:',
        '  minAvailable: 2',
        '  selector: {matchExpressions: [{key: app, operator: In, values: [web, web-canary]}]}',
      ),
      errors: [
        {
          message: /^PodDisruptionBudget "web" sets minAvailable 2, but Deployment "web" runs only 2 pods:/,
          line: 25,
          column: 17,
          endLine: 25,
          endColumn: 18,
        },
      ],
    },
  ],
};

export default cases;
