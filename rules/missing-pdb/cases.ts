import { lines, type RuleCases } from '../../test/rule-cases';

export const deployment = (namespace?: string): string[] => [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: checkout',
  ...(namespace ? [`  namespace: ${namespace}`] : []),
  'spec:',
  '  replicas: 3',
  '  selector:',
  '    matchLabels:',
  '      app: checkout',
  '  template:',
  '    metadata:',
  '      labels:',
  '        app: checkout',
  '        tier: web',
  '    spec:',
  '      containers:',
  '      - name: checkout',
];

export const pdb = (selector: string[], namespace?: string): string[] => [
  '---',
  'apiVersion: policy/v1',
  'kind: PodDisruptionBudget',
  'metadata:',
  '  name: checkout',
  ...(namespace ? [`  namespace: ${namespace}`] : []),
  'spec:',
  '  maxUnavailable: 1',
  '  selector:',
  ...selector,
];

/** The budget the fix writes for the checkout Deployment, in the file or as a file of its own. */
export const budget = (namespace?: string, rule = '  maxUnavailable: 1'): string[] => [
  'apiVersion: policy/v1',
  'kind: PodDisruptionBudget',
  'metadata:',
  '  name: checkout-pdb',
  ...(namespace ? [`  namespace: ${namespace}`] : []),
  'spec:',
  rule,
  '  selector:',
  '    matchLabels:',
  '      app: checkout',
];

const cases: RuleCases = {
  valid: [
    {
      name: 'matching PDB in the same file',
      code: lines(...deployment(), ...pdb(['    matchLabels: {app: checkout}'])),
    },
    {
      name: 'matchExpressions that hold',
      code: lines(
        ...deployment('shop'),
        ...pdb(
          [
            '    matchExpressions:',
            '    - {key: tier, operator: In, values: [web, api]}',
            '    - {key: canary, operator: DoesNotExist}',
          ],
          'shop',
        ),
      ),
    },
    {
      name: 'unset namespace counts as default',
      code: lines(...deployment(), ...pdb(['    matchLabels: {app: checkout}'], 'default')),
    },
    {
      name: 'Exists and NotIn expressions that hold',
      code: lines(
        ...deployment('shop'),
        ...pdb(
          [
            '    matchExpressions:',
            '    - {key: app, operator: Exists}',
            '    - {key: tier, operator: NotIn, values: [batch]}',
          ],
          'shop',
        ),
      ),
    },
    {
      name: 'single replica needs no budget',
      code: lines('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: one}', 'spec: {replicas: 1}'),
    },
  ],
  invalid: [
    {
      name: 'no PDB: squiggle on the name, fix appends a budget with the controller selector',
      code: lines('# checkout service', ...deployment()),
      errors: [
        {
          message:
            'Deployment "checkout" runs 3 replicas but no PodDisruptionBudget selects its pods: a drain can evict them all at once.',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 17,
        },
      ],
      fixTitle: 'Add PodDisruptionBudget "checkout-pdb" (maxUnavailable: 1)',
      output: lines('# checkout service', ...deployment(), '---', ...budget()),
      moreFixes: [
        {
          title: 'Create PodDisruptionBudget "checkout-pdb" in checkout-pdb.yaml',
          newFile: {
            name: 'checkout-pdb.yaml',
            text: lines(...budget()),
          },
        },
      ],
    },
    {
      name: 'a PDB with one label that does not hold does not count (AND semantics); minAvailable from settings',
      settings: { fix: { pdbMinAvailable: 5 } },
      code: lines(...deployment('shop'), ...pdb(['    matchLabels: {app: checkout, tier: api}'], 'shop')),
      errors: [
        { message: /^Deployment "checkout" runs 3 replicas/, line: 4, column: 9, endLine: 4, endColumn: 17 },
      ],
      fixTitle: 'Add PodDisruptionBudget "checkout-pdb" (minAvailable: 2)',
      // The new budget goes right after the Deployment it protects.
      output: lines(
        ...deployment('shop'),
        '---',
        ...budget('shop', '  minAvailable: 2'),
        ...pdb(['    matchLabels: {app: checkout, tier: api}'], 'shop'),
      ),
      moreFixes: [
        {
          title: 'Create PodDisruptionBudget "checkout-pdb" in checkout-pdb.yaml',
          newFile: {
            name: 'checkout-pdb.yaml',
            text: lines(...budget('shop', '  minAvailable: 2')),
          },
        },
      ],
    },
    {
      name: 'a PDB in another namespace does not count, and is named (wrong namespace?); the Deployment last, without a final line break',
      code: lines(...pdb(['    matchLabels: {app: checkout}'], 'b'), '---', ...deployment('a')).replace(
        /\n$/,
        '',
      ),
      errors: [
        {
          message:
            'Deployment "checkout" runs 3 replicas in namespace "a", where no PodDisruptionBudget selects its pods; in namespace "b", PodDisruptionBudget "checkout" does: wrong namespace? As written, a drain can evict them all at once.',
          line: 15,
          column: 9,
          endLine: 15,
          endColumn: 17,
        },
      ],
      output: lines(
        ...pdb(['    matchLabels: {app: checkout}'], 'b'),
        '---',
        ...deployment('a'),
        '---',
        ...budget('a'),
      ),
      moreFixes: [
        {
          title: 'Create PodDisruptionBudget "checkout-pdb" in checkout-pdb.yaml',
          newFile: {
            name: 'checkout-pdb.yaml',
            text: lines(...budget('a')),
          },
        },
      ],
    },
    {
      name: 'a NotIn expression that excludes the pods; the budget is related information, not part of the table',
      code: lines(
        ...deployment(),
        ...pdb([
          '    matchLabels: {app: checkout}',
          '    matchExpressions: [{key: tier, operator: NotIn, values: [web]}]',
        ]),
      ),
      errors: [
        {
          message: /^Deployment "checkout" runs 3 replicas but no PodDisruptionBudget/,
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 17,
        },
      ],
      output: lines(
        ...deployment(),
        '---',
        ...budget(),
        ...pdb([
          '    matchLabels: {app: checkout}',
          '    matchExpressions: [{key: tier, operator: NotIn, values: [web]}]',
        ]),
      ),
      moreFixes: [
        {
          title: 'Create PodDisruptionBudget "checkout-pdb" in checkout-pdb.yaml',
          newFile: {
            name: 'checkout-pdb.yaml',
            text: lines(...budget()),
          },
        },
      ],
    },
  ],
};

export default cases;
