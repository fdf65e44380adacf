import { lines, type RuleCases } from '../../test/rule-cases';

const MESSAGE =
  'This file looks like a Helm or Go template: documents with {{ }} outside quoted strings, block scalars and comments were not analysed. Check the output of helm template instead (helm template ./chart | kube-hindsight check -).';

const deployment = (replicas: string, image = 'app:1.0'): string[] => [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  `  replicas: ${replicas}`,
  '  template:',
  '    spec:',
  '      containers:',
  '      - name: web',
  `        image: ${image}`,
];

const cases: RuleCases = {
  valid: [
    {
      // Go template text further inside a plain scalar is ordinary YAML when the document parses (Argo and
      // Tekton write such values); it marks a template only when the document then fails to parse.
      name: 'template text inside a plain value of a document that parses',
      code: lines(...deployment('2', 'app:{{ .Values.tag }}')),
    },
    { name: 'a rendered manifest', code: lines(...deployment('3')) },
    {
      name: '{{ in quoted strings, block scalars and comments is text, not a template',
      code: lines(
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: {name: alerts} # {{ not a template }}',
        'data:',
        '  rule.tmpl: >-',
        '    {{ $labels.instance }} is down',
        "  quoted: '{{ $value }}'",
      ),
    },
    {
      name: 'rule turned off',
      settings: { rules: { 'unrendered-template': 'off' } },
      code: lines(...deployment('{{ .Values.replicas }}')),
    },
  ],
  invalid: [
    {
      name: 'a value written as a template action: at its first {{',
      code: lines(...deployment('{{ .Values.replicas }}')),
      errors: [{ message: MESSAGE, line: 6, column: 13, endLine: 6, endColumn: 15 }],
    },
    {
      name: 'a chart template wrapped in {{- if }}, once for the file',
      code: lines(
        '{{- if .Values.enabled }}',
        ...deployment('{{ .Values.replicas }}'),
        '{{- end }}',
        '---',
        ...deployment('{{ .Values.replicas }}'),
      ),
      errors: [{ message: MESSAGE, line: 1, column: 1, endLine: 1, endColumn: 3 }],
    },
  ],
};

export default cases;
