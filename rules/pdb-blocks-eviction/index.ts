import type { Node as YamlNode, Pair } from 'yaml';
import { renameKey, replaceScalar } from '../../server/engine/edits';
import { getPair, mapAt, spanOf } from '../../server/engine/nodes';
import { isPlainObject } from '../../server/engine/values';
import type { RelatedView } from '../../server/engine/related-view';
import { label, mention } from '../../server/engine/mentions';
import {
  effectiveNamespace,
  minimumReplicas,
  replicaCount,
  selectorMatches,
} from '../../server/engine/relations';
import { defineRule, MAX_RELATED } from '../../server/engine/rule';
import type { Fix, K8sObject } from '../../server/engine/types';
import { stringMap, valueAt, workloadKinds } from '../../server/engine/workloads';
import story from './story.md';

/**
 * Kinds whose pods a drain evicts through the eviction API and whose replica count the manifest states (the
 * workload table's replicated kinds, operators' ones such as Argo Rollouts included, and bare Pods).
 * DaemonSet pods are skipped by `kubectl drain --ignore-daemonsets`, and Jobs run to completion.
 */
const EVICTABLE_KINDS = new Set(workloadKinds((w) => w.runs === 'replicas' || w.runs === 'pod'));

export default defineRule(
  {
    id: 'pdb-blocks-eviction',
    title: 'PodDisruptionBudget that allows no eviction',
    category: 'availability',
    concern: 'reliability',
    defaultSeverity: 'warning',
    description:
      'A PodDisruptionBudget sets `maxUnavailable: 0` (or `"0%"`), `minAvailable: "100%"`, or a `minAvailable` ' +
      'at or above the replica count of the workloads it selects in the same namespace.',
    rationale:
      'Node drains, cluster and node-pool upgrades and autoscaler scale-downs evict pods through the eviction ' +
      'API, which refuses any eviction that would break a budget. A budget that allows zero disruptions is never ' +
      'satisfied, so the drain retries forever: managed upgrades stall or fail after their timeout, or the ' +
      'provider deletes the pods anyway, and the budget protects nothing.',
    remediation:
      'Allow at least one disruption: `maxUnavailable: 1` (or a percentage that rounds to one or more), or a ' +
      '`minAvailable` below the number of replicas. For a workload that must never lose its only pod, run a ' +
      'second replica rather than forbidding evictions.',
    messages: {
      maxUnavailableZero:
        'PodDisruptionBudget "{name}" sets maxUnavailable {value}: none of its pods may ever be evicted, so node drains and cluster upgrades hang on them.',
      minAvailableAll:
        'PodDisruptionBudget "{name}" sets minAvailable {value}: none of its pods may ever be evicted, so node drains and cluster upgrades hang on them.',
      minAvailableReplicas:
        'PodDisruptionBudget "{name}" sets minAvailable {value}, but {workloads}: none of its pods may be evicted, so node drains and cluster upgrades hang on them.',
      minAvailablePercent:
        'PodDisruptionBudget "{name}" sets minAvailable {value}, which rounds up to all {replicas} pods of {workloads}: none of them may be evicted, so node drains and cluster upgrades hang on them.',
    },
    fixable: true,
    kinds: ['PodDisruptionBudget'],
    cross: true,
    relatedKinds: [...EVICTABLE_KINDS, 'HorizontalPodAutoscaler'],
    story,
  },
  (object, context) => {
    const spec = mapAt(object.node, ['spec']);
    if (!spec) return;
    const name = object.name ?? '(unnamed)';
    const maxPair = getPair(spec, 'maxUnavailable');
    const minPair = getPair(spec, 'minAvailable');
    const fix = (): Fix[] => allowOneEviction(maxPair, minPair);
    // The pods the budget selects: every workload of the same namespace whose pod template it matches.
    const selector = valueAt(object.value, ['spec', 'selector']);
    const selected = isPlainObject(selector)
      ? context.related
          .ownersMatching(effectiveNamespace(object), stringMap(selector.matchLabels))
          .filter(({ object: w, labels }) => EVICTABLE_KINDS.has(w.kind) && selectorMatches(selector, labels))
          .map(({ object: workload }) => workload)
      : [];
    // The workloads whose drains the budget blocks, as related information.
    const related = selected.slice(0, MAX_RELATED).map((workload) => ({
      object: workload,
      message: `${label(workload)} runs ${pluralPods(minimumReplicas(workload, context.related))} that this budget selects`,
    }));

    const maxValue: unknown = valueAt(object.value, ['spec', 'maxUnavailable']);
    if (maxPair?.value && isZero(maxValue)) {
      context.report({
        messageId: 'maxUnavailableZero',
        data: { name, value: String(maxValue) },
        span: spanOf(maxPair.value),
        fix,
        related,
      });
      return;
    }

    const minValue: unknown = valueAt(object.value, ['spec', 'minAvailable']);
    if (!minPair?.value || minValue === undefined || minValue === null) return;
    const span = spanOf(minPair.value);
    const percent = percentOf(minValue);
    if (percent !== undefined && percent >= 100) {
      context.report({
        messageId: 'minAvailableAll',
        data: { name, value: String(minValue) },
        span,
        fix,
        related,
      });
      return;
    }
    const count = countOf(minValue);
    if (percent === undefined && count === undefined) return;

    if (selected.length === 0) return;
    const replicas = selected.reduce((sum, w) => sum + minimumReplicas(w, context.related), 0);
    // Scaled to zero, there is nothing to evict and nothing to block.
    if (replicas === 0) return;

    if (count !== undefined && count >= replicas) {
      context.report({
        messageId: 'minAvailableReplicas',
        data: {
          name,
          value: String(minValue),
          workloads: describeRunning(selected, replicas, object, context.related),
        },
        span,
        fix,
        related,
      });
    } else if (percent !== undefined && Math.ceil((replicas * percent) / 100) >= replicas) {
      // The disruption controller rounds a percentage minAvailable up: 80% of 2 pods is 2.
      context.report({
        messageId: 'minAvailablePercent',
        data: {
          name,
          value: String(minValue),
          replicas,
          workloads: describeList(selected, object, context.related),
        },
        span,
        fix,
        related,
      });
    }
  },
);

