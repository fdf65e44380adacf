import { containerLabel } from '../../server/engine/containers';
import { getPair, keySpan } from '../../server/engine/nodes';
import { isPlainObject } from '../../server/engine/values';
import { defineRule } from '../../server/engine/rule';
import { podContainersOf, WORKLOAD_KINDS } from '../../server/engine/workloads';
import story from './story.md';

/**
 * Kubernetes' probe timing defaults. Probes are compared with these filled in, so `periodSeconds: 10` written
 * on one probe and left out of the other still counts as the same probe; a zero counts as unset, as the API
 * server defaults it.
 */
const PROBE_DEFAULTS: Record<string, number> = {
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
};

export default defineRule(
  {
    id: 'identical-liveness-readiness',
    title: 'Liveness probe identical to the readiness probe',
    category: 'probes',
    concern: 'reliability',
    defaultSeverity: 'info',
    description:
      'A container’s `livenessProbe` and `readinessProbe` are the same check with the same timing (defaults ' +
      'filled in).',
    rationale:
      'A failing readiness probe takes the pod out of its Services until it recovers; a failing liveness probe ' +
      'restarts the container. When both are the same probe they fail together, so a pod that is only slow ' +
      '(overloaded, waiting on a database) is restarted instead of being given room to recover, its load moves ' +
      'to the other pods, and they fail the same way.',
    remediation:
      'Give the liveness probe a cheaper check that only fails when a restart helps (a deadlock), or at least a ' +
      'higher `failureThreshold` than the readiness probe, so a busy pod is first taken out of rotation and only ' +
      'restarted if it stays stuck. Many HTTP services need no liveness probe at all.',
    messages: {
      identical:
        'Container "{container}" has identical liveness and readiness probes: the moment it is too busy to be ready it is also restarted, so an overloaded pod is killed instead of shed.',
    },
    fixable: false,
    kinds: WORKLOAD_KINDS,
    story,
  },
  (object, context) => {
    for (const container of podContainersOf(object)) {
      const liveness: unknown = container.value.livenessProbe;
      const readiness: unknown = container.value.readinessProbe;
      if (!isPlainObject(liveness) || !isPlainObject(readiness)) continue;
      if (canonical(withDefaults(liveness)) !== canonical(withDefaults(readiness))) continue;
      const pair = getPair(container.node, 'livenessProbe');
      if (!pair) continue;
      context.report({
        messageId: 'identical',
        data: { container: containerLabel(container) },
        span: keySpan(pair),
      });
    }
  },
);

function withDefaults(probe: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...probe };
  for (const [key, value] of Object.entries(PROBE_DEFAULTS)) {
    if (out[key] === undefined || out[key] === null || out[key] === 0) out[key] = value;
  }
  return out;
}

/** A deterministic rendering of plain data: object keys sorted, so key order does not matter. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
