import { CUSTOM_RESOURCES } from '../../server/engine/api-groups';
import { keySpanAt } from '../../server/engine/nodes';
import { label, mentionAll, otherNamespaceReport } from '../../server/engine/mentions';
import type { PodOwner } from '../../server/engine/related-groups';
import { effectiveNamespace } from '../../server/engine/relations';
import { replicasSpan } from '../../server/engine/report-spans';
import { defineRule, MAX_RELATED } from '../../server/engine/rule';
import { WORKLOAD_KINDS, replicasOf } from '../../server/engine/workloads';
import story from './story.md';
import {
  describeMap,
  mapRequirements,
  mapSelects,
  nearestOwners,
  operatorMayOwn,
  podMakingCustomResources,
  serviceSelector,
  withControllerLabels,
} from '../../server/engine/selection';

export default defineRule(
  {
    id: 'service-selects-nothing',
    title: 'Service whose selector matches no pods',
    category: 'network',
    concern: 'reliability',
    defaultSeverity: 'warning',
    description:
      'A Service has a selector that no workload of its namespace matches (every selector pair must be among ' +
      'the pod template labels), or that matches only workloads scaled to zero replicas. When a workload of ' +
      'another namespace of the unit has the labels, it says so ("wrong namespace?"); when a custom resource ' +
      'of the namespace may create the pods, it says that too, as a hint.',
    rationale:
      'A Service sends traffic only to the pods its selector matches. When no pod matches, because of a typo, ' +
      'a renamed label or a workload scaled to zero, the Service has no endpoints: every connection to it is ' +
      'refused or times out while the manifests look complete, and clients that watch endpoints may not cope ' +
      'with an empty list either.',
    remediation:
      'Make the selector a subset of the pod template labels of the workload meant to serve it (compare it with ' +
      'the workload’s `spec.selector.matchLabels`), or delete the Service when nothing should serve it.',
    messages: {
      none: 'Service "{name}" selects no pods: no workload in namespace "{namespace}" has the pod labels {selector}, so it has no endpoints and every connection to it fails.',
      unlessCustom:
        'Service "{name}" selects no pods that these manifests declare: no workload in namespace "{namespace}" has the pod labels {selector}. Unless {custom} creates such pods, it has no endpoints and every connection to it fails.',
      otherNamespace:
        'Service "{name}" selects no pods in namespace {namespace}; in namespace {otherNamespace}, {owner} has the pod labels {selector}: wrong namespace? A Service selects pods of its own namespace only, so as written it has no endpoints.',
      scaledToZero:
        'Service "{name}" selects only the pods of {workloads}, scaled to 0 replicas: it has no endpoints, so every connection to it fails.',
    },
    fixable: false,
    kinds: ['Service'],
    cross: true,
    relatesAcrossNamespaces: true,
    // It reads related workloads' labels, selectors, replicas and scheduling fields, never their containers.
    relatedContainersUnread: true,
    relatedKinds: [...WORKLOAD_KINDS, 'HorizontalPodAutoscaler', CUSTOM_RESOURCES],
    story,
  },
  (object, context) => {
    const selector = serviceSelector(object);
    if (!selector) return;
    const namespace = effectiveNamespace(object);
    const span = keySpanAt(object.node, ['spec', 'selector']);
    const name = object.name ?? '(unnamed)';
    const selects = (owner: PodOwner): boolean =>
      mapSelects(selector, withControllerLabels(owner.object, owner.labels, selector));
    const matching = context.related.ownersMatching(namespace, selector).filter(selects);
    if (matching.length === 0) {
      // Pods an operator creates for a custom resource appear in no manifest.
      if (operatorMayOwn(object, context.related, selector, (labels) => mapSelects(selector, labels))) return;
      // A custom resource whose pods nobody can see may yet create them: then what is known is a hint.
      const custom = podMakingCustomResources(object, context.related);
      // The pods it wants run in another namespace of the unit: say where, rather than "nothing" or nothing.
      const elsewhere = context.related.ownerElsewhere(namespace, selector, selects);
      if (elsewhere) {
        context.report(
          otherNamespaceReport(
            object,
            elsewhere,
            describeMap(selector),
            span,
            context.related,
            custom.length > 0,
          ),
        );
        return;
      }
      // Only judge a namespace whose workloads are in sight: a Service alone in its file says nothing.
      if (!context.related.hasPodOwners(namespace)) return;
      const near = nearestOwners(context.related.ownersNear(namespace, selector), mapRequirements(selector));
      context.report({
        messageId: custom.length > 0 ? 'unlessCustom' : 'none',
        data: {
          name,
          namespace,
          selector: describeMap(selector),
          custom: mentionAll(custom, object, context.related, 1),
        },
        span,
        hedged: custom.length > 0,
        related: [
          ...near.map(({ object: owner, labels }) => ({
            object: owner,
            message: `${label(owner)} has the pod labels ${describeMap(labels)}`,
          })),
          ...custom.slice(0, 1).map((resource) => ({
            object: resource,
            message: `${label(resource)} is a custom resource: the pods it creates appear in no manifest`,
          })),
        ],
      });
      return;
    }
    // Monzo, 2017: a Service left behind by a workload scaled to zero.
    const idle = matching.filter(
      ({ object: owner }) => replicasOf(owner) === 0 && context.related.autoscalersOf(owner).length === 0,
    );
    if (idle.length < matching.length) return;
    context.report({
      messageId: 'scaledToZero',
      data: {
        name,
        workloads: mentionAll(
          idle.map((o) => o.object),
          object,
          context.related,
        ),
      },
      span,
      // Each span builds the workload's tree when it comes from the index: no more than a finding keeps.
      related: idle.slice(0, MAX_RELATED).map(({ object: owner }) => ({
        object: owner,
        message: `${label(owner)} runs 0 replicas`,
        span: replicasSpan(owner),
      })),
    });
  },
);
