import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { ensureEntries, replaceScalarValue } from '../../server/engine/edits';
import { keySpanAt, nodeAt, type PathSegment } from '../../server/engine/nodes';
import { isPlainObject } from '../../server/engine/values';
import { replicatedWorkload, selectorMatches } from '../../server/engine/relations';
import { autoscalerLocation, describeReplicas } from '../../server/engine/mentions';
import { replicasSpan } from '../../server/engine/report-spans';
import { defineRule, type RuleContext } from '../../server/engine/rule';
import type { Fix, K8sObject } from '../../server/engine/types';
import {
  controllerSelectorLabels,
  ownPodLabels,
  podTemplateOf,
  stringMap,
  workloadKinds,
  type PodTemplateRef,
} from '../../server/engine/workloads';
import story from './story.md';

/**
 * Node labels that every node of a cluster usually shares (one operating system, one architecture, often
 * one instance type): spreading over them puts no two replicas on different nodes. Any other topology key
 * (hostname, zone, region, a rack or node pool label) partitions the nodes, so spreading over it keeps
 * replicas apart.
 */
const NON_SPREADING_KEYS = new Set([
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'node.kubernetes.io/instance-type',
  'beta.kubernetes.io/instance-type',
]);

/** The label every namespace carries with its own name (since Kubernetes 1.21). */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const PREFERRED = 'preferredDuringSchedulingIgnoredDuringExecution';
const REQUIRED = 'requiredDuringSchedulingIgnoredDuringExecution';

export default defineRule(
  {
    id: 'missing-anti-affinity',
    title: 'Replicas that may all land on one node',
    category: 'availability',
    concern: 'reliability',
    defaultSeverity: 'warning',
    description:
      'A replicated Deployment, StatefulSet or operator workload (Argo Rollout, DeploymentConfig, CloneSet) ' +
      'has no pod anti-affinity term or topology spread constraint that keeps its own pods apart over nodes ' +
      'or zones: one that selects its own pod labels, in its own namespace, over a topology key that ' +
      'separates nodes (not `kubernetes.io/os` or `kubernetes.io/arch`).',
    rationale:
      'Replicas protect you only if they fail independently. Nothing stops the scheduler from putting every ' +
      'replica on the same node, and then one node failure, drain or kernel panic takes the whole service down. ' +
      'A term that selects other pods, looks in another namespace or spreads over a label every node shares ' +
      'reads like protection and gives none.',
    remediation:
      'Add a preferred pod anti-affinity on `kubernetes.io/hostname` (or a `topologySpreadConstraints` entry ' +
      'with `whenUnsatisfiable: ScheduleAnyway`) that selects the workload’s own pods, or correct the term ' +
      'the finding points at.',
    messages: {
      missing:
        '{kind} "{name}" runs {runs} with no anti-affinity or topology spread: one node failure can take them all.',
      otherPods:
        'This {term} of {kind} "{name}" selects none of its own pods ({labels}): it keeps them away from other pods, not from each other.',
      otherNamespace:
        'This {term} of {kind} "{name}" looks for pods in {namespaces}, not in "{namespace}" where its replicas run: it does not keep them apart.',
      sharedTopology:
        'This {term} of {kind} "{name}" spreads over "{topologyKey}", a label nodes share: all {runs} can still land on one node.',
      noTopology:
        'This {term} of {kind} "{name}" has no topologyKey: it does not say what to spread its replicas over.',
    },
    fixable: true,
    kinds: ['Deployment', 'StatefulSet', ...workloadKinds((w) => w.runs === 'replicas' && !w.builtIn)],
    cross: true,
    relatedKinds: ['HorizontalPodAutoscaler'],
    story,
  },
  (object, context) => {
    const replicated = replicatedWorkload(object, context.related);
    if (!replicated) return;
    const { count, template } = replicated;
    const terms = spreadTermsOf(template);
    const faults = terms.map((term) => faultOf(object, template, term));
    if (faults.some((fault) => fault === undefined)) return;
    const runs = describeReplicas(count, object, context.related);
    const data = { runs, kind: object.kind, name: object.name ?? '(unnamed)' };
    if (terms.length === 0) {
      context.report({
        messageId: 'missing',
        data,
        span: replicasSpan(object),
        related: autoscalerLocation(count),
        fix: () => antiAffinityFixes(object, template, context),
      });
      return;
    }
    // Every term there is fails: each says why, at the key at fault.
    terms.forEach((term, i) => {
      const fault = faults[i]!;
      const at = [...term.path, ...fault.key];
      context.report({
        messageId: fault.messageId,
        data: { ...data, term: term.label, ...fault.data },
        span: keySpanAt(object.node, at) ?? replicasSpan(object),
        related: autoscalerLocation(count),
        // Only a shared topology key has one right correction; a selector or namespace needs the author.
        ...(fault.messageId === 'sharedTopology' ? { fix: () => topologyFixes(object, at, context) } : {}),
      });
    });
  },
  // Offered on any replicated kind not yet spread, whatever its replica count today.
  (object, context) => {
    const template = podTemplateOf(object);
    if (!template || spreadTermsOf(template).length > 0) return [];
    return antiAffinityFixes(object, template, context).map((fix) => ({
      ...fix,
      title: `Add preferred pod anti-affinity for ${object.kind} "${object.name ?? '(unnamed)'}"`,
    }));
  },
);

