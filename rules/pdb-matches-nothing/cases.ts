import { lines, type RuleCases } from '../../test/rule-cases';

export const deployment = (name: string, labels: string, namespace?: string): string[] => [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  `  name: ${name}`,
  ...(namespace ? [`  namespace: ${namespace}`] : []),
  'spec:',
  '  replicas: 3',
  `  selector: {matchLabels: {app: ${name}}}`,
  '  template:',
  `    metadata: {labels: {${labels}}}`,
  `    spec: {containers: [{name: ${name}}]}`,
];

export const pdb = (selector: string[], namespace?: string, apiVersion = 'policy/v1'): string[] => [
  '---',
  `apiVersion: ${apiVersion}`,
  'kind: PodDisruptionBudget',
  'metadata:',
  '  name: checkout',
  ...(namespace ? [`  namespace: ${namespace}`] : []),
  'spec:',
  '  maxUnavailable: 1',
  ...selector,
];

const cases: RuleCases = {
  valid: [
    {
      name: 'matchLabels and matchExpressions that all hold',
      code: lines(
        ...deployment('checkout', 'app: checkout, tier: web'),
        ...pdb([
          '  selector:',
          '    matchLabels: {app: checkout}',
          '    matchExpressions:',
          '    - {key: tier, operator: In, values: [web, api]}',
          '    - {key: canary, operator: DoesNotExist}',
          '    - {key: track, operator: NotIn, values: [preview]}',
        ]),
      ),
    },
    {
      name: 'no workload of the namespace in sight: nothing to compare with',
      code: lines(...pdb(['  selector:', '    matchLabels: {app: checkout}']).slice(1)),
    },
    {
      name: 'policy/v1: an empty selector selects every pod of the namespace',
      code: lines(...deployment('checkout', 'app: checkout'), ...pdb(['  selector: {}'])),
    },
    {
      name: 'unset namespace counts as default',
      code: lines(
        ...deployment('checkout', 'app: checkout'),
        ...pdb(['  selector:', '    matchLabels: {app: checkout}'], 'default'),
      ),
    },
    {
      name: 'a label the StatefulSet controller puts on each pod',
      code: lines(
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: db}',
        'spec:',
        '  selector: {matchLabels: {app: db}}',
        '  template:',
        '    metadata: {labels: {app: db}}',
        '    spec: {containers: [{name: db}]}',
        ...pdb(['  selector:', '    matchLabels: {app: db, statefulset.kubernetes.io/pod-name: db-0}']),
      ),
    },
    {
      name: 'pods an operator creates for a custom resource of the namespace',
      code: lines(
        ...deployment('grafana', 'app.kubernetes.io/name: grafana', 'monitoring'),
        '---',
        'apiVersion: monitoring.coreos.com/v1',
        'kind: Prometheus',
        'metadata:',
        '  name: k8s',
        '  namespace: monitoring',
        '  labels: {app.kubernetes.io/name: prometheus}',
        ...pdb(
          ['  selector:', '    matchLabels: {app.kubernetes.io/name: prometheus, prometheus: k8s}'],
          'monitoring',
        ),
      ),
    },
    {
      name: "a CronJob's nested pod template",
      code: lines(
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata: {name: report}',
        'spec:',
        '  schedule: "0 * * * *"',
        '  jobTemplate:',
        '    spec:',
        '      template:',
        '        metadata: {labels: {app: report}}',
        '        spec: {containers: [{name: report}], restartPolicy: Never}',
        ...pdb(['  selector: {matchLabels: {app: report}}']),
      ),
    },
    {
      name: 'a workload whose template has no labels: its selector’s labels are its pods’ labels',
      code: lines(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: ledger, namespace: finance}',
        'spec:',
        '  replicas: 3',
        '  selector:',
        '    matchLabels: {app: ledger, tier: api}',
        '  template:',
        '    spec:',
        '      containers: [{name: ledger, image: "registry.example.com/finance/ledger:4.2.0"}]',
        '---',
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: ledger, namespace: finance}',
        'spec:',
        '  maxUnavailable: 1',
        '  selector:',
        '    matchLabels: {app: ledger}',
      ),
    },
  ],
  invalid: [
    {
      name: 'a custom resource of the namespace may create pods: what is known, hedged (a hint)',
      code: lines(
        ...deployment('web', 'app: web'),
        '---',
        'apiVersion: databases.spotahome.com/v1',
        'kind: RedisFailover',
        'metadata: {name: cache}',
        ...pdb(['  selector: {matchLabels: {app: redis}}']),
      ),
      errors: [
        {
          message:
            'PodDisruptionBudget "checkout" selects no pods that these manifests declare: no workload in namespace "default" has pod labels matching app=redis. Unless RedisFailover "cache" creates such pods, drains evict its intended pods without limit.',
          line: 22,
          column: 3,
          endLine: 22,
          endColumn: 11,
        },
      ],
    },
    {
      name: 'a misspelled label: squiggle on the selector key, no fix',
      code: lines(
        ...deployment('checkout', 'app: checkout'),
        ...pdb(['  selector:', '    matchLabels:', '      app: chekout']),
      ),
      errors: [
        {
          message:
            'PodDisruptionBudget "checkout" selects no pods: no workload in namespace "default" has pod labels matching app=chekout, so drains evict its intended pods without limit.',
          line: 18,
          column: 3,
          endLine: 18,
          endColumn: 11,
        },
      ],
      output: null,
    },
    {
      name: 'AND semantics: one label of two does not hold',
      code: lines(
        ...deployment('checkout', 'app: checkout, tier: web', 'shop'),
        ...pdb(['  selector: {matchLabels: {app: checkout, tier: api}}'], 'shop'),
      ),
      errors: [
        {
          message: /no workload in namespace "shop" has pod labels matching app=checkout, tier=api,/,
          line: 20,
          column: 3,
          endLine: 20,
          endColumn: 11,
        },
      ],
    },
    {
      name: 'a matchExpression that does not hold',
      code: lines(
        ...deployment('checkout', 'app: checkout, tier: web'),
        ...pdb([
          '  selector:',
          '    matchExpressions:',
          '    - {key: tier, operator: In, values: [api, worker]}',
        ]),
      ),
      errors: [
        { message: /matching tier in \(api, worker\),/, line: 18, column: 3, endLine: 18, endColumn: 11 },
      ],
    },
    {
      name: 'the matching workload is in another namespace',
      code: lines(
        ...deployment('checkout', 'app: checkout', 'shop'),
        '---',
        ...deployment('cache', 'app: cache', 'staging'),
        ...pdb(['  selector: {matchLabels: {app: checkout}}'], 'staging'),
      ),
      errors: [
        {
          message:
            'PodDisruptionBudget "checkout" selects no pods in namespace "staging"; in namespace "shop", Deployment "checkout" has pod labels matching app=checkout: wrong namespace? A budget covers pods of its own namespace only, so as written drains evict them without limit.',
          line: 32,
          column: 3,
          endLine: 32,
          endColumn: 11,
        },
      ],
    },
    {
      name: 'no selector at all: squiggle on the name',
      code: lines(...pdb([]).slice(1)),
      errors: [
        {
          message:
            'PodDisruptionBudget "checkout" has no selector: it selects no pods, so it protects nothing from drains.',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 17,
        },
      ],
    },
    {
      name: 'policy/v1beta1: an empty selector selects nothing',
      code: lines(...pdb(['  selector: {}'], undefined, 'policy/v1beta1').slice(1)),
      errors: [
        {
          message:
            'PodDisruptionBudget "checkout" uses policy/v1beta1, where an empty selector selects no pods: it protects nothing from drains.',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
        },
      ],
    },
    {
      name: 'a workload without template labels is judged by its selector’s labels: a budget for another app',
      code: lines(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: ledger, namespace: finance}',
        'spec:',
        '  replicas: 3',
        '  selector:',
        '    matchLabels: {app: ledger, tier: api}',
        '  template:',
        '    spec:',
        '      containers: [{name: ledger, image: "registry.example.com/finance/ledger:4.2.0"}]',
        '---',
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: ledger, namespace: finance}',
        'spec:',
        '  maxUnavailable: 1',
        '  selector:',
        '    matchLabels: {app: ledger, tier: worker}',
      ),
      errors: [
        {
          message:
            'PodDisruptionBudget "ledger" selects no pods: no workload in namespace "finance" has pod labels matching app=ledger, tier=worker, so drains evict its intended pods without limit.',
          line: 17,
          column: 3,
          endLine: 17,
          endColumn: 11,
        },
      ],
      output: null,
    },
  ],
};

export default cases;
