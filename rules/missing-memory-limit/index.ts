import { containerLabel, resourcesSpan } from '../../server/engine/containers';
import { ensureEntries } from '../../server/engine/edits';
import { maxQuantity, minQuantity } from '../../server/engine/quantity';
import { defineRule } from '../../server/engine/rule';
import { podContainersOf, WORKLOAD_KINDS } from '../../server/engine/workloads';
import story from './story.md';

export default defineRule(
  {
    id: 'missing-memory-limit',
    title: 'Container without a memory limit',
    category: 'resources',
    concern: 'reliability',
    defaultSeverity: 'warning',
    description: 'A container or init container of any workload sets no `resources.limits.memory`.',
    rationale:
      'Without a memory limit a leaking container grows until the node itself runs out of memory. The kernel ' +
      'OOM killer then picks victims across the whole node, the kubelet and other teams’ pods included, and the ' +
      'evicted pods pile onto the next node, which can fail the same way.',
    remediation:
      'Set `resources.limits.memory` to the peak the container really needs, and `resources.requests.memory` ' +
      'at or below it, so that a leak kills only the leaking container and the scheduler reserves room for it.',
    messages: {
      missing:
        'Container "{container}" has no memory limit: a leak can exhaust the node\u2019s memory and take its neighbours down.',
    },
    fixable: true,
    kinds: WORKLOAD_KINDS,
    story,
  },
  (object, context) => {
    for (const container of podContainersOf(object)) {
      const resources = container.value.resources;
      if (resources?.limits?.memory !== undefined) continue;
      context.report({
        messageId: 'missing',
        data: { container: containerLabel(container) },
        span: resourcesSpan(container),
        fix: () => {
          const { memoryLimit, memoryRequest } = context.fixSettings;
          const existingRequest = resources?.requests?.memory;
          // The API server rejects a limit below the request, so an existing larger request raises the limit.
          const limit =
            existingRequest === undefined ? memoryLimit : maxQuantity(memoryLimit, existingRequest);
          const entries: Record<string, Record<string, string>> = { limits: { memory: limit } };
          if (existingRequest === undefined) entries.requests = { memory: minQuantity(memoryRequest, limit) };
          const edits = ensureEntries(context.file, object.node, [...container.path, 'resources'], entries);
          if (!edits) return [];
          const title =
            existingRequest === undefined
              ? `Add memory limit ${limit} and request ${entries.requests?.memory} to "${containerLabel(container)}"`
              : `Add memory limit ${limit} to "${containerLabel(container)}"`;
          return [{ title, edits }];
        },
      });
    }
  },
);
