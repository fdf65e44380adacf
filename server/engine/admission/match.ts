// Whether a policy's `matchConstraints` (or a binding's `matchResources`) match an object, as the API
// server's matcher decides for a request creating it: resource rules by API group, version, resource and
// operation, exclusions, the namespace and object selectors. An apply may also be an UPDATE of an existing
// object, but offline nothing says what the cluster holds, so only rules covering CREATE are evaluated, and a
// rule covering UPDATE alone is an unknown the caller reports. A custom resource's resource name and scope
// come from the CustomResourceDefinition in view; without one, a rule that names resources can neither be
// said to match nor not to, and the match says so.
import { selectorMatches } from '../relations';
import { stringMap } from '../workloads';
import { isPlainObject } from '../values';

/** What the matcher knows of the object a request would carry. */
export interface AdmissionTarget {
  group: string;
  version: string;
  /**
   * The resource its requests name: a built-in kind's, or the plural of the CustomResourceDefinition in
   * view that defines a custom resource's kind; undefined when neither tells.
   */
  resource: string | undefined;
  /** Whether the kind is cluster-scoped; undefined when no definition in view tells. */
  cluster: boolean | undefined;
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

/**
 * Whether a match holds: true or false, or unknown because it depends on what is not in view: the labels of
 * a Namespace (`namespace`), the resource name or scope of a kind (`resource`, with the resource names the
 * undecided rules list, and where those rules are), or the object the cluster already holds, for rules that
 * cover its UPDATE but not its CREATE (`update`, with where the rule's operations are).
 */
export type MatchOutcome =
  | boolean
  | { unknown: 'namespace' }
  | { unknown: 'resource'; resources: string[]; rule: (string | number)[] }
  | { unknown: 'update'; rule: (string | number)[] };

const NAME_LABEL = 'kubernetes.io/metadata.name';

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function has(list: string[], value: string): boolean {
  return list.includes('*') || list.includes(value);
}

/** `resource/subresource` split at its first slash, as the API server's rule matcher splits it. */
function splitResource(entry: string): { resource: string; subresource: string } {
  const slash = entry.indexOf('/');
  return slash < 0
    ? { resource: entry, subresource: '' }
    : { resource: entry.slice(0, slash), subresource: entry.slice(slash + 1) };
}

/**
 * What one rule says of a request creating the object: it matches, it does not, it might (`unknown`: only
 * the resource name or scope of a kind that no definition in view describes could decide), or it would
 * match the same object's UPDATE but lists no CREATE (`update`).
 */
type RuleMatch = boolean | 'unknown' | 'update';

/**
 * One rule against a request creating the object (no subresource), as k8s.io/apiserver's rules.Matcher
 * decides it: operation, API group and version, resource (`*` is every resource, `x/*` the resource x and
 * its subresources), scope, and names.
 */
function ruleMatches(rule: unknown, target: AdmissionTarget): RuleMatch {
  if (!isPlainObject(rule)) return false;
  const operations = strings(rule.operations);
  const onCreate = has(operations, 'CREATE');
  if (!onCreate && !operations.includes('UPDATE')) return false;
  if (!has(strings(rule.apiGroups), target.group) || !has(strings(rule.apiVersions), target.version))
    return false;
  const names = strings(rule.resourceNames);
  if (names.length > 0 && (target.name === undefined || !names.includes(target.name))) return false;
  const entries = strings(rule.resources).map(splitResource);
  const anyResource = entries.some(
    (e) => e.resource === '*' && (e.subresource === '' || e.subresource === '*'),
  );
  let matched: boolean | 'unknown';
  if (target.resource !== undefined) {
    matched = entries.some(
      (e) =>
        (e.resource === '*' || e.resource === target.resource) &&
        (e.subresource === '' || e.subresource === '*'),
    );
  } else matched = anyResource ? true : entries.length > 0 ? 'unknown' : false;
  if (matched === false) return false;
  const scope = typeof rule.scope === 'string' ? rule.scope : '*';
  if (scope !== '*') {
    if (target.cluster === undefined) matched = 'unknown';
    else if (scope === 'Cluster' && !target.cluster) return false;
    else if (scope === 'Namespaced' && target.cluster) return false;
  }
  return onCreate || matched === 'unknown' ? matched : 'update';
}

/**
 * Several rules: true if one matches, else unknown if one might, else update if one would on an UPDATE,
 * else false; with the rules that decided an unknown or update.
 */
function anyRule(rules: unknown[], target: AdmissionTarget): { matched: RuleMatch; undecided: number[] } {
  const unknown: number[] = [];
  const update: number[] = [];
  for (const [index, rule] of rules.entries()) {
    const matched = ruleMatches(rule, target);
    if (matched === true) return { matched: true, undecided: [] };
    if (matched === 'unknown') unknown.push(index);
    if (matched === 'update') update.push(index);
  }
  if (unknown.length > 0) return { matched: 'unknown', undecided: unknown };
  if (update.length > 0) return { matched: 'update', undecided: update };
  return { matched: false, undecided: [] };
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
 * Whether `match` (a policy's matchConstraints or a binding's matchResources) matches the target, or what it
 * depends on that is not in view (MatchOutcome). `path` is where `match` is in its object, for the place of
 * an undecided rule.
 */
export function matchResources(
  match: unknown,
  target: AdmissionTarget,
  of: 'policy' | 'binding',
  path: (string | number)[],
): MatchOutcome {
  if (!isPlainObject(match)) return of === 'binding';
  const rules = Array.isArray(match.resourceRules) ? match.resourceRules : [];
  // A policy matches nothing without resource rules; a binding without them narrows nothing by resource.
  const included =
    of === 'binding' && rules.length === 0 ? { matched: true, undecided: [] } : anyRule(rules, target);
  if (included.matched === false) return false;
  const excludedRules = Array.isArray(match.excludeResourceRules) ? match.excludeResourceRules : [];
  const excluded = anyRule(excludedRules, target);
  if (excluded.matched === true) return false;
  if (!selects(match.objectSelector, target.labels)) return false;
  const unknownResource = (field: string, undecided: number[], list: unknown[]): MatchOutcome => ({
    unknown: 'resource',
    resources: [
      ...new Set(undecided.flatMap((i) => strings(isPlainObject(list[i]) ? list[i].resources : undefined))),
    ],
    rule: [...path, field, undecided[0]!],
  });
  // An exclusion that covers UPDATE only does not exclude a CREATE.
  const byResource: MatchOutcome =
    included.matched === 'unknown'
      ? unknownResource('resourceRules', included.undecided, rules)
      : included.matched === 'update'
        ? { unknown: 'update', rule: [...path, 'resourceRules', included.undecided[0]!, 'operations'] }
        : excluded.matched === 'unknown'
          ? unknownResource('excludeResourceRules', excluded.undecided, excludedRules)
          : true;
  // The namespace selector applies to namespaced objects and to Namespaces themselves (their own labels).
  if (target.kind === 'Namespace' && target.group === '') {
    return (
      selects(match.namespaceSelector, { ...target.labels, [NAME_LABEL]: target.name ?? '' }) && byResource
    );
  }
  if (target.cluster === true || !target.namespaceLabels) return byResource;
  const { labels, known } = target.namespaceLabels;
  if (!known && !decidable(match.namespaceSelector, labels)) return { unknown: 'namespace' };
  return selects(match.namespaceSelector, labels) && byResource;
}
