import type { Affinity, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { ensureEntries } from '../../server/engine/edits';
import { replicatedWorkload } from '../../server/engine/relations';
import { replicasSpan } from '../../server/engine/report-spans';
import { defineRule } from '../../server/engine/rule';
import { controllerSelectorLabels } from '../../server/engine/workloads';
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
    story,
  },
  (object, context) => {
    const replicated = replicatedWorkload(object, context.related);
    if (!replicated) return;
    const { replicas, template } = replicated;
    const affinity: Affinity = template.spec.affinity ?? {};
    const anti = affinity.podAntiAffinity;
    if (
      (anti?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0 ||
      (anti?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0
    ) {
      return;
    }
    const spread: TopologySpreadConstraint[] = Array.isArray(template.spec.topologySpreadConstraints)
      ? template.spec.topologySpreadConstraints
      : [];
    if (spread.some((c) => SPREADING_KEYS.has(c?.topologyKey))) return;
    context.report({
      messageId: 'missing',
      data: { replicas, kind: object.kind, name: object.name ?? '(unnamed)' },
      span: replicasSpan(object),
      fix: () => {
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
      },
    });
  },
);
