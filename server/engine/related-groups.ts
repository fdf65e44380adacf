// The objects of one deployment unit and namespace, arranged for the questions cross rules ask: by kind and
// by name (from the objects' headers), pod owners by label, Services and PodDisruptionBudgets by a label
// their selectors require, and autoscalers by the workload they target. Each arrangement is made on the
// first question that needs it, or ahead, in steps (prepare), by the analysis of a file of the group.
// Every answer lists objects in the order the group was made of.
import { isBuiltInApiVersion } from './api-groups';
import { isPlainObject } from './values';
import { CONTROLLER_LABEL_KEYS, podLabelsOf, serviceSelector } from './selection';
import type { K8sObject } from './types';
import { pauseDue, Stepwise } from './stepwise';
import { podTemplateOf, stringMap, valueAt, type PodTemplateRef } from './workloads';

/** What answering the cross rules' questions cost, for tests that hold it to the size of the workspace. */
export interface RelationStats {
  /** Facts computed about one object (pod template, pod labels, selector, autoscaler target). */
  derived: number;
  /** Questions answered. */
  lookups: number;
  /** Objects those answers examined or handed out. */
  visited: number;
  /** Groups (the objects of one unit and namespace) arranged, each on the first question after a change. */
  groups: number;
}

export function newRelationStats(): RelationStats {
  return { derived: 0, lookups: 0, visited: 0, groups: 0 };
}

/** An object that creates pods, with the labels those pods carry. */
export interface PodOwner {
  object: K8sObject;
  labels: Record<string, string>;
}

/** The kinds whose selectors the groups file by label, and the label pairs each selector requires. */
const SELECTOR_PAIRS: Record<string, (object: K8sObject) => Record<string, string> | undefined> = {
  Service: serviceSelector,
  PodDisruptionBudget: (pdb) => {
    const selector: unknown = valueAt(pdb.value, ['spec', 'selector']);
    return isPlainObject(selector) ? stringMap(selector.matchLabels) : undefined;
  },
};

/**
 * Keys that many objects of one application share: a selector is filed under another of its pairs when it
 * has one, so that a look-up by it meets few candidates.
 */
const BROAD_KEYS = new Set([
  'app.kubernetes.io/part-of',
  'app.kubernetes.io/managed-by',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/version',
  'helm.sh/chart',
  'chart',
  'release',
  'heritage',
]);

/** `key=value` as one map key (label keys and values cannot hold a NUL). */
export function pairKey(key: string, value: string): string {
  return `${key}\0${value}`;
}

/**
 * Facts about single objects, each computed once per object: an object is immutable, and a new version of a
 * manifest is a new object, so identity is the version.
 */
export class Derived {
  private readonly templates = new WeakMap<K8sObject, PodTemplateRef | null>();
  private readonly labels = new WeakMap<K8sObject, Record<string, string> | null>();
  /** The pair each selector is filed under; false for one that selects no pods. */
  private readonly filing = new WeakMap<K8sObject, string | null | false>();
  private readonly targets = new WeakMap<K8sObject, string | null>();

  constructor(readonly stats: RelationStats) {}

  template(object: K8sObject): PodTemplateRef | undefined {
    return this.memo(this.templates, object, podTemplateOf);
  }

  /** The labels of the pods an object creates (see podLabelsOf); undefined when it creates none. */
  podLabels(object: K8sObject): Record<string, string> | undefined {
    return this.memo(this.labels, object, podLabelsOf);
  }

  /**
   * The label pair a Service or PodDisruptionBudget is filed under: one its selector requires, not one a
   * controller adds to pods (no template shows those), preferably not a broad one. Null when there is none
   * (the object is then a candidate for every look-up); undefined when the object selects no pods at all.
   */
  filingPair(object: K8sObject): string | null | undefined {
    if (!SELECTOR_PAIRS[object.kind]) return undefined;
    let pair = this.filing.get(object);
    if (pair === undefined) {
      this.stats.derived++;
      const filed = filingPairOf(object);
      pair = filed === undefined ? false : filed;
      this.filing.set(object, pair);
    }
    return pair === false ? undefined : pair;
  }

  /** The workload a HorizontalPodAutoscaler's scaleTargetRef names (targetKey); undefined when none can be. */
  autoscalerTarget(hpa: K8sObject): string | undefined {
    return this.memo(this.targets, hpa, (object) => {
      const target = valueAt(object.value, ['spec', 'scaleTargetRef']);
      return isPlainObject(target) ? targetKey(target.kind, target.name) : undefined;
    });
  }

  private memo<T>(
    cache: WeakMap<K8sObject, T | null>,
    object: K8sObject,
    compute: (o: K8sObject) => T | undefined,
  ) {
    let found = cache.get(object);
    if (found === undefined) {
      this.stats.derived++;
      found = compute(object) ?? null;
      cache.set(object, found);
    }
    return found ?? undefined;
  }
}

function filingPairOf(object: K8sObject): string | null | undefined {
  const pairs = SELECTOR_PAIRS[object.kind]!(object);
  // A Service without a selector, or a budget without a selector mapping, selects no pods.
  if (!pairs) return undefined;
  let chosen: string | null = null;
  for (const [key, value] of Object.entries(pairs)) {
    if (CONTROLLER_LABEL_KEYS.has(key)) continue;
    if (!BROAD_KEYS.has(key)) return pairKey(key, value);
    chosen ??= pairKey(key, value);
  }
  return chosen;
}

/**
 * A workload's kind and name as one map key; undefined for values no workload has. An unnamed target names
 * the unnamed workloads, as comparing the fields would.
 */
export function targetKey(kind: unknown, name: unknown): string | undefined {
  if (typeof kind !== 'string' || (typeof name !== 'string' && name !== undefined)) return undefined;
  return name === undefined ? `${kind}\0\0` : `${kind}\0${name}\0`;
}

