import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { getPair, keySpan } from '../../server/engine/nodes';
import { defineRule } from '../../server/engine/rule';
import { podTemplatesOf, WORKLOAD_KINDS } from '../../server/engine/workloads';
import story from './story.md';

/**
 * Plain scalars Kubernetes reads as boolean true. The API server decodes manifests with YAML 1.1 rules, so
 * `privileged: yes` or `on` is as privileged as `true`; a quoted "true" is a string the API rejects.
 */
const YAML11_TRUE = new Set(['true', 'True', 'TRUE', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'y', 'Y']);

export default defineRule(
  {
    id: 'privileged-container',
    title: 'Privileged container',
    category: 'security',
    concern: 'security',
    defaultSeverity: 'warning',
    description:
      'A container, init container or ephemeral container of any workload sets `securityContext.privileged: true`.',
    rationale:
      'A privileged container runs with every Linux capability and access to the host\u2019s devices, with ' +
      'almost none of the isolation that makes a container a container. Whoever gets a shell in it, through the ' +
      'application or an exposed tool, can take over the node and everything scheduled on it.',
    remediation:
      'Remove `privileged: true` and grant only the specific capabilities the process needs ' +
      '(`securityContext.capabilities.add`). Where a node agent truly needs privilege, keep it in its own ' +
      'namespace, never expose it, and enforce the Pod Security Standards `baseline` level everywhere else.',
    messages: {
      privileged:
        '{container} of {kind} "{name}" runs privileged: it gets every capability and the host\u2019s devices, so a ' +
        'shell in it is a shell on the node.',
    },
    fixable: false,
    kinds: WORKLOAD_KINDS,
    story,
  },
  (object, context) => {
    const containers: { label: string; node: YAMLMap }[] = [];
    // Every pod template: a LeaderWorkerSet's worker pods may ask for privilege as well as its leader.
    for (const template of podTemplatesOf(object)) {
      for (const c of template.containers) {
        containers.push({
          label: `${c.list === 'initContainers' ? 'Init container' : 'Container'} ${c.name ? `"${c.name}"` : `#${c.index + 1}`}`,
          node: c.node,
        });
      }
      // Ephemeral containers (added by `kubectl debug`) can ask for privilege too.
      const ephemeral = template.specNode && getPair(template.specNode, 'ephemeralContainers')?.value;
      if (isSeq(ephemeral)) {
        ephemeral.items.forEach((item, index) => {
          if (!isMap(item)) return;
          const name = getPair(item, 'name')?.value;
          const label = isScalar(name) && name.value !== null ? `"${String(name.value)}"` : `#${index + 1}`;
          containers.push({ label: `Ephemeral container ${label}`, node: item });
        });
      }
    }
    for (const container of containers) {
      const securityContext = getPair(container.node, 'securityContext')?.value;
      if (!isMap(securityContext)) continue;
      const privileged = getPair(securityContext, 'privileged');
      if (!privileged || !isTrue(privileged)) continue;
      context.report({
        messageId: 'privileged',
        data: { container: container.label, kind: object.kind, name: object.name ?? 'unnamed' },
        span: keySpan(privileged),
      });
    }
  },
);

function isTrue(pair: Pair<YamlNode, YamlNode | null>): boolean {
  const value = pair.value;
  if (!isScalar(value)) return false;
  if (value.value === true) return true;
  return typeof value.value === 'string' && value.type === 'PLAIN' && YAML11_TRUE.has(value.value);
}
