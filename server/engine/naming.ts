import type { RelatedView } from './related-view';

/**
 * A name for a new object of `kind` that no related object in the namespace uses yet: `base`, else
 * `base-2`, `base-3`… Kubernetes names are capped at 253 characters; longer bases are cut.
 */
export function unusedName(base: string, kind: string, namespace: string, related: RelatedView): string {
  const taken = (name: string): boolean => related.named(namespace, name, kind).length > 0;
  const root = base.slice(0, 240);
  if (!taken(root)) return root;
  for (let n = 2; ; n++) if (!taken(`${root}-${n}`)) return `${root}-${n}`;
}
