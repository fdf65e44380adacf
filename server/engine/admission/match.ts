// Whether a policy's `matchConstraints` (or a binding's `matchResources`) match an object, as the API
// server's matcher decides for a request creating it: resource rules by API group, version, resource and
// operation, exclusions, the namespace and object selectors. An apply may also be an UPDATE of an existing
// object, but offline nothing says what the cluster holds, so only rules covering CREATE are taken.
import { selectorMatches } from '../relations';
import { stringMap } from '../workloads';
import { isPlainObject } from '../values';

/** What the matcher knows of the object a request would carry. */
export interface AdmissionTarget {
  group: string;
  version: string;
  /** The resource's plural; undefined for a custom resource whose CRD is not known. */
  resource: string | undefined;
  cluster: boolean;
  kind: string;
  name: string | undefined;
  namespace: string | undefined;
  labels: Record<string, string>;
  /**
   * The labels of the object's Namespace: those of the Namespace object in view, or only the
   * `kubernetes.io/metadata.name` label the API server gives every namespace (`known: false`).
   */
  namespaceLabels: { labels: Record<string, string>; known: boolean } | undefined;
}

const NAME_LABEL = 'kubernetes.io/metadata.name';

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function has(list: string[], value: string): boolean {
  return list.includes('*') || list.includes(value);
}

function ruleMatches(rule: unknown, target: AdmissionTarget): boolean {
  if (!isPlainObject(rule)) return false;
  if (!has(strings(rule.operations), 'CREATE')) return false;
  if (!has(strings(rule.apiGroups), target.group) || !has(strings(rule.apiVersions), target.version))
    return false;
  const resources = strings(rule.resources);
  // `*` is every resource, `*/*` every resource and subresource; a custom resource of unknown plural can only
  // be matched by those.
  const resourceMatch =
    resources.includes('*') ||
    resources.includes('*/*') ||
    (target.resource !== undefined && resources.includes(target.resource));
  if (!resourceMatch) return false;
  const scope = typeof rule.scope === 'string' ? rule.scope : '*';
  if (scope === 'Cluster' && !target.cluster) return false;
  if (scope === 'Namespaced' && target.cluster) return false;
  const names = strings(rule.resourceNames);
  return names.length === 0 || (target.name !== undefined && names.includes(target.name));
}

/** Whether a label selector field (absent: everything) selects `labels`. */
function selects(selector: unknown, labels: Record<string, string>): boolean {
  return selector === undefined || selector === null || selectorMatches(selector, labels);
}

/** Whether the selector reads only the keys the labels are known for. */
function decidable(selector: unknown, known: Record<string, string>): boolean {
  if (!isPlainObject(selector)) return true;
  const keys = [
    ...Object.keys(stringMap(selector.matchLabels)),
    ...(Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [])
      .filter(isPlainObject)
      .map((e) => String(e.key)),
  ];
  return keys.every((key) => key in known);
}

/**
 * Whether `match` (a policy's matchConstraints or a binding's matchResources) matches the target: true,
 * false, or 'unknown' when only the labels of a Namespace that is not in view could tell.
 */
export function matchResources(
  match: unknown,
  target: AdmissionTarget,
  of: 'policy' | 'binding',
): boolean | 'unknown' {
  if (!isPlainObject(match)) return of === 'binding';
  const rules = Array.isArray(match.resourceRules) ? match.resourceRules : [];
  // A policy matches nothing without resource rules; a binding without them narrows nothing by resource.
  const byResource = of === 'binding' && rules.length === 0;
  if (!byResource && !rules.some((rule) => ruleMatches(rule, target))) return false;
  const excluded = Array.isArray(match.excludeResourceRules) ? match.excludeResourceRules : [];
  if (excluded.some((rule) => ruleMatches(rule, target))) return false;
  if (!selects(match.objectSelector, target.labels)) return false;
  // The namespace selector applies to namespaced objects and to Namespaces themselves (their own labels).
  if (target.kind === 'Namespace' && target.group === '') {
    return selects(match.namespaceSelector, { ...target.labels, [NAME_LABEL]: target.name ?? '' });
  }
  if (target.cluster || !target.namespaceLabels) return true;
  const { labels, known } = target.namespaceLabels;
  if (!known && !decidable(match.namespaceSelector, labels)) return 'unknown';
  return selects(match.namespaceSelector, labels);
}
