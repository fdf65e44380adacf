import { mentionAll } from '../../server/engine/mentions';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import { isSeq } from 'yaml';
import { keySpanAt, nodeAt, scalarText, spanOf } from '../../server/engine/nodes';
import { isPlainObject } from '../../server/engine/values';
import { effectiveNamespace } from '../../server/engine/relations';
import { defineRule, MAX_RELATED } from '../../server/engine/rule';
import type { K8sObject, Span } from '../../server/engine/types';
import story from './story.md';
import { describeMap, serviceSelector } from '../../server/engine/selection';

export default defineRule(
  {
    id: 'default-deny-without-allows',
    title: 'Ingress default-deny with nothing allowed',
    category: 'network',
    concern: 'reliability',
    defaultSeverity: 'warning',
    description:
      'A NetworkPolicy selects every pod of its namespace (`podSelector: {}`), isolates ingress and allows none, ' +
      'and no other NetworkPolicy of the namespace allows any ingress, while Services there expect traffic.',
    rationale:
      'Network policies are additive allow lists: once a pod is selected by a policy that isolates ingress, only ' +
      'what some policy allows gets in. A default-deny applied before (or without) its allow rules cuts every ' +
      'Service, ingress controller and pod-to-pod call of the namespace at once, and the policy itself looks ' +
      'like good hygiene in review.',
    remediation:
      'Write the allow policies first (from the ingress controller, from the namespaces and pods that call each ' +
      'Service, and from monitoring), apply them, and only then apply the default-deny; keep them in the same ' +
      'change so neither lands alone.',
    messages: {
      denyAll:
        'NetworkPolicy "{name}" denies all ingress to every pod in namespace "{namespace}", and no policy there allows any: {services} can no longer reach {pronoun} pods.',
    },
    fixable: false,
    kinds: ['NetworkPolicy'],
    cross: true,
    relatedKinds: ['NetworkPolicy', 'Service'],
    story,
  },
  (object, context) => {
    if (!selectsWholeNamespace(object) || !isolatesIngress(object) || allowsIngress(object)) return;
    const namespace = effectiveNamespace(object);
    const policies = context.related.inNamespace(namespace, 'NetworkPolicy').filter((p) => p !== object);
    if (policies.some((p) => isolatesIngress(p) && allowsIngress(p))) return;
    // Only when traffic is expected: Services of the namespace that select pods.
    const services = context.related
      .inNamespace(namespace, 'Service')
      .filter((s) => serviceSelector(s) !== undefined);
    if (services.length === 0) return;
    context.report({
      messageId: 'denyAll',
      data: {
        name: object.name ?? '(unnamed)',
        namespace: effectiveNamespace(object),
        services: mentionAll(services, object, context.related),
        pronoun: services.length === 1 ? 'its' : 'their',
      },
      span: ingressSpan(object),
      related: [
        ...services.slice(0, 3).map((s) => ({
          object: s,
          message: `Service "${s.name ?? '(unnamed)'}" sends traffic to pods with ${describeMap(serviceSelector(s)!)}`,
        })),
        ...policies.slice(0, MAX_RELATED).map((p) => ({
          object: p,
          message: `NetworkPolicy "${p.name ?? '(unnamed)'}" allows no ingress`,
        })),
      ],
    });
  },
);

function specOf(object: K8sObject): NetworkPolicy['spec'] | undefined {
  const spec = (object.value as NetworkPolicy).spec;
  return isPlainObject(spec) ? spec : undefined;
}

/** `podSelector: {}` (no labels, no expressions) selects every pod of the namespace. */
function selectsWholeNamespace(object: K8sObject): boolean {
  const selector: unknown = specOf(object)?.podSelector;
  if (!isPlainObject(selector)) return false;
  const labels = selector.matchLabels;
  const expressions = selector.matchExpressions;
  return (
    (!isPlainObject(labels) || Object.keys(labels).length === 0) &&
    (!Array.isArray(expressions) || expressions.length === 0)
  );
}

/** Ingress is isolated when policyTypes lists Ingress, or when policyTypes is unset (always the case then). */
function isolatesIngress(object: K8sObject): boolean {
  const spec = specOf(object);
  if (!spec) return false;
  return Array.isArray(spec.policyTypes) ? spec.policyTypes.includes('Ingress') : true;
}

/** Any ingress rule allows something (`- {}` allows everything). */
function allowsIngress(object: K8sObject): boolean {
  const ingress = specOf(object)?.ingress;
  return Array.isArray(ingress) && ingress.length > 0;
}

/** The `Ingress` entry of policyTypes, else the `podSelector` key. */
function ingressSpan(object: K8sObject): Span | undefined {
  const types = nodeAt(object.node, ['spec', 'policyTypes']);
  if (isSeq(types)) {
    const item = types.items.find((t) => scalarText(t) === 'Ingress');
    if (item && (item as { range?: unknown }).range) return spanOf(item as Parameters<typeof spanOf>[0]);
  }
  return keySpanAt(object.node, ['spec', 'podSelector']);
}
