import { lines, type RuleCases } from '../../test/rule-cases';

/** A Pod whose spec nests `depth` flow sequences deep. */
const deepPod = (name: string, depth: number): string[] => [
  'apiVersion: v1',
  'kind: Pod',
  `metadata: {name: ${name}}`,
  `spec: {containers: ${'['.repeat(depth)}${']'.repeat(depth)}}`,
];

/** The billion laughs: nine levels of nine aliases each, a few hundred bytes that expand to 9^9 strings. */
const aliasBomb = (): string[] => [
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: laughs}',
  'lol: &l0 "lol"',
  ...Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`),
];

const pod = (name: string): string[] => [
  'apiVersion: v1',
  'kind: Pod',
  `metadata: {name: ${name}}`,
  'spec: {containers: [{name: app, image: "app:1.0"}]}',
];

const raise = (bound: string, cli = ''): string =>
  ` Raise that bound to analyse it, in the editor setting or as limits.${bound} in .kube-hindsight.yaml${cli}.`;

const cases: RuleCases = {
  valid: [
    { name: 'ordinary manifests', code: lines(...pod('a'), '---', ...pod('b')) },
    { name: 'nesting below the bound', code: lines(...deepPod('shallow', 150)) },
    {
      name: 'ordinary anchors and aliases',
      code: lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: anchors, labels: &labels {app: web}}',
        'spec: {containers: [{name: app, image: "app:1.0"}], nodeSelector: *labels}',
      ),
    },
    {
      name: 'a raised bound analyses what the default would skip',
      settings: { limits: { maxDepth: 400 } },
      code: lines(...deepPod('deep', 300)),
    },
    {
      name: 'rule turned off',
      settings: { rules: { 'file-skipped': 'off' } },
      code: lines(...deepPod('deep', 300)),
    },
    {
      name: 'an ignore-file comment in the skipped document',
      code: lines(
        'apiVersion: v1',
        '# kube-hindsight-ignore-file file-skipped -- a fixture for the parser',
        ...deepPod('deep', 300).slice(1),
      ),
    },
  ],
  invalid: [
    {
      name: 'a document nested deeper than maxDepth: on its first line',
      code: lines(...deepPod('deep', 300), '---', ...pod('next')),
      errors: [
        {
          message:
            'Kube Hindsight skipped this document: it nests deeper than 200 levels (kubeHindsight.limits.maxDepth).' +
            raise('maxDepth'),
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 15,
        },
      ],
    },
    {
      name: 'two deep documents: one finding that counts the other',
      code: lines(...pod('first'), '---', ...deepPod('a', 300), '---', ...deepPod('b', 300)),
      errors: [
        {
          message:
            'Kube Hindsight skipped this document: it nests deeper than 200 levels (kubeHindsight.limits.maxDepth). The same applies to 1 more document.' +
            raise('maxDepth'),
          // A document after the first begins at its `---` line.
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 4,
        },
      ],
    },
    {
      name: 'an alias bomb',
      code: lines(...aliasBomb()),
      errors: [
        {
          message:
            'Kube Hindsight skipped this document: its aliases expand beyond 100 (kubeHindsight.limits.maxAliasCount), the shape of an alias bomb.' +
            raise('maxAliasCount'),
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 15,
        },
      ],
    },
    {
      name: 'a file over maxFileBytes: on its first line, with the command-line flag',
      settings: { limits: { maxFileBytes: 1024 } },
      code: lines(
        ...pod('big'),
        '# padding',
        ...Array.from({ length: 40 }, (_, i) => `# comment line ${i} to grow the file`),
      ),
      errors: [
        {
          message:
            'Kube Hindsight skipped this file: it is 2 KiB, above the 1 KiB it analyses (kubeHindsight.limits.maxFileBytes).' +
            raise('maxFileBytes', ', or with --max-file-bytes on the command line'),
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 15,
        },
      ],
    },
    {
      name: 'documents past maxDocuments: where the rest begins',
      settings: { limits: { maxDocuments: 2 } },
      code: lines(...pod('a'), '---', ...pod('b'), '---', ...pod('c'), '---', ...pod('d')),
      errors: [
        {
          message:
            'Kube Hindsight analysed the first 2 documents of this file and skipped the rest, from here on (kubeHindsight.limits.maxDocuments).' +
            raise('maxDocuments'),
          line: 10,
          column: 1,
          endLine: 10,
          endColumn: 4,
        },
      ],
    },
  ],
};

export default cases;
