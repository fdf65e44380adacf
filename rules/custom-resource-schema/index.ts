import { CUSTOM_RESOURCES } from '../../server/engine/api-groups';
import { defineRule } from '../../server/engine/rule';
import { customViolations } from '../../server/engine/schema/crd';
import {
  allowedText,
  enumFix,
  pathText,
  renameFix,
  spanOfViolation,
  typeFix,
  violationHolds,
} from '../../server/engine/schema/report';
import { objectLabel, whereText } from '../../server/engine/schema/violations';
import story from './story.md';

export default defineRule(
  {
    id: 'custom-resource-schema',
    title: 'Custom resource that its CRD’s schema rejects or prunes',
    category: 'control-plane',
    concern: 'validity',
    defaultSeverity: 'warning',
    description:
      'A custom resource checked against the CustomResourceDefinition in the same file or workspace (the ' +
      'served version’s `openAPIV3Schema`): unknown fields (unless the schema preserves them), wrong types, ' +
      'values outside an enum and missing required fields. A custom resource whose CRD is not in view is not ' +
      'checked.',
    rationale:
      'The API server prunes fields a CRD’s structural schema does not list and stores the rest: a misspelt ' +
      'or misplaced field of an operator’s resource is silently gone, and the operator runs with its default. ' +
      'Wrong types, enum values and missing required fields make the API server reject the resource instead.',
    remediation:
      'Fix the field against the CRD (the quick fix renames a misspelt key); `kubectl explain <kind>.spec` ' +
      'shows the same schema.',
    messages: {
      didYouMean:
        '`{key}` is not a field of {owner}{where} in the CRD "{crd}"{crdPlace}: did you mean `{suggestion}`? The API server prunes unknown fields, so this setting never takes effect.',
      unknown:
        '`{key}` is not a field of {owner}{where} in the CRD "{crd}"{crdPlace}: the API server prunes unknown fields, so this setting never takes effect.',
      misplaced:
        '`{key}` is not a field of {owner}{where} in the CRD "{crd}"{crdPlace}; it belongs {belongs}. Here the API server prunes it.',
      type: '`{field}` must be {expected} per the CRD "{crd}"{crdPlace}, not {got}: the API server rejects {object}.',
      enum: '`{field}: {value}` is not one of the values the CRD "{crd}"{crdPlace} allows ({allowed}): the API server rejects {object}.',
      case: '`{field}: {value}` is not allowed by the CRD "{crd}"{crdPlace}: values are case-sensitive; did you mean `{fixed}`?',
      required:
        '{owner}{at} has no `{field}`, which the CRD "{crd}"{crdPlace} requires: the API server rejects {object}.',
    },
    fixable: true,
    kinds: [CUSTOM_RESOURCES],
    cross: true,
    // The CRDs' bodies are read through bodyOf, and only for the custom resources in view: listing them in
    // relatedKinds would parse every CRD of every open bundle in full.
    relatedKinds: [],
    relatedKindsOnDemand: ['CustomResourceDefinition'],
    // A CRD is cluster-scoped: a change to one concerns the custom resources of every namespace.
    relatesAcrossNamespaces: true,
    story,
  },
  (object, context) => {
    const found = customViolations(object, context);
    if (!found) return;
    const crd = found.crd.name ?? '(unnamed)';
    const related = [
      { object: found.crd, message: `The CustomResourceDefinition "${crd}" that defines ${object.kind}` },
    ];
    for (const violation of found.violations) {
      if (!violationHolds(object, violation)) continue;
      const span = spanOfViolation(object, violation);
      const base = { crd, crdPlace: context.related.placeOf(found.crd, object), object: objectLabel(object) };
      switch (violation.rule) {
        case 'unknown':
          context.report({
            messageId: violation.suggestion ? 'didYouMean' : 'unknown',
            data: {
              ...base,
              key: violation.key,
              owner: violation.owner,
              where: whereText(violation.path),
              suggestion: violation.suggestion ?? '',
            },
            span,
            related,
            fix: renameFix(object, violation),
          });
          break;
        case 'misplaced':
          context.report({
            messageId: 'misplaced',
            data: {
              ...base,
              key: violation.key,
              owner: violation.owner,
              where: whereText(violation.path),
              belongs: violation.belongs,
            },
            span,
            related,
          });
          break;
        case 'type':
          context.report({
            messageId: 'type',
            data: {
              ...base,
              field: pathText(violation.path),
              expected: violation.expected,
              got: violation.got,
            },
            span,
            related,
            fix: typeFix(object, context.file, violation),
          });
          break;
        case 'enum':
          context.report({
            messageId: violation.fixed ? 'case' : 'enum',
            data: {
              ...base,
              field: pathText(violation.path),
              value: violation.value,
              fixed: violation.fixed ?? '',
              allowed: allowedText(violation.allowed),
            },
            span,
            related,
            fix: enumFix(object, violation),
          });
          break;
        case 'required':
          context.report({
            messageId: 'required',
            data: {
              ...base,
              owner: violation.owner,
              at: violation.path.length === 0 ? '' : ` at \`${pathText(violation.path)}\``,
              field: violation.missing,
            },
            span,
            related,
          });
          break;
        default:
          break;
      }
    }
  },
);
