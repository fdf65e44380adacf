// How objects relate: label selectors, namespaces, and the replicas a workload runs under its autoscalers.
// The objects themselves come from the related-object index (related-index.ts), as `context.related`.
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import { isPlainObject } from './values';
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
 * (default 1). "Replicated" in the rule catalogue means this is 2 or more.
 */
export function minimumReplicas(workload: K8sObject, related: RelatedView): number {
  const autoscalers = related.autoscalersOf(workload);
  if (autoscalers.length === 0) return replicasOf(workload) ?? 1;
  return Math.max(
    ...autoscalers.map((hpa) => {
      const min = valueAt(hpa.value, ['spec', 'minReplicas']);
      return typeof min === 'number' ? min : 1;
    }),
  );
}

/** A workload that runs two or more replicas, with its pod template; undefined for anything else. */
export function replicatedWorkload(
  workload: K8sObject,
  related: RelatedView,
): { replicas: number; template: PodTemplateRef } | undefined {
  const replicas = minimumReplicas(workload, related);
  if (replicas < 2) return undefined;
  const template = podTemplateOf(workload);
  return template ? { replicas, template } : undefined;
}
