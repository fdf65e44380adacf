// How objects relate: label selectors, namespaces, and which autoscaler drives which workload.
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import { isPlainObject } from './parse';
import type { K8sObject } from './types';
import { podTemplateOf, replicasOf, stringMap, valueAt, type PodTemplateRef } from './workloads';

/** Objects that leave their namespace to apply time land in `default` unless `kubectl -n` says otherwise. */
export function effectiveNamespace(object: K8sObject): string {
  return object.namespace ?? 'default';
}

export function sameNamespace(a: K8sObject, b: K8sObject): boolean {
  return effectiveNamespace(a) === effectiveNamespace(b);
}

/** The objects of one namespace, all of them and by kind, each list in the order of the related objects. */
interface NamespaceGroup {
  all: K8sObject[];
  byKind: Map<string, K8sObject[]>;
}

/** Per array of related objects (one per analysis), its objects grouped by namespace and kind. */
const groupsOf = new WeakMap<readonly K8sObject[], Map<string, NamespaceGroup>>();

const NO_OBJECTS: readonly K8sObject[] = [];

/**
 * The objects among `related` whose effective namespace is `namespace` (and whose kind is `kind`, when
 * given), in their order in `related`. Cross rules ask this for every object they check; in a workspace of
 * thousands of manifests a scan of every related object per question made one re-analysis of a small file
 * take tens of milliseconds, so the grouping is made once per array and shared by every rule.
 */
export function relatedIn(
  related: readonly K8sObject[],
  namespace: string,
  kind?: string,
): readonly K8sObject[] {
  let groups = groupsOf.get(related);
  if (!groups) {
    groups = new Map();
    for (const object of related) {
      const key = effectiveNamespace(object);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { all: [], byKind: new Map() }));
      group.all.push(object);
      const ofKind = group.byKind.get(object.kind);
      if (ofKind) ofKind.push(object);
      else group.byKind.set(object.kind, [object]);
    }
    groupsOf.set(related, groups);
  }
  const group = groups.get(namespace);
  if (!group) return NO_OBJECTS;
  return kind === undefined ? group.all : (group.byKind.get(kind) ?? NO_OBJECTS);
}

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

/** HorizontalPodAutoscalers (any API version) among `related` whose scaleTargetRef names `workload`. */
export function autoscalersOf(workload: K8sObject, related: readonly K8sObject[]): K8sObject[] {
  return relatedIn(related, effectiveNamespace(workload), 'HorizontalPodAutoscaler').filter((hpa) => {
    const target = valueAt(hpa.value, ['spec', 'scaleTargetRef']);
    return isPlainObject(target) && target.kind === workload.kind && target.name === workload.name;
  });
}

/**
 * The number of replicas a workload runs at least. When an autoscaler targets it, the autoscaler decides and
 * its `minReplicas` (default 1) is the floor, whatever `spec.replicas` says; otherwise `spec.replicas`
 * (default 1). "Replicated" in the rule catalogue means this is 2 or more.
 */
export function minimumReplicas(workload: K8sObject, related: readonly K8sObject[]): number {
  const autoscalers = autoscalersOf(workload, related);
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
  related: readonly K8sObject[],
): { replicas: number; template: PodTemplateRef } | undefined {
  const replicas = minimumReplicas(workload, related);
  if (replicas < 2) return undefined;
  const template = podTemplateOf(workload);
  return template ? { replicas, template } : undefined;
}
