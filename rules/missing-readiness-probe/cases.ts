import { lines, type RuleCases } from '../../test/rule-cases';

export const deployment = (containers: string[], namespace?: string, kind = 'Deployment'): string[] => [
  'apiVersion: apps/v1',
  `kind: ${kind}`,
  'metadata:',
  '  name: web',
  ...(namespace ? [`  namespace: ${namespace}`] : []),
  'spec:',
  '  selector:',
  '    matchLabels: {app: web}',
  '  template:',
  '    metadata:',
  '      labels: {app: web, tier: frontend}',
  '    spec:',
  '      containers:',
  ...containers,
];

export const service = (extra: string[] = [], namespace?: string, name = 'web'): string[] => [
  '---',
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  `  name: ${name}`,
  ...(namespace ? [`  namespace: ${namespace}`] : []),
  'spec:',
  '  selector: {app: web}',
  '  ports:',
  '  - {name: http, port: 80, targetPort: 8080}',
  ...extra,
];

const web = [
  '      - name: web',
  '        image: web:1.4',
  '        ports:',
  '        - containerPort: 8080',
];

const cases: RuleCases = {
  valid: [
    {
      name: 'the serving container has a readiness probe',
      code: lines(
        ...deployment([...web, '        readinessProbe: {httpGet: {path: /ready, port: 8080}}']),
        ...service(),
      ),
    },
    {
      name: 'no Service selects the pods',
      code: lines(...deployment(web)),
    },
    {
      name: 'the Service is in another namespace',
      code: lines(...deployment(web, 'shop'), ...service([], 'staging')),
    },
    {
      name: 'a Service that publishes not-ready addresses ignores readiness',
      code: lines(...deployment(web), ...service(['  publishNotReadyAddresses: true'])),
    },
    {
      name: 'a metrics Service is scraped, not served',
      code: lines(...deployment(web), ...service([], undefined, 'web-metrics')),
    },
    {
      name: 'a sidecar that serves no Service port needs no probe',
      code: lines(
        ...deployment([
          '      - name: log-shipper',
          ...web,
          '        readinessProbe: {tcpSocket: {port: 8080}}',
        ]),
        ...service(),
      ),
    },
  ],
  invalid: [
    {
      name: 'no readiness probe: squiggle on the container name, fix adds a TCP probe on the target port',
      code: lines(...deployment(web), ...service()),
      errors: [
        {
          message:
            'Container "web" of Deployment "web" has no readiness probe, but Service "web" sends it traffic: new and restarted pods get requests before they can answer them.',
          line: 13,
          column: 15,
          endLine: 13,
          endColumn: 18,
        },
      ],
      fixTitle: 'Add a TCP readiness probe on port 8080 to "web"',
      output: lines(
        ...deployment([...web, '        readinessProbe:', '          tcpSocket:', '            port: 8080']),
        ...service(),
      ),
    },
    {
      name: 'a named target port picks the serving container of two',
      code: lines(
        ...deployment([
          '      - {name: envoy, ports: [{containerPort: 15001}]}',
          '      - name: app',
          '        ports:',
          '        - {name: http, containerPort: 9000}',
        ]),
        '---',
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: web}',
        'spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}',
      ),
      errors: [
        {
          message: /^Container "app" of Deployment "web" has no readiness probe/,
          line: 14,
          column: 15,
          endLine: 14,
          endColumn: 18,
        },
      ],
      output: lines(
        ...deployment([
          '      - {name: envoy, ports: [{containerPort: 15001}]}',
          '      - name: app',
          '        ports:',
          '        - {name: http, containerPort: 9000}',
          '        readinessProbe:',
          '          tcpSocket:',
          '            port: 9000',
        ]),
        '---',
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: web}',
        'spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}',
      ),
    },
    {
      name: 'no declared port: the first container is flagged, no probe can be guessed',
      code: lines(...deployment(['      - name: web', '        image: web:1.4']), ...service()),
      errors: [
        { message: /^Container "web" of Deployment "web"/, line: 13, column: 15, endLine: 13, endColumn: 18 },
      ],
      output: null,
    },
    {
      name: 'a StatefulSet in flow style, selected by two Services',
      code: lines(
        ...deployment(['      - {name: db, ports: [{containerPort: 8080}]}'], undefined, 'StatefulSet'),
        ...service(),
        ...service([], undefined, 'web-headless'),
      ),
      errors: [
        {
          message:
            'Container "db" of StatefulSet "web" has no readiness probe, but Service "web" and Service "web-headless" send it traffic: new and restarted pods get requests before they can answer them.',
          line: 13,
          column: 16,
          endLine: 13,
          endColumn: 18,
        },
      ],
      output: lines(
        ...deployment(
          ['      - {name: db, ports: [{containerPort: 8080}], readinessProbe: {tcpSocket: {port: 8080}}}'],
          undefined,
          'StatefulSet',
        ),
        ...service(),
        ...service([], undefined, 'web-headless'),
      ),
    },
  ],
};

export default cases;
