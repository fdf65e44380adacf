import { containerLabel } from '../../server/engine/containers';
import { ensureEntries } from '../../server/engine/edits';
import { getPair, keySpan } from '../../server/engine/nodes';
import { isPlainObject } from '../../server/engine/values';
import { defineRule } from '../../server/engine/rule';
import { podContainersOf, WORKLOAD_KINDS } from '../../server/engine/workloads';
import story from './story.md';

/** The probe handlers a startup probe can copy from the liveness probe, in the API's order. */
const HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'grpc'] as const;
/** Kubernetes' probe defaults for the fields that decide when a liveness probe first kills. */
const PROBE_DEFAULTS = { initialDelaySeconds: 0, failureThreshold: 3, periodSeconds: 10 } as const;
/** The startup probe the fix inserts: 30 attempts 10 s apart, up to 300 s to start (the Kubernetes docs' example). */
const STARTUP_FAILURE_THRESHOLD = 30;
const STARTUP_PERIOD_SECONDS = 10;

export default defineRule(
  {
    id: 'missing-startup-probe',
    title: 'Liveness probe without a startup probe for a slow start',
    category: 'probes',
    concern: 'reliability',
    defaultSeverity: 'info',
    description:
      'A container has a `livenessProbe` but no `startupProbe`, and the liveness probe gives it less than ' +
      '`minStartupSeconds` to start (`initialDelaySeconds` + `failureThreshold` × `periodSeconds`).',
    rationale:
      'The kubelet starts liveness checks as soon as `initialDelaySeconds` has passed and restarts the container ' +
      'after `failureThreshold` failures in a row. With the defaults that is about 30 s. A container that needs ' +
      'longer (a cold JVM, a cache to load, a slow node, an image pulled under load) is killed before it ever ' +
      'becomes ready, restarted, and killed again, exactly when new capacity is needed.',
    remediation:
      'Add a `startupProbe` with the same check as the liveness probe and a `failureThreshold` × `periodSeconds` ' +
      'that covers the worst-case start. Liveness and readiness checks wait until it succeeds, so the liveness ' +
      'probe can stay quick to catch a deadlock later.',
    messages: {
      missing:
        'Container "{container}" has a liveness probe but no startup probe, and only {budget} s to start (initialDelaySeconds {delay} + failureThreshold {failures} \u00d7 periodSeconds {period}): a slow start is killed and restarted in a loop.',
    },
    fixable: true,
    kinds: WORKLOAD_KINDS,
    options: {
      minStartupSeconds: {
        type: 'integer',
        default: 60,
        minimum: 0,
        description:
          'Liveness probes that allow a container less than this many seconds to start are flagged when no startup probe protects it.',
      },
    },
    story,
  },
  (object, context) => {
    for (const container of podContainersOf(object)) {
      const liveness: unknown = container.value.livenessProbe;
      const startup: unknown = container.value.startupProbe;
      if (!isPlainObject(liveness) || (startup !== undefined && startup !== null)) continue;
      const timing = livenessTiming(liveness);
      // A field that is not a number (a template placeholder, a typo) gives no reliable budget.
      if (!timing) continue;
      const budget = timing.initialDelaySeconds + timing.failureThreshold * timing.periodSeconds;
      if (budget >= context.options.minStartupSeconds) continue;
      const pair = getPair(container.node, 'livenessProbe');
      if (!pair) continue;
      context.report({
        messageId: 'missing',
        data: {
          container: containerLabel(container),
          budget,
          delay: timing.initialDelaySeconds,
          failures: timing.failureThreshold,
          period: timing.periodSeconds,
        },
        span: keySpan(pair),
        fix: () => {
          const handler = HANDLERS.find((h) => isPlainObject(liveness[h]));
          if (!handler) return [];
          // The check is copied as plain data (aliases resolved), with the liveness timeout so that a slow
          // endpoint is not failed by the 1 s default.
          const probe: Record<string, unknown> = { [handler]: structuredClone(liveness[handler]) };
          if (typeof liveness.timeoutSeconds === 'number') probe.timeoutSeconds = liveness.timeoutSeconds;
          probe.failureThreshold = STARTUP_FAILURE_THRESHOLD;
          probe.periodSeconds = STARTUP_PERIOD_SECONDS;
          const edits = ensureEntries(context.file, object.node, container.path, { startupProbe: probe });
          if (!edits) return [];
          const seconds = STARTUP_FAILURE_THRESHOLD * STARTUP_PERIOD_SECONDS;
          return [
            {
              title: `Add a startup probe to "${containerLabel(container)}" (same ${handler} check, up to ${seconds} s to start)`,
              edits,
            },
          ];
        },
      });
    }
  },
);

function livenessTiming(
  probe: Record<string, unknown>,
): { initialDelaySeconds: number; failureThreshold: number; periodSeconds: number } | undefined {
  const out = { ...PROBE_DEFAULTS } as {
    initialDelaySeconds: number;
    failureThreshold: number;
    periodSeconds: number;
  };
  for (const key of Object.keys(PROBE_DEFAULTS) as (keyof typeof PROBE_DEFAULTS)[]) {
    const value = probe[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
    // The API server defaults a zero period or threshold like a missing one.
    if (value === 0 && key !== 'initialDelaySeconds') continue;
    out[key] = value;
  }
  return out;
}
