import { lines, type RuleCases } from '../../test/rule-cases';
import { deployment } from '../unknown-field/cases';

const cases: RuleCases = {
  valid: [
    {
      name: 'numbers, quoted strings, quantities and int-or-string ports',
      code: deployment([
        '        ports: [{containerPort: 80}]',
        '        env:',
        '        - {name: PORT, value: "8080"}',
        '        - {name: DEBUG, value: "yes"}',
        '        resources: {limits: {memory: 1Gi, cpu: 1}, requests: {memory: "1073741824"}}',
        '        readinessProbe: {httpGet: {port: http}}',
      ]),
    },
  ],
  invalid: [
    {
      name: '`replicas: "3"`',
      code: lines(
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: db}',
        'spec:',
        '  replicas: "3"',
        '  serviceName: db',
        '  selector: {matchLabels: {app: db}}',
        '  template:',
        '    metadata: {labels: {app: db}}',
        '    spec: {containers: [{name: db, image: "postgres:16"}]}',
      ),
      errors: [
        {
          message: '`spec.replicas` must be a number, not the string "3": the API server rejects the object.',
          line: 5,
          column: 13,
          endLine: 5,
          endColumn: 16,
        },
      ],
      output: lines(
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: db}',
        'spec:',
        '  replicas: 3',
        '  serviceName: db',
        '  selector: {matchLabels: {app: db}}',
        '  template:',
        '    metadata: {labels: {app: db}}',
        '    spec: {containers: [{name: db, image: "postgres:16"}]}',
      ),
      fixTitle: 'Write 3 without quotes',
    },
    {
      name: '`containerPort: "80"`',
      code: deployment(['        ports:', '        - containerPort: "80"']),
      errors: [
        {
          message:
            '`spec.template.spec.containers[0].ports[0].containerPort` must be a number, not the string "80": the API server rejects the object.',
          line: 16,
          column: 26,
          endLine: 16,
          endColumn: 30,
        },
      ],
      output: deployment(['        ports:', '        - containerPort: 80']),
    },
    {
      name: 'an env value written as a number',
      code: deployment(['        env:', '        - name: PORT', '          value: 8080']),
      errors: [
        {
          message:
            '`spec.template.spec.containers[0].env[0].value` must be a string, not the number 8080: the API server rejects the object.',
          line: 17,
          column: 18,
          endLine: 17,
          endColumn: 22,
        },
      ],
      output: deployment(['        env:', '        - name: PORT', '          value: "8080"']),
    },
    {
      name: 'a label value of yes, which kubectl reads as a boolean',
      code: lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: team',
        '  labels:',
        '    monitored: yes',
      ),
      errors: [
        {
          message:
            '`metadata.labels.monitored` is the word "yes", which kubectl and other YAML 1.1 readers take for a boolean, not a string: the API server rejects the object. Quote it.',
          line: 6,
          column: 16,
          endLine: 6,
          endColumn: 19,
        },
      ],
      output: lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: team',
        '  labels:',
        '    monitored: "yes"',
      ),
    },
    {
      name: '`memory: 512` with no unit, and a quantity the API server cannot parse',
      code: deployment([
        '        resources:',
        '          limits: {memory: 512}',
        '          requests: {memory: 256MB}',
      ]),
      errors: [
        {
          message:
            '`spec.template.spec.containers[0].resources.limits.memory: 512` has no unit, so Kubernetes reads it as 512 bytes; did you mean 512Mi?',
          line: 16,
          column: 28,
          endLine: 16,
          endColumn: 31,
        },
        {
          message:
            '`spec.template.spec.containers[0].resources.requests.memory: 256MB` is not a Kubernetes quantity (such as 500m, 512Mi or 2Gi): the API server rejects the object.',
          line: 17,
          column: 30,
          endLine: 17,
          endColumn: 35,
        },
      ],
      output: deployment([
        '        resources:',
        '          limits: {memory: 512Mi}',
        '          requests: {memory: 256MB}',
      ]),
    },
    {
      name: 'a claim for 10 bytes of storage, read as 10Gi by the fix',
      code: lines(
        'apiVersion: v1',
        'kind: PersistentVolumeClaim',
        'metadata: {name: data}',
        'spec:',
        '  accessModes: [ReadWriteOnce]',
        '  resources:',
        '    requests:',
        '      storage: 10',
      ),
      errors: [
        {
          message:
            '`spec.resources.requests.storage: 10` has no unit, so Kubernetes reads it as 10 bytes; did you mean 10Gi?',
          line: 8,
          column: 16,
          endLine: 8,
          endColumn: 18,
        },
      ],
      output: lines(
        'apiVersion: v1',
        'kind: PersistentVolumeClaim',
        'metadata: {name: data}',
        'spec:',
        '  accessModes: [ReadWriteOnce]',
        '  resources:',
        '    requests:',
        '      storage: 10Gi',
      ),
      fixTitle: 'Read 10 as 10Gi (gibibytes)',
    },
    {
      name: 'a list written as a mapping has no fix',
      code: lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p}',
        'spec:',
        '  containers:',
        '    name: web',
        '    image: web:1',
      ),
      errors: [
        {
          message: '`spec.containers` must be a list, not a mapping: the API server rejects the object.',
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 13,
        },
      ],
      output: null,
    },
  ],
};

export default cases;
