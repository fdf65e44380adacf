// One resource rule of a policy or binding against the object a request creating it would carry, as
// k8s.io/apiserver's rules.Matcher decides it, and what the matcher knows of that object.
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
  /**
   * The other versions its resource is served at, for `matchPolicy: Equivalent` (equivalent.ts): those the
   * CRD in view serves (`convertible` when its conversion strategy is None, which changes apiVersion alone),
   * or, for a built-in kind, whether the target release may serve a version (it has not been removed).
   */
  equivalents:
    | { kind: 'crd'; versions: string[]; convertible: boolean }
    | { kind: 'built-in'; mayServe: (version: string) => boolean }
    | { kind: 'none' };
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

export function strings(value: unknown): string[] {
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
export type RuleMatch = boolean | 'unknown' | 'update';

/**
 * One rule against a request creating the object (no subresource), as k8s.io/apiserver's rules.Matcher
 * decides it: operation, API group and version, resource (`*` is every resource, `x/*` the resource x and
 * its subresources), scope, and names.
 */
export function ruleMatches(rule: unknown, target: AdmissionTarget): RuleMatch {
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
