import { isMap, isSeq } from 'yaml';
import { ensureEntries, appendToSequence } from '../../server/engine/edits';
import { getPair, keySpanAt, nodeAt, spanOf, type PathSegment } from '../../server/engine/nodes';
import { isPlainObject } from '../../server/engine/values';
import { selectorMatches } from '../../server/engine/relations';
import { defineRule } from '../../server/engine/rule';
import story from './story.md';

/** The labels the API server gives kube-system (Kubernetes 1.21 and later), all a selector can go by. */
const KUBE_SYSTEM_LABELS = { 'kubernetes.io/metadata.name': 'kube-system' };

const EXCLUDE_KUBE_SYSTEM = {
  key: 'kubernetes.io/metadata.name',
  operator: 'NotIn',
  values: ['kube-system'],
};

export default defineRule(
  {
    id: 'webhook-fail-closed-cluster-wide',
    title: 'Fail-closed admission webhook that also intercepts kube-system',
    category: 'control-plane',
    concern: 'reliability',
    defaultSeverity: 'warning',
    description:
      'A webhook of a ValidatingWebhookConfiguration or MutatingWebhookConfiguration fails closed ' +
      '(`failurePolicy: Fail`, or unset in admissionregistration.k8s.io/v1, where Fail is the default), its ' +
      'rules cover objects the control plane writes in kube-system (pods, ConfigMaps, leases, endpoints, ' +
      'workloads\u2026), and neither its namespaceSelector nor its objectSelector keeps kube-system out.',
    rationale:
      'A fail-closed webhook turns its own outage into a rejection of every request it covers. When that ' +
      'includes kube-system, the control plane\u2019s own writes (leader election, the API server\u2019s start-up ' +
      'ConfigMaps, the pods that would bring the webhook back) fail with it, so a crashed or unreachable webhook ' +
      'can wedge the cluster it was meant to police.',
    remediation:
      'Scope the webhook: add a namespaceSelector with `kubernetes.io/metadata.name NotIn [kube-system]` (or ' +
      'select only the namespaces your policy is for), narrow its rules to the resources it really checks, keep ' +
      '`timeoutSeconds` low, and give the webhook backend replicas, a PodDisruptionBudget and probes.',
    messages: {
      explicit:
        'Webhook "{webhook}" of {kind} "{name}" fails closed (failurePolicy: Fail) and also intercepts kube-system: ' +
        'if its backend is down, the control plane\u2019s own writes there are rejected.',
      defaulted:
        'Webhook "{webhook}" of {kind} "{name}" fails closed (an unset failurePolicy means Fail in ' +
        'admissionregistration.k8s.io/v1) and also intercepts kube-system: if its backend is down, the control ' +
        'plane\u2019s own writes there are rejected.',
    },
    fixable: true,
    kinds: ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'],
    story,
  },
  (object, context) => {
    const webhooks = object.value.webhooks;
    if (!Array.isArray(webhooks)) return;
    webhooks.forEach((webhook: unknown, index) => {
      if (!isPlainObject(webhook)) return;
      const policy = webhook.failurePolicy;
      // v1beta1 defaulted to Ignore; v1 defaults to Fail.
      const failsClosed =
        policy === 'Fail' ||
        (policy === undefined && object.apiVersion === 'admissionregistration.k8s.io/v1');
      if (!failsClosed || !coversControlPlaneObjects(webhook.rules)) return;
      if (excludesKubeSystem(webhook.namespaceSelector, webhook.objectSelector)) return;
      const path: PathSegment[] = ['webhooks', index];
      const label = typeof webhook.name === 'string' ? webhook.name : `#${index + 1}`;
      const policyNode = nodeAt(object.node, [...path, 'failurePolicy']);
      const nameNode = nodeAt(object.node, [...path, 'name']);
      context.report({
        messageId: policy === 'Fail' ? 'explicit' : 'defaulted',
        data: { webhook: label, kind: object.kind, name: object.name ?? 'unnamed' },
        span:
          (policyNode && spanOf(policyNode)) ??
          (nameNode && spanOf(nameNode)) ??
          keySpanAt(object.node, path),
        fix: () => {
          const title = `Exclude kube-system from webhook "${label}" with a namespaceSelector`;
          const webhookNode = nodeAt(object.node, path);
          if (!isMap(webhookNode)) return [];
          const selector = getPair(webhookNode, 'namespaceSelector')?.value;
          const expressions = isMap(selector) ? getPair(selector, 'matchExpressions')?.value : undefined;
          if (isSeq(expressions)) {
            const edit = appendToSequence(context.file, expressions, [EXCLUDE_KUBE_SYSTEM]);
            return edit ? [{ title, edits: [edit] }] : [];
          }
          const edits = isMap(selector)
            ? ensureEntries(context.file, object.node, [...path, 'namespaceSelector'], {
                matchExpressions: [EXCLUDE_KUBE_SYSTEM],
              })
            : ensureEntries(context.file, object.node, path, {
                namespaceSelector: { matchExpressions: [EXCLUDE_KUBE_SYSTEM] },
              });
          return edits ? [{ title, edits }] : [];
        },
      });
    });
  },
);

/**
 * What the control plane itself writes in kube-system, by API group: leader-election leases, the API server's
 * start-up ConfigMaps, the pods, DaemonSets and Deployments of system components, their endpoints and events.
 */
const CONTROL_PLANE_RESOURCES: Record<string, readonly string[]> = {
  '': ['pods', 'configmaps', 'secrets', 'serviceaccounts', 'services', 'endpoints', 'events'],
  apps: ['deployments', 'daemonsets', 'replicasets', 'statefulsets', 'controllerrevisions'],
  'coordination.k8s.io': ['leases'],
  'discovery.k8s.io': ['endpointslices'],
  'events.k8s.io': ['events'],
  'rbac.authorization.k8s.io': ['roles', 'rolebindings'],
};

/**
 * Whether any rule of the webhook can match those kube-system objects. A webhook that only sees its own custom
 * resources, Ingresses, or cluster-scoped objects cannot block the control plane's writes there.
 */
function coversControlPlaneObjects(rules: unknown): boolean {
  if (!Array.isArray(rules)) return false;
  return rules.some((rule: unknown) => {
    if (!isPlainObject(rule) || rule.scope === 'Cluster') return false;
    const groups = strings(rule.apiGroups);
    const resources = strings(rule.resources).map((r) => r.split('/')[0] ?? r);
    const critical = groups.flatMap((g) =>
      g === '*' ? Object.values(CONTROL_PLANE_RESOURCES).flat() : (CONTROL_PLANE_RESOURCES[g] ?? []),
    );
    return critical.length > 0 && resources.some((r) => r === '*' || critical.includes(r));
  });
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Whether the selectors keep kube-system's objects away from the webhook: a namespaceSelector that does not
 * select kube-system's labels (a NotIn on its name, or an opt-in label kube-system does not carry), or an
 * objectSelector that requires labels, which kube-system's control-plane objects do not have.
 */
function excludesKubeSystem(namespaceSelector: unknown, objectSelector: unknown): boolean {
  if (isPlainObject(namespaceSelector) && !selectorMatches(namespaceSelector, KUBE_SYSTEM_LABELS))
    return true;
  return isPlainObject(objectSelector) && !selectorMatches(objectSelector, {});
}
