// The order of kustomize's output. `kustomize build` sorts with its `legacy` order unless the kustomization's
// `sortOptions` says `fifo` (api/krusty/kustomizer.go, applySortOrder; api/internal/builtins/
// SortOrderTransformer.go): kinds in `orderFirst` first in that order, kinds in `orderLast` last, every other
// kind between them; ties by group_version_kind, then by `group_version_kind|namespace|name`.
import type { RenderedObject } from './model';
import { idOf, type ResourceId } from './resource-id';

export const LEGACY_ORDER_FIRST: readonly string[] = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];

export const LEGACY_ORDER_LAST: readonly string[] = [
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];

export interface SortOptions {
  order: 'legacy' | 'fifo';
  orderFirst?: readonly string[];
  orderLast?: readonly string[];
}

const gvkText = (id: ResourceId): string => `${id.group || '~G'}_${id.version || '~V'}_${id.kind || '~K'}`;

/** The objects in kustomize's output order. */
export function sortObjects(objects: readonly RenderedObject[], options?: SortOptions): RenderedObject[] {
  if (options?.order === 'fifo') return [...objects];
  const first = options?.orderFirst ?? LEGACY_ORDER_FIRST;
  const last = options?.orderLast ?? LEGACY_ORDER_LAST;
  const rank = new Map<string, number>();
  first.forEach((kind, i) => rank.set(kind, -first.length + i));
  last.forEach((kind, i) => rank.set(kind, 1 + i));
  const keyed = objects.map((object) => {
    const id = idOf(object.tree);
    return {
      object,
      id,
      rank: rank.get(id.kind) ?? 0,
      gvk: gvkText(id),
      full: `${gvkText(id)}|${id.namespace || '~X'}|${id.name || '~N'}`,
    };
  });
  keyed.sort((a, b) => {
    if (a.gvk !== b.gvk) {
      if (a.rank !== b.rank) return a.rank - b.rank;
      // kustomize puts a Namespace of the core group after other groups' Namespace kinds.
      if (a.id.kind === 'Namespace' && b.id.kind === 'Namespace' && (a.id.group === '' || b.id.group === ''))
        return a.gvk > b.gvk ? -1 : 1;
      return a.gvk < b.gvk ? -1 : 1;
    }
    return a.full < b.full ? -1 : a.full > b.full ? 1 : 0;
  });
  return keyed.map((entry) => entry.object);
}
