import { defineRule } from '../../server/engine/rule';
import { renameFix, spanOfViolation } from '../../server/engine/schema/report';
import {
  SCHEMA_KINDS,
  SCHEMA_VERSION_NOTE,
  targetMinor,
  targetNewerThanSchema,
  violationsOf,
  whereText,
} from '../../server/engine/schema/violations';
import story from './story.md';

export default defineRule(
  {
    id: 'unknown-field',
    title: 'Field that Kubernetes does not know',
    category: 'control-plane',
    concern: 'validity',
    defaultSeverity: 'warning',
    description:
      'A key of a built-in kind that is no field of its type in the Kubernetes schema bundled with the ' +
      'extension (Kubernetes 1.36), with the field it most likely misspells.',
    rationale:
      'The API server drops fields it does not know: kubectl refuses the file by default, but Helm, Argo CD, ' +
      'Flux, operators and `--validate=false` apply it without the field, and nothing says so. A misspelt ' +
      '`resources`, `limits` or `livenessProbe` looks configured in review and is simply not there at run time.',
    remediation:
      'Rename the key to the field it was meant to be (the quick fix does it), or remove it. Above the bundled ' +
      'schema’s release (1.36), keys it lacks are not reported, since they may be new fields. ' +
      SCHEMA_VERSION_NOTE,
    messages: {
      didYouMean:
        '`{key}` is not a field of {owner}{where}: did you mean `{suggestion}`? The API server drops unknown fields, so this setting never takes effect.',
      unknown:
        '`{key}` is not a field of {owner}{where}: the API server drops unknown fields, so this setting never takes effect.',
      newer:
        '`{key}` is not a field of {owner}{where} in Kubernetes {target}: it came in a later release, and an API server of {target} drops it.',
    },
    fixable: true,
    kinds: SCHEMA_KINDS.kinds,
    readsBodyOf: SCHEMA_KINDS.readsBodyOf,
    story,
  },
  (object, context) => {
    if (targetNewerThanSchema(context)) return;
    for (const violation of violationsOf(object, context, ['unknown'])) {
      context.report({
        messageId: violation.suggestion ? 'didYouMean' : violation.newer ? 'newer' : 'unknown',
        data: {
          key: violation.key,
          owner: violation.owner,
          where: whereText(violation.path),
          suggestion: violation.suggestion ?? '',
          target: `1.${targetMinor(context)}`,
        },
        span: spanOfViolation(object, violation),
        fix: renameFix(object, violation),
      });
    }
  },
);
