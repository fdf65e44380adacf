// The namespace an object lands in, on its own module: the related-object view and the relation helpers
// both need it, and neither may import the other.
import type { K8sObject } from './types';

/** Objects that leave their namespace to apply time land in `default` unless `kubectl -n` says otherwise. */
export function effectiveNamespace(object: K8sObject): string {
  return object.namespace ?? 'default';
}

/**
 * Whether either of two objects in different namespaces leaves its namespace to apply time: then both may
 * well land in one namespace (`kubectl apply -n b` puts an object without a namespace next to one that says
 * `b`), and a finding that they are apart is a guess (see Report.hedged).
 */
export function namespaceUnwritten(a: K8sObject, b: K8sObject): boolean {
  return a.namespace === undefined || b.namespace === undefined;
}

/**
 * `"shop"`, or `"default" (none written)` for an object that leaves its namespace to apply time: a message
 * that compares namespaces says which of them is an assumption.
 */
export function namespacePhrase(object: K8sObject): string {
  return object.namespace === undefined ? '"default" (none written)' : `"${object.namespace}"`;
}
