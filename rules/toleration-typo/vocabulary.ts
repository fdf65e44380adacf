// The spellings a toleration is compared with: the taint, node label, node selector, node affinity and
// toleration keys and values of the manifests in the workload's deployment unit, and well-known taint keys.
// They are grouped by text, so that a toleration is measured against each distinct spelling once, and the
// unit's are grouped once per version of the unit: every workload with tolerations asks.
import type { NodeSelectorRequirement, Taint, Toleration } from 'kubernetes-types/core/v1';
import { isMap, isSeq } from 'yaml';
import { editDistance } from '../../server/engine/distance';
import { getPair, nodeAt, spanOf, type PathSegment } from '../../server/engine/nodes';
import { isPlainObject } from '../../server/engine/values';
import type { RelatedView } from '../../server/engine/related-view';
import type { K8sObject, Span } from '../../server/engine/types';
import { atOnce, pauseDue, Stepwise } from '../../server/engine/stepwise';
import { podTemplateOf, stringMap, valueAt } from '../../server/engine/workloads';

/**
 * Taint keys that Kubernetes, its cloud providers and common add-ons put on nodes themselves, so a toleration
 * may rightly name them with no taint in the manifests.
 */
export const WELL_KNOWN_TAINT_KEYS: readonly string[] = [
  'node.kubernetes.io/not-ready',
  'node.kubernetes.io/unreachable',
  'node.kubernetes.io/memory-pressure',
  'node.kubernetes.io/disk-pressure',
  'node.kubernetes.io/pid-pressure',
  'node.kubernetes.io/network-unavailable',
  'node.kubernetes.io/unschedulable',
  'node.kubernetes.io/out-of-service',
  'node.cloudprovider.kubernetes.io/uninitialized',
  'node.cloudprovider.kubernetes.io/shutdown',
  'node-role.kubernetes.io/control-plane',
  'node-role.kubernetes.io/master',
  'CriticalAddonsOnly',
  'ToBeDeletedByClusterAutoscaler',
  'DeletionCandidateOfClusterAutoscaler',
  'kubernetes.io/arch',
  'kubernetes.io/os',
  'nvidia.com/gpu',
  'amd.com/gpu',
  'cloud.google.com/gke-spot',
  'cloud.google.com/gke-preemptible',
  'kubernetes.azure.com/scalesetpriority',
  'eks.amazonaws.com/compute-type',
  'karpenter.sh/disruption',
  'node.cilium.io/agent-not-ready',
];

/** Where a spelling comes from, most authoritative first: a taint is what a toleration must match. */
export type Source = 'taint' | 'well-known' | 'node label' | 'nodeSelector' | 'node affinity' | 'toleration';
export const AUTHORITATIVE: ReadonlySet<Source> = new Set([
  'taint',
  'well-known',
  'node label',
  'nodeSelector',
  'node affinity',
]);
export const RANK: Record<Source, number> = {
  taint: 0,
  'well-known': 1,
  'node label': 2,
  nodeSelector: 3,
  'node affinity': 4,
  toleration: 5,
};

export interface Spelling {
  text: string;
  source: Source;
  /** For values: the key they go with. */
  key?: string;
  object?: K8sObject;
  /**
   * Where the spelling is written, computed only for the few spellings a finding names: asking every
   * workload of a large workspace would build all their YAML trees.
   */
  span?: () => Span | undefined;
  /** The spelling's place in the vocabularies, which orders spellings of equal rank and distance. */
  order: number;
}

/** Spellings by text, in the order each text was first met, split by authority. */
export interface TextGroups {
  authoritative: Map<string, Spelling[]>;
  others: Map<string, Spelling[]>;
}

/** The key spellings, and the value spellings of each key. */
export interface Vocabulary {
  keys: TextGroups;
  values: Map<string, TextGroups>;
}

/** One vocabulary's spellings of keys or of one key's values, with the spellings a toleration must not use. */
export interface SpellingList {
  groups: TextGroups;
  skip: (spelling: Spelling) => boolean;
}

