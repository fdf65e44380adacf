import { lines, type RuleCases } from '../../test/rule-cases';

const TAIL = 'Kube Hindsight checks this document once it parses.';

/** A Deployment whose `containers:` is one column short of its siblings, under a node affinity. */
export const MISINDENTED_CONTAINERS = lines(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  replicas: 3',
  '  selector:',
  '    matchLabels: {app: web}',
  '  template:',
  '    metadata:',
  '      labels: {app: web}',
  '    spec:',
  '      affinity:',
  '        nodeAffinity:',
  '          requiredDuringSchedulingIgnoredDuringExecution:',
  '            nodeSelectorTerms:',
  '              - matchExpressions:',
  '                  - key: pool',
  '                    operator: In',
  '                    values: [web]',
  '     containers:',
  '        - name: web',
  '          image: nginx:1.27',
);

const POD = (name: string): string[] => [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  `  name: ${name}`,
  'spec:',
  '  containers:',
  '  - name: app',
  '    image: app:1.0',
];

const cases: RuleCases = {
  valid: [
    { name: 'a manifest that parses', code: lines(...POD('ok'), '---', ...POD('also-ok')) },
    {
      name: 'a Helm template: unrendered-template says so, without syntax errors',
      code: lines('{{- if .Values.enabled }}', ...POD('{{ .Release.Name }}'), '{{- end }}'),
    },
    {
      name: 'YAML that is not Kubernetes still parses',
      code: lines('name: web', 'steps:', '  - run: echo "{{ not a template }}"'),
    },
    {
      name: 'rule turned off',
      settings: { rules: { 'invalid-yaml': 'off' } },
      code: lines('a: 1', 'a: 2'),
    },
    {
      name: 'an ignore comment on the line before',
      code: lines(
        ...POD('ok'),
        '  restartPolicy: Always',
        '  # kube-hindsight-ignore invalid-yaml -- generated upstream, fixed there',
        '  restartPolicy: Never',
      ),
    },
  ],
  invalid: [
    {
      name: 'containers: mis-indented under nodeAffinity: the finding is on that line',
      code: MISINDENTED_CONTAINERS,
      errors: [
        {
          message: `YAML syntax error (BAD_INDENT): This line is indented differently from the keys before it, so it belongs to no mapping. Keys of one mapping must start in the same column; indent this key like its siblings, or under the key it belongs to. ${TAIL}`,
          line: 21,
          column: 6,
          endLine: 21,
          endColumn: 17,
        },
      ],
    },
    {
      name: 'one broken document among valid ones: only it is flagged',
      code: lines(
        ...POD('first'),
        '---',
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: broken',
        '  labels: {app: web',
        '---',
        ...POD('last'),
      ),
      errors: [
        {
          message:
            /^YAML syntax error \(BAD_INDENT\): A bracketed list or mapping \(`\[…\]` or `\{…\}`\) is not closed/,
          line: 14,
          column: 3,
          endLine: 14,
          endColumn: 20,
        },
      ],
    },
    {
      name: 'a duplicate key: the second one, the whole key',
      code: lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: a', '  name: b'),
      errors: [
        {
          message:
            /^YAML syntax error \(DUPLICATE_KEY\): This key appears a second time in the same mapping\./,
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 7,
        },
      ],
    },
    {
      name: 'a tab used for indentation',
      code: lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '\tname: a'),
      errors: [
        {
          message: `YAML syntax error (TAB_AS_INDENT): A tab character indents this line; YAML allows only spaces for indentation. ${TAIL}`,
          line: 4,
          column: 2,
          endLine: 4,
          endColumn: 9,
        },
      ],
    },
    {
      name: 'a missing colon: the key runs on to the next line',
      code: lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name web', '  labels: {}'),
      errors: [
        {
          message:
            /^YAML syntax error \(MULTILINE_IMPLICIT_KEY\): A key runs on over more than one line: usually a `:` is missing/,
          line: 4,
          column: 3,
          endLine: 5,
          endColumn: 9,
        },
      ],
    },
    {
      name: 'an unclosed double-quoted string: at its opening quote',
      code: lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: "web', 'data:', '  a: b'),
      errors: [
        {
          message: `YAML syntax error (MISSING_CHAR): A double-quoted string is never closed. Add the closing \`"\`. ${TAIL}`,
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 13,
        },
      ],
    },
    {
      name: 'a line without a colon in a mapping',
      code: lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: web', '  labels'),
      errors: [
        {
          message: /^YAML syntax error \(MISSING_CHAR\): This line has no `:`, but it stands in a mapping/,
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 9,
        },
      ],
    },
    {
      name: 'a value followed by a more-indented line (CRLF line endings)',
      code: 'apiVersion: v1\r\nkind: Service\r\nmetadata:\r\n  name: web\r\nspec:\r\n  type: ClusterIP\r\n   ports: []\r\n',
      errors: [
        {
          message: /^YAML syntax error \(BLOCK_AS_IMPLICIT_KEY\): This value is on the same line as its key/,
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 18,
        },
      ],
    },
    {
      name: 'a stray colon where no key can begin',
      code: lines('- a', '- b', ': c'),
      errors: [
        {
          message: /^YAML syntax error \(UNEXPECTED_TOKEN\): A `:` stands where no key can begin/,
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 2,
        },
      ],
    },
  ],
};

export default cases;
