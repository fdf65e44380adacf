import { defineRule } from '../../server/engine/rule';
import { pathText, spanOfViolation, typeFix, violationHolds } from '../../server/engine/schema/report';
import { SCHEMA_KINDS, SCHEMA_VERSION_NOTE, violationsOf } from '../../server/engine/schema/violations';
import story from './story.md';

export default defineRule(
  {
    id: 'wrong-type',
    title: 'Value of the wrong type',
    category: 'control-plane',
    concern: 'validity',
    defaultSeverity: 'error',
    description:
      'A value whose type the field does not take (`replicas: "3"`, `containerPort: "80"`, an env value or ' +
      'label written as a number or an unquoted yes/no), a quantity the API server cannot parse, or a memory ' +
      'or storage amount with no unit, per the bundled Kubernetes schema.',
    rationale:
      'The API server decodes manifests into typed fields and rejects the whole object when one does not fit: ' +
      'the deploy fails with "cannot unmarshal string into Go struct field", often from a template that ' +
      'rendered a number where a string belongs. A byte count without a unit is accepted and means bytes: ' +
      '`memory: 512` is a limit no container can start under.',
    remediation:
      'Quote values that are strings (env values, labels, annotations), write numbers and booleans without ' +
      'quotes, and give every memory or storage amount its unit (Mi, Gi). ' +
      SCHEMA_VERSION_NOTE,
    messages: {
      type: '`{field}` must be {expected}, not {got}: the API server rejects the object.',
      yaml11:
        '`{field}` is the word {got}, which kubectl and other YAML 1.1 readers take for a boolean, not a string: the API server rejects the object. Quote it.',
      quantity:
        '`{field}: {value}` is not a Kubernetes quantity (such as 500m, 512Mi or 2Gi): the API server rejects the object.',
      unit: '`{field}: {value}` has no unit, so Kubernetes reads it as {value} bytes; did you mean {value}{unit}?',
    },
    fixable: true,
    kinds: SCHEMA_KINDS.kinds,
    readsBodyOf: SCHEMA_KINDS.readsBodyOf,
    story,
  },
  (object, context) => {
    for (const violation of violationsOf(object, context, ['type', 'quantity', 'unit'])) {
      if (!violationHolds(object, violation)) continue;
      const field = pathText(violation.path);
      const span = spanOfViolation(object, violation);
      const fix = typeFix(object, context.file, violation);
      if (violation.rule === 'type') {
        context.report({
          messageId: violation.yaml11Boolean ? 'yaml11' : 'type',
          data: { field, expected: violation.expected, got: violation.got },
          span,
          fix,
        });
      } else {
        context.report({
          messageId: violation.rule,
          data: {
            field,
            value: String(violation.value),
            unit: violation.rule === 'unit' ? violation.unit : '',
          },
          span,
          fix,
        });
      }
    }
  },
);
