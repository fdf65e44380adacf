import type {
  NetworkPolicy,
  NetworkPolicyEgressRule,
  NetworkPolicyPort,
} from 'kubernetes-types/networking/v1';
import { isSeq } from 'yaml';
import { appendDocument } from '../../server/engine/edits';
import { unusedName } from '../../server/engine/naming';
import { keySpanAt, nodeAt, scalarText, spanOf } from '../../server/engine/nodes';
import { effectiveNamespace } from '../../server/engine/relations';
import { defineRule, MAX_RELATED } from '../../server/engine/rule';
import type { K8sObject, Span } from '../../server/engine/types';
import story from './story.md';

type Protocol = 'UDP' | 'TCP';

export default defineRule(
  {
    id: 'default-deny-blocks-dns',
    title: 'Egress isolation without a DNS allowance',
    category: 'network',
    concern: 'reliability',
    defaultSeverity: 'error',
    description:
      'A NetworkPolicy isolates egress (policyTypes includes Egress) and no NetworkPolicy in its namespace ' +
      'allows port 53 over both UDP and TCP.',
    rationale:
      'Once a pod is selected by a policy with Egress in its policyTypes, only the egress its policies allow ' +
      'gets out, and that includes the cluster DNS. Every name lookup then times out, so every call made by ' +
      'service name fails, while the policy itself looks correct.',
    remediation:
      'Allow egress to the cluster DNS (the kube-dns pods in kube-system) on port 53 over UDP and TCP, in the ' +
      'same policy or a separate allow-dns policy in the namespace. TCP matters too: large answers fall back to it.',
    messages: {
      none: 'This policy isolates egress, but nothing in namespace "{namespace}" allows DNS (port 53): every name lookup will fail.',
      partial:
        'Egress is isolated and namespace "{namespace}" allows DNS over {allowed} only: lookups with large answers fall back to {missing} and fail.',
    },
    fixable: true,
    kinds: ['NetworkPolicy'],
    cross: true,
    relatedKinds: ['NetworkPolicy'],
    story,
  },
  (object, context) => {
    if (!isolatesEgress(object)) return;
    const policies = context.related
      .inNamespace(effectiveNamespace(object), 'NetworkPolicy')
      .filter(isolatesEgress);
    const allowed = (['UDP', 'TCP'] as const).filter((protocol) =>
      policies.some((p) => allowsDns(p, protocol)),
    );
    if (allowed.length === 2) return;
    const namespace = effectiveNamespace(object);
    const missing = (['UDP', 'TCP'] as const).filter((p) => !allowed.includes(p));
    context.report({
      messageId: allowed.length === 0 ? 'none' : 'partial',
      data: { namespace, allowed: allowed.join(''), missing: missing.join('') },
      span: egressSpan(object),
      // The other policies of the namespace that isolate egress were checked too: none of them lets DNS out.
      related: policies
        .filter((p) => p !== object)
        .slice(0, MAX_RELATED)
        .map((p) => {
          const own = (['UDP', 'TCP'] as const).filter((protocol) => allowsDns(p, protocol));
          return {
            object: p,
            message:
              own.length === 0
                ? `NetworkPolicy "${p.name ?? '(unnamed)'}" also isolates egress here and allows no DNS`
                : `NetworkPolicy "${p.name ?? '(unnamed)'}" also isolates egress here and allows DNS over ${own.join('')} only`,
          };
        }),
      fix: () => {
        const name = unusedName('allow-dns', 'NetworkPolicy', namespace, context.related);
        const metadata: Record<string, string> = { name };
        if (object.namespace !== undefined) metadata.namespace = object.namespace;
        const policy = {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata,
          spec: {
            podSelector: {},
            policyTypes: ['Egress'],
            egress: [
              {
                to: [
                  {
                    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                    podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
                  },
                ],
                ports: [
                  { protocol: 'UDP', port: 53 },
                  { protocol: 'TCP', port: 53 },
                ],
              },
            ],
          },
        };
        return [
          {
            title: `Add NetworkPolicy "${name}" allowing DNS (UDP and TCP 53) to kube-dns`,
            edits: [appendDocument(context.file, policy)],
            isPreferred: true,
          },
        ];
      },
    });
  },
);

function policyOf(object: K8sObject): NetworkPolicy {
  return object.value as NetworkPolicy;
}

/** A policy isolates egress when policyTypes lists Egress, or (policyTypes unset) it has an egress section. */
function isolatesEgress(object: K8sObject): boolean {
  const spec = policyOf(object).spec;
  if (!spec) return false;
  if (Array.isArray(spec.policyTypes)) return spec.policyTypes.includes('Egress');
  return spec.egress !== undefined;
}

function allowsDns(object: K8sObject, protocol: Protocol): boolean {
  const egress = policyOf(object).spec?.egress;
  return (
    Array.isArray(egress) && egress.some((rule) => ruleAllowsDns(rule, protocol, effectiveNamespace(object)))
  );
}

/**
 * Whether an egress rule lets DNS traffic out. The cluster DNS lives in another namespace (kube-system) at an
 * address this file cannot know, so any namespace selector or IP block is given the benefit of the doubt;
 * a rule that only selects pods of the policy's own namespace does not reach it (unless that is kube-system).
 */
function ruleAllowsDns(rule: NetworkPolicyEgressRule | null, protocol: Protocol, namespace: string): boolean {
  if (!rule || typeof rule !== 'object') return false;
  const peers = Array.isArray(rule.to) ? rule.to : [];
  const reachesDns =
    peers.length === 0 ||
    peers.some((peer) => !!peer && (peer.namespaceSelector !== undefined || peer.ipBlock !== undefined)) ||
    namespace === 'kube-system';
  if (!reachesDns) return false;
  const ports = Array.isArray(rule.ports) ? rule.ports : [];
  return ports.length === 0 || ports.some((port) => portAllowsDns(port, protocol));
}

function portAllowsDns(port: NetworkPolicyPort | null, protocol: Protocol): boolean {
  if (!port || typeof port !== 'object') return false;
  if ((port.protocol ?? 'TCP') !== protocol) return false;
  if (port.port === undefined) return true;
  if (typeof port.port === 'string') return ['dns', 'dns-tcp', 'domain', '53'].includes(port.port);
  if (typeof port.endPort === 'number') return port.port <= 53 && 53 <= port.endPort;
  return port.port === 53;
}

/** The `Egress` entry of policyTypes, else the `egress` key. */
function egressSpan(object: K8sObject): Span | undefined {
  const types = nodeAt(object.node, ['spec', 'policyTypes']);
  if (isSeq(types)) {
    const item = types.items.find((t) => scalarText(t) === 'Egress');
    if (item && (item as { range?: unknown }).range) return spanOf(item as Parameters<typeof spanOf>[0]);
  }
  return keySpanAt(object.node, ['spec', 'egress']);
}
