import { lines, type RuleCases } from '../../test/rule-cases';
import { deployment } from '../unknown-field/cases';

const cases: RuleCases = {
  valid: [
    { name: 'a complete Deployment', code: deployment([]) },
    {
      name: 'a null creationTimestamp and an empty status',
      code: lines(
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: web, creationTimestamp: null}',
        'spec:',
        '  ports: [{port: 80}]',
        'status: {}',
      ),
    },
  ],
  invalid: [
    {
      name: 'an apps/v1 Deployment with no selector',
      code: lines(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        'spec:',
        '  template:',
        '    metadata: {labels: {app: web}}',
        '    spec:',
        '      containers:',
        '      - {name: web, image: "web:1"}',
      ),
      errors: [
        {
          message:
            'DeploymentSpec at `spec` has no `selector`, which it requires: the API server rejects Deployment "web".',
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 5,
        },
      ],
      output: lines(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        'spec:',
        '  template:',
        '    metadata: {labels: {app: web}}',
        '    spec:',
        '      containers:',
        '      - {name: web, image: "web:1"}',
        '  selector:',
        '    matchLabels:',
        '      app: web',
      ),
      fixTitle: 'Add spec.selector.matchLabels from the pod template’s labels',
    },
    {
      name: 'a StatefulSet without a selector or template labels: no fix',
      code: lines(
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: db}',
        'spec:',
        '  serviceName: db',
        '  template:',
        '    spec:',
        '      containers: [{name: db, image: "postgres:16"}]',
      ),
      errors: [
        {
          message:
            'StatefulSetSpec at `spec` has no `selector`, which it requires: the API server rejects StatefulSet "db".',
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 5,
        },
      ],
      output: null,
    },
    {
      name: 'a container without an image, and a pod spec without containers',
      code: lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p}',
        'spec:',
        '  containers:',
        '  - name: web',
        '---',
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: q}',
        'spec:',
        '  initContainers: [{name: init, image: "busybox:1"}]',
      ),
      errors: [
        {
          message:
            'Container at `spec.containers[0]` has no `image`, which it requires: the API server rejects Pod "p".',
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 9,
        },
        {
          message:
            'PodSpec at `spec` has no `containers`, which it requires: the API server rejects Pod "q".',
          line: 11,
          column: 1,
          endLine: 11,
          endColumn: 5,
        },
      ],
    },
  ],
};

export default cases;
