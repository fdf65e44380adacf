import { lines, type RuleCases } from '../../test/rule-cases';

const cases: RuleCases = {
  valid: [
    {
      name: 'pinned tag with the default policy',
      code: lines(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '      - name: web',
        '        image: nginx:1.27.3',
      ),
    },
    {
      name: 'digest-pinned image, registry with a port, and an explicit IfNotPresent on latest',
      code: lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p}',
        'spec:',
        '  initContainers:',
        '  - name: init',
        '    image: busybox@sha256:2f4b1a4fdb2bd1ad4f21b0c4c1ca9bff2f5e4a9cb1c7c2c4b49c3c1fcd4b9a7e',
        '  containers:',
        '  - name: api',
        '    image: registry.local:5000/payments/api:2.3.1',
        '  - name: cache',
        '    image: redis:latest',
        '    imagePullPolicy: IfNotPresent',
        '  - name: proxy',
        '    image: envoyproxy/envoy:v1.31.0@sha256:8f9c6a1d2e3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d',
      ),
    },
    {
      name: 'image placeholders substituted at deploy time',
      code: lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p}',
        'spec:',
        '  containers:',
        '  - name: app',
        '    image: ${IMAGE}',
        '  - name: docs-example',
        '    image: <your-private-image>',
      ),
    },
  ],
  invalid: [
    {
      name: 'explicit Always on a pinned image: squiggle on the value, fix uses IfNotPresent',
      code: lines(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: frontend}',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '      - name: frontend',
        '        image: ghcr.io/acme/frontend:4.2.0',
        '        imagePullPolicy: Always # set by the old chart',
      ),
      errors: [
        {
          message:
            'Container "frontend" sets imagePullPolicy: Always, so every start of it pulls ' +
            '"ghcr.io/acme/frontend:4.2.0" from the registry: if the registry is unreachable, restarts and new pods ' +
            'fail. Use IfNotPresent for a pinned image.',
          line: 10,
          column: 26,
          endLine: 10,
          endColumn: 32,
        },
      ],
      fixTitle: 'Use imagePullPolicy: IfNotPresent (the image is pinned)',
      output: lines(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: frontend}',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '      - name: frontend',
        '        image: ghcr.io/acme/frontend:4.2.0',
        '        imagePullPolicy: IfNotPresent # set by the old chart',
      ),
    },
    {
      name: 'explicit Always on latest: no fix, the message says why',
      code: lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: dev}',
        'spec:',
        '  containers:',
        '  - name: app',
        '    image: "acme/app:latest"',
        '    imagePullPolicy: "Always"',
      ),
      errors: [
        {
          message:
            'Container "app" sets imagePullPolicy: Always and its image "acme/app:latest" has the tag latest: every ' +
            'start depends on the registry. Pin a version tag or digest first, then use IfNotPresent (no automatic ' +
            'fix: the right tag is yours to choose).',
          line: 8,
          column: 22,
          endLine: 8,
          endColumn: 30,
        },
      ],
      output: null,
    },
    {
      name: 'untagged image behind a registry port in a CronJob init container: squiggle on the image',
      code: lines(
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata: {name: backup}',
        'spec:',
        '  schedule: "0 3 * * *"',
        '  jobTemplate:',
        '    spec:',
        '      template:',
        '        spec:',
        '          restartPolicy: Never',
        '          initContainers:',
        '          - name: wait',
        '            image: registry.local:5000/tools/wait',
        '          containers:',
        '          - name: backup',
        '            image: registry.local:5000/tools/backup:1.0',
      ),
      errors: [
        {
          message:
            'Container "wait" uses image "registry.local:5000/tools/wait" with no tag, so Kubernetes defaults its ' +
            'imagePullPolicy to Always: every start depends on the registry. Pin a version tag or digest (no ' +
            'automatic fix: the right tag is yours to choose).',
          line: 13,
          column: 20,
          endLine: 13,
          endColumn: 50,
        },
      ],
      output: null,
    },
    {
      name: 'flow-style containers in a StatefulSet: one latest image and one explicit Always',
      code: lines(
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: queue}',
        'spec:',
        '  template:',
        '    spec:',
        "      containers: [{name: broker, image: 'rabbitmq:latest'}, {name: exporter, image: 'kbudde/rabbitmq-exporter:v1.0.0', imagePullPolicy: 'Always'}]",
      ),
      errors: [
        {
          message: /^Container "broker" uses image "rabbitmq:latest" with the tag latest/,
          line: 7,
          column: 42,
          endLine: 7,
          endColumn: 59,
        },
        {
          message: /^Container "exporter" sets imagePullPolicy: Always, so every start/,
          line: 7,
          column: 138,
          endLine: 7,
          endColumn: 146,
        },
      ],
      // The latest image offers no fix (there is no tag to keep): the only fix is the exporter's.
      fixTitle: 'Use imagePullPolicy: IfNotPresent (the image is pinned)',
      output: lines(
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: queue}',
        'spec:',
        '  template:',
        '    spec:',
        "      containers: [{name: broker, image: 'rabbitmq:latest'}, {name: exporter, image: 'kbudde/rabbitmq-exporter:v1.0.0', imagePullPolicy: 'IfNotPresent'}]",
      ),
    },
    {
      name: 'flow-style container with a quoted Always in the second document: the fix keeps the quotes',
      code: lines(
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: exporter}',
        '---',
        'apiVersion: apps/v1',
        'kind: DaemonSet',
        'metadata: {name: exporter}',
        'spec:',
        '  template:',
        '    spec:',
        "      containers: [{name: exporter, image: 'prom/node-exporter:v1.8.2', imagePullPolicy: 'Always'}]",
      ),
      errors: [
        {
          message: /^Container "exporter" sets imagePullPolicy: Always/,
          line: 11,
          column: 90,
          endLine: 11,
          endColumn: 98,
        },
      ],
      output: lines(
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: exporter}',
        '---',
        'apiVersion: apps/v1',
        'kind: DaemonSet',
        'metadata: {name: exporter}',
        'spec:',
        '  template:',
        '    spec:',
        "      containers: [{name: exporter, image: 'prom/node-exporter:v1.8.2', imagePullPolicy: 'IfNotPresent'}]",
      ),
    },
  ],
};

export default cases;