function* vocabularyOf(
  spellings: readonly Omit<Spelling, 'order'>[],
  firstOrder: number,
): Generator<void, Vocabulary, void> {
  const vocabulary: Vocabulary = { keys: newGroups(), values: new Map() };
  for (const [i, s] of spellings.entries()) {
    if (pauseDue(i)) yield;
    let groups = vocabulary.keys;
    if (s.key !== undefined) {
      groups = vocabulary.values.get(s.key) ?? newGroups();
      vocabulary.values.set(s.key, groups);
    }
    const map = AUTHORITATIVE.has(s.source) ? groups.authoritative : groups.others;
    const spelling = { ...s, order: firstOrder + i };
    const same = map.get(s.text);
    if (same) same.push(spelling);
    else map.set(s.text, [spelling]);
  }
  return vocabulary;
}

function newGroups(): TextGroups {
  return { authoritative: new Map(), others: new Map() };
}

const WELL_KNOWN = atOnce(
  vocabularyOf(
    WELL_KNOWN_TAINT_KEYS.map((text) => ({ text, source: 'well-known' as const })),
    0,
  ),
);

/**
 * Vocabularies by the array of objects they were made of: the unit's shared array, or a file's objects.
 * Made on the first question, or ahead in steps (prepareVocabularies).
 */
const vocabularies = new WeakMap<readonly K8sObject[], Stepwise<Vocabulary>>();

function vocabularyMade(objects: readonly K8sObject[], firstOrder: number): Stepwise<Vocabulary> {
  let vocabulary = vocabularies.get(objects);
  if (!vocabulary) {
    vocabulary = new Stepwise(function* () {
      return yield* vocabularyOf(yield* spellingsOf(objects), firstOrder);
    });
    vocabularies.set(objects, vocabulary);
  }
  return vocabulary;
}

function vocabularyOfObjects(objects: readonly K8sObject[], firstOrder: number): Vocabulary {
  return vocabularyMade(objects, firstOrder).value;
}

/**
 * Makes the unit's vocabulary ahead, in steps, when one of `objects` (the workloads of a file about to be
 * checked) has tolerations: the first check would otherwise read the whole unit's spellings at once.
 */
export function* prepareVocabularies(
  objects: readonly K8sObject[],
  related: RelatedView,
): Generator<void, void, void> {
  if (!objects.some((object) => Array.isArray(podTemplateOf(object)?.spec.tolerations))) return;
  yield* vocabularyMade(related.unitObjects().shared, 2e9).inSteps();
}

/**
 * The vocabularies a toleration of `object` is compared with, in order: well-known keys, the file's own
 * spellings, the rest of the unit's (without the index's stale copy of the file). The object's own
 * tolerations do not count as spellings in use.
 */
export function vocabulariesFor(
  related: RelatedView,
  object: K8sObject,
): { keys: SpellingList[]; values: (key: string) => SpellingList[] } {
  const { shared, own } = related.unitObjects();
  const sources = [
    { vocabulary: WELL_KNOWN, stale: () => false },
    { vocabulary: vocabularyOfObjects(own, 1e9), stale: () => false },
    { vocabulary: vocabularyOfObjects(shared, 2e9), stale: (o: K8sObject) => related.isStale(o) },
  ];
  const listOf = (groups: TextGroups, stale: (o: K8sObject) => boolean): SpellingList => ({
    groups,
    skip: (s) =>
      s.object !== undefined && ((s.source === 'toleration' && s.object === object) || stale(s.object)),
  });
  return {
    keys: sources.map(({ vocabulary, stale }) => listOf(vocabulary.keys, stale)),
    values: (key) =>
      sources.flatMap(({ vocabulary, stale }) => {
        const groups = vocabulary.values.get(key);
        return groups ? [listOf(groups, stale)] : [];
      }),
  };
}

/**
 * The closest spellings within reach, when the text itself is not one of them. Authoritative spellings
 * (taints, node labels, selectors, well-known keys) are tried first: matching another toleration exactly
 * does not clear a text that is one edit from a real taint, since that toleration may carry the same typo.
 */
export function nearest(text: string, lists: readonly SpellingList[]): Spelling[] {
  const present = (groups: (list: SpellingList) => Map<string, Spelling[]>): boolean =>
    lists.some(
      (list) =>
        groups(list)
          .get(text)
          ?.some((s) => !list.skip(s)) === true,
    );
  const authoritative = (list: SpellingList) => list.groups.authoritative;
  if (present(authoritative)) return [];
  const fromAuthority = closest(text, lists, authoritative);
  if (fromAuthority.length > 0) return fromAuthority;
  const others = (list: SpellingList) => list.groups.others;
  if (present(others)) return [];
  return closest(text, lists, others);
}

