import { defineRule } from '../../server/engine/rule';
import { spanOfViolation } from '../../server/engine/schema/report';
import {
  SCHEMA_KINDS,
  SCHEMA_VERSION_NOTE,
  targetNewerThanSchema,
  violationsOf,
  whereText,
} from '../../server/engine/schema/violations';
import story from './story.md';

export default defineRule(
  {
    id: 'misplaced-field',
    title: 'Field written at the wrong level',
    category: 'control-plane',
    concern: 'validity',
    defaultSeverity: 'warning',
    description:
      'A key that is no field where it is written but is a field one level down or some levels up (a ' +
      'container’s `resources` in the pod spec, the pod spec’s `containers` inside an affinity), per the ' +
      'bundled Kubernetes schema.',
    rationale:
      'YAML nesting is only indentation: one key indented two spaces too far or too little moves it into ' +
      'another object, where the API server does not know it and drops it. The limit, probe or volume it ' +
      'carried never applies, while the manifest still reads as if it did.',
    remediation:
      'Move the key (and what it holds) to the level the message names, and check the indentation. ' +
      SCHEMA_VERSION_NOTE,
    messages: {
      misplaced:
        '`{key}` is not a field of {owner}{where}; it belongs {belongs}. Here the API server drops it, so it never takes effect.',
    },
    fixable: false,
    kinds: SCHEMA_KINDS.kinds,
    readsBodyOf: SCHEMA_KINDS.readsBodyOf,
    story,
  },
  (object, context) => {
    if (targetNewerThanSchema(context)) return;
    for (const violation of violationsOf(object, context, ['misplaced'])) {
      context.report({
        messageId: 'misplaced',
        data: {
          key: violation.key,
          owner: violation.owner,
          where: whereText(violation.path),
          belongs: violation.belongs,
        },
        span: spanOfViolation(object, violation),
      });
    }
  },
);
