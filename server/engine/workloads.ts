// Where each workload kind keeps its pod spec, and typed access to what rules read there.
import type { Container, PodSpec } from 'kubernetes-types/core/v1';
import { isMap, isSeq, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { isPlainObject } from './values';
import { getPair, nodeAt, type PathSegment } from './nodes';
import type { K8sObject, Span } from './types';
import { keySpan, spanOf } from './nodes';

/**
 * How a kind of object runs its pods: `replicas` (identical long-running pods, counted by `replicas`),
 * `daemon` (one per node), `batch` (pods that run to completion), `groups` (long-running groups of
 * different pods), `serverless` (pods a platform scales, down to none), `pod` (the object is the pod), and
 * `template` (a stored template that runs nothing by itself).
 */
export type WorkloadRuns = 'replicas' | 'daemon' | 'batch' | 'groups' | 'serverless' | 'pod' | 'template';

/**
 * One kind of object that creates pods from a pod template written in it. Adding an operator's kind here
 * makes every pod-spec rule check it: their `kinds` come from this table.
 */
export interface WorkloadKind {
  kind: string;
  /** The API groups it is served from (`''` is the core group of `apiVersion: v1`). */
  groups: readonly string[];
  /**
   * Whether Kubernetes itself defines the kind. Those match in any API group too (a Deployment written with
   * an old or mistaken `apiVersion` is still checked, as the API server's error will be about the version,
   * not the pod spec); an operator's kind matches only in its own groups.
   */
  builtIn?: true;
  /**
   * Paths from the object to each of its pod templates (a PodTemplateSpec: `metadata` and `spec`); `[]`
   * for a Pod, which is its own template. Most kinds have one; a LeaderWorkerSet has a leader's and a
   * worker's.
   */
  templates: readonly (readonly PathSegment[])[];
  /**
   * Where the controller's label selector is: a LabelSelector (`matchLabels`, `matchExpressions`) or a plain
   * label map (ReplicationController, DeploymentConfig). Absent for kinds that select their pods themselves.
   */
  selector?: { path: readonly PathSegment[]; form: 'labelSelector' | 'labels' };
  /** Where the number of identical pods is; absent when the kind has no such count. */
  replicas?: readonly PathSegment[];
  runs: WorkloadRuns;
  /**
   * A field that, when set and no template is written, means the pods come from another object's template
   * (an Argo Rollout's `spec.workloadRef` names a Deployment): the kind then has no template of its own to
   * check, and that object's template is checked where it is written.
   */
  templateFrom?: readonly PathSegment[];
}

const SPEC_SELECTOR = { path: ['spec', 'selector'], form: 'labelSelector' } as const;
const SPEC_SELECTOR_LABELS = { path: ['spec', 'selector'], form: 'labels' } as const;
const SPEC_REPLICAS = ['spec', 'replicas'] as const;
const SPEC_TEMPLATE = [['spec', 'template']] as const;

/**
 * Every kind that creates pods from a template it holds, built-in and custom (CRDs of widely used
 * operators). Custom kinds are told by their API group too: a Knative `Service` embeds a pod template, the
 * core `Service` does not.
 */
export const WORKLOADS: readonly WorkloadKind[] = [
  { kind: 'Pod', builtIn: true, groups: [''], templates: [[]], runs: 'pod' },
  {
    kind: 'Deployment',
    builtIn: true,
    groups: ['apps', 'extensions'],
    templates: SPEC_TEMPLATE,
    selector: SPEC_SELECTOR,
    replicas: SPEC_REPLICAS,
    runs: 'replicas',
  },
  {
    kind: 'StatefulSet',
    builtIn: true,
    groups: ['apps'],
    templates: SPEC_TEMPLATE,
    selector: SPEC_SELECTOR,
    replicas: SPEC_REPLICAS,
    runs: 'replicas',
  },
  {
    kind: 'DaemonSet',
    builtIn: true,
    groups: ['apps', 'extensions'],
    templates: SPEC_TEMPLATE,
    selector: SPEC_SELECTOR,
    runs: 'daemon',
  },
  {
    kind: 'ReplicaSet',
    builtIn: true,
    groups: ['apps', 'extensions'],
    templates: SPEC_TEMPLATE,
    selector: SPEC_SELECTOR,
    replicas: SPEC_REPLICAS,
    runs: 'replicas',
  },
  {
    kind: 'ReplicationController',
    builtIn: true,
    groups: [''],
    templates: SPEC_TEMPLATE,
    selector: SPEC_SELECTOR_LABELS,
    replicas: SPEC_REPLICAS,
    runs: 'replicas',
  },
  {
    kind: 'Job',
    builtIn: true,
    groups: ['batch'],
    templates: SPEC_TEMPLATE,
    selector: SPEC_SELECTOR,
    runs: 'batch',
  },
  {
    kind: 'CronJob',
    builtIn: true,
    groups: ['batch'],
    templates: [['spec', 'jobTemplate', 'spec', 'template']],
    runs: 'batch',
  },
  { kind: 'PodTemplate', builtIn: true, groups: [''], templates: [['template']], runs: 'template' },
  // Argo Rollouts: a Deployment with progressive delivery. With `workloadRef` it borrows the pod template
  // of the Deployment it names instead of holding one.
  {
    kind: 'Rollout',
    groups: ['argoproj.io'],
    templates: SPEC_TEMPLATE,
    selector: SPEC_SELECTOR,
    replicas: SPEC_REPLICAS,
    runs: 'replicas',
    templateFrom: ['spec', 'workloadRef'],
  },
  // OpenShift's DeploymentConfig (served as `apiVersion: v1` by OpenShift 3 too); its selector is a label map.
  {
    kind: 'DeploymentConfig',
    groups: ['apps.openshift.io', ''],
    templates: SPEC_TEMPLATE,
    selector: SPEC_SELECTOR_LABELS,
    replicas: SPEC_REPLICAS,
    runs: 'replicas',
  },
  // OpenKruise's CloneSet: a Deployment with in-place updates.
  {
    kind: 'CloneSet',
    groups: ['apps.kruise.io'],
    templates: SPEC_TEMPLATE,
    selector: SPEC_SELECTOR,
    replicas: SPEC_REPLICAS,
    runs: 'replicas',
  },
  // LeaderWorkerSet: each of `replicas` groups is one leader pod and `size - 1` worker pods, so its
  // `replicas` counts groups, not identical pods.
  {
    kind: 'LeaderWorkerSet',
    groups: ['leaderworkerset.x-k8s.io'],
    templates: [
      ['spec', 'leaderWorkerTemplate', 'leaderTemplate'],
      ['spec', 'leaderWorkerTemplate', 'workerTemplate'],
    ],
    runs: 'groups',
  },
  // Knative Serving's Service: the platform scales its revisions' pods (to zero too) and selects them itself.
  { kind: 'Service', groups: ['serving.knative.dev'], templates: SPEC_TEMPLATE, runs: 'serverless' },
  // KEDA's ScaledJob: Jobs started from `jobTargetRef` (a JobSpec) as events arrive.
  {
    kind: 'ScaledJob',
    groups: ['keda.sh'],
    templates: [['spec', 'jobTargetRef', 'template']],
    runs: 'batch',
  },
];

/** The API group of an `apiVersion` (`apps/v1` → `apps`; `v1` → the core group, `''`). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

const WORKLOADS_BY_KIND = new Map<string, WorkloadKind[]>();
for (const workload of WORKLOADS) {
  const list = WORKLOADS_BY_KIND.get(workload.kind);
  if (list) list.push(workload);
  else WORKLOADS_BY_KIND.set(workload.kind, [workload]);
}

/** The table's entry for an object, by kind and API group; undefined for objects that are no workload. */
export function workloadKindOf(object: { apiVersion: string; kind: string }): WorkloadKind | undefined {
  const candidates = WORKLOADS_BY_KIND.get(object.kind);
  if (!candidates) return undefined;
  const group = apiGroupOf(object.apiVersion);
  return candidates.find((w) => w.groups.includes(group)) ?? candidates.find((w) => w.builtIn);
}

/** The kind names of the table's entries that `where` accepts, for a rule's `kinds`. */
export function workloadKinds(where: (workload: WorkloadKind) => boolean): readonly string[] {
  return [...new Set(WORKLOADS.filter(where).map((w) => w.kind))];
}

/**
 * The kinds every pod-spec rule checks: each kind of the table that runs pods. A kind name may also belong
 * to an object that is no workload (the core `Service`); `podTemplateOf` tells them apart by API group, and
 * gives no template for it, so the rules pass it by.
 */
export const WORKLOAD_KINDS: readonly string[] = workloadKinds((w) => w.runs !== 'template');

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
 * The pod templates of an object, in the order the table lists them: one for most kinds, a leader's and a
 * worker's for a LeaderWorkerSet, none for objects that are no workload or that take their pods from
 * another object's template (a Rollout with `workloadRef` and no template of its own).
 */
export function podTemplatesOf(object: K8sObject): PodTemplateRef[] {
  const workload = workloadKindOf(object);
  if (!workload) return [];
  if (workload.templateFrom && valueAt(object.value, workload.templateFrom) !== undefined) {
    if (valueAt(object.value, workload.templates[0]!) === undefined) return [];
  }
  return workload.templates.map((path) => templateAt(object, path));
}

/**
 * The (first) pod template of a workload object, or undefined for objects without one. The parts read from
 * the YAML tree (`specNode`, `containers`) are computed on first use: a workload of the workspace index
 * builds its tree only when a rule needs a range in it, not when a rule only reads its labels or spec.
 * Rules that look at every container should use `podContainersOf`, which covers every template.
 */
export function podTemplateOf(object: K8sObject): PodTemplateRef | undefined {
  return podTemplatesOf(object)[0];
}

/** The containers and init containers of every pod template of an object (each with its own path and spans). */
export function podContainersOf(object: K8sObject): ContainerRef[] {
  const templates = podTemplatesOf(object);
  return templates.length === 1 ? templates[0]!.containers : templates.flatMap((t) => t.containers);
}

function templateAt(object: K8sObject, templatePath: readonly PathSegment[]): PodTemplateRef {
  return new PodTemplate(object, templatePath);
}

/**
 * One pod template of an object. A class rather than an object literal with getters: cross rules ask for
 * the templates of every workload of a namespace on every check, and literals with accessors are slow to
 * create.
 */
class PodTemplate implements PodTemplateRef {
  readonly specPath: PathSegment[];
  readonly spec: Partial<PodSpec>;
  readonly labels: Record<string, string>;
  private node: YAMLMap | undefined | null = null;
  private list: ContainerRef[] | undefined;

  constructor(
    private readonly object: K8sObject,
    templatePath: readonly PathSegment[],
  ) {
    this.specPath = [...templatePath, 'spec'];
    const spec = valueAt(object.value, this.specPath);
    this.spec = isPlainObject(spec) ? (spec as Partial<PodSpec>) : {};
    const metadata = valueAt(object.value, templatePath);
    this.labels = stringMap(isPlainObject(metadata) ? valueAt(metadata, ['metadata', 'labels']) : undefined);
  }

  get specNode(): YAMLMap | undefined {
    if (this.node === null) {
      const found = nodeAt(this.object.node, this.specPath);
      this.node = isMap(found) ? found : undefined;
    }
    return this.node;
  }

  get containers(): ContainerRef[] {
    const node = this.specNode;
    return (this.list ??= node ? containersOf(node, this.spec, [...this.specPath]) : []);
  }
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

/** The replica count a workload asks for; undefined means the API default (1) or a kind without a count. */
export function replicasOf(object: K8sObject): number | undefined {
  const path = workloadKindOf(object)?.replicas ?? SPEC_REPLICAS;
  const replicas = valueAt(object.value, path);
  return typeof replicas === 'number' ? replicas : undefined;
}

/**
 * The label selector the workload's controller uses to find its pods (`spec.selector.matchLabels`, or the
 * plain map of a ReplicationController or DeploymentConfig); undefined when it has none or uses expressions.
 */
export function controllerSelectorLabels(object: K8sObject): Record<string, string> | undefined {
  const where = workloadKindOf(object)?.selector ?? SPEC_SELECTOR;
  const selector = valueAt(object.value, where.path);
  if (!isPlainObject(selector)) return undefined;
  if (where.form === 'labels') return stringMap(selector);
  if (selector.matchExpressions !== undefined) return undefined;
  const labels = stringMap(selector.matchLabels);
  return Object.keys(labels).length > 0 ? labels : undefined;
}

/**
 * The labels a workload's pods carry as far as its manifest tells: the template's labels, or, when the
 * template has none written (a manifest trimmed by a generator, a template being typed), the controller's
 * selector labels, which every pod of it must carry for the controller to own it.
 */
export function ownPodLabels(
  object: K8sObject,
  templateLabels: Record<string, string>,
): Record<string, string> {
  if (Object.keys(templateLabels).length > 0) return templateLabels;
  return controllerSelectorLabels(object) ?? templateLabels;
}
