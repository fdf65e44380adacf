import { appendDocument, layoutOf, renderBlockLines } from '../../server/engine/edits';
import { unusedName } from '../../server/engine/naming';
import type { RelatedView } from '../../server/engine/related-view';
import {
  effectiveNamespace,
  minimumReplicas,
  replicatedWorkload,
  selectorMatches,
} from '../../server/engine/relations';
import { objectNameSpan } from '../../server/engine/report-spans';
import { defineRule, MAX_RELATED, type RuleContext } from '../../server/engine/rule';
import type { Fix, K8sObject } from '../../server/engine/types';
import {
  controllerSelectorLabels,
  podTemplateOf,
  valueAt,
  type PodTemplateRef,
} from '../../server/engine/workloads';
import story from './story.md';

export default defineRule(
  {
    id: 'missing-pdb',
    title: 'Replicated workload without a PodDisruptionBudget',
    category: 'availability',
    concern: 'reliability',
    defaultSeverity: 'warning',
    description:
      'A Deployment or StatefulSet with two or more replicas has no PodDisruptionBudget in its namespace whose ' +
      'selector matches its pods.',
    rationale:
      'Node drains, cluster upgrades and autoscaler scale-downs evict pods through the eviction API, which ' +
      'only holds back when a PodDisruptionBudget says how many pods must stay up. Without one, every replica ' +
      'can be evicted in the same step, and a replicated service goes from healthy to zero.',
    remediation:
      'Add a PodDisruptionBudget in the same namespace with the workload’s pod selector and `maxUnavailable: 1` ' +
      '(or a `minAvailable` below the replica count), so disruptions take pods down one at a time.',
    messages: {
      missing:
        '{kind} "{name}" runs {replicas} replicas but no PodDisruptionBudget selects its pods: a drain can evict them all at once.',
    },
    fixable: true,
    kinds: ['Deployment', 'StatefulSet'],
    cross: true,
    relatedKinds: ['PodDisruptionBudget', 'HorizontalPodAutoscaler'],
    story,
  },
  (object, context) => {
    const replicated = replicatedWorkload(object, context.related);
    if (!replicated) return;
    const { replicas, template } = replicated;
    if (coveringBudgets(object, template, context.related).length > 0) return;
    // The budgets of the namespace that were checked and do not select these pods (a typo is likely there).
    const budgets = context.related.inNamespace(
      effectiveNamespace(object),
      'PodDisruptionBudget',
      MAX_RELATED,
    );
    const podLabels = Object.entries(template.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    context.report({
      messageId: 'missing',
      data: { kind: object.kind, name: object.name ?? '(unnamed)', replicas },
      span: objectNameSpan(object),
      related: budgets.map((pdb) => ({
        object: pdb,
        message: `PodDisruptionBudget "${pdb.name ?? '(unnamed)'}" is in this namespace, but its selector does not match the pod labels ${podLabels}`,
      })),
      fix: () => budgetFixes(object, template, replicas, context),
    });
  },
  (object, context) => {
    const template = podTemplateOf(object);
    if (!template || coveringBudgets(object, template, context.related).length > 0) return [];
    return budgetFixes(
      object,
      template,
      Math.max(minimumReplicas(object, context.related), 1),
      context,
      (name) => `Add PodDisruptionBudget for ${object.kind} "${object.name ?? name}"`,
    );
  },
);

/**
 * A budget for the workload's pods, appended to the file: the quick fix of the finding, and (titled for the
 * workload) the refactoring offered on any Deployment or StatefulSet that has none.
 */
function budgetFixes(
  object: K8sObject,
  template: PodTemplateRef,
  replicas: number,
  context: RuleContext,
  title?: (name: string, field: string, value: string | number) => string,
): Fix[] {
  // Kubernetes' guidance is to give the budget the same selector as the workload's controller.
  const labels = controllerSelectorLabels(object) ?? template.labels;
  if (!object.name || Object.keys(labels).length === 0) return [];
  const name = unusedName(
    `${object.name}-pdb`,
    'PodDisruptionBudget',
    effectiveNamespace(object),
    context.related,
  );
  const { pdbMaxUnavailable, pdbMinAvailable } = context.fixSettings;
  // A minAvailable at or above the replica count would block every drain (pdb-blocks-eviction): keep
  // it one below.
  const minAvailable =
    typeof pdbMinAvailable === 'number' ? Math.min(pdbMinAvailable, replicas - 1) : pdbMinAvailable;
  const budget = minAvailable === null ? { maxUnavailable: pdbMaxUnavailable } : { minAvailable };
  const metadata: Record<string, string> = { name };
  if (object.namespace !== undefined) metadata.namespace = object.namespace;
  const pdb = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata,
    spec: { ...budget, selector: { matchLabels: labels } },
  };
  const [[field, value]] = Object.entries(budget) as [[string, string | number]];
  const layout = layoutOf(context.file);
  return [
    {
      title: title ? title(name, field, value) : `Add PodDisruptionBudget "${name}" (${field}: ${value})`,
      edits: [appendDocument(context.file, pdb)],
      isPreferred: true,
    },
    {
      // Many repositories keep one object per file; editors that can create files offer this too.
      title: `Create PodDisruptionBudget "${name}" in ${name}.yaml`,
      edits: [],
      newFile: { name: `${name}.yaml`, text: renderBlockLines(pdb, layout).join(layout.eol) + layout.eol },
    },
  ];
}

/** The PodDisruptionBudgets of the workload's namespace whose selectors select its pods. */
function coveringBudgets(object: K8sObject, template: PodTemplateRef, related: RelatedView): K8sObject[] {
  return related
    .selectorsOver(effectiveNamespace(object), 'PodDisruptionBudget', template.labels)
    .filter((pdb) => selectorMatches(valueAt(pdb.value, ['spec', 'selector']), template.labels));
}
