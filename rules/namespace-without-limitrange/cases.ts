import { lines, type RuleCases } from '../../test/rule-cases';

export const namespace = (name = 'shop'): string[] => [
  'apiVersion: v1',
  'kind: Namespace',
  'metadata:',
  `  name: ${name}`,
];

const limitRange = (ns: string, memoryLimit = '512Mi', memoryRequest = '256Mi'): string[] => [
  '---',
  'apiVersion: v1',
  'kind: LimitRange',
  'metadata:',
  '  name: default-limits',
  `  namespace: ${ns}`,
  'spec:',
  '  limits:',
  '  - type: Container',
  '    default:',
  `      memory: ${memoryLimit}`,
  '    defaultRequest:',
  '      cpu: 100m',
  `      memory: ${memoryRequest}`,
];

const cases: RuleCases = {
  valid: [
    {
      name: 'a LimitRange for the namespace',
      code: lines(...namespace(), ...limitRange('shop')),
    },
    {
      name: 'control-plane namespaces are left alone',
      code: lines(...namespace('kube-system')),
    },
    {
      name: 'a LimitRange written before its Namespace, in flow style',
      code: lines(
        'apiVersion: v1',
        'kind: LimitRange',
        'metadata: {name: limits, namespace: shop}',
        'spec: {limits: [{type: Container, default: {memory: 1Gi}}]}',
        '---',
        ...namespace(),
      ),
    },
  ],
  invalid: [
    {
      name: 'no LimitRange: squiggle on the name, fix appends one with the documented defaults',
      code: lines('# team shop', ...namespace()),
      errors: [
        {
          message:
            'Namespace "shop" has no LimitRange: containers created there without resources get no requests and no memory limit, so one leak can exhaust a node.',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 13,
        },
      ],
      fixTitle:
        'Add LimitRange "default-limits" (default memory limit 512Mi, default requests 100m CPU and 256Mi memory)',
      output: lines('# team shop', ...namespace(), ...limitRange('shop')),
    },
    {
      name: 'a LimitRange of another namespace does not count; the request never exceeds the limit',
      settings: { fix: { memoryLimit: '1Gi', memoryRequest: '2Gi' } },
      code: lines(
        ...namespace(),
        ...limitRange('staging').map((l) => l.replace('default-limits', 'staging-limits')),
      ),
      errors: [
        { message: /^Namespace "shop" has no LimitRange/, line: 4, column: 9, endLine: 4, endColumn: 13 },
      ],
      // The new LimitRange goes right after the Namespace it is for.
      output: lines(
        ...namespace(),
        ...limitRange('shop', '1Gi', '1Gi'),
        ...limitRange('staging').map((l) => l.replace('default-limits', 'staging-limits')),
      ),
    },
    {
      name: 'CRLF line endings and no final line break',
      code: lines(...namespace())
        .replace(/\n$/, '')
        .replace(/\n/g, '\r\n'),
      errors: [{ message: /^Namespace "shop"/, line: 4, column: 9, endLine: 4, endColumn: 13 }],
      output: lines(...namespace(), ...limitRange('shop')).replace(/\n/g, '\r\n'),
    },
  ],
};

export default cases;
