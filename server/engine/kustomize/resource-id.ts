// The identity kustomize gives a resource (kyaml's resid): group, version, kind, name and namespace, where a
// namespaced object without a namespace is in `default` and a cluster-scoped one is in no namespace at all.
// Patches find their targets by these identities, current or previous (before a prefix or a namespace).
import type { RenderedObject } from './model';
import { entryOf, type RMap, type RNode } from './tree';

export interface ResourceId {
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace: string;
}

/**
 * Kinds kustomize knows to be cluster-scoped (kyaml/openapi's `precomputedIsNamespaceScoped`, the entries
 * that are false); any other kind, CRDs included, is treated as namespaced, as kustomize does.
 */
const CLUSTER_SCOPED = new Set([
  'admissionregistration.k8s.io/v1 MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration',
  'apiextensions.k8s.io/v1 CustomResourceDefinition',
  'apiextensions.k8s.io/v1beta1 CustomResourceDefinition',
  'apiregistration.k8s.io/v1 APIService',
  'apiregistration.k8s.io/v1beta1 APIService',
  'certificates.k8s.io/v1 CertificateSigningRequest',
  'certificates.k8s.io/v1beta1 CertificateSigningRequest',
  'flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema',
  'flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration',
  'networking.k8s.io/v1 IngressClass',
  'networking.k8s.io/v1beta1 IngressClass',
  'node.k8s.io/v1 RuntimeClass',
  'node.k8s.io/v1beta1 RuntimeClass',
  'policy/v1beta1 PodSecurityPolicy',
  'rbac.authorization.k8s.io/v1 ClusterRole',
  'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1beta1 ClusterRole',
  'rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding',
  'scheduling.k8s.io/v1 PriorityClass',
  'scheduling.k8s.io/v1beta1 PriorityClass',
  'storage.k8s.io/v1 CSIDriver',
  'storage.k8s.io/v1 CSINode',
  'storage.k8s.io/v1 StorageClass',
  'storage.k8s.io/v1 VolumeAttachment',
  'storage.k8s.io/v1beta1 CSIDriver',
  'storage.k8s.io/v1beta1 CSINode',
  'storage.k8s.io/v1beta1 StorageClass',
  'storage.k8s.io/v1beta1 VolumeAttachment',
  'v1 ComponentStatus',
  'v1 Namespace',
  'v1 Node',
  'v1 NodeProxyOptions',
  'v1 PersistentVolume',
]);

/** The text of a scalar at a path of map keys, or '' (kustomize reads a missing field as empty). */
export function textAt(tree: RNode, ...path: string[]): string {
  let node: RNode | undefined = tree;
  for (const key of path) node = node?.type === 'map' ? entryOf(node, key)?.value : undefined;
  return node?.type === 'scalar' && node.value !== null ? String(node.value) : '';
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
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
  const apiVersion = id.group === '' ? id.version : `${id.group}/${id.version}`;
  return CLUSTER_SCOPED.has(`${apiVersion} ${id.kind}`);
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
