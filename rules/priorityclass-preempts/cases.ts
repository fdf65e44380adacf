import { lines, type RuleCases } from '../../test/rule-cases';

const cases: RuleCases = {
  valid: [
    {
      name: 'high value that never preempts',
      code: lines(
        'apiVersion: scheduling.k8s.io/v1',
        'kind: PriorityClass',
        'metadata: {name: critical-queue}',
        'value: 1000000',
        'globalDefault: true',
        'preemptionPolicy: Never',
      ),
    },
    {
      name: 'low value that is not the default (near miss: just under the threshold)',
      code: lines(
        'apiVersion: scheduling.k8s.io/v1',
        'kind: PriorityClass',
        'metadata:',
        '  name: batch-low',
        'value: 999999',
        'globalDefault: false',
      ),
    },
    {
      name: 'a raised threshold leaves value 1000000 alone',
      settings: {
        rules: { 'priorityclass-preempts': { severity: 'info', options: { valueThreshold: 2000000 } } },
      },
      code: lines(
        'apiVersion: scheduling.k8s.io/v1',
        'kind: PriorityClass',
        'metadata: {name: high}',
        'value: 1000000',
      ),
    },
    {
      name: 'a workload that only names a class',
      code: lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p}',
        'spec:',
        '  priorityClassName: high',
        '  containers: [{name: c, image: nginx:1.27}]',
      ),
    },
  ],
  invalid: [
    {
      name: 'high value: squiggle on value, fix adds preemptionPolicy after the last key',
      code: lines(
        '# ingesters must fit during upgrades',
        'apiVersion: scheduling.k8s.io/v1',
        'kind: PriorityClass',
        'metadata:',
        '  name: ingester # stateful',
        'value: 1000000',
        'description: "Ingesters are scheduled first"',
      ),
      errors: [
        {
          message:
            'PriorityClass "ingester" has value 1000000 (at least 1000000) and may preempt: its pods evict ' +
            'lower-priority pods when the cluster is full. Add preemptionPolicy: Never if they only need to be ' +
            'scheduled first.',
          line: 6,
          column: 1,
          endLine: 6,
          endColumn: 6,
        },
      ],
      fixTitle: 'Set preemptionPolicy: Never (pods are scheduled first but evict nobody)',
      output: lines(
        '# ingesters must fit during upgrades',
        'apiVersion: scheduling.k8s.io/v1',
        'kind: PriorityClass',
        'metadata:',
        '  name: ingester # stateful',
        'value: 1000000',
        'description: "Ingesters are scheduled first"',
        'preemptionPolicy: Never',
      ),
    },
    {
      name: 'global default in the second document with an explicit quoted PreemptLowerPriority',
      code: lines(
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: {name: unrelated}',
        '---',
        'apiVersion: scheduling.k8s.io/v1',
        'kind: PriorityClass',
        'metadata:',
        '  name: default-tier',
        'value: 1000',
        'globalDefault: true',
        'preemptionPolicy: "PreemptLowerPriority" # the API default',
      ),
      errors: [
        {
          message:
            'PriorityClass "default-tier" is the global default (value 1000) and may preempt: every pod without a ' +
            'priorityClassName gets it and can evict lower-priority pods when the cluster is full. Add ' +
            'preemptionPolicy: Never unless that is intended.',
          line: 10,
          column: 1,
          endLine: 10,
          endColumn: 14,
        },
      ],
      output: lines(
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: {name: unrelated}',
        '---',
        'apiVersion: scheduling.k8s.io/v1',
        'kind: PriorityClass',
        'metadata:',
        '  name: default-tier',
        'value: 1000',
        'globalDefault: true',
        'preemptionPolicy: "Never" # the API default',
      ),
    },
    {
      name: 'flow style on one line: squiggle on the value key, fix inserts into the braces',
      code: lines(
        '{apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: batch-high}, value: 2000000}',
      ),
      errors: [
        {
          message: /^PriorityClass "batch-high" has value 2000000 /,
          line: 1,
          column: 87,
          endLine: 1,
          endColumn: 92,
        },
      ],
      output: lines(
        '{apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: batch-high}, value: 2000000, preemptionPolicy: Never}',
      ),
    },
    {
      name: 'both the global default and a high value: one finding, on globalDefault; CRLF kept',
      code: [
        'apiVersion: scheduling.k8s.io/v1',
        'globalDefault: true',
        'kind: PriorityClass',
        'metadata:',
        '  name: everything-high',
        'value: 5000000',
        '',
      ].join('\r\n'),
      errors: [
        { message: /is the global default \(value 5000000\)/, line: 2, column: 1, endLine: 2, endColumn: 14 },
      ],
      output: [
        'apiVersion: scheduling.k8s.io/v1',
        'globalDefault: true',
        'kind: PriorityClass',
        'metadata:',
        '  name: everything-high',
        'value: 5000000',
        'preemptionPolicy: Never',
        '',
      ].join('\r\n'),
    },
  ],
};

export default cases;
