import { containerLabel, resourcesSpan } from '../../server/engine/containers';
import { ensureEntries } from '../../server/engine/edits';
import { minQuantity } from '../../server/engine/quantity';
import { defineRule } from '../../server/engine/rule';
import { podContainersOf, WORKLOAD_KINDS } from '../../server/engine/workloads';
import story from './story.md';

export default defineRule(
  {
    id: 'missing-resource-requests',
    title: 'Container without CPU or memory requests',
    category: 'resources',
    concern: 'reliability',
    defaultSeverity: 'warning',
    description:
      'A container or init container of any workload lacks `resources.requests.cpu` or `requests.memory`.',
    rationale:
      'The scheduler places pods by their requests. A container that requests nothing looks free, so busy pods ' +
      'get packed onto the same node until it saturates: CPU starvation, kernel panics and evictions follow.',
    remediation:
      'Set `resources.requests.cpu` and `resources.requests.memory` to the container’s typical use (at or ' +
      'below any limit), so the scheduler reserves what the container needs and spreads the load.',
    messages: {
      missing: 'Container "{container}" requests no {what}: the scheduler packs it blind.',
    },
    fixable: true,
    kinds: WORKLOAD_KINDS,
    story,
  },
  (object, context) => {
    for (const container of podContainersOf(object)) {
      const requests = container.value.resources?.requests ?? {};
      const limits = container.value.resources?.limits ?? {};
      const missing = (['cpu', 'memory'] as const).filter((r) => requests[r] === undefined);
      if (missing.length === 0) continue;
      context.report({
        messageId: 'missing',
        data: { container: containerLabel(container), what: missing.join(' or ') },
        span: resourcesSpan(container),
        fix: () => {
          const defaults = { cpu: context.fixSettings.cpuRequest, memory: context.fixSettings.memoryRequest };
          const wanted: Record<string, string> = {};
          // A request above the container's limit is rejected by the API server: never write one.
          for (const r of missing)
            wanted[r] = limits[r] === undefined ? defaults[r] : minQuantity(defaults[r], limits[r]);
          const edits = ensureEntries(context.file, object.node, [...container.path, 'resources'], {
            requests: wanted,
          });
          if (!edits) return [];
          const what = Object.entries(wanted)
            .map(([k, v]) => `${k} ${v}`)
            .join(' and ');
          return [{ title: `Add ${what} requests to "${containerLabel(container)}"`, edits }];
        },
      });
    }
  },
);
