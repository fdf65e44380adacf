import type { NetworkPolicy, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { isMap, isSeq } from 'yaml';
import { ensureEntries, appendToSequence } from '../../server/engine/edits';
import { getPair, nodeAt, spanOf, type PathSegment } from '../../server/engine/nodes';
import { isPlainObject } from '../../server/engine/values';
import { defineRule } from '../../server/engine/rule';
import { covers, parseCidr } from './cidr';
import story from './story.md';

export default defineRule<{ metadataAddresses: string[] }>(
  {
    id: 'metadata-api-reachable',
    title: 'Open egress that reaches the cloud metadata API',
    category: 'network',
    concern: 'security',
    defaultSeverity: 'warning',
    description:
      'A NetworkPolicy egress rule allows an ipBlock of `0.0.0.0/0` (or `::/0`) on port 80 or on every port, ' +
      'and its `except` list does not cover the cloud metadata endpoint (169.254.169.254/32, and ' +
      'fd00:ec2::254/128 for IPv6).',
    rationale:
      'Every major cloud serves instance metadata, including the node\u2019s credentials, over plain HTTP at a ' +
      'link-local address. A policy that opens egress to the whole internet opens that address too, so a ' +
      'server-side request forgery or a shell in any selected pod can read credentials that belong to the node ' +
      'or the cloud account rather than to the pod.',
    remediation:
      'Add the metadata address to the ipBlock\u2019s `except` list (a wider entry such as 169.254.0.0/16 works ' +
      'too), and also use the platform\u2019s own protection: GKE Workload Identity or the GKE metadata server, ' +
      'or IMDSv2 with a hop limit of 1 on AWS, since some platforms redirect metadata traffic before network ' +
      'policy sees it.',
    messages: {
      open:
        'Egress rule {rule} of NetworkPolicy "{policy}" allows {cidr} without excepting {missing}: a request ' +
        'forged through any selected pod can read the node\u2019s cloud credentials from the metadata API.',
    },
    fixable: true,
    kinds: ['NetworkPolicy'],
    options: {
      metadataAddresses: {
        type: 'string[]',
        default: ['169.254.169.254/32', 'fd00:ec2::254/128'],
        description:
          'Metadata endpoints an open ipBlock must except, as CIDRs. An IPv4 entry is required of an IPv4 ' +
          'ipBlock and an IPv6 entry of an IPv6 one (the API rejects an `except` of the other family).',
      },
    },
    story,
  },
  (object, context) => {
    const spec = (object.value as NetworkPolicy).spec;
    if (!isPlainObject(spec) || !Array.isArray(spec.egress)) return;
    // An egress section has no effect when policyTypes is written and leaves Egress out.
    if (Array.isArray(spec.policyTypes) && !spec.policyTypes.includes('Egress')) return;
    const metadata = context.options.metadataAddresses
      .map((text) => ({ text, cidr: parseCidr(text) }))
      .filter((m): m is { text: string; cidr: NonNullable<typeof m.cidr> } => m.cidr !== undefined);
    spec.egress.forEach((rule, ruleIndex) => {
      if (!isPlainObject(rule) || !Array.isArray(rule.to) || !reachesPort80(rule.ports)) return;
      rule.to.forEach((peer, peerIndex) => {
        const block = isPlainObject(peer) && isPlainObject(peer.ipBlock) ? peer.ipBlock : undefined;
        if (!block || typeof block.cidr !== 'string') return;
        const allowed = parseCidr(block.cidr);
        if (!allowed || allowed.prefix !== 0) return;
        const excepted = (Array.isArray(block.except) ? block.except : [])
          .map((e) => (typeof e === 'string' ? parseCidr(e) : undefined))
          .filter((e) => e !== undefined);
        const missing = metadata
          .filter((m) => m.cidr.family === allowed.family)
          .filter((m) => !excepted.some((e) => covers(e, m.cidr)))
          .map((m) => m.text);
        if (missing.length === 0) return;
        const blockPath: PathSegment[] = ['spec', 'egress', ruleIndex, 'to', peerIndex, 'ipBlock'];
        const cidrNode = nodeAt(object.node, [...blockPath, 'cidr']);
        context.report({
          messageId: 'open',
          data: {
            rule: `#${ruleIndex + 1}`,
            policy: object.name ?? 'unnamed',
            cidr: block.cidr,
            missing: missing.join(' and '),
          },
          span: cidrNode && spanOf(cidrNode),
          fix: () => {
            const blockNode = nodeAt(object.node, blockPath);
            if (!isMap(blockNode)) return [];
            const exceptValue = getPair(blockNode, 'except')?.value;
            let edits;
            if (exceptValue === undefined) {
              edits = ensureEntries(context.file, object.node, blockPath, { except: missing });
            } else if (isSeq(exceptValue)) {
              const edit = appendToSequence(context.file, exceptValue, missing);
              edits = edit && [edit];
            }
            if (!edits) return [];
            return [{ title: `Except ${missing.join(' and ')} from ${block.cidr}`, edits }];
          },
        });
      });
    });
  },
);

/** Whether an egress rule's ports let TCP port 80 (where the metadata APIs listen) through; none means all. */
function reachesPort80(ports: unknown): boolean {
  if (!Array.isArray(ports) || ports.length === 0) return true;
  return ports.some((p: NetworkPolicyPort | null) => {
    if (!isPlainObject(p)) return false;
    if ((p.protocol ?? 'TCP') !== 'TCP') return false;
    if (p.port === undefined || p.port === null) return true;
    // A named port resolves against the destination pod's ports, and the metadata endpoint is not a pod.
    if (typeof p.port !== 'number') return false;
    if (typeof p.endPort === 'number') return p.port <= 80 && 80 <= p.endPort;
    return p.port === 80;
  });
}
