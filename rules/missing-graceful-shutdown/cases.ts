import { lines, type RuleCases } from '../../test/rule-cases';

export const deployment = (podSpec: string[], container: string[] = [], kind = 'Deployment'): string[] => [
  'apiVersion: apps/v1',
  `kind: ${kind}`,
  'metadata:',
  '  name: web',
  'spec:',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec:',
  ...podSpec,
  '      containers:',
  '      - name: web',
  '        ports: [{containerPort: 8080}]',
  ...container,
];

export const service = (name = 'web'): string[] => [
  '---',
  'apiVersion: v1',
  'kind: Service',
  `metadata: {name: ${name}}`,
  'spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}',
];

const preStop = [
  '        lifecycle:',
  '          preStop:',
  '            exec:',
  '              command: [sleep, "10"]',
];

const execSleep = [
  '        lifecycle:',
  '          preStop:',
  '            exec:',
  '              command:',
  '              - sleep',
  '              - "5"',
];

const cases: RuleCases = {
  valid: [
    {
      name: 'a preStop hook and the default grace period',
      code: lines(...deployment([], preStop), ...service()),
    },
    {
      name: 'no Service selects the pods',
      code: lines(...deployment([])),
    },
    {
      name: 'StatefulSets are not checked',
      code: lines(...deployment([], [], 'StatefulSet'), ...service()),
    },
    {
      name: 'near miss: exactly 5 s of grace with a preStop hook',
      code: lines(...deployment(['      terminationGracePeriodSeconds: 5'], preStop), ...service()),
    },
    {
      name: 'a metrics Service only',
      code: lines(...deployment([]), ...service('web-metrics')),
    },
    {
      name: 'a lower threshold accepts a 2 s grace period',
      settings: { rules: { 'missing-graceful-shutdown': { options: { minGraceSeconds: 2 } } } },
      code: lines(...deployment(['      terminationGracePeriodSeconds: 2'], preStop), ...service()),
    },
  ],
  invalid: [
    {
      name: 'no preStop hook: squiggle on the container name, fix adds a 5 s sleep',
      code: lines(...deployment([]), ...service()),
      errors: [
        {
          message:
            'Container "web" of Deployment "web" has no preStop hook, but Service "web" sends it traffic: on every rollout it gets SIGTERM while requests are still routed to it, and those requests fail.',
          line: 11,
          column: 15,
          endLine: 11,
          endColumn: 18,
        },
      ],
      fixTitle: 'Add a preStop hook to "web" that sleeps 5 s before SIGTERM',
      output: lines(...deployment([], execSleep), ...service()),
      moreFixes: [
        {
          title: 'Add a preStop sleep action (5 s) to "web", for images without a shell',
          output: lines(
            'apiVersion: apps/v1',
            'kind: Deployment',
            'metadata:',
            '  name: web',
            'spec:',
            '  selector: {matchLabels: {app: web}}',
            '  template:',
            '    metadata: {labels: {app: web}}',
            '    spec:',
            '      containers:',
            '      - name: web',
            '        ports: [{containerPort: 8080}]',
            '        lifecycle:',
            '          preStop:',
            '            sleep:',
            '              seconds: 5',
            '---',
            'apiVersion: v1',
            'kind: Service',
            'metadata: {name: web}',
            'spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}',
          ),
        },
      ],
    },
    {
      name: 'a lifecycle with postStart only: squiggle on lifecycle, the hook joins it',
      code: lines(
        ...deployment([], ['        lifecycle:', '          postStart: {exec: {command: [warm-up]}}']),
        ...service(),
      ),
      errors: [{ message: /has no preStop hook/, line: 13, column: 9, endLine: 13, endColumn: 18 }],
      output: lines(
        ...deployment(
          [],
          [
            '        lifecycle:',
            '          postStart: {exec: {command: [warm-up]}}',
            '          preStop:',
            '            exec:',
            '              command:',
            '              - sleep',
            '              - "5"',
          ],
        ),
        ...service(),
      ),
      moreFixes: [
        {
          title: 'Add a preStop sleep action (5 s) to "web", for images without a shell',
          output: lines(
            'apiVersion: apps/v1',
            'kind: Deployment',
            'metadata:',
            '  name: web',
            'spec:',
            '  selector: {matchLabels: {app: web}}',
            '  template:',
            '    metadata: {labels: {app: web}}',
            '    spec:',
            '      containers:',
            '      - name: web',
            '        ports: [{containerPort: 8080}]',
            '        lifecycle:',
            '          postStart: {exec: {command: [warm-up]}}',
            '          preStop:',
            '            sleep:',
            '              seconds: 5',
            '---',
            'apiVersion: v1',
            'kind: Service',
            'metadata: {name: web}',
            'spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}',
          ),
        },
      ],
    },
    {
      name: 'a 2 s grace period: squiggle on the value, fix restores the default 30 s',
      code: lines(
        ...deployment(['      terminationGracePeriodSeconds: 2'], preStop),
        ...service(),
        ...service('web-public'),
      ),
      errors: [
        {
          message:
            'Deployment "web" sets terminationGracePeriodSeconds 2, but Service "web" and Service "web-public" send it traffic: pods are killed before load balancers stop routing to them, so every rollout drops in-flight requests.',
          line: 10,
          column: 38,
          endLine: 10,
          endColumn: 39,
        },
      ],
      fixTitle: 'Set terminationGracePeriodSeconds to 30 (the Kubernetes default)',
      output: lines(
        ...deployment(['      terminationGracePeriodSeconds: 30'], preStop),
        ...service(),
        ...service('web-public'),
      ),
    },
    {
      name: 'a sleep that would not fit the grace period is not offered',
      settings: { rules: { 'missing-graceful-shutdown': { options: { preStopSleepSeconds: 10 } } } },
      code: lines(...deployment(['      terminationGracePeriodSeconds: 8']), ...service()),
      errors: [{ message: /has no preStop hook/, line: 12, column: 15, endLine: 12, endColumn: 18 }],
      output: null,
    },
  ],
};

export default cases;
