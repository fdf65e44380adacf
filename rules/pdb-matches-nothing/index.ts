import { CUSTOM_RESOURCES } from '../../server/engine/api-groups';
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import { label, mentionAll, otherNamespaceReport } from '../../server/engine/mentions';
import { keySpanAt } from '../../server/engine/nodes';
import type { PodOwner } from '../../server/engine/related-groups';
import { isPlainObject } from '../../server/engine/values';
import { effectiveNamespace, selectorMatches } from '../../server/engine/relations';
import { objectNameSpan } from '../../server/engine/report-spans';
import { defineRule } from '../../server/engine/rule';
import { stringMap, valueAt, WORKLOAD_KINDS } from '../../server/engine/workloads';
import story from './story.md';
import {
  describeLabelSelector,
  describeMap,
  nearestOwners,
  operatorMayOwn,
  podMakingCustomResources,
  withControllerLabels,
} from '../../server/engine/selection';

export default defineRule(
  {
    id: 'pdb-matches-nothing',
    title: 'PodDisruptionBudget that protects no pods',
    category: 'availability',
    concern: 'reliability',
    defaultSeverity: 'warning',
    description:
      'A PodDisruptionBudget has no selector, an empty `policy/v1beta1` selector, or a selector that no workload ' +
      'of its namespace matches (every matchLabels pair and every matchExpression must hold for the pod labels). ' +
      'When a workload of another namespace of the unit matches, it says so ("wrong namespace?"); when a ' +
      'custom resource of the namespace may create the pods, it says that too, as a hint.',
    rationale:
      'A budget only holds back evictions of the pods its selector matches. A typo in a label, a label the pod ' +
      'template does not carry, or a selector copied from another chart leaves the budget guarding nothing: ' +
      'drains and upgrades evict the workload’s replicas all at once, while the budget’s presence makes reviews ' +
      'and linters believe the workload is protected.',
    remediation:
      'Give the budget the same selector as the workload’s controller (`spec.selector` of the Deployment or ' +
      'StatefulSet), in the same namespace, and check it with `kubectl get pdb`: ALLOWED DISRUPTIONS stays 0 and ' +
      'the events say "No matching pods found" when it matches nothing.',
    messages: {
      none: 'PodDisruptionBudget "{name}" selects no pods: no workload in namespace "{namespace}" has pod labels matching {selector}, so drains evict its intended pods without limit.',
      unlessCustom:
        'PodDisruptionBudget "{name}" selects no pods that these manifests declare: no workload in namespace "{namespace}" has pod labels matching {selector}. Unless {custom} creates such pods, drains evict its intended pods without limit.',
      otherNamespace:
        'PodDisruptionBudget "{name}" selects no pods in namespace {namespace}; in namespace {otherNamespace}, {owner} has pod labels matching {selector}: wrong namespace? A budget covers pods of its own namespace only, so as written drains evict them without limit.',
      noSelector:
        'PodDisruptionBudget "{name}" has no selector: it selects no pods, so it protects nothing from drains.',
      emptyBeta:
        'PodDisruptionBudget "{name}" uses policy/v1beta1, where an empty selector selects no pods: it protects nothing from drains.',
    },
    fixable: false,
    kinds: ['PodDisruptionBudget'],
    cross: true,
    relatesAcrossNamespaces: true,
    relatedKinds: [...WORKLOAD_KINDS, 'HorizontalPodAutoscaler', CUSTOM_RESOURCES],
    story,
  },
  (object, context) => {
    const name = object.name ?? '(unnamed)';
    const selector: unknown = valueAt(object.value, ['spec', 'selector']);
    if (selector === undefined || selector === null) {
      if (!isPlainObject(object.value.spec)) return;
      context.report({ messageId: 'noSelector', data: { name }, span: objectNameSpan(object) });
      return;
    }
    if (!isPlainObject(selector)) return;
    const span = keySpanAt(object.node, ['spec', 'selector']);
    const s = selector as LabelSelector;
    const requirements = [
      ...Object.entries(stringMap(s.matchLabels)).map(([key, value]) => ({
        key,
        holds: (labels: Record<string, string>) => labels[key] === value,
      })),
      ...(Array.isArray(s.matchExpressions) ? s.matchExpressions : []).filter(isPlainObject).map((e) => ({
        key: String((e as LabelSelectorRequirement).key),
        holds: (labels: Record<string, string>) => selectorMatches({ matchExpressions: [e] }, labels),
      })),
    ];
    if (requirements.length === 0) {
      // policy/v1 selects every pod of the namespace with `{}`; policy/v1beta1 selects none.
      if (object.apiVersion === 'policy/v1beta1') {
        context.report({ messageId: 'emptyBeta', data: { name }, span });
      }
      return;
    }
    const namespace = effectiveNamespace(object);
    const wanted = stringMap(s.matchLabels);
    const matches = (labels: Record<string, string>): boolean => selectorMatches(selector, labels);
    const selects = (owner: PodOwner): boolean =>
      matches(withControllerLabels(owner.object, owner.labels, wanted));
    if (context.related.ownersMatching(namespace, wanted).some(selects)) return;
    const describedSelector = describeLabelSelector(selector);
    // Pods an operator creates for a custom resource appear in no manifest.
    if (operatorMayOwn(object, context.related, wanted, matches)) return;
    // A custom resource whose pods nobody can see may yet create them: then what is known is a hint.
    const custom = podMakingCustomResources(object, context.related);
    // The pods it wants run in another namespace of the unit: say where, rather than "nothing" or nothing.
    const elsewhere = context.related.ownerElsewhere(namespace, wanted, selects);
    if (elsewhere) {
      context.report(
        otherNamespaceReport(object, elsewhere, describedSelector, span, context.related, custom.length > 0),
      );
      return;
    }
    // Only judge a namespace whose workloads are in sight: a budget alone in its file says nothing.
    if (!context.related.hasPodOwners(namespace)) return;
    // Owners that share nothing with the selector score nothing, so only those that do need scoring, unless
    // an expression (NotIn, DoesNotExist) may hold for labels without its key.
    const expressions = Array.isArray(s.matchExpressions) && s.matchExpressions.length > 0;
    const owners = expressions
      ? context.related.podOwners(namespace)
      : context.related.ownersNear(namespace, wanted);
    const near = nearestOwners(owners, requirements);
    context.report({
      messageId: custom.length > 0 ? 'unlessCustom' : 'none',
      data: {
        name,
        namespace,
        selector: describedSelector,
        custom: mentionAll(custom, object, context.related, 1),
      },
      span,
      hedged: custom.length > 0,
      related: [
        ...near.map(({ object: owner, labels }) => ({
          object: owner,
          message: `${label(owner)} has the pod labels ${describeMap(labels)}`,
        })),
        ...custom.slice(0, 1).map((resource) => ({
          object: resource,
          message: `${label(resource)} is a custom resource: the pods it creates appear in no manifest`,
        })),
      ],
    });
  },
);
