// kustomize's field specs: which field of which kinds a built-in transformer sets (api/internal/konfig/
// builtinpluginconsts in kustomize v5.5.0, copied as data), and the walk that reaches those fields. A spec's
// path is a `/`-separated list of map keys (`\/` escapes a slash inside a key, as in annotation names); a
// sequence met on the way is entered element by element; `create` makes missing maps and the final field.
import type { Origin, RMap, RNode } from './tree';
import { isNull, mapAt } from './edit';
import { gvkOf, gvkSelected, type GvkSelector } from './identity';

export interface FieldSpec extends GvkSelector {
  path: string;
  create?: boolean;
}

/** What the walk creates at the end of a path when the field is missing (`create: true`). */
export type CreateKind = 'map' | 'scalar' | undefined;

/**
 * Calls `set` with every node the spec reaches in `tree` (which the caller owns and may edit). `set` receives
 * the node and, for a node inside a map, the map and key holding it, so it can replace a scalar. A missing
 * field is created only when the spec says `create` and the caller says what to create (`createKind`); a
 * field created on the way is a map pointing at `origin`.
 */
export function visitFieldSpec(
  tree: RMap,
  spec: FieldSpec,
  createKind: CreateKind,
  origin: Origin,
  set: (node: RNode, holder: RMap | undefined, key: string | undefined) => void,
): void {
  if (!gvkSelected(gvkOf(tree), spec)) return;
  walk(tree, splitPath(spec.path), spec.create === true ? createKind : undefined, origin, set, undefined);
}

/**
 * Whether visitFieldSpec could reach or create anything in `tree`: the spec selects the tree's kind, and
 * either creates what is missing or its path leads to a node. A step can leave a tree it would not touch
 * as it is instead of copying it.
 */
export function reachesAny(tree: RMap, spec: FieldSpec): boolean {
  if (!gvkSelected(gvkOf(tree), spec)) return false;
  if (spec.create === true) return true;
  let reached = false;
  // Without a kind to create, the walk only reads the tree.
  walk(tree, splitPath(spec.path), undefined, tree.origin, () => (reached = true), undefined);
  return reached;
}

function walk(
  node: RNode,
  path: string[],
  createKind: CreateKind,
  origin: Origin,
  set: (node: RNode, holder: RMap | undefined, key: string | undefined) => void,
  holder: { map: RMap; key: string } | undefined,
): void {
  if (path.length === 0) {
    set(node, holder?.map, holder?.key);
    return;
  }
  if (isNull(node)) return;
  if (node.type === 'seq') {
    for (const item of node.items) walk(item, path, createKind, origin, set, undefined);
    return;
  }
  if (node.type !== 'map') return;
  const [head = '', ...rest] = path;
  const isSequenceField = head.endsWith('[]');
  const key = isSequenceField ? head.slice(0, -2) : head;
  let child: RNode | undefined;
  if (createKind === undefined || isSequenceField) {
    child = node.entries.find((entry) => entry.key === key)?.value;
  } else if (rest.length === 0 && createKind === 'scalar') {
    const existing = node.entries.find((entry) => entry.key === key);
    if (existing === undefined) {
      // The created scalar is filled by `set` at once; it starts as null like kyaml's empty node.
      const created: RNode = { type: 'scalar', origin, value: null };
      node.entries.push({ key, keyOrigin: origin, value: created });
      child = created;
    } else child = existing.value;
  } else {
    child = mapAt(node, key, origin);
    if (child === undefined) child = node.entries.find((entry) => entry.key === key)?.value;
  }
  if (child === undefined) return;
  walk(child, rest, createKind, origin, set, { map: node, key });
}

