// What a cross rule sees as `context.related`: the objects of the checked file's deployment unit, as look-ups,
// and the admission policies of every unit (cluster-wide objects).
// The checked file's own objects come first and replace whatever the index holds for the same file (a stale
// copy from disk, or the light copy the CLI indexed): the file's objects form a small group of their own,
// and answers from the index skip its entries for that file, so no answer copies more than it returns.
import { ADMISSION_KINDS } from './admission/resources';
import { effectiveNamespace } from './namespace';
import { nearOwners, type OwnerSource } from './near-owners';
import { ObjectGroup, pairKey, targetKey, type Derived, type PodOwner } from './related-groups';
import { CONTROLLER_LABEL_KEYS } from './selection';
import type { PodTemplateRef } from './workloads';
import type { K8sObject } from './types';

/** The index's side of a view: the unit's groups by namespace, and every object of the unit. */
export interface UnitSource {
  group(namespace: string): ObjectGroup | undefined;
  /** The namespaces the unit has objects in. */
  namespaces(): Iterable<string>;
  /** Every object of the unit; the same array until the unit changes. */
  objects(): readonly K8sObject[];
}

/** The index's objects that every unit relates to (see RelatedObjects.admissionObjects). */
export interface ClusterSource {
  admissionObjects(): readonly K8sObject[];
  ofKind(kind: string): readonly K8sObject[];
}

const NONE: readonly never[] = [];

/**
 * The file an object is in, as the front end shows files to people: relative to the working folder in the
 * CLI (the template a Helm `# Source:` comment names, when that file exists), relative to its workspace
 * folder in the editor. Messages name it when a related object lives in another file than the one checked.
 */
export type FileNamer = (object: K8sObject) => string;

/** The namer of callers that show no files (tests, loose text): the object's identifier as it was given. */
export const identifierNamer: FileNamer = (object) => object.source.uri;

export class RelatedView {
  private readonly own = new Map<string, ObjectGroup>();
  /** Answers already merged for this file, by question: rules of one file ask the same ones again. */
  private readonly merged = new Map<string, readonly unknown[]>();
  /** Answers about one object that several rules need (see remember). */
  private readonly remembered = new Map<string, WeakMap<K8sObject, unknown>>();

  /**
   * @param ownObjects the checked file's objects
   * @param ownUri the checked file's identifier: the unit's objects from it are stale ('' keeps them all)
   * @param unit the rest of the unit, from the index (none when the file is analysed on its own)
   */
  constructor(
    private readonly ownObjects: readonly K8sObject[],
    private readonly ownUri: string,
    private readonly unit: UnitSource | undefined,
    private readonly derived: Derived,
    private readonly names: FileNamer = identifierNamer,
    private readonly cluster?: ClusterSource,
  ) {
    const byNamespace = new Map<string, K8sObject[]>();
    for (const object of ownObjects) {
      const namespace = effectiveNamespace(object);
      const list = byNamespace.get(namespace);
      if (list) list.push(object);
      else byNamespace.set(namespace, [object]);
    }
    for (const [namespace, objects] of byNamespace)
      this.own.set(namespace, new ObjectGroup(objects, derived));
  }

  /**
   * Arranges, in steps, the groups of the file's namespaces for the questions cross rules ask (see
   * ObjectGroup.prepare): the first question would otherwise arrange a whole group of the unit at once.
   * With `everyNamespace`, the unit's other namespaces too, for rules that look there ("wrong namespace?").
   */
  *prepare(everyNamespace = false): Generator<void, void, void> {
    for (const [namespace, own] of this.own) {
      yield* own.prepare();
      const shared = this.unit?.group(namespace);
      if (shared) yield* shared.prepare();
    }
    if (!everyNamespace || !this.unit) return;
    for (const namespace of [...this.unit.namespaces()]) {
      if (!this.own.has(namespace)) yield* this.unit.group(namespace)?.prepare() ?? [];
    }
  }

  /**
   * The objects of `kind` in `namespace`, at most `limit` of them (a finding names a few; asking for no more
   * keeps a large namespace from being copied for each).
   */
  inNamespace(namespace: string, kind: string, limit = Infinity): readonly K8sObject[] {
    return this.answer(`kind\0${namespace}\0${kind}\0${limit}`, namespace, (g) => g.ofKind(kind), limit);
  }

  /** The objects of `namespace` named `name`, of `kind` when given. */
  named(namespace: string, name: string, kind?: string): readonly K8sObject[] {
    const all = this.answer(`name\0${namespace}\0${name}`, namespace, (g) => g.named(name));
    return kind === undefined ? all : all.filter((object) => object.kind === kind);
  }

