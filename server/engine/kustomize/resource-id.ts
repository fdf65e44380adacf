// The identity kustomize gives a resource (kyaml's resid): group, version, kind, name and namespace, where a
// namespaced object without a namespace is in `default` and a cluster-scoped one is in no namespace at all.
// Patches find their targets by these identities, current or previous (before a prefix or a namespace).
import { isClusterScopedKind, splitApiVersion } from './identity';
import type { RenderedObject } from './model';

export { splitApiVersion } from './identity';
import { entryOf, type RMap, type RNode } from './tree';

export interface ResourceId {
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace: string;
}

/** The text of a scalar at a path of map keys, or '' (kustomize reads a missing field as empty). */
export function textAt(tree: RNode, ...path: string[]): string {
  let node: RNode | undefined = tree;
  for (const key of path) node = node?.type === 'map' ? entryOf(node, key)?.value : undefined;
  return node?.type === 'scalar' && node.value !== null ? String(node.value) : '';
}

/** Trees never change once built, so an identity is computed once per tree. */
const ids = new WeakMap<RMap, ResourceId>();

export function idOf(tree: RMap): ResourceId {
  let id = ids.get(tree);
  if (id === undefined) {
    id = readId(tree);
    ids.set(tree, id);
  }
  return id;
}

function readId(tree: RMap): ResourceId {
  return {
    ...splitApiVersion(textAt(tree, 'apiVersion')),
    kind: textAt(tree, 'kind'),
    name: textAt(tree, 'metadata', 'name'),
    namespace: textAt(tree, 'metadata', 'namespace'),
  };
}

export function isClusterScoped(id: Pick<ResourceId, 'group' | 'version' | 'kind'>): boolean {
  return isClusterScopedKind(id.group === '' ? id.version : `${id.group}/${id.version}`, id.kind);
}

/** kyaml's EffectiveNamespace: none for a cluster-scoped kind, `default` for an empty one. */
export function effectiveNamespace(id: ResourceId): string {
  if (isClusterScoped(id)) return '~X';
  return id.namespace === '' ? 'default' : id.namespace;
}

/** kyaml's ResId.Equals. */
export function sameId(a: ResourceId, b: ResourceId): boolean {
  return (
    a.group === b.group &&
    a.version === b.version &&
    a.kind === b.kind &&
    a.name === b.name &&
    effectiveNamespace(a) === effectiveNamespace(b)
  );
}

/** The identities an object had (oldest first) and has: a patch may name any of them. */
export function idsOf(object: RenderedObject): ResourceId[] {
  const current = idOf(object.tree);
  const previous = object.history.map((old) => ({
    ...current,
    name: old.name ?? '',
    namespace: old.namespace ?? '',
  }));
  return [...previous, current];
}

/** How messages name an identity (`apps/v1 Deployment web in prod`). */
export function describeId(id: ResourceId): string {
  const apiVersion = id.group === '' ? id.version : `${id.group}/${id.version}`;
  return `${apiVersion} ${id.kind} ${id.name || '(no name)'}${id.namespace ? ` in ${id.namespace}` : ''}`;
}
