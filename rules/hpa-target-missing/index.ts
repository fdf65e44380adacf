import { CUSTOM_RESOURCES } from '../../server/engine/api-groups';
import { keySpanAt, nodeAt, spanOf } from '../../server/engine/nodes';
import { isPlainObject } from '../../server/engine/values';
import { effectiveNamespace } from '../../server/engine/relations';
import { mention } from '../../server/engine/mentions';
import { namespacePhrase, namespaceUnwritten } from '../../server/engine/namespace';
import { defineRule } from '../../server/engine/rule';
import type { K8sObject, Span } from '../../server/engine/types';
import { valueAt } from '../../server/engine/workloads';
import story from './story.md';
import { editDistance } from '../../server/engine/distance';

/** Kinds with a scale subresource that people point autoscalers at. */
const SCALABLE_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

export default defineRule(
  {
    id: 'hpa-target-missing',
    title: 'Autoscaler whose target does not exist',
    category: 'autoscaling',
    concern: 'reliability',
    defaultSeverity: 'warning',
    description:
      'A HorizontalPodAutoscaler’s `scaleTargetRef` names an object that is not among the manifests of its ' +
      'namespace, while objects of that kind are (a misspelled or renamed target), or names the wrong kind for ' +
      'an object that exists, or names an object that is in another namespace of the unit ("wrong namespace?").',
    rationale:
      'The autoscaler finds its target by kind and name only. When either is wrong it reports FailedGetScale ' +
      'and never scales anything: the workload stays at whatever replica count it was deployed with, through ' +
      'every traffic peak, while the autoscaler’s presence suggests the service grows on demand.',
    remediation:
      'Make `scaleTargetRef.kind` and `scaleTargetRef.name` (and `apiVersion`) name the workload exactly as its ' +
      'manifest does, in the same namespace, and check `kubectl describe hpa` shows AbleToScale True.',
    messages: {
      missing:
        'HorizontalPodAutoscaler "{name}" targets {kind} "{target}", which does not exist in namespace "{namespace}": the autoscaler never scales anything.',
      wrongKind:
        'HorizontalPodAutoscaler "{name}" targets {kind} "{target}", but the object of that name in namespace "{namespace}" is {actual}: the autoscaler cannot read its scale and never scales it.',
      otherNamespace:
        'HorizontalPodAutoscaler "{name}" targets {kind} "{target}" in namespace {namespace}, but {found} is in namespace {otherNamespace}: wrong namespace? An autoscaler scales only a target in its own namespace, so as written it never scales anything.',
    },
    fixable: false,
    kinds: ['HorizontalPodAutoscaler'],
    cross: true,
    relatesAcrossNamespaces: true,
    // Built-in kinds other than these have no spec.replicas, so a namesake of theirs is read by its header.
    relatedKinds: [...SCALABLE_KINDS, CUSTOM_RESOURCES],
    story,
  },
  (object, context) => {
    const ref: unknown = valueAt(object.value, ['spec', 'scaleTargetRef']);
    if (!isPlainObject(ref) || typeof ref.kind !== 'string' || typeof ref.name !== 'string') return;
    const { kind, name: target } = ref;
    const namespace = effectiveNamespace(object);
    const namesakes = context.related.named(namespace, target).filter((o) => o !== object);
    if (namesakes.some((o) => o.kind === kind)) return;
    const name = object.name ?? '(unnamed)';

    const namesake = namesakes.find(
      (o) => SCALABLE_KINDS.has(o.kind) || typeof valueAt(o.value, ['spec', 'replicas']) === 'number',
    );
    if (namesake) {
      context.report({
        messageId: 'wrongKind',
        data: { name, kind, target, actual: mention(namesake, object, context.related), namespace },
        span: refValueSpan(object, 'kind'),
        related: [{ object: namesake, message: `${namesake.kind} "${target}" is the object of that name` }],
      });
      return;
    }
    // The target exists in another namespace of the unit: most likely the autoscaler's namespace is wrong.
    for (const otherNamespace of context.related.otherNamespaces(namespace)) {
      const [found] = context.related.named(otherNamespace, target, kind);
      if (!found) continue;
      context.report({
        messageId: 'otherNamespace',
        data: {
          name,
          kind,
          target,
          namespace: namespacePhrase(object),
          otherNamespace: namespacePhrase(found),
          found: mention(found, object, context.related),
        },
        span: refValueSpan(object, 'name'),
        hedged: namespaceUnwritten(object, found),
        related: [{ object: found, message: `${kind} "${target}" is in namespace "${otherNamespace}"` }],
      });
      return;
    }
    // Only judge a namespace whose objects of that kind are in sight: an autoscaler alone in its file says nothing.
    const sameKind = context.related
      .inNamespace(namespace, kind)
      .filter((o) => o !== object && o.name !== undefined);
    if (sameKind.length === 0) return;
    const near = sameKind
      .map((o) => ({ o, d: editDistance(o.name!, target, 3) }))
      .filter(({ d }) => d <= 3)
      .sort((a, b) => a.d - b.d)
      .slice(0, 3)
      .map(({ o }) => o);
    context.report({
      messageId: 'missing',
      data: { name, kind, target, namespace },
      span: refValueSpan(object, 'name'),
      related: near.map((o) => ({ object: o, message: `${kind} "${o.name}" has a similar name` })),
    });
  },
);

/** The `scaleTargetRef.<field>` value, else its key. */
function refValueSpan(object: K8sObject, field: 'kind' | 'name'): Span | undefined {
  const value = nodeAt(object.node, ['spec', 'scaleTargetRef', field]);
  return (value && spanOf(value)) ?? keySpanAt(object.node, ['spec', 'scaleTargetRef', field]);
}
