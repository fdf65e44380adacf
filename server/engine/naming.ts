import type { K8sObject } from './types';
import { relatedIn } from './relations';

/**
 * A name for a new object of `kind` that no related object in the namespace uses yet: `base`, else
 * `base-2`, `base-3`… Kubernetes names are capped at 253 characters; longer bases are cut.
 */
export function unusedName(
  base: string,
  kind: string,
  namespace: string,
  related: readonly K8sObject[],
): string {
  const taken = new Set(relatedIn(related, namespace, kind).map((o) => o.name));
  const root = base.slice(0, 240);
  if (!taken.has(root)) return root;
  for (let n = 2; ; n++) if (!taken.has(`${root}-${n}`)) return `${root}-${n}`;
}