/** Splits a spec's path at `/`, except where a slash is escaped (`nginx.ingress.kubernetes.io\/auth-secret`). */
export function splitPath(path: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let index = 0; index < path.length; index++) {
    const char = path[index];
    if (char === '\\' && path[index + 1] === '/') {
      current += '/';
      index++;
    } else if (char === '/') {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

const spec = (path: string, kind?: string, group?: string, version?: string, create = false): FieldSpec => ({
  path,
  ...(kind === undefined ? {} : { kind }),
  ...(group === undefined ? {} : { group }),
  ...(version === undefined ? {} : { version }),
  ...(create ? { create } : {}),
});

/** `metadataLabelsFieldSpecs`: the labels of objects and of the pod templates and claims they make. */
const METADATA_LABELS: FieldSpec[] = [
  spec('metadata/labels', undefined, undefined, undefined, true),
  spec('spec/template/metadata/labels', 'ReplicationController', undefined, 'v1', true),
  spec('spec/template/metadata/labels', 'Deployment', undefined, undefined, true),
  spec('spec/template/metadata/labels', 'ReplicaSet', undefined, undefined, true),
  spec('spec/template/metadata/labels', 'DaemonSet', undefined, undefined, true),
  spec('spec/template/metadata/labels', 'StatefulSet', 'apps', undefined, true),
  spec('spec/volumeClaimTemplates[]/metadata/labels', 'StatefulSet', 'apps', undefined, true),
  spec('spec/template/metadata/labels', 'Job', 'batch', undefined, true),
  spec('spec/jobTemplate/metadata/labels', 'CronJob', 'batch', undefined, true),
  spec('spec/jobTemplate/spec/template/metadata/labels', 'CronJob', 'batch', undefined, true),
];

const AFFINITY_SELECTORS = [
  'spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels',
];

/** `commonLabelFieldSpecs`: labels and every selector that must keep selecting the labelled pods. */
export const COMMON_LABELS: FieldSpec[] = [
  spec('spec/selector', 'Service', undefined, 'v1', true),
  spec('spec/selector', 'ReplicationController', undefined, 'v1', true),
  spec('spec/selector/matchLabels', 'Deployment', undefined, undefined, true),
  ...AFFINITY_SELECTORS.map((path) => spec(path, 'Deployment', 'apps')),
  spec('spec/selector/matchLabels', 'ReplicaSet', undefined, undefined, true),
  spec('spec/selector/matchLabels', 'DaemonSet', undefined, undefined, true),
  spec('spec/selector/matchLabels', 'StatefulSet', 'apps', undefined, true),
  ...AFFINITY_SELECTORS.map((path) => spec(path, 'StatefulSet', 'apps')),
  spec('spec/selector/matchLabels', 'Job', 'batch'),
  spec('spec/jobTemplate/spec/selector/matchLabels', 'CronJob', 'batch'),
  spec('spec/selector/matchLabels', 'PodDisruptionBudget', 'policy'),
  spec('spec/podSelector/matchLabels', 'NetworkPolicy', 'networking.k8s.io'),
  spec('spec/ingress/from/podSelector/matchLabels', 'NetworkPolicy', 'networking.k8s.io'),
  spec('spec/egress/to/podSelector/matchLabels', 'NetworkPolicy', 'networking.k8s.io'),
  ...METADATA_LABELS,
];

/** `templateLabelFieldSpecs`: what `labels` with `includeTemplates` adds to the object's own labels. */
export const TEMPLATE_LABELS: FieldSpec[] = METADATA_LABELS;

/** `commonAnnotationFieldSpecs`. */
export const COMMON_ANNOTATIONS: FieldSpec[] = [
  spec('metadata/annotations', undefined, undefined, undefined, true),
  spec('spec/template/metadata/annotations', 'ReplicationController', undefined, 'v1', true),
  spec('spec/template/metadata/annotations', 'Deployment', undefined, undefined, true),
  spec('spec/template/metadata/annotations', 'ReplicaSet', undefined, undefined, true),
  spec('spec/template/metadata/annotations', 'DaemonSet', undefined, undefined, true),
  spec('spec/template/metadata/annotations', 'StatefulSet', undefined, undefined, true),
  spec('spec/template/metadata/annotations', 'Job', 'batch', undefined, true),
  spec('spec/jobTemplate/metadata/annotations', 'CronJob', 'batch', undefined, true),
  spec('spec/jobTemplate/spec/template/metadata/annotations', 'CronJob', 'batch', undefined, true),
];

/**
 * `namespaceFieldSpecs`, less `metadata/namespace` which the namespace step handles itself (kustomize's
 * `metaNamespaceHack`); `metadata/name` of a Namespace applies only to apiVersion `v1`.
 */
export const NAMESPACE_FIELDS: FieldSpec[] = [
  spec('metadata/name', 'Namespace', undefined, undefined, true),
  spec('spec/service/namespace', 'APIService', 'apiregistration.k8s.io', undefined, true),
  spec(
    'spec/conversion/webhook/clientConfig/service/namespace',
    'CustomResourceDefinition',
    'apiextensions.k8s.io',
  ),
];

/** `imagesFieldSpecs` (the step also walks every `containers`/`initContainers` list, as kustomize does). */
export const IMAGE_FIELDS: FieldSpec[] = [
  spec('spec/containers[]/image', undefined, undefined, undefined, true),
  spec('spec/initContainers[]/image', undefined, undefined, undefined, true),
  spec('spec/template/spec/containers[]/image', undefined, undefined, undefined, true),
  spec('spec/template/spec/initContainers[]/image', undefined, undefined, undefined, true),
];

/** `replicasFieldSpecs`. */
export const REPLICA_FIELDS: FieldSpec[] = [
  'Deployment',
  'ReplicationController',
  'ReplicaSet',
  'StatefulSet',
].map((kind) => spec('spec/replicas', kind, undefined, undefined, true));
