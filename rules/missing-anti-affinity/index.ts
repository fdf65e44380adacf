import type { Affinity, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { ensureEntries } from '../../server/engine/edits';
import { replicatedWorkload } from '../../server/engine/relations';
import { replicasSpan } from '../../server/engine/report-spans';
import { defineRule, type RuleContext } from '../../server/engine/rule';
import type { Fix, K8sObject } from '../../server/engine/types';
import { controllerSelectorLabels, podTemplateOf, type PodTemplateRef } from '../../server/engine/workloads';
import story from './story.md';

/** Topology keys that spread replicas over failure domains (nodes or zones). */
const SPREADING_KEYS = new Set([
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/zone',
]);

export default defineRule(
  {
    id: 'missing-anti-affinity',
    title: 'Replicas that may all land on one node',
    category: 'availability',
    defaultSeverity: 'warning',
    description:
      'A replicated Deployment or StatefulSet has neither pod anti-affinity nor a topology spread constraint ' +
      'over nodes or zones.',
    rationale:
      'Replicas protect you only if they fail independently. Nothing stops the scheduler from putting every ' +
      'replica on the same node, and then one node failure, drain or kernel panic takes the whole service down.',
    remediation:
      'Add a preferred pod anti-affinity on `kubernetes.io/hostname` (or a `topologySpreadConstraints` entry ' +
      'with `whenUnsatisfiable: ScheduleAnyway`) that selects the workload’s own pods.',
    messages: {
      missing:
        '{replicas} replicas of {kind} "{name}" have no anti-affinity or topology spread: one node failure can take them all.',
    },
    fixable: true,
    kinds: ['Deployment', 'StatefulSet'],
    cross: true,
    relatedKinds: ['HorizontalPodAutoscaler'],
    story,
  },
  (object, context) => {
    const replicated = replicatedWorkload(object, context.related);
    if (!replicated || isSpread(replicated.template)) return;
    const { replicas, template } = replicated;
    context.report({
      messageId: 'missing',
      data: { replicas, kind: object.kind, name: object.name ?? '(unnamed)' },
      span: replicasSpan(object),
      fix: () => antiAffinityFixes(object, template, context),
    });
  },
  // Offered on any Deployment or StatefulSet not yet spread, whatever its replica count today.
  (object, context) => {
    const template = podTemplateOf(object);
    if (!template || isSpread(template)) return [];
    return antiAffinityFixes(object, template, context).map((fix) => ({
      ...fix,
      title: `Add preferred pod anti-affinity for ${object.kind} "${object.name ?? '(unnamed)'}"`,
    }));
  },
);

/** Whether the pods already have anti-affinity, or a topology spread over nodes or zones. */
function isSpread(template: PodTemplateRef): boolean {
  const affinity: Affinity = template.spec.affinity ?? {};
  const anti = affinity.podAntiAffinity;
  if (
    (anti?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0 ||
    (anti?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0
  ) {
    return true;
  }
  const spread: TopologySpreadConstraint[] = Array.isArray(template.spec.topologySpreadConstraints)
    ? template.spec.topologySpreadConstraints
    : [];
  return spread.some((c) => SPREADING_KEYS.has(c?.topologyKey));
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