/** One pod anti-affinity term or topology spread constraint, with its path from the object. */
interface SpreadTerm {
  /** How messages name it. */
  label: 'pod anti-affinity term' | 'topology spread constraint';
  /** Path from the object to the mapping with `labelSelector` and `topologyKey`. */
  path: PathSegment[];
  value: Record<string, unknown>;
  /** Spread constraints have no namespaces: they count pods of the pod's own namespace. */
  namespaced: boolean;
}

/** Every anti-affinity term (required and preferred) and every topology spread constraint of the pods. */
function spreadTermsOf(template: PodTemplateRef): SpreadTerm[] {
  const terms: SpreadTerm[] = [];
  const anti: unknown = (template.spec.affinity as Record<string, unknown> | undefined)?.podAntiAffinity;
  const antiPath = [...template.specPath, 'affinity', 'podAntiAffinity'];
  if (isPlainObject(anti)) {
    const required = anti[REQUIRED];
    if (Array.isArray(required)) {
      required.forEach((term: unknown, i) => {
        if (isPlainObject(term)) {
          terms.push({
            label: 'pod anti-affinity term',
            path: [...antiPath, REQUIRED, i],
            value: term,
            namespaced: true,
          });
        }
      });
    }
    const preferred = anti[PREFERRED];
    if (Array.isArray(preferred)) {
      preferred.forEach((item: unknown, i) => {
        if (!isPlainObject(item)) return;
        const term = isPlainObject(item.podAffinityTerm) ? item.podAffinityTerm : {};
        terms.push({
          label: 'pod anti-affinity term',
          path: [...antiPath, PREFERRED, i, 'podAffinityTerm'],
          value: term,
          namespaced: true,
        });
      });
    }
  }
  const spread: unknown = template.spec.topologySpreadConstraints;
  if (Array.isArray(spread)) {
    spread.forEach((constraint: unknown, i) => {
      if (isPlainObject(constraint)) {
        terms.push({
          label: 'topology spread constraint',
          path: [...template.specPath, 'topologySpreadConstraints', i],
          value: constraint,
          namespaced: false,
        });
      }
    });
  }
  return terms;
}

interface Fault {
  messageId: 'otherPods' | 'otherNamespace' | 'sharedTopology' | 'noTopology';
  /** The key at fault, below the term. */
  key: PathSegment[];
  data: Record<string, string>;
}

/**
 * Why a term does not keep the workload's replicas apart, or undefined when it does. Checked in the order a
 * reader would fix them: whose pods it selects, in which namespaces, over which topology.
 */
function faultOf(object: K8sObject, template: PodTemplateRef, term: SpreadTerm): Fault | undefined {
  // The pods carry the template's labels; a template without labels still has the controller's selector
  // labels on every pod it creates (the API server requires the selector to match the template).
  const own = ownPodLabels(object, template.labels);
  if (!selectsOwnPods(term.value, own)) {
    return {
      messageId: 'otherPods',
      key: ['labelSelector'],
      data: { labels: describeLabels(own) },
    };
  }
  if (term.namespaced) {
    const namespaces = otherNamespaces(object, term.value);
    if (namespaces !== undefined) {
      return {
        messageId: 'otherNamespace',
        key: [
          Array.isArray(term.value.namespaces) && term.value.namespaces.length > 0
            ? 'namespaces'
            : 'namespaceSelector',
        ],
        data: { namespaces, namespace: object.namespace ?? 'default' },
      };
    }
  }
  const topologyKey = term.value.topologyKey;
  if (typeof topologyKey !== 'string' || topologyKey === '') {
    return { messageId: 'noTopology', key: [], data: {} };
  }
  if (NON_SPREADING_KEYS.has(topologyKey)) {
    return { messageId: 'sharedTopology', key: ['topologyKey'], data: { topologyKey } };
  }
  return undefined;
}