/**
 * The spellings nearest to `text` among those within reach, each distinct text measured once, in the order
 * of their rank and then of the vocabulary.
 */
function closest(
  text: string,
  lists: readonly SpellingList[],
  groups: (list: SpellingList) => Map<string, Spelling[]>,
): Spelling[] {
  let best = Number.POSITIVE_INFINITY;
  let found: Spelling[] = [];
  const distances = new Map<string, number>();
  for (const list of lists) {
    for (const [candidate, spellings] of groups(list)) {
      if (candidate === text) continue;
      let d = distances.get(candidate);
      if (d === undefined) {
        d = likelyTypo(text, candidate) ? editDistance(text, candidate, 2) : Number.POSITIVE_INFINITY;
        distances.set(candidate, d);
      }
      if (d === Number.POSITIVE_INFINITY || d > best) continue;
      const usable = spellings.filter((s) => !list.skip(s));
      if (usable.length === 0) continue;
      if (d < best) {
        best = d;
        found = usable;
      } else {
        found.push(...usable);
      }
    }
  }
  return found.sort((a, b) => RANK[a.source] - RANK[b.source] || a.order - b.order);
}

/**
 * Whether `a` reads as a misspelling of `b`: one edit apart for words of four characters or more, two for
 * eight or more, and not two deliberate variants: short words differing in their first letter (east and
 * west), or names differing in one short or numbered part (team-a and team-b, pool-1 and pool-2,
 * us-east-1a and us-east-1b).
 */
export function likelyTypo(a: string, b: string): boolean {
  const shortest = Math.min(a.length, b.length);
  const d = editDistance(a, b, 2);
  if (d === 0 || d > 2 || shortest < 4 || (d === 2 && shortest < 8)) return false;
  // Short words that differ in their first letter are different words (east and west), not typos.
  if (shortest < 6 && a[0] !== b[0]) return false;
  const ta = a.split(/[-_./:]/);
  const tb = b.split(/[-_./:]/);
  if (ta.length === tb.length) {
    const differing = ta.map((t, i) => [t, tb[i]!] as const).filter(([x, y]) => x !== y);
    if (
      differing.length === 1 &&
      differing.every(([x, y]) => Math.min(x.length, y.length) <= 3 || /\d/.test(x) || /\d/.test(y))
    ) {
      return false;
    }
  }
  return true;
}

/** Every key and value spelling some objects use where a toleration may point, in their order. */
function* spellingsOf(objects: readonly K8sObject[]): Generator<void, Omit<Spelling, 'order'>[], void> {
  const out: Omit<Spelling, 'order'>[] = [];
  /** A `key`/`value` pair of a sequence item (a taint, a toleration). */
  const addItem = (
    object: K8sObject,
    source: Source,
    path: PathSegment[],
    key: string,
    value: unknown,
  ): void => {
    out.push({ text: key, source, object, span: () => spanAt(object, [...path, 'key']) });
    if (typeof value === 'string' && value !== '') {
      out.push({ text: value, source, key, object, span: () => spanAt(object, [...path, 'value']) });
    }
  };
  /** An entry of a label-like map (node labels, nodeSelector). */
  const addEntry = (
    object: K8sObject,
    source: Source,
    path: PathSegment[],
    key: string,
    value: string,
  ): void => {
    out.push({ text: key, source, object, span: () => keySpanOf(object, path, key) });
    if (value !== '')
      out.push({ text: value, source, key, object, span: () => valueSpanOf(object, path, key) });
  };
  for (const [i, object] of objects.entries()) {
    if (pauseDue(i)) yield;
    if (object.kind === 'Node') {
      const taints: unknown = valueAt(object.value, ['spec', 'taints']);
      if (Array.isArray(taints)) {
        taints.forEach((taint: unknown, i) => {
          const t = taint as Taint;
          if (isPlainObject(t) && typeof t.key === 'string')
            addItem(object, 'taint', ['spec', 'taints', i], t.key, t.value);
        });
      }
      for (const [k, v] of Object.entries(stringMap(valueAt(object.value, ['metadata', 'labels'])))) {
        addEntry(object, 'node label', ['metadata', 'labels'], k, v);
      }
      continue;
    }
    const template = podTemplateOf(object);
    if (!template) continue;
    for (const [k, v] of Object.entries(stringMap(template.spec.nodeSelector))) {
      addEntry(object, 'nodeSelector', [...template.specPath, 'nodeSelector'], k, v);
    }
    for (const { path, requirement } of affinityRequirements(template.spec.affinity, template.specPath)) {
      const values = Array.isArray(requirement.values) ? requirement.values : [];
      out.push({
        text: requirement.key,
        source: 'node affinity',
        object,
        span: () => spanAt(object, [...path, 'key']),
      });
      values.forEach((v, i) => {
        if (typeof v === 'string') {
          out.push({
            text: v,
            source: 'node affinity',
            key: requirement.key,
            object,
            span: () => spanAt(object, [...path, 'values', i]),
          });
        }
      });
    }
    const tolerations: unknown = template.spec.tolerations;
    if (!Array.isArray(tolerations)) continue;
    tolerations.forEach((toleration: unknown, i) => {
      const t = toleration as Toleration;
      if (isPlainObject(t) && typeof t.key === 'string' && t.key !== '') {
        addItem(
          object,
          'toleration',
          [...template.specPath, 'tolerations', i],
          t.key,
          t.operator === 'Exists' ? undefined : t.value,
        );
      }
    });
  }
  return out;
}

