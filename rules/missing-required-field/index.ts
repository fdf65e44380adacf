import { ensureEntries } from '../../server/engine/edits';
import type { PathSegment } from '../../server/engine/nodes';
import { defineRule } from '../../server/engine/rule';
import type { Fix, K8sObject, ParsedFile } from '../../server/engine/types';
import { valueAt } from '../../server/engine/workloads';
import { isKustomizeInput, KUSTOMIZATION_KINDS } from '../../server/engine/schema/kustomize';
import { pathText, spanOfViolation } from '../../server/engine/schema/report';
import {
  objectLabel,
  SCHEMA_KINDS,
  SCHEMA_VERSION_NOTE,
  violationsOf,
} from '../../server/engine/schema/violations';
import story from './story.md';

export default defineRule(
  {
    id: 'missing-required-field',
    title: 'Required field missing',
    category: 'control-plane',
    concern: 'validity',
    defaultSeverity: 'error',
    description:
      'An object of a built-in kind without a field its type requires (a pod spec’s `containers`, a ' +
      'container’s `name` and `image`, an apps/v1 Deployment’s `selector`), per the bundled Kubernetes schema.',
    rationale:
      'The API server rejects an object that lacks a required field, so the apply fails. Some of these were ' +
      'once optional: extensions/v1beta1 filled a Deployment’s selector from its pod labels, apps/v1 requires ' +
      'it, and manifests moved to the new apiVersion without one fail at the next deploy.',
    remediation:
      'Add the field. For a selector, use the pod template’s labels (`matchLabels`), which must select the ' +
      'template’s own pods (the quick fix writes that). Files in or below a folder with a kustomization are not ' +
      'checked: kustomize completes them. ' +
      SCHEMA_VERSION_NOTE,
    messages: {
      missing: '{owner}{at} has no `{field}`, which it requires: the API server rejects {object}.',
    },
    fixable: true,
    kinds: SCHEMA_KINDS.kinds,
    readsBodyOf: SCHEMA_KINDS.readsBodyOf,
    // Cross only to see its folder's kustomization: the violations themselves are computed once per parse.
    cross: true,
    relatedKinds: KUSTOMIZATION_KINDS,
    story,
  },
  (object, context) => {
    if (isKustomizeInput(object, context)) return;
    for (const violation of violationsOf(object, context, ['required'])) {
      context.report({
        messageId: 'missing',
        data: {
          owner: violation.owner,
          at: violation.path.length === 0 ? '' : ` at \`${pathText(violation.path)}\``,
          field: violation.missing,
          object: objectLabel(object),
        },
        span: spanOfViolation(object, violation),
        fix: () => selectorFix(object, context.file, violation.path, violation.missing),
      });
    }
  },
);

/**
 * The selector a workload lacks, from its pod template's labels: what extensions/v1beta1 filled in by
 * itself. Offered only when the template has plain string labels for the selector to match.
 */
function selectorFix(
  object: K8sObject,
  file: ParsedFile,
  path: readonly PathSegment[],
  missing: string,
): Fix[] {
  if (missing !== 'selector' || path.length !== 1 || path[0] !== 'spec') return [];
  const labels = valueAt(object.value, ['spec', 'template', 'metadata', 'labels']);
  if (!isPlainObject(labels)) return [];
  const entries = Object.entries(labels);
  if (entries.length === 0 || !entries.every(([, v]) => typeof v === 'string')) return [];
  const edits = ensureEntries(file, object.node, ['spec'], {
    selector: { matchLabels: Object.fromEntries(entries) },
  });
  // The object is rejected without a selector, and this one selects exactly the template's own pods.
  return edits
    ? [{ title: 'Add spec.selector.matchLabels from the pod template’s labels', edits, isPreferred: true }]
    : [];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
