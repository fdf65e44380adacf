import { isScalar } from 'yaml';
import { nodeAt, spanOf } from '../../server/engine/nodes';
import { isPlainObject } from '../../server/engine/values';
import { defineRule } from '../../server/engine/rule';
import type { K8sObject } from '../../server/engine/types';
import { valueAt } from '../../server/engine/workloads';
import { BODY_READING_KINDS, REMOVED_KINDS, removalOf, type Removal } from '../../server/engine/api-removals';
import story from './story.md';

export default defineRule(
  {
    id: 'removed-api-version',
    title: 'API version that the target Kubernetes no longer serves',
    category: 'control-plane',
    concern: 'validity',
    defaultSeverity: 'error',
    description:
      'An object whose `apiVersion` and `kind` were removed in or before the Kubernetes version you target ' +
      '(setting `kubernetesVersion`), per the official deprecated API migration guide.',
    rationale:
      'A removed API version is not deprecated any more, it is gone: the API server answers "no matches for kind", ' +
      'so `kubectl apply`, Helm releases and GitOps syncs that carry the manifest fail, typically right after a ' +
      'cluster upgrade, and operators that still ask for the old version crash.',
    remediation:
      'Move the manifest to the replacement API version before upgrading, and make the field changes the ' +
      'migration guide lists for it. Objects already stored in the cluster are served under the new version.',
    messages: {
      removed:
        '{kind} "{name}" uses {apiVersion}, which Kubernetes 1.{removedIn} stopped serving (target 1.{target}): ' +
        'the API server rejects it. Use {replacement} ({change}).',
      noReplacement:
        '{kind} "{name}" uses {apiVersion}, which Kubernetes 1.{removedIn} stopped serving (target 1.{target}), ' +
        'and nothing replaces it: {change}.',
    },
    fixable: true,
    kinds: REMOVED_KINDS,
    // Reads the apiVersion and kind, and the body only where a fix's safety depends on it (a budget's
    // selector, an autoscaler's metrics): a CustomResourceDefinition's schema is never parsed for it.
    readsBodyOf: BODY_READING_KINDS,
    story,
  },
  (object, context) => {
    const removal = removalOf(object.apiVersion, object.kind);
    const target = Number(context.kubernetesVersion.split('.')[1]);
    if (!removal || !Number.isFinite(target) || removal.removedIn > target) return;
    const replacement = removal.replacement(target);
    // A PodSecurityPolicy with no API left to move to is podsecuritypolicy-removed's finding: one object, one
    // error, with the Pod Security Admission story.
    if (!replacement && object.kind === 'PodSecurityPolicy') return;
    const apiVersionNode = nodeAt(object.node, ['apiVersion']);
    context.report({
      messageId: replacement ? 'removed' : 'noReplacement',
      data: {
        kind: object.kind,
        name: object.name ?? '(unnamed)',
        apiVersion: object.apiVersion,
        removedIn: removal.removedIn,
        target,
        replacement: replacement ?? '',
        change: removal.change(target),
      },
      span: apiVersionNode && spanOf(apiVersionNode),
      fix: () => {
        if (!replacement || !apiVersionNode || !isScalar(apiVersionNode) || !apiVersionNode.range) return [];
        if (!fixIsSafe(removal, object, target)) return [];
        const quote =
          apiVersionNode.type === 'QUOTE_DOUBLE' ? '"' : apiVersionNode.type === 'QUOTE_SINGLE' ? "'" : '';
        if (!quote && apiVersionNode.type !== 'PLAIN') return [];
        const [start, end] = apiVersionNode.range;
        const why =
          removal.fix === 'non-empty-selector'
            ? 'the selector is not empty, so it selects the same pods'
            : 'same fields';
        return [
          {
            title: `Change apiVersion to ${replacement} (${why})`,
            edits: [{ start, end, newText: quote + replacement + quote }],
            isPreferred: true,
          },
        ];
      },
    });
  },
);

/** Whether changing apiVersion alone keeps this object valid and meaning the same thing. */
function fixIsSafe(removal: Removal, object: K8sObject, target: number): boolean {
  switch (removal.fix) {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'non-empty-selector': {
      // policy/v1 reads an empty selector as "every pod"; v1beta1 read it as "no pod". Unset means none in both.
      const selector = valueAt(object.value, ['spec', 'selector']);
      if (selector === undefined || selector === null) return true;
      if (!isPlainObject(selector)) return false;
      const labels = selector.matchLabels;
      const expressions = selector.matchExpressions;
      return (
        (isPlainObject(labels) && Object.keys(labels).length > 0) ||
        (Array.isArray(expressions) && expressions.length > 0)
      );
    }
    case 'v2-metric-targets':
      // v2beta1-style fields (targetAverageUtilization…) are invalid in v2beta2 already; leave such files alone.
      return !/"target(AverageUtilization|AverageValue|Value)"/.test(JSON.stringify(object.value.spec ?? {}));
    default:
      return removal.fix(target);
  }
}
