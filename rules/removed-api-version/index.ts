import { apiVersionFix } from '../../server/engine/api-migration';
import { BODY_READING_KINDS, REMOVED_KINDS, removalOf } from '../../server/engine/api-removals';
import { nodeAt, spanOf } from '../../server/engine/nodes';
import { minorOf } from '../../server/engine/kubernetes-version';
import { defineRule } from '../../server/engine/rule';
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
    const target = minorOf(context.kubernetesVersion);
    if (!removal || removal.removedIn > target) return;
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
      fix: () => apiVersionFix(removal, object, apiVersionNode, target),
    });
  },
);
