import { lines, type RuleCases } from '../../test/rule-cases';

/** A CustomResourceDefinition of `Widget` (example.com/v1) with a structural schema. */
export function widgetCrd(): string[] {
  return [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata: {name: widgets.example.com}',
    'spec:',
    '  group: example.com',
    '  names: {kind: Widget, plural: widgets}',
    '  scope: Namespaced',
    '  versions:',
    '  - name: v1',
    '    served: true',
    '    storage: true',
    '    schema:',
    '      openAPIV3Schema:',
    '        type: object',
    '        properties:',
    '          spec:',
    '            type: object',
    '            required: [size]',
    '            properties:',
    '              size: {type: integer}',
    '              color: {type: string, enum: [Red, Green]}',
    '              port: {x-kubernetes-int-or-string: true}',
    '              extra: {type: object, x-kubernetes-preserve-unknown-fields: true}',
    '              labels: {type: object, additionalProperties: {type: string}}',
  ];
}

/** A Widget whose spec carries `spec` lines. */
export function widget(spec: string[]): string[] {
  return ['apiVersion: example.com/v1', 'kind: Widget', 'metadata: {name: w}', 'spec:', ...spec];
}

const crdLines = widgetCrd().length + 1;

const cases: RuleCases = {
  valid: [
    {
      name: 'a Widget that its CRD allows, preserved and open fields included',
      code: lines(
        ...widgetCrd(),
        '---',
        ...widget([
          '  size: 3',
          '  color: Red',
          '  port: http',
          '  extra: {anything: [1, 2]}',
          '  labels: {a: b}',
        ]),
        'status: {whatever: true}',
      ),
    },
    {
      name: 'a custom resource whose CRD is not in view is not checked',
      code: lines(...widget(['  sise: 3', '  color: purple'])),
    },
    {
      name: 'a version the CRD does not serve is not checked',
      code: lines(
        ...widgetCrd(),
        '---',
        'apiVersion: example.com/v2',
        'kind: Widget',
        'metadata: {name: w}',
        'spec: {sise: 3}',
      ),
    },
  ],
  invalid: [
    {
      name: 'an unknown field, against the CRD in the same file',
      code: lines(...widgetCrd(), '---', ...widget(['  size: 3', '  colour: Red'])),
      errors: [
        {
          message:
            '`colour` is not a field of Widget.spec at `spec` in the CRD "widgets.example.com": did you mean `color`? The API server prunes unknown fields, so this setting never takes effect.',
          line: crdLines + 6,
          column: 3,
          endLine: crdLines + 6,
          endColumn: 9,
        },
      ],
      output: lines(...widgetCrd(), '---', ...widget(['  size: 3', '  color: Red'])),
    },
    {
      name: 'wrong type, enum case, and a missing required field',
      output: lines(
        'apiVersion: apiextensions.k8s.io/v1',
        'kind: CustomResourceDefinition',
        'metadata: {name: widgets.example.com}',
        'spec:',
        '  group: example.com',
        '  names: {kind: Widget, plural: widgets}',
        '  scope: Namespaced',
        '  versions:',
        '  - name: v1',
        '    served: true',
        '    storage: true',
        '    schema:',
        '      openAPIV3Schema:',
        '        type: object',
        '        properties:',
        '          spec:',
        '            type: object',
        '            required: [size]',
        '            properties:',
        '              size: {type: integer}',
        '              color: {type: string, enum: [Red, Green]}',
        '              port: {x-kubernetes-int-or-string: true}',
        '              extra: {type: object, x-kubernetes-preserve-unknown-fields: true}',
        '              labels: {type: object, additionalProperties: {type: string}}',
        '---',
        'apiVersion: example.com/v1',
        'kind: Widget',
        'metadata: {name: w}',
        'spec:',
        '  color: Red',
        '  labels: {a: 1}',
      ),
      moreFixes: [
        {
          title: 'Quote 1 so that it is read as the string "1"',
          output: lines(
            'apiVersion: apiextensions.k8s.io/v1',
            'kind: CustomResourceDefinition',
            'metadata: {name: widgets.example.com}',
            'spec:',
            '  group: example.com',
            '  names: {kind: Widget, plural: widgets}',
            '  scope: Namespaced',
            '  versions:',
            '  - name: v1',
            '    served: true',
            '    storage: true',
            '    schema:',
            '      openAPIV3Schema:',
            '        type: object',
            '        properties:',
            '          spec:',
            '            type: object',
            '            required: [size]',
            '            properties:',
            '              size: {type: integer}',
            '              color: {type: string, enum: [Red, Green]}',
            '              port: {x-kubernetes-int-or-string: true}',
            '              extra: {type: object, x-kubernetes-preserve-unknown-fields: true}',
            '              labels: {type: object, additionalProperties: {type: string}}',
            '---',
            'apiVersion: example.com/v1',
            'kind: Widget',
            'metadata: {name: w}',
            'spec:',
            '  color: red',
            '  labels: {a: "1"}',
          ),
        },
      ],
      code: lines(...widgetCrd(), '---', ...widget(['  color: red', '  labels: {a: 1}'])),
      errors: [
        {
          message:
            'Widget.spec at `spec` has no `size`, which the CRD "widgets.example.com" requires: the API server rejects Widget "w".',
          line: crdLines + 4,
          column: 1,
          endLine: crdLines + 4,
          endColumn: 5,
        },
        {
          message:
            '`spec.color: red` is not allowed by the CRD "widgets.example.com": values are case-sensitive; did you mean `Red`?',
          line: crdLines + 5,
          column: 10,
          endLine: crdLines + 5,
          endColumn: 13,
        },
        {
          message:
            '`spec.labels.a` must be a string per the CRD "widgets.example.com", not the number 1: the API server rejects Widget "w".',
          line: crdLines + 6,
          column: 15,
          endLine: crdLines + 6,
          endColumn: 16,
        },
      ],
    },
  ],
};

export default cases;
