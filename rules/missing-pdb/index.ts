import { appendDocument, layoutOf, renderBlockLines } from '../../server/engine/edits';
import { unusedName } from '../../server/engine/naming';
import type { RelatedView } from '../../server/engine/related-view';
import {
  effectiveNamespace,
  minimumReplicas,
  replicatedWorkload,
  selectorMatches,
} from '../../server/engine/relations';
import { autoscalerLocation, describeReplicas, mention } from '../../server/engine/mentions';
import { namespacePhrase, namespaceUnwritten } from '../../server/engine/namespace';
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
      'selector matches its pods (counting the replicas its autoscaler keeps at least). A budget for its pods ' +
      'in another namespace of the unit is named ("wrong namespace?").',
    rationale:
      'Node drains, cluster upgrades and autoscaler scale-downs evict pods through the eviction API, which ' +
      'only holds back when a PodDisruptionBudget says how many pods must stay up. Without one, every replica ' +
      'can be evicted in the same step, and a replicated service goes from healthy to zero.',
    remediation:
      'Add a PodDisruptionBudget in the same namespace with the workload’s pod selector and `maxUnavailable: 1` ' +
      '(or a `minAvailable` below the replica count), so disruptions take pods down one at a time.',
    messages: {
      missing:
        '{kind} "{name}" runs {runs} but no PodDisruptionBudget selects its pods: a drain can evict them all at once.',
      otherNamespace:
        '{kind} "{name}" runs {runs} in namespace {namespace}, where no PodDisruptionBudget selects its pods; in namespace {otherNamespace}, {budget} does: wrong namespace? As written, a drain can evict them all at once.',
    },
    fixable: true,
    kinds: ['Deployment', 'StatefulSet'],
    cross: true,
    relatesAcrossNamespaces: true,
    relatedKinds: ['PodDisruptionBudget', 'HorizontalPodAutoscaler'],
    story,
  },
  (object, context) => {
    const replicated = replicatedWorkload(object, context.related);
    if (!replicated) return;
    const { replicas, count, template } = replicated;
    if (coveringBudgets(object, template, context.related).length > 0) return;
    const namespace = effectiveNamespace(object);
    const runs = describeReplicas(count, object, context.related);
    const data = { kind: object.kind, name: object.name ?? '(unnamed)', runs, namespace };
    const fix = (): Fix[] => budgetFixes(object, template, replicas, context);
    // A budget of the unit that would cover these pods but sits in another namespace: say so, not "none".
    const elsewhere = budgetElsewhere(object, template, context.related);
    if (elsewhere) {
      context.report({
        messageId: 'otherNamespace',
        data: {
          ...data,
          namespace: namespacePhrase(object),
          budget: mention(elsewhere.budget, object, context.related),
          otherNamespace: namespacePhrase(elsewhere.budget),
        },
        span: objectNameSpan(object),
        hedged: namespaceUnwritten(object, elsewhere.budget),
        related: [
          {
            object: elsewhere.budget,
            message: `PodDisruptionBudget "${elsewhere.budget.name ?? '(unnamed)'}" selects these pods, but in namespace "${elsewhere.namespace}"`,
          },
          ...autoscalerLocation(count),
        ],
        fix,
      });
      return;
    }
    // The budgets of the namespace that were checked and do not select these pods (a typo is likely there).
    const budgets = context.related.inNamespace(namespace, 'PodDisruptionBudget', MAX_RELATED);
    const podLabels = Object.entries(template.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    context.report({
      messageId: 'missing',
      data,
      span: objectNameSpan(object),
      related: [
        ...budgets.map((pdb) => ({
          object: pdb,
          message: `PodDisruptionBudget "${pdb.name ?? '(unnamed)'}" is in this namespace, but its selector does not match the pod labels ${podLabels}`,
        })),
        ...autoscalerLocation(count),
      ],
      fix,
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

/** The PodDisruptionBudgets of `namespace` (the workload's by default) whose selectors select its pods. */
function coveringBudgets(
  object: K8sObject,
  template: PodTemplateRef,
  related: RelatedView,
  namespace = effectiveNamespace(object),
): K8sObject[] {
  return related
    .selectorsOver(namespace, 'PodDisruptionBudget', template.labels)
    .filter((pdb) => selectorMatches(valueAt(pdb.value, ['spec', 'selector']), template.labels));
}

/** The first budget of another namespace of the unit that would select the workload's pods, if any. */
function budgetElsewhere(
  object: K8sObject,
  template: PodTemplateRef,
  related: RelatedView,
): { budget: K8sObject; namespace: string } | undefined {
  for (const namespace of related.otherNamespaces(effectiveNamespace(object))) {
    const [budget] = coveringBudgets(object, template, related, namespace);
    if (budget) return { budget, namespace };
  }
  return undefined;
}