  /** Whether anything in `namespace` creates pods. */
  hasPodOwners(namespace: string): boolean {
    this.derived.stats.lookups++;
    if ((this.own.get(namespace)?.podOwners().length ?? 0) > 0) return true;
    // The first owner is almost always another file's; the file's own stale entries are skipped.
    for (const owner of this.unit?.group(namespace)?.podOwners() ?? NONE) {
      this.derived.stats.visited++;
      if (this.current(owner.object)) return true;
    }
    return false;
  }

  /** Every object of `namespace` that creates pods, with its pod labels. */
  podOwners(namespace: string): readonly PodOwner[] {
    return this.answer(`owners\0${namespace}`, namespace, (g) => g.podOwners());
  }

  /**
   * The pod owners of `namespace` whose pods may carry every pair of `wanted`: those labelled with its least
   * common pair, or every owner when `wanted` has only pairs a controller adds. Callers check each candidate.
   */
  ownersMatching(namespace: string, wanted: Record<string, string>): readonly PodOwner[] {
    const pairs = Object.entries(wanted).filter(([key]) => !CONTROLLER_LABEL_KEYS.has(key));
    if (pairs.length === 0) return this.podOwners(namespace);
    const rarest = (group: ObjectGroup): readonly PodOwner[] => {
      let best: readonly PodOwner[] | undefined;
      for (const [key, value] of pairs) {
        const owners = group.ownersLabelled(key, value);
        if (!best || owners.length < best.length) best = owners;
        if (best.length === 0) break;
      }
      return best ?? NONE;
    };
    const key = `matching\0${namespace}\0${pairs.map(([k, v]) => pairKey(k, v)).join('\0')}`;
    return this.answer(key, namespace, rarest);
  }

  /**
   * The pod owners nearestOwners (selection.ts) would name for a plain-map selector `wanted` that matches
   * none of the owners of `namespace`, at most `limit` of them, best first (see near-owners.ts): found
   * without reading every owner of a large namespace.
   */
  ownersNear(namespace: string, wanted: Record<string, string>, limit = 3): readonly PodOwner[] {
    const { stats } = this.derived;
    stats.lookups++;
    const sources: OwnerSource[] = [];
    const own = this.own.get(namespace);
    if (own) sources.push({ group: own, current: () => true });
    const shared = this.unit?.group(namespace);
    if (shared) sources.push({ group: shared, current: (owner) => this.current(owner.object) });
    return nearOwners(sources, wanted, limit, () => stats.visited++);
  }

  /**
   * The Services or PodDisruptionBudgets of `namespace` whose selectors may select pods labelled `labels`
   * (each requires one of those pairs, or only pairs a controller adds). Callers check each candidate.
   */
  selectorsOver(
    namespace: string,
    kind: 'Service' | 'PodDisruptionBudget',
    labels: Record<string, string>,
  ): readonly K8sObject[] {
    return this.answer(undefined, namespace, (group) => group.selectorsOver(kind, labels));
  }

  /** HorizontalPodAutoscalers (any API version) of the workload's namespace whose scaleTargetRef names it. */
  autoscalersOf(workload: K8sObject): readonly K8sObject[] {
    const namespace = effectiveNamespace(workload);
    return this.answer(`hpa\0${namespace}\0${targetKey(workload.kind, workload.name)}`, namespace, (g) =>
      g.autoscalersTargeting(workload.kind, workload.name),
    );
  }

  /**
   * The unit's namespaces other than `namespace` that hold objects, sorted: a rule that finds nothing in its
   * own namespace looks there for the partner it may have been meant for ("wrong namespace?").
   */
  otherNamespaces(namespace: string): string[] {
    this.derived.stats.lookups++;
    const all = new Set([...this.own.keys(), ...(this.unit?.namespaces() ?? NONE)]);
    all.delete(namespace);
    return [...all].sort();
  }

  /**
   * The first pod owner, in another namespace of the unit than `namespace`, whose pods `matches` accepts
   * (candidates as ownersMatching gives them for `wanted`), with its namespace: the workload a selector that
   * matches nothing in its own namespace was probably meant for.
   */
  ownerElsewhere(
    namespace: string,
    wanted: Record<string, string>,
    matches: (owner: PodOwner) => boolean,
  ): { owner: PodOwner; namespace: string } | undefined {
    for (const other of this.otherNamespaces(namespace)) {
      const owner = this.ownersMatching(other, wanted).find(matches);
      if (owner) return { owner, namespace: other };
    }
    return undefined;
  }

  /** The custom resources of `namespace` (kinds that no built-in API group serves). */
  customResources(namespace: string): readonly K8sObject[] {
    return this.answer(`custom\0${namespace}`, namespace, (g) => g.customResources());
  }

