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
import { equivalentMatch } from './equivalent';
import { ruleMatches, strings, type AdmissionTarget, type RuleMatch } from './match-rule';

export type { AdmissionTarget } from './match-rule';

/**
 * Whether a match holds: true or false, or unknown because it depends on what is not in view: the labels of
 * a Namespace (`namespace`, with its name and where the selector is), the resource name or scope of a kind (`resource`, with the resource names the
 * undecided rules list, and where those rules are), or the object the cluster already holds, for rules that
 * cover its UPDATE but not its CREATE (`update`, with where the rule's operations are).
 */
export type MatchOutcome =
  | boolean
  | { unknown: 'namespace'; namespace: string; rule: (string | number)[] }
  | { unknown: 'resource'; resources: string[]; rule: (string | number)[] }
  | { unknown: 'update'; rule: (string | number)[] }
  | { unknown: 'equivalent'; versions: string[]; webhook: boolean; rule: (string | number)[] }
  /** A match through another version of the resource (matchPolicy Equivalent), to which the object converts. */
  | { equivalent: string };

const NAME_LABEL = 'kubernetes.io/metadata.name';

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
  // Absent, matchPolicy is Equivalent: the API server sets that default on every policy and binding.
  const equivalent = match.matchPolicy !== 'Exact';
  // A policy matches nothing without resource rules; a binding without them narrows nothing by resource.
  const included =
    of === 'binding' && rules.length === 0 ? { matched: true, undecided: [] } : anyRule(rules, target);
  const through = included.matched === false && equivalent ? equivalentMatch(rules, target) : undefined;
  if (included.matched === false && !through) return false;
  const excludedRules = Array.isArray(match.excludeResourceRules) ? match.excludeResourceRules : [];
  const excluded = anyRule(excludedRules, target);
  if (excluded.matched === true) return false;
  // Exclusions are matched with the same policy, through other versions too.
  const excludedThrough =
    excluded.matched === false && equivalent ? equivalentMatch(excludedRules, target) : undefined;
  if (excludedThrough && 'version' in excludedThrough) return false;
  if (!selects(match.objectSelector, target.labels)) return false;
  const unknownEquivalent = (
    field: string,
    found: { versions: string[]; webhook: boolean; rule: number },
  ): MatchOutcome => ({
    unknown: 'equivalent',
    versions: found.versions,
    webhook: found.webhook,
    rule: [...path, field, found.rule, 'apiVersions'],
  });
  const unknownResource = (field: string, undecided: number[], list: unknown[]): MatchOutcome => ({
    unknown: 'resource',
    resources: [
      ...new Set(undecided.flatMap((i) => strings(isPlainObject(list[i]) ? list[i].resources : undefined))),
    ],
    rule: [...path, field, undecided[0]!],
  });
  // An exclusion that covers UPDATE only does not exclude a CREATE.
  let byResource: MatchOutcome = true;
  if (included.matched === 'unknown')
    byResource = unknownResource('resourceRules', included.undecided, rules);
  else if (included.matched === 'update')
    byResource = {
      unknown: 'update',
      rule: [...path, 'resourceRules', included.undecided[0]!, 'operations'],
    };
  else if (through && 'unknown' in through) byResource = unknownEquivalent('resourceRules', through);
  else if (excluded.matched === 'unknown')
    byResource = unknownResource('excludeResourceRules', excluded.undecided, excludedRules);
  else if (excludedThrough) byResource = unknownEquivalent('excludeResourceRules', excludedThrough);
  else if (through) byResource = { equivalent: through.version };
  // The namespace selector applies to namespaced objects and to Namespaces themselves (their own labels).
  if (target.kind === 'Namespace' && target.group === '') {
    return (
      selects(match.namespaceSelector, { ...target.labels, [NAME_LABEL]: target.name ?? '' }) && byResource
    );
  }
  if (target.cluster === true || !target.namespaceLabels) return byResource;
  const { labels, known } = target.namespaceLabels;
  if (!known && !decidable(match.namespaceSelector, labels)) {
    return { unknown: 'namespace', namespace: target.namespace ?? '', rule: [...path, 'namespaceSelector'] };
  }
  return selects(match.namespaceSelector, labels) && byResource;
}
