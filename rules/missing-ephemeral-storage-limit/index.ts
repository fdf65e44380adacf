import { containerLabel, resourcesSpan } from '../../server/engine/containers';
import { ensureEntries } from '../../server/engine/edits';
import { maxQuantity, parseQuantity } from '../../server/engine/quantity';
import { defineRule } from '../../server/engine/rule';
import { podContainersOf, WORKLOAD_KINDS } from '../../server/engine/workloads';
import story from './story.md';

const RESOURCE = 'ephemeral-storage';
const DEFAULT_LIMIT = '2Gi';

export default defineRule(
  {
    id: 'missing-ephemeral-storage-limit',
    title: 'Container without an ephemeral-storage limit',
    category: 'resources',
    concern: 'reliability',
    defaultSeverity: 'info',
    description:
      'A container or init container of any workload sets no `resources.limits.ephemeral-storage`.',
    rationale:
      'Container logs, the writable layer and emptyDir scratch space all live on the node’s own disk. Without ' +
      'a limit, one container that logs or writes too much fills that disk; the kubelet then reports ' +
      'DiskPressure and evicts pods that did nothing wrong, and the evicted pods carry the problem to the next ' +
      'node. A namespace ResourceQuota on ephemeral storage is not enforced for pods that set no limit either.',
    remediation:
      'Set `resources.limits.ephemeral-storage` (and a matching request) to what the container really writes, ' +
      'so a runaway container is evicted on its own instead of taking the node’s disk with it. Keep node log ' +
      'rotation (`containerLogMaxSize`) in place too.',
    messages: {
      missing:
        'Container "{container}" has no ephemeral-storage limit: its logs and scratch files can fill the node\u2019s disk, and disk pressure evicts its neighbours.',
    },
    fixable: true,
    kinds: WORKLOAD_KINDS,
    options: {
      ephemeralStorageLimit: {
        type: 'string',
        default: DEFAULT_LIMIT,
        description:
          'The `limits.ephemeral-storage` value the quick fix inserts (a Kubernetes quantity such as 2Gi); raised to the container\u2019s request when that is larger.',
      },
    },
    story,
  },
  (object, context) => {
    for (const container of podContainersOf(object)) {
      const resources = container.value.resources;
      if (resources?.limits?.[RESOURCE] !== undefined) continue;
      context.report({
        messageId: 'missing',
        data: { container: containerLabel(container) },
        span: resourcesSpan(container),
        fix: () => {
          const configured = context.options.ephemeralStorageLimit;
          const wanted = parseQuantity(configured) === undefined ? DEFAULT_LIMIT : configured;
          const request: unknown = resources?.requests?.[RESOURCE];
          // The API server rejects a limit below the request: an existing larger request raises the limit.
          const limit = request === undefined ? wanted : maxQuantity(wanted, request);
          const edits = ensureEntries(context.file, object.node, [...container.path, 'resources'], {
            limits: { [RESOURCE]: limit },
          });
          if (!edits) return [];
          return [{ title: `Add ephemeral-storage limit ${limit} to "${containerLabel(container)}"`, edits }];
        },
      });
    }
  },
);