  /**
   * What `compute` answers about `object` for `question`, computed once in this analysis: several rules ask
   * the same of one object (the Services selecting a workload), and the answer depends on nothing else.
   */
  remember<T>(question: string, object: K8sObject, compute: () => T): T {
    let answers = this.remembered.get(question);
    if (!answers) this.remembered.set(question, (answers = new WeakMap()));
    if (answers.has(object)) return answers.get(object) as T;
    const answer = compute();
    answers.set(object, answer);
    return answer;
  }

  /** The pod template of a related object, read once per object. */
  templateOf(object: K8sObject): PodTemplateRef | undefined {
    return this.derived.template(object);
  }

  /**
   * Every object of the unit in every namespace, for a rule that reads across namespaces: `shared` is the
   * index's array (the same until the unit changes, so a rule may keep what it derives from it; skip its
   * objects for which `isStale` holds), `own` the checked file's.
   */
  unitObjects(): { shared: readonly K8sObject[]; own: readonly K8sObject[] } {
    this.derived.stats.lookups++;
    return { shared: this.unit?.objects() ?? NONE, own: this.ownObjects };
  }

  /**
   * Every ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding in view, whatever their unit: the
   * checked file's own, then the index's (a workspace or CLI run holds a cluster's policies in one place).
   */
  admissionPolicies(): readonly K8sObject[] {
    return this.clusterAnswer(
      'admission',
      (o) => ADMISSION_KINDS.has(o.kind),
      () => (this.cluster ? this.cluster.admissionObjects() : NONE),
    );
  }

  /** Every object of `kind` in view, whatever its unit and namespace (a policy's params). */
  clusterOfKind(kind: string): readonly K8sObject[] {
    return this.clusterAnswer(
      `cluster-kind\0${kind}`,
      (o) => o.kind === kind,
      () => (this.cluster ? this.cluster.ofKind(kind) : NONE),
    );
  }

  /** The file's own objects that `wanted` holds for, then the index's list without the file's stale entries. */
  private clusterAnswer(
    key: string,
    wanted: (object: K8sObject) => boolean,
    shared: () => readonly K8sObject[],
  ): readonly K8sObject[] {
    const remembered = this.merged.get(key);
    if (remembered) return remembered as readonly K8sObject[];
    this.derived.stats.lookups++;
    const own = this.ownObjects.filter(wanted);
    const others = shared();
    const out =
      own.length === 0 && others.every((o) => this.current(o))
        ? others
        : [...own, ...others.filter((o) => this.current(o))];
    this.merged.set(key, out);
    return out;
  }

  /**
   * ` in hpa/web.yaml` when `other` lives in another file than `from` (as the front end names files), else
   * '': messages say where a related object is only when it is not beside the checked one.
   */
  placeOf(other: K8sObject, from: K8sObject): string {
    if (other.source.uri === from.source.uri && this.names === identifierNamer) return '';
    const there = this.names(other);
    return there === '' || there === this.names(from) ? '' : ` in ${there}`;
  }

  /** Whether an object of the index is the checked file's stale entry (its current objects are `own`). */
  isStale(object: K8sObject): boolean {
    return !this.current(object);
  }

  private current(object: K8sObject): boolean {
    return this.ownUri === '' || object.source.uri !== this.ownUri;
  }

  /**
   * One question's answer: the file's own group's first, then the index's group's without the file's stale
   * entries, each in its order; at most `limit` items. Remembered per `key` for this file.
   */
  private answer<T extends K8sObject | PodOwner>(
    key: string | undefined,
    namespace: string,
    ask: (group: ObjectGroup) => readonly T[],
    limit = Infinity,
  ): readonly T[] {
    const remembered = key === undefined ? undefined : this.merged.get(key);
    if (remembered) return remembered as readonly T[];
    const { stats } = this.derived;
    stats.lookups++;
    const ownGroup = this.own.get(namespace);
    const own = ownGroup ? ask(ownGroup) : NONE;
    const unitGroup = this.unit?.group(namespace);
    const shared = unitGroup ? ask(unitGroup) : NONE;
    let out: readonly T[];
    if (own.length === 0 && shared.length <= limit && shared.every((item) => this.current(objectOf(item)))) {
      out = shared;
      stats.visited += shared.length;
    } else {
      const list = own.slice(0, limit);
      stats.visited += list.length;
      for (const item of shared) {
        if (list.length >= limit) break;
        stats.visited++;
        if (this.current(objectOf(item))) list.push(item);
      }
      out = list;
    }
    if (key !== undefined) this.merged.set(key, out);
    return out;
  }
}

function objectOf(item: K8sObject | PodOwner): K8sObject {
  return 'object' in item && 'labels' in item ? item.object : item;
}
