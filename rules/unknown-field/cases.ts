import { lines, type RuleCases } from '../../test/rule-cases';

/** A Deployment whose container carries `extra` lines (indented under the container). */
export function deployment(extra: string[], podExtra: string[] = []): string {
  return lines(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  selector:',
    '    matchLabels: {app: web}',
    '  template:',
    '    metadata:',
    '      labels: {app: web}',
    '    spec:',
    ...podExtra,
    '      containers:',
    '      - name: web',
    '        image: nginx:1.27',
    ...extra,
  );
}

const cases: RuleCases = {
  valid: [
    {
      name: 'every field known, open maps and int-or-string values included',
      code: lines(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: web',
        '  labels: {app: web, anything.example.com/goes: "yes"}',
        '  annotations: {note: free text}',
        '  creationTimestamp: null',
        'spec:',
        '  replicas: 3',
        '  strategy: {rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}}',
        '  selector:',
        '    matchLabels: {app: web}',
        '  template:',
        '    metadata:',
        '      labels: {app: web}',
        '    spec:',
        '      nodeSelector: {disk: ssd}',
        '      containers:',
        '      - name: web',
        '        image: nginx:1.27',
        '        ports: [{containerPort: 80, protocol: TCP}]',
        '        resources:',
        '          limits: {memory: 512Mi, cpu: 500m}',
        '        livenessProbe: {httpGet: {port: http, path: /healthz}}',
        'status:',
        '  anything: goes',
      ),
    },
    {
      name: 'ConfigMap data, a Secret and a CustomResourceDefinition read header-only',
      code: lines(
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: {name: settings}',
        'data:',
        '  any-key: value',
        '---',
        'apiVersion: v1',
        'kind: Secret',
        'metadata: {name: creds}',
        'type: Opaque',
        'stringData: {password: hunter2}',
        '---',
        'apiVersion: apiextensions.k8s.io/v1',
        'kind: CustomResourceDefinition',
        'metadata: {name: widgets.example.com}',
        'spec:',
        '  group: example.com',
        '  whatever: the body is not read',
      ),
    },
    {
      name: 'a field newer than 1.30 at the default target (1.36)',
      code: deployment([], ['      hostnameOverride: web-0']),
    },
    {
      name: 'a target newer than the bundled schema (1.36): keys it lacks may be new fields',
      code: deployment(['        restartPolicyRulez: []']),
      settings: { kubernetesVersion: '1.37' },
    },
    {
      name: 'strategic merge patch directives',
      code: deployment(['        $patch: replace']),
    },
    {
      name: 'a removed API version is removed-api-version’s finding, not this rule’s',
      code: lines(
        'apiVersion: extensions/v1beta1',
        'kind: Deployment',
        'metadata: {name: old}',
        'spec: {bogus: 1}',
      ),
    },
    {
      name: 'a custom resource is not a built-in kind',
      code: lines(
        'apiVersion: example.com/v1',
        'kind: Deployment',
        'metadata: {name: x}',
        'spec: {bogus: 1}',
      ),
    },
  ],
  invalid: [
    {
      name: 'a misspelt `resources` key, renamed by the fix',
      code: deployment(['        resource:', '          limits: {memory: 512Mi}']),
      errors: [
        {
          message:
            '`resource` is not a field of Container at `spec.template.spec.containers[0]`: did you mean `resources`? The API server drops unknown fields, so this setting never takes effect.',
          line: 15,
          column: 9,
          endLine: 15,
          endColumn: 17,
        },
      ],
      output: deployment(['        resources:', '          limits: {memory: 512Mi}']),
      fixTitle: 'Rename `resource` to `resources`',
    },
    {
      name: '`limit:` instead of `limits:`',
      code: deployment(['        resources:', '          limit: {memory: 512Mi}']),
      errors: [
        {
          message:
            '`limit` is not a field of ResourceRequirements at `spec.template.spec.containers[0].resources`: did you mean `limits`? The API server drops unknown fields, so this setting never takes effect.',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 16,
        },
      ],
      output: deployment(['        resources:', '          limits: {memory: 512Mi}']),
    },
    {
      name: '`livenessprobe:` in the wrong case, in flow style',
      code: deployment(['        livenessprobe: {httpGet: {port: 8080, path: /healthz}}']),
      errors: [
        {
          message:
            '`livenessprobe` is not a field of Container at `spec.template.spec.containers[0]`: did you mean `livenessProbe`? The API server drops unknown fields, so this setting never takes effect.',
          line: 15,
          column: 9,
          endLine: 15,
          endColumn: 22,
        },
      ],
      output: deployment(['        livenessProbe: {httpGet: {port: 8080, path: /healthz}}']),
    },
    {
      name: '`toleration:` in the pod spec of a CronJob',
      code: lines(
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata: {name: report}',
        'spec:',
        '  schedule: "0 3 * * *"',
        '  jobTemplate:',
        '    spec:',
        '      template:',
        '        spec:',
        '          restartPolicy: OnFailure',
        '          toleration:',
        '          - {key: dedicated, operator: Exists}',
        '          containers:',
        '          - {name: report, image: "report:1"}',
      ),
      errors: [
        {
          message:
            '`toleration` is not a field of PodSpec at `spec.jobTemplate.spec.template.spec`: did you mean `tolerations`? The API server drops unknown fields, so this setting never takes effect.',
          line: 11,
          column: 11,
          endLine: 11,
          endColumn: 21,
        },
      ],
      output: lines(
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata: {name: report}',
        'spec:',
        '  schedule: "0 3 * * *"',
        '  jobTemplate:',
        '    spec:',
        '      template:',
        '        spec:',
        '          restartPolicy: OnFailure',
        '          tolerations:',
        '          - {key: dedicated, operator: Exists}',
        '          containers:',
        '          - {name: report, image: "report:1"}',
      ),
    },
    {
      name: 'a key that resembles no field, in an init container and in the metadata',
      code: lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: p',
        '  owner: payments',
        'spec:',
        '  initContainers:',
        '  - name: init',
        '    image: busybox:1.36',
        '    retries: 3',
        '  containers:',
        '  - {name: app, image: "app:1"}',
      ),
      errors: [
        {
          message:
            '`owner` is not a field of ObjectMeta at `metadata`: the API server drops unknown fields, so this setting never takes effect.',
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 8,
        },
        {
          message:
            '`retries` is not a field of Container at `spec.initContainers[0]`: the API server drops unknown fields, so this setting never takes effect.',
          line: 10,
          column: 5,
          endLine: 10,
          endColumn: 12,
        },
      ],
      output: null,
    },
    {
      name: 'a field newer than the target version (1.30)',
      code: deployment([], ['      hostnameOverride: web-0']),
      settings: { kubernetesVersion: '1.30' },
      errors: [
        {
          message:
            '`hostnameOverride` is not a field of PodSpec at `spec.template.spec` in Kubernetes 1.30: it came in a later release, and an API server of 1.30 drops it.',
          line: 12,
          column: 7,
          endLine: 12,
          endColumn: 23,
        },
      ],
      output: null,
    },
    {
      name: 'a misspelt top-level key of a CustomResourceDefinition read header-only, after CRLF lines',
      code: lines(
        'apiVersion: apiextensions.k8s.io/v1\r',
        'kind: CustomResourceDefinition\r',
        'metadata: {name: widgets.example.com}\r',
        'specs:\r',
        '  group: example.com\r',
      ),
      errors: [
        {
          message:
            '`specs` is not a field of CustomResourceDefinition: did you mean `spec`? The API server drops unknown fields, so this setting never takes effect.',
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 6,
        },
      ],
      output: lines(
        'apiVersion: apiextensions.k8s.io/v1\r',
        'kind: CustomResourceDefinition\r',
        'metadata: {name: widgets.example.com}\r',
        'spec:\r',
        '  group: example.com\r',
      ),
    },
  ],
};

export default cases;
