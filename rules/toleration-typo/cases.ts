import { lines, type RuleCases } from '../../test/rule-cases';

export const node = (taint = '{key: compliance, value: hipaa, effect: NoSchedule}'): string[] => [
  'apiVersion: v1',
  'kind: Node',
  'metadata:',
  '  name: regulated-1',
  '  labels: {pool: regulated}',
  'spec:',
  '  taints:',
  `  - ${taint}`,
];

export const deployment = (tolerations: string[], name = 'patient-records'): string[] => [
  '---',
  'apiVersion: apps/v1',
  'kind: Deployment',
  `metadata: {name: ${name}}`,
  'spec:',
  '  template:',
  '    spec:',
  '      nodeSelector: {pool: regulated}',
  '      containers: [{name: app}]',
  '      tolerations:',
  ...tolerations,
];

/** A CronJob whose nested pod spec tolerates `compliance` with the given value. */
const cronJob = (value: string): string[] => [
  '---',
  'apiVersion: batch/v1',
  'kind: CronJob',
  'metadata: {name: export}',
  'spec:',
  '  schedule: "@daily"',
  '  jobTemplate:',
  '    spec:',
  '      template:',
  '        spec:',
  '          restartPolicy: Never',
  '          containers: [{name: export}]',
  `          tolerations: [{key: compliance, value: ${value}}]`,
];

/** A DaemonSet that selects nodes by the label key `workload-class`. */
const agent = [
  'apiVersion: apps/v1',
  'kind: DaemonSet',
  'metadata: {name: agent}',
  'spec:',
  '  template:',
  '    spec:',
  '      nodeSelector: {workload-class: batch}',
  '      containers: [{name: agent}]',
];

const cases: RuleCases = {
  valid: [
    {
      name: 'the toleration matches the taint exactly',
      code: lines(
        ...node(),
        ...deployment(['      - {key: compliance, operator: Equal, value: hipaa, effect: NoSchedule}']),
      ),
    },
    {
      name: 'well-known taint keys need no taint in the manifests',
      code: lines(
        ...deployment([
          '      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 30}',
          '      - {key: node-role.kubernetes.io/control-plane, operator: Exists}',
          '      - {key: CriticalAddonsOnly, operator: Exists}',
        ]).slice(1),
      ),
    },
    {
      name: 'near miss: deliberate variants that differ in one short part (team-a, team-b)',
      code: lines(
        ...node('{key: dedicated, value: team-b, effect: NoSchedule}'),
        ...deployment(['      - {key: dedicated, value: team-a, effect: NoSchedule}']),
      ),
    },
    {
      name: 'near miss: short words (gpu and cpu) are not typos of each other',
      code: lines(
        ...node('{key: gpu, effect: NoSchedule}'),
        ...deployment(['      - {key: cpu, operator: Exists}']),
      ),
    },
    {
      name: 'tolerate everything, and a value for a key used nowhere else',
      code: lines(
        ...node(),
        ...deployment([
          '      - operator: Exists',
          '      - {key: example-key, value: hippa, effect: NoSchedule}',
        ]),
      ),
    },
  ],
  invalid: [
    {
      name: 'hippa for hipaa: squiggle on the value, fix keeps the quotes',
      code: lines(
        ...node(),
        ...deployment([
          '      - key: "compliance"',
          '        operator: "Equal"',
          '        value: "hippa" # regulated nodes only',
          '        effect: "NoSchedule"',
        ]),
      ),
      errors: [
        {
          message:
            'Toleration value "hippa" for key "compliance" matches no value used with that key, but is 1 edit from "hipaa" (a taint of Node "regulated-1"): a misspelled toleration tolerates nothing.',
          line: 21,
          column: 16,
          endLine: 21,
          endColumn: 23,
        },
      ],
      fixTitle: 'Change the toleration value to "hipaa"',
      output: lines(
        ...node(),
        ...deployment([
          '      - key: "compliance"',
          '        operator: "Equal"',
          '        value: "hipaa" # regulated nodes only',
          '        effect: "NoSchedule"',
        ]),
      ),
    },
    {
      name: 'a misspelled well-known key',
      code: lines(
        ...deployment([
          '      - {key: node.kubernetes.io/not-redy, operator: Exists, effect: NoExecute, tolerationSeconds: 30}',
        ]).slice(1),
      ),
      errors: [
        {
          message:
            'Toleration key "node.kubernetes.io/not-redy" matches no taint or label key in use, but is 1 edit from "node.kubernetes.io/not-ready" (a well-known taint key): a misspelled toleration tolerates nothing.',
          line: 10,
          column: 15,
          endLine: 10,
          endColumn: 42,
        },
      ],
      output: lines(
        ...deployment([
          '      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 30}',
        ]).slice(1),
      ),
    },
    {
      name: 'a key typo, then its value checked against the intended key',
      code: lines(...node(), ...deployment(['      - {key: complience, value: hippa, effect: NoSchedule}'])),
      errors: [
        {
          message:
            /^Toleration key "complience" .* is 1 edit from "compliance" \(a taint of Node "regulated-1"\)/,
          line: 19,
          column: 15,
          endLine: 19,
          endColumn: 25,
        },
        {
          message: /^Toleration value "hippa" for key "compliance" .* from "hipaa"/,
          line: 19,
          column: 34,
          endLine: 19,
          endColumn: 39,
        },
      ],
      // Each fix mends its own finding: the key alone, or the value alone.
      output: lines(
        ...node(),
        ...deployment(['      - {key: compliance, value: hippa, effect: NoSchedule}']),
      ),
      moreFixes: [
        {
          title: 'Change the toleration value to "hipaa"',
          output: lines(
            ...node(),
            ...deployment(['      - {key: complience, value: hipaa, effect: NoSchedule}']),
          ),
        },
      ],
    },
    {
      name: 'another workload with the same typo does not make it right; a CronJob’s nested pod spec',
      code: lines(...node(), ...deployment(['      - {key: compliance, value: hippa}']), ...cronJob('hippa')),
      errors: [
        { message: /^Toleration value "hippa"/, line: 19, column: 34, endLine: 19, endColumn: 39 },
        { message: /^Toleration value "hippa"/, line: 32, column: 50, endLine: 32, endColumn: 55 },
      ],
      output: lines(
        ...node(),
        ...deployment(['      - {key: compliance, value: hipaa}']),
        ...cronJob('hippa'),
      ),
      moreFixes: [
        {
          title: 'Change the toleration value to "hipaa"',
          output: lines(
            ...node(),
            ...deployment(['      - {key: compliance, value: hippa}']),
            ...cronJob('hipaa'),
          ),
        },
      ],
    },
    {
      name: 'a key one edit from a nodeSelector key used elsewhere (two edits need eight letters)',
      code: lines(...agent, ...deployment(['      - {key: workload-clas, operator: Exists}'], 'worker')),
      errors: [
        {
          message:
            'Toleration key "workload-clas" matches no taint or label key in use, but is 1 edit from "workload-class" (the nodeSelector of DaemonSet "agent"): a misspelled toleration tolerates nothing.',
          line: 19,
          column: 15,
          endLine: 19,
          endColumn: 28,
        },
      ],
      output: lines(...agent, ...deployment(['      - {key: workload-class, operator: Exists}'], 'worker')),
    },
  ],
};

export default cases;
