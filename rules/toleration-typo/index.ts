import type { NodeSelectorRequirement, Taint, Toleration } from 'kubernetes-types/core/v1';
import { isMap, isSeq, type Node as YamlNode } from 'yaml';
import { replaceScalarValue } from '../../server/engine/edits';
import { getPair, nodeAt, spanOf, type PathSegment } from '../../server/engine/nodes';
import { isPlainObject } from '../../server/engine/values';
import { defineRule, type RuleContext } from '../../server/engine/rule';
import type { Fix, K8sObject, Span } from '../../server/engine/types';
import { podTemplateOf, stringMap, valueAt, WORKLOAD_KINDS } from '../../server/engine/workloads';
import { editDistance } from '../../server/engine/distance';
import story from './story.md';

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
type Source = 'taint' | 'well-known' | 'node label' | 'nodeSelector' | 'node affinity' | 'toleration';
const AUTHORITATIVE: ReadonlySet<Source> = new Set([
  'taint',
  'well-known',
  'node label',
  'nodeSelector',
  'node affinity',
]);
const RANK: Record<Source, number> = {
  taint: 0,
  'well-known': 1,
  'node label': 2,
  nodeSelector: 3,
  'node affinity': 4,
  toleration: 5,
};

interface Spelling {
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
}

export default defineRule(
  {
    id: 'toleration-typo',
    title: 'Toleration that nearly matches a taint',
    category: 'scheduling',
    defaultSeverity: 'warning',
    description:
      'A toleration’s key or value matches no taint, node label, node selector or toleration spelling used in ' +
      'the manifests (nor a well-known taint key), but is within two edits of one.',
    rationale:
      'A toleration matches a taint only when key, value and effect are exactly equal, and Kubernetes accepts any ' +
      'string without warning. A misspelled toleration tolerates nothing: pods meant for dedicated nodes stay ' +
      'Pending with "had untolerated taint", or, for NoExecute taints such as not-ready, are evicted on the ' +
      'default schedule the toleration was written to change.',
    remediation:
      'Copy the key and value from the taint itself (`kubectl describe node`, or the node pool definition) and ' +
      'keep taints and tolerations in one shared constant where the tooling allows it.',
    messages: {
      key: 'Toleration key "{value}" matches no taint or label key in use, but is {distance} from "{intended}" ({where}): a misspelled toleration tolerates nothing.',
      value:
        'Toleration value "{value}" for key "{key}" matches no value used with that key, but is {distance} from "{intended}" ({where}): a misspelled toleration tolerates nothing.',
    },
    fixable: true,
    kinds: WORKLOAD_KINDS,
    cross: true,
    relatedKinds: ['Node', ...WORKLOAD_KINDS],
    story,
  },
  (object, context) => {
    const template = podTemplateOf(object);
    const tolerations: unknown = template?.spec.tolerations;
    if (!template || !Array.isArray(tolerations)) return;
    // Another workload's tolerations count as spellings in use; this one's own do not.
    const vocabulary = spellingsOf(context.related).filter(
      (s) => s.source !== 'toleration' || s.object !== object,
    );
    tolerations.forEach((toleration: unknown, index) => {
      if (!isPlainObject(toleration)) return;
      const t = toleration as Toleration;
      const path: PathSegment[] = [...template.specPath, 'tolerations', index];
      let key = typeof t.key === 'string' ? t.key : undefined;
      if (key) {
        const keys = vocabulary.filter((s) => s.key === undefined);
        const best = nearest(key, keys);
        if (best.length > 0) {
          report(context, object, path, 'key', key, undefined, best);
          key = best[0]!.text;
        }
      }
      if (key === undefined || typeof t.value !== 'string' || t.value === '' || t.operator === 'Exists')
        return;
      const values = vocabulary.filter((s) => s.key === key);
      const best = nearest(t.value, values);
      if (best.length > 0) report(context, object, path, 'value', t.value, key, best);
    });
  },
);

function report(
  context: RuleContext,
  object: K8sObject,
  path: PathSegment[],
  field: 'key' | 'value',
  value: string,
  key: string | undefined,
  best: Spelling[],
): void {
  const node = nodeAt(object.node, [...path, field]);
  const span = node && spanOf(node);
  if (!span) return;
  const intended = best[0]!;
  const distance = editDistance(value, intended.text);
  context.report({
    messageId: field,
    data: {
      value,
      key: key ?? '',
      intended: intended.text,
      distance: `${distance} ${distance === 1 ? 'edit' : 'edits'}`,
      where: describeSource(intended),
    },
    span,
    related: best
      .filter((s) => s.object)
      .slice(0, 3)
      .map((s) => ({
        object: s.object!,
        message: `"${s.text}" is the spelling used by ${describeSource(s)}`,
        span: s.span?.(),
      })),
    fix: (): Fix[] =>
      [...new Set(best.map((s) => s.text))]
        .filter((text) => /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(text))
        .flatMap((text) => {
          const edit = node && replaceScalarValue(node as YamlNode, text);
          return edit ? [{ title: `Change the toleration ${field} to "${text}"`, edits: [edit] }] : [];
        }),
  });
}

function describeSource(s: Spelling): string {
  const of = s.object ? ` of ${s.object.kind} "${s.object.name ?? '(unnamed)'}"` : '';
  switch (s.source) {
    case 'well-known':
      return 'a well-known taint key';
    case 'taint':
      return `a taint${of}`;
    default:
      return `the ${s.source}${of}`;
  }
}

/**
 * The closest spellings within reach, when the text itself is not one of them. Authoritative spellings
 * (taints, node labels, selectors, well-known keys) are tried first: matching another toleration exactly
 * does not clear a text that is one edit from a real taint, since that toleration may carry the same typo.
 */
function nearest(text: string, spellings: readonly Spelling[]): Spelling[] {
  const authoritative = spellings.filter((s) => AUTHORITATIVE.has(s.source));
  if (authoritative.some((s) => s.text === text)) return [];
  const fromAuthority = closest(text, authoritative);
  if (fromAuthority.length > 0) return fromAuthority;
  const others = spellings.filter((s) => !AUTHORITATIVE.has(s.source));
  if (others.some((s) => s.text === text)) return [];
  return closest(text, others);
}

function closest(text: string, spellings: readonly Spelling[]): Spelling[] {
  let best = Number.POSITIVE_INFINITY;
  let found: Spelling[] = [];
  for (const s of spellings) {
    if (s.text === text || !likelyTypo(text, s.text)) continue;
    const d = editDistance(text, s.text, 2);
    if (d < best) {
      best = d;
      found = [s];
    } else if (d === best) {
      found.push(s);
    }
  }
  return found.sort((a, b) => RANK[a.source] - RANK[b.source]);
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

const vocabularies = new WeakMap<readonly K8sObject[], Spelling[]>();

/**
 * Every key and value spelling the manifests use where a toleration may point, plus well-known taint keys;
 * computed once per set of related objects (the workspace can be large, and every workload asks).
 */
function spellingsOf(related: readonly K8sObject[]): Spelling[] {
  const cached = vocabularies.get(related);
  if (cached) return cached;
  const out: Spelling[] = WELL_KNOWN_TAINT_KEYS.map((text) => ({ text, source: 'well-known' as const }));
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
  for (const object of related) {
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
  vocabularies.set(related, out);
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