/**
 * Whether the term's pods include the workload's own. `matchLabelKeys` adds the incoming pod's own values
 * for its keys, which always match the pod's own labels; with no `labelSelector` at all the term matches
 * no pod (the API's rule for anti-affinity, and a spread that counts nothing spreads nothing).
 */
function selectsOwnPods(term: Record<string, unknown>, own: Record<string, string>): boolean {
  const selector = term.labelSelector;
  if (selector === undefined || selector === null) {
    const keys = Array.isArray(term.matchLabelKeys) ? term.matchLabelKeys : [];
    return keys.length > 0 && keys.every((key) => typeof key === 'string' && key in own);
  }
  return selectorMatches(selector, own);
}

/**
 * The namespaces a term names when they leave out the workload's own, as a phrase for the message;
 * undefined when they include it. No `namespaces` and no `namespaceSelector` means the pod's own namespace,
 * and an empty `namespaceSelector` every namespace. A selector is judged on the one label every namespace is
 * known to carry, its name; a selector on other labels may well include it, and is given the benefit of the
 * doubt. A manifest without a namespace is applied wherever `kubectl -n` says, so a list is not judged then.
 */
function otherNamespaces(object: K8sObject, term: Record<string, unknown>): string | undefined {
  const listed = Array.isArray(term.namespaces) ? term.namespaces.map(String) : [];
  const selector = term.namespaceSelector;
  if (listed.length === 0 && (selector === undefined || selector === null)) return undefined;
  if (object.namespace === undefined) return undefined;
  const namespace = object.namespace;
  if (listed.includes(namespace)) return undefined;
  if (isPlainObject(selector)) {
    const s = selector as LabelSelector;
    const keys = [
      ...Object.keys(stringMap(s.matchLabels)),
      ...(Array.isArray(s.matchExpressions) ? s.matchExpressions.map((e) => e?.key) : []),
    ];
    if (keys.some((key) => key !== NAMESPACE_NAME_LABEL)) return undefined;
    if (selectorMatches(selector, { [NAMESPACE_NAME_LABEL]: namespace })) return undefined;
  }
  return listed.length > 0
    ? listed.map((n) => `"${n}"`).join(', ')
    : 'the namespaces its namespaceSelector picks';
}

function describeLabels(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return pairs.length > 0 ? pairs.join(', ') : 'they have no labels';
}

/** Replaces a topology key that nodes share with the configured one (hostname by default). */
function topologyFixes(object: K8sObject, at: PathSegment[], context: RuleContext): Fix[] {
  const node = nodeAt(object.node, at);
  const { antiAffinityTopologyKey } = context.fixSettings;
  if (!node || NON_SPREADING_KEYS.has(antiAffinityTopologyKey)) return [];
  const edit = replaceScalarValue(node, antiAffinityTopologyKey);
  return edit ? [{ title: `Spread over ${antiAffinityTopologyKey}`, edits: [edit] }] : [];
}

function antiAffinityFixes(object: K8sObject, template: PodTemplateRef, context: RuleContext): Fix[] {
  // The controller's own selector identifies exactly this workload's pods and, unlike the template's
  // labels, never includes per-release labels (version, hash) that would change under the rule.
  const labels = controllerSelectorLabels(object) ?? template.labels;
  if (Object.keys(labels).length === 0) return [];
  const { antiAffinityWeight, antiAffinityTopologyKey } = context.fixSettings;
  const term = {
    weight: antiAffinityWeight,
    podAffinityTerm: { labelSelector: { matchLabels: labels }, topologyKey: antiAffinityTopologyKey },
  };
  const edits = ensureEntries(context.file, object.node, [...template.specPath, 'affinity'], {
    podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [term] },
  });
  if (!edits) return [];
  return [
    {
      title: `Add preferred pod anti-affinity on ${antiAffinityTopologyKey} (weight ${antiAffinityWeight})`,
      edits,
      isPreferred: true,
    },
  ];
}