const NONE: readonly never[] = [];

function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/** The pod owners of a group, all of them and by label pair and label key. */
interface Owners {
  all: PodOwner[];
  byPair: Map<string, PodOwner[]>;
  byKey: Map<string, PodOwner[]>;
}

/** Selectors of one kind by the pair they are filed under, and those filed under none. */
interface Selectors {
  byPair: Map<string, K8sObject[]>;
  unfiled: K8sObject[];
}

/** The objects of a group by their place, kind and name (read from the objects' headers). */
interface Headers {
  rank: Map<K8sObject, number>;
  kinds: Map<string, K8sObject[]>;
  names: Map<string, K8sObject[]>;
}

export class ObjectGroup {
  private readonly headers = new Stepwise(() => this.arrangeHeaders());
  private readonly owners = new Stepwise(() => this.arrangeOwners());
  private readonly selectors = new Map<string, Stepwise<Selectors>>();
  private readonly targets = new Stepwise(() => this.arrangeTargets());
  private custom: K8sObject[] | undefined;

  constructor(
    readonly objects: readonly K8sObject[],
    private readonly derived: Derived,
  ) {
    derived.stats.groups++;
  }

  /**
   * Arranges the group for every question the cross rules ask, in steps of a few dozen objects: what each
   * question would otherwise arrange at once, over the whole group, the first time it is asked.
   */
  *prepare(): Generator<void, void, void> {
    yield* this.headers.inSteps();
    yield* this.owners.inSteps();
    for (const kind of Object.keys(SELECTOR_PAIRS)) yield* this.selectorIndex(kind).inSteps();
    yield* this.targets.inSteps();
  }

  /** The object's place in the group, for merging answers drawn from several lists. */
  rankOf(object: K8sObject): number {
    return this.headers.value.rank.get(object) ?? -1;
  }

  ofKind(kind: string): readonly K8sObject[] {
    return this.headers.value.kinds.get(kind) ?? NONE;
  }

  named(name: string): readonly K8sObject[] {
    return this.headers.value.names.get(name) ?? NONE;
  }

  podOwners(): readonly PodOwner[] {
    return this.owners.value.all;
  }

  ownersLabelled(key: string, value: string): readonly PodOwner[] {
    return this.owners.value.byPair.get(pairKey(key, value)) ?? NONE;
  }

  ownersWithKey(key: string): readonly PodOwner[] {
    return this.owners.value.byKey.get(key) ?? NONE;
  }

  /** Objects of a selector kind filed under one of the pairs of `labels`, and those filed under none. */
  selectorsOver(kind: string, labels: Record<string, string>): K8sObject[] {
    const selectors = this.selectorIndex(kind).value;
    const found = [...selectors.unfiled];
    let lists = selectors.unfiled.length > 0 ? 1 : 0;
    for (const [key, value] of Object.entries(labels)) {
      const filed = selectors.byPair.get(pairKey(key, value));
      if (!filed) continue;
      found.push(...filed);
      lists++;
    }
    // Each object is filed once, so only the order of answers from several lists needs restoring.
    if (lists > 1) found.sort((a, b) => this.rankOf(a) - this.rankOf(b));
    return found;
  }

  autoscalersTargeting(kind: string, name: string | undefined): readonly K8sObject[] {
    return this.targets.value.get(targetKey(kind, name)!) ?? NONE;
  }

  /** Objects of kinds no built-in API group serves. */
  customResources(): readonly K8sObject[] {
    return (this.custom ??= this.objects.filter((object) => !isBuiltInApiVersion(object.apiVersion)));
  }

  private *arrangeHeaders(): Generator<void, Headers, void> {
    const headers: Headers = { rank: new Map(), kinds: new Map(), names: new Map() };
    for (const [i, object] of this.objects.entries()) {
      headers.rank.set(object, i);
      push(headers.kinds, object.kind, object);
      if (object.name !== undefined) push(headers.names, object.name, object);
      if (pauseDue(i)) yield;
    }
    return headers;
  }

  private *arrangeOwners(): Generator<void, Owners, void> {
    const owners: Owners = { all: [], byPair: new Map(), byKey: new Map() };
    for (const [i, object] of this.objects.entries()) {
      if (pauseDue(i)) yield;
      const labels = this.derived.podLabels(object);
      if (!labels) continue;
      const owner = { object, labels };
      owners.all.push(owner);
      for (const [key, value] of Object.entries(labels)) {
        push(owners.byPair, pairKey(key, value), owner);
        push(owners.byKey, key, owner);
      }
    }
    return owners;
  }

  private selectorIndex(kind: string): Stepwise<Selectors> {
    let selectors = this.selectors.get(kind);
    if (!selectors) this.selectors.set(kind, (selectors = new Stepwise(() => this.arrangeSelectors(kind))));
    return selectors;
  }

  private *arrangeSelectors(kind: string): Generator<void, Selectors, void> {
    const selectors: Selectors = { byPair: new Map(), unfiled: [] };
    for (const [i, object] of this.ofKind(kind).entries()) {
      if (pauseDue(i)) yield;
      const pair = this.derived.filingPair(object);
      if (pair === null) selectors.unfiled.push(object);
      else if (pair !== undefined) push(selectors.byPair, pair, object);
    }
    return selectors;
  }

  private *arrangeTargets(): Generator<void, Map<string, K8sObject[]>, void> {
    const targets = new Map<string, K8sObject[]>();
    for (const [i, hpa] of this.ofKind('HorizontalPodAutoscaler').entries()) {
      if (pauseDue(i)) yield;
      const target = this.derived.autoscalerTarget(hpa);
      if (target !== undefined) push(targets, target, hpa);
    }
    return targets;
  }
}
