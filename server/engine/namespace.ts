// The namespace an object lands in, on its own module: the related-object view and the relation helpers
// both need it, and neither may import the other.
import type { K8sObject } from './types';

/** Objects that leave their namespace to apply time land in `default` unless `kubectl -n` says otherwise. */
export function effectiveNamespace(object: K8sObject): string {
  return object.namespace ?? 'default';
}
