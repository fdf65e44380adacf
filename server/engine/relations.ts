// How objects relate: label selectors, namespaces, and the replicas a workload runs under its autoscalers.
// The objects themselves come from the related-object index (related-index.ts), as `context.related`.
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import { isPlainObject } from './values';
import type { ReplicaCount } from './mentions';
import type { RelatedView } from './related-view';
import type { K8sObject } from './types';
import { podTemplateOf, replicasOf, stringMap, valueAt, type PodTemplateRef } from './workloads';

export { effectiveNamespace } from './namespace';

/**
 * Whether a LabelSelector selects a set of labels: every matchLabels pair and every matchExpression must
 * hold (AND semantics, as the API server evaluates it). An empty selector `{}` selects everything; a missing
 * one (undefined) selects nothing.
 */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (!isPlainObject(selector)) return false;
  const s = selector as LabelSelector;
  for (const [key, value] of Object.entries(stringMap(s.matchLabels))) {
    if (labels[key] !== value) return false;
  }
  const expressions = Array.isArray(s.matchExpressions) ? s.matchExpressions : [];
  return expressions.every((e) => isPlainObject(e) && expressionHolds(e as LabelSelectorRequirement, labels));
}

function expressionHolds(requirement: LabelSelectorRequirement, labels: Record<string, string>): boolean {
  const values = Array.isArray(requirement.values) ? requirement.values.map(String) : [];
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  switch (requirement.operator) {
    case 'In':
      return has && values.includes(labels[requirement.key]!);
    case 'NotIn':
      return !has || !values.includes(labels[requirement.key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      // An unknown operator is rejected by the API server; such a selector matches nothing.
      return false;
  }
}

/**
 * The number of replicas a workload runs at least. When an autoscaler targets it, the autoscaler decides and
 * its `minReplicas` (default 1) is the floor, whatever `spec.replicas` says; otherwise `spec.replicas`
 * (default 1). "Replicated" in the rule catalogue means this is 2 or more. With several autoscalers (a
 * mistake of its own) the highest floor counts, and its autoscaler is named.
 */
export function replicaCount(workload: K8sObject, related: RelatedView): ReplicaCount {
  const autoscalers = related.autoscalersOf(workload);
  if (autoscalers.length === 0) return { replicas: replicasOf(workload) ?? 1 };
  let best: ReplicaCount | undefined;
  for (const autoscaler of autoscalers) {
    const min = valueAt(autoscaler.value, ['spec', 'minReplicas']);
    const count: ReplicaCount =
      typeof min === 'number' ? { replicas: min, autoscaler } : { replicas: 1, autoscaler, defaulted: true };
    if (!best || count.replicas > best.replicas) best = count;
  }
  return best!;
}

/** The number of replicas a workload runs at least (see replicaCount). */
export function minimumReplicas(workload: K8sObject, related: RelatedView): number {
  return replicaCount(workload, related).replicas;
}

/** A workload that runs two or more replicas, with its pod template; undefined for anything else. */
export function replicatedWorkload(
  workload: K8sObject,
  related: RelatedView,
): { replicas: number; count: ReplicaCount; template: PodTemplateRef } | undefined {
  const count = replicaCount(workload, related);
  if (count.replicas < 2) return undefined;
  const template = podTemplateOf(workload);
  return template ? { replicas: count.replicas, count, template } : undefined;
}