/** Node affinity match expressions (required and preferred), with their paths. */
function affinityRequirements(
  affinity: unknown,
  specPath: PathSegment[],
): { path: PathSegment[]; requirement: NodeSelectorRequirement }[] {
  const out: { path: PathSegment[]; requirement: NodeSelectorRequirement }[] = [];
  const base = [...specPath, 'affinity', 'nodeAffinity'];
  const push = (expressions: unknown, path: PathSegment[]): void => {
    if (!Array.isArray(expressions)) return;
    expressions.forEach((e: unknown, i) => {
      if (isPlainObject(e) && typeof e.key === 'string') {
        out.push({ path: [...path, i], requirement: e as unknown as NodeSelectorRequirement });
      }
    });
  };
  const required: unknown = valueAt(affinity, [
    'nodeAffinity',
    'requiredDuringSchedulingIgnoredDuringExecution',
    'nodeSelectorTerms',
  ]);
  if (Array.isArray(required)) {
    required.forEach((term: unknown, i) => {
      if (isPlainObject(term)) {
        push(term.matchExpressions, [
          ...base,
          'requiredDuringSchedulingIgnoredDuringExecution',
          'nodeSelectorTerms',
          i,
          'matchExpressions',
        ]);
      }
    });
  }
  const preferred: unknown = valueAt(affinity, [
    'nodeAffinity',
    'preferredDuringSchedulingIgnoredDuringExecution',
  ]);
  if (Array.isArray(preferred)) {
    preferred.forEach((term: unknown, i) => {
      if (isPlainObject(term) && isPlainObject(term.preference)) {
        push(term.preference.matchExpressions, [
          ...base,
          'preferredDuringSchedulingIgnoredDuringExecution',
          i,
          'preference',
          'matchExpressions',
        ]);
      }
    });
  }
  return out;
}

function spanAt(object: K8sObject, path: PathSegment[]): Span | undefined {
  const node = nodeAt(object.node, path);
  return node ? spanOf(node) : undefined;
}

/** In a label-like map (`nodeSelector`, `metadata.labels`): the key's span, and its value's. */
function keySpanOf(object: K8sObject, path: PathSegment[], key: string): Span | undefined {
  const map = nodeAt(object.node, path);
  const pair = isMap(map) ? getPair(map, key) : undefined;
  return pair && !isSeq(pair.key) ? spanOf(pair.key) : undefined;
}

function valueSpanOf(object: K8sObject, path: PathSegment[], key: string): Span | undefined {
  const map = nodeAt(object.node, path);
  const value = isMap(map) ? getPair(map, key)?.value : undefined;
  return value ? spanOf(value) : undefined;
}
