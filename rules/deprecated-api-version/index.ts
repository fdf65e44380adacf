import { apiVersionFix } from '../../server/engine/api-migration';
import { BODY_READING_KINDS, REMOVED_KINDS, removalOf } from '../../server/engine/api-removals';
import { minorOf } from '../../server/engine/kubernetes-version';
import { nodeAt, spanOf } from '../../server/engine/nodes';
import { defineRule } from '../../server/engine/rule';
import story from './story.md';

export default defineRule(
  {
    id: 'deprecated-api-version',
    title: 'API version that a later Kubernetes release removes',
    category: 'control-plane',
    concern: 'validity',
    defaultSeverity: 'info',
    description:
      'An object whose `apiVersion` and `kind` the Kubernetes version you target (setting `kubernetesVersion`) ' +
      'still serves but has deprecated, with the release that removes it and the version that replaces it in ' +
      'your target, per the official deprecated API migration guide.',
    rationale:
      'A deprecated API version works until the release that removes it, and then every apply, Helm upgrade and ' +
      'GitOps sync that carries the manifest fails with "no matches for kind", usually on the day of a cluster ' +
      'upgrade. The API server only warns while the old version is served, and those warnings scroll past in CI.',
    remediation:
      'Move the manifest to the replacement version while the cluster serves both, and make the field changes ' +
      'the migration guide lists. Where only `apiVersion` changes (the fields are the same), the quick fix does ' +
      'it; objects already stored in the cluster are served under the new version too.',
    messages: {
      deprecated:
        '{kind} "{name}" uses {apiVersion}, deprecated since Kubernetes 1.{deprecatedIn} and removed in ' +
        '1.{removedIn}: move to {replacement}, which your target 1.{target} already serves ({change}).',
    },
    fixable: true,
    kinds: REMOVED_KINDS,
    // As removed-api-version: the body only where the fix's safety depends on it.
    readsBodyOf: BODY_READING_KINDS,
    story,
  },
  (object, context) => {
    const removal = removalOf(object.apiVersion, object.kind);
    const target = minorOf(context.kubernetesVersion);
    // Removed by the target is removed-api-version's finding; not yet deprecated is no finding at all.
    if (!removal || target < removal.deprecatedIn || target >= removal.removedIn) return;
    const replacement = removal.replacement(target);
    // Only PodSecurityPolicy has no replacement, and podsecuritypolicy-removed tells its deprecation with the
    // Pod Security Admission story: one object, one finding.
    if (!replacement) return;
    const apiVersionNode = nodeAt(object.node, ['apiVersion']);
    context.report({
      messageId: 'deprecated',
      data: {
        kind: object.kind,
        name: object.name ?? '(unnamed)',
        apiVersion: object.apiVersion,
        deprecatedIn: removal.deprecatedIn,
        removedIn: removal.removedIn,
        target,
        replacement,
        change: removal.change(target),
      },
      span: apiVersionNode && spanOf(apiVersionNode),
      fix: () => apiVersionFix(removal, object, apiVersionNode, target),
    });
  },
);