/** `maxUnavailable: 0` or `"0%"` becomes 1; `minAvailable: …` is renamed to `maxUnavailable` and set to 1. */
function allowOneEviction(
  maxPair: Pair<YamlNode, YamlNode | null> | undefined,
  minPair: Pair<YamlNode, YamlNode | null> | undefined,
): Fix[] {
  // Both fields at once is already invalid; renaming would add a duplicate key.
  if (maxPair && minPair) return [];
  const title = 'Allow one pod at a time to be evicted (maxUnavailable: 1)';
  if (maxPair?.value) {
    const edit = replaceScalar(maxPair.value, '1');
    return edit ? [{ title, edits: [edit] }] : [];
  }
  if (minPair?.value) {
    const rename = renameKey(minPair, 'maxUnavailable');
    const value = replaceScalar(minPair.value, '1');
    return rename && value ? [{ title, edits: [rename, value] }] : [];
  }
  return [];
}

function isZero(value: unknown): boolean {
  if (typeof value === 'number') return value === 0;
  return typeof value === 'string' && /^\s*0+(\.0*)?\s*%?\s*$/.test(value);
}

/** A percentage written as `"80%"`, as a number; undefined for plain counts. */
function percentOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/** A count written as a number (or, leniently, a numeric string). */
function countOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

function pluralPods(count: number): string {
  return `${count} ${count === 1 ? 'pod' : 'pods'}`;
}

/** The workloads, each with its file when it is not the budget's: `A and B`, `A, B and C`. */
function describeList(workloads: readonly K8sObject[], budget: K8sObject, related: RelatedView): string {
  const labels = workloads.map((workload) => mention(workload, budget, related));
  return labels.length <= 2 ? labels.join(' and ') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

/**
 * "Deployment "web" runs only 2 pods", "… scales down to 2 pods (minReplicas of HorizontalPodAutoscaler
 * "web" in hpa.yaml)", "A and B run only 3 pods in total".
 */
function describeRunning(
  workloads: readonly K8sObject[],
  replicas: number,
  budget: K8sObject,
  related: RelatedView,
): string {
  const pods = `${replicas} ${replicas === 1 ? 'pod' : 'pods'}`;
  if (workloads.length > 1) return `${describeList(workloads, budget, related)} run only ${pods} in total`;
  const [workload] = workloads as [K8sObject];
  const count = replicaCount(workload, related);
  if (!count.autoscaler) return `${mention(workload, budget, related)} runs only ${pods}`;
  const which = count.defaulted ? 'the default minReplicas' : 'minReplicas';
  return `${mention(workload, budget, related)} scales down to ${pods} (${which} of ${mention(count.autoscaler, budget, related)})`;
}
