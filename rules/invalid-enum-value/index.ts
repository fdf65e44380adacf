import { defineRule } from '../../server/engine/rule';
import { allowedText, enumFix, pathText, spanOfViolation } from '../../server/engine/schema/report';
import { SCHEMA_KINDS, SCHEMA_VERSION_NOTE, violationsOf } from '../../server/engine/schema/violations';
import story from './story.md';

export default defineRule(
  {
    id: 'invalid-enum-value',
    title: 'Value that the field does not allow',
    category: 'control-plane',
    concern: 'validity',
    defaultSeverity: 'error',
    description:
      'A string field with a fixed set of values (`imagePullPolicy`, `restartPolicy`, `protocol`, a Service’s ' +
      '`type`…) set to none of them, per the bundled Kubernetes schema; values that differ only in case get a ' +
      'fix.',
    rationale:
      'These values are case-sensitive and checked by the API server: `imagePullPolicy: always` or ' +
      '`protocol: tcp` makes it reject the whole object, so the deploy fails, often in a pipeline long after ' +
      'the change was reviewed.',
    remediation:
      'Use one of the listed values, spelt exactly (the quick fix corrects the case). ' + SCHEMA_VERSION_NOTE,
    messages: {
      case: '`{field}: {value}` is not allowed: values are case-sensitive; did you mean `{fixed}`? The API server rejects the object.',
      value:
        '`{field}: {value}` is not one of the values it allows ({allowed}): the API server rejects the object.',
    },
    fixable: true,
    kinds: SCHEMA_KINDS.kinds,
    readsBodyOf: SCHEMA_KINDS.readsBodyOf,
    story,
  },
  (object, context) => {
    for (const violation of violationsOf(object, context, ['enum'])) {
      context.report({
        messageId: violation.fixed ? 'case' : 'value',
        data: {
          field: pathText(violation.path),
          value: violation.value,
          fixed: violation.fixed ?? '',
          allowed: allowedText(violation.allowed),
        },
        span: spanOfViolation(object, violation),
        fix: enumFix(object, violation),
      });
    }
  },
);
