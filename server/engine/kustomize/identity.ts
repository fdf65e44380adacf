// Who an object is, in kustomize's terms: its group, version and kind (from apiVersion and kind), its name and
// namespace, whether it is cluster-scoped, and the identities it had before this rendering renamed it. The
// transformers select objects by these and the name-reference pass matches references against them.
import { entryOf, type RMap } from './tree';
import { textOf } from './edit';
import type { RenderedObject } from './model';

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

/** A selector of kinds, as kustomize's field specs write it; an empty part selects everything. */
export type GvkSelector = Partial<Gvk>;

/**
 * The kinds kustomize knows to be cluster-scoped: the cluster-scoped entries of kyaml's precomputed table
 * (kyaml/openapi/openapi.go, `precomputedIsNamespaceScoped`) plus the alpha versions of the same kinds that
 * its Kubernetes v1.21.2 schema declares. Any other kind, custom resources included, is namespaced to
 * kustomize: it sets their namespace too.
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
  'flowcontrol.apiserver.k8s.io/v1alpha1 FlowSchema',
  'flowcontrol.apiserver.k8s.io/v1alpha1 PriorityLevelConfiguration',
  'flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema',
  'flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration',
  'networking.k8s.io/v1 IngressClass',
  'networking.k8s.io/v1beta1 IngressClass',
  'node.k8s.io/v1 RuntimeClass',
  'node.k8s.io/v1alpha1 RuntimeClass',
  'node.k8s.io/v1beta1 RuntimeClass',
  'policy/v1beta1 PodSecurityPolicy',
  'rbac.authorization.k8s.io/v1 ClusterRole',
  'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1alpha1 ClusterRole',
  'rbac.authorization.k8s.io/v1alpha1 ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1beta1 ClusterRole',
  'rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding',
  'scheduling.k8s.io/v1 PriorityClass',
  'scheduling.k8s.io/v1alpha1 PriorityClass',
  'scheduling.k8s.io/v1beta1 PriorityClass',
  'storage.k8s.io/v1 CSIDriver',
  'storage.k8s.io/v1 CSINode',
  'storage.k8s.io/v1 StorageClass',
  'storage.k8s.io/v1 VolumeAttachment',
  'storage.k8s.io/v1alpha1 VolumeAttachment',
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

/** kustomize's stand-in namespace for cluster-scoped objects, so that they never equal a namespaced one. */
const NOT_A_NAMESPACE = '_non_namespaceable_';

/** Splits an apiVersion the way kustomize does: `apps/v1` → apps, v1; `v1` → the core group. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return { group: '', version: apiVersion };
  return { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function apiVersionOf(tree: RMap): string {
  return textOf(entryOf(tree, 'apiVersion')?.value) ?? '';
}

export function gvkOf(tree: RMap): Gvk {
  return { ...splitApiVersion(apiVersionOf(tree)), kind: textOf(entryOf(tree, 'kind')?.value) ?? '' };
}

function metadataField(tree: RMap, key: string): string | undefined {
  const metadata = entryOf(tree, 'metadata')?.value;
  if (metadata?.type !== 'map') return undefined;
  return textOf(entryOf(metadata, key)?.value);
}

export function nameOf(tree: RMap): string | undefined {
  return metadataField(tree, 'name');
}

export function namespaceOf(tree: RMap): string | undefined {
  return metadataField(tree, 'namespace');
}

export function isClusterScoped(tree: RMap): boolean {
  return isClusterScopedKind(apiVersionOf(tree), gvkOf(tree).kind);
}

/** Whether kustomize takes a kind of an apiVersion to be cluster-scoped (see CLUSTER_SCOPED). */
export function isClusterScopedKind(apiVersion: string, kind: string): boolean {
  return CLUSTER_SCOPED.has(`${apiVersion} ${kind}`);
}

/** Whether a kind matches a selector (kustomize's `Gvk.IsSelected`). */
export function gvkSelected(gvk: Gvk, selector: GvkSelector | undefined): boolean {
  if (selector === undefined) return true;
  if (selector.group && selector.group !== gvk.group) return false;
  if (selector.version && selector.version !== gvk.version) return false;
  if (selector.kind && selector.kind !== gvk.kind) return false;
  return true;
}

/**
 * The namespace kustomize compares: cluster-scoped objects have none at all, and an unset namespace is the
 * `default` namespace (so `default` and unset are the same place).
 */
export function effectiveNamespace(namespace: string | undefined, clusterScoped: boolean): string {
  if (clusterScoped) return NOT_A_NAMESPACE;
  return namespace === undefined || namespace === '' ? 'default' : namespace;
}

/** An object's current name and namespace, recorded before a step renames it (kustomize's `StorePreviousId`). */
export function withPreviousIdentity(object: RenderedObject): RenderedObject['history'] {
  return [...object.history, { name: nameOf(object.tree), namespace: namespaceOf(object.tree) }];
}

/**
 * Whether the object has, or had, the given kind, name and namespace (kustomize's `GetMatchingResourcesByAnyId`
 * with `ResId.Equals`): how a generator's `behavior: merge` finds the base's object and `replicas:` its target
 * (which ignores the namespace: `namespace` omitted).
 */
export function hasHadIdentity(
  object: RenderedObject,
  name: string,
  selector: GvkSelector,
  namespace?: { value: string | undefined },
): boolean {
  const gvk = gvkOf(object.tree);
  if (!gvkSelected(gvk, selector)) return false;
  const clusterScoped = isClusterScoped(object.tree);
  const wanted = namespace && effectiveNamespace(namespace.value, clusterScoped);
  const identities = [...object.history, { name: nameOf(object.tree), namespace: namespaceOf(object.tree) }];
  return identities.some(
    (identity) =>
      identity.name === name &&
      (wanted === undefined || effectiveNamespace(identity.namespace, clusterScoped) === wanted),
  );
}
