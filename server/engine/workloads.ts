// Where each workload kind keeps its pod spec, and typed access to what rules read there.
import type { Container, PodSpec } from 'kubernetes-types/core/v1';
import { isMap, isSeq, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { isPlainObject } from './parse';
import { getPair, nodeAt, type PathSegment } from './nodes';
import type { K8sObject, Span } from './types';
import { keySpan, spanOf } from './nodes';

/** The path from the object to its pod spec, for every kind with a pod template. */
const POD_SPEC_PATHS: Record<string, readonly PathSegment[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
};

export const WORKLOAD_KINDS: readonly string[] = Object.keys(POD_SPEC_PATHS).filter(
  (k) => k !== 'PodTemplate',
);

export type ContainerList = 'containers' | 'initContainers';

export interface ContainerRef {
  list: ContainerList;
  index: number;
  /** Path from the object to the container's mapping. */
  path: PathSegment[];
  node: YAMLMap;
  value: Partial<Container>;
  name: string | undefined;
  /** The container's `name` value, where a container-level squiggle goes; its first key when unnamed. */
  nameSpan: Span | undefined;
}

export interface PodTemplateRef {
  /** Path from the object to the pod spec mapping. */
  specPath: PathSegment[];
  /** The pod spec mapping node, absent when the manifest has no pod spec yet. */
  specNode: YAMLMap | undefined;
  /** The pod spec as written: any field may be missing while the user types. */
  spec: Partial<PodSpec>;
  /** Labels of the pods this workload creates (the template's labels; a Pod's own labels). */
  labels: Record<string, string>;
  containers: ContainerRef[];
}

/**
 * The pod template of a workload object, or undefined for kinds without one. The parts read from the YAML
 * tree (`specNode`, `containers`) are computed on first use: a workload of the workspace index builds its
 * tree only when a rule needs a range in it, not when a rule only reads its labels or spec.
 */
export function podTemplateOf(object: K8sObject): PodTemplateRef | undefined {
  const specPath = POD_SPEC_PATHS[object.kind];
  if (!specPath) return undefined;
  const spec = valueAt(object.value, specPath);
  const metadataPath = [...specPath.slice(0, -1), 'metadata', 'labels'];
  let specNode: YAMLMap | undefined | null = null;
  let containers: ContainerRef[] | undefined;
  const specNodeOf = (): YAMLMap | undefined => {
    if (specNode === null) {
      const found = nodeAt(object.node, specPath);
      specNode = isMap(found) ? found : undefined;
    }
    return specNode;
  };
  return {
    specPath: [...specPath],
    get specNode() {
      return specNodeOf();
    },
    spec: isPlainObject(spec) ? (spec as Partial<PodSpec>) : {},
    labels: stringMap(valueAt(object.value, metadataPath)),
    get containers() {
      const node = specNodeOf();
      return (containers ??= node ? containersOf(node, isPlainObject(spec) ? spec : {}, [...specPath]) : []);
    },
  };
}

function containersOf(
  specNode: YAMLMap,
  spec: Record<string, unknown>,
  specPath: PathSegment[],
): ContainerRef[] {
  const refs: ContainerRef[] = [];
  for (const list of ['initContainers', 'containers'] as const) {
    const seq = getPair(specNode, list)?.value;
    const values = spec[list];
    if (!isSeq(seq) || !Array.isArray(values)) continue;
    seq.items.forEach((item, index) => {
      const value: unknown = values[index];
      if (!isMap(item) || !isPlainObject(value)) return;
      const namePair = getPair(item, 'name');
      const nameNode = namePair?.value;
      const first = item.items[0] as Pair<YamlNode, unknown> | undefined;
      refs.push({
        list,
        index,
        path: [...specPath, list, index],
        node: item,
        value: value as Partial<Container>,
        name: typeof value.name === 'string' ? value.name : undefined,
        nameSpan:
          (nameNode && spanOf(nameNode)) ??
          (namePair && keySpan(namePair)) ??
          (first ? keySpan(first) : undefined),
      });
    });
  }
  return refs;
}

/** Reads a plain value at a path. */
export function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let current: unknown = value;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (!isPlainObject(current)) return undefined;
      current = current[segment];
    }
  }
  return current;
}

/** A label map with only string-representable values (numbers and booleans are written unquoted by people). */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isPlainObject(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}

/** The replica count a workload asks for; undefined means the API default (1). */
export function replicasOf(object: K8sObject): number | undefined {
  const spec = object.value.spec;
  if (!isPlainObject(spec)) return undefined;
  return typeof spec.replicas === 'number' ? spec.replicas : undefined;
}

/** The label selector the workload's controller uses to find its pods (`spec.selector.matchLabels`). */
export function controllerSelectorLabels(object: K8sObject): Record<string, string> | undefined {
  const selector = valueAt(object.value, ['spec', 'selector']);
  if (!isPlainObject(selector)) return undefined;
  // ReplicationController's selector is a plain map; the others use a LabelSelector.
  if (object.kind === 'ReplicationController') return stringMap(selector);
  if (selector.matchExpressions !== undefined) return undefined;
  const labels = stringMap(selector.matchLabels);
  return Object.keys(labels).length > 0 ? labels : undefined;
}
