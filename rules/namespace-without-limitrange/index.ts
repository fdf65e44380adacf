import { containerLabel } from '../../server/engine/containers';
import { appendDocument } from '../../server/engine/edits';
import { unusedName } from '../../server/engine/naming';
import { isPlainObject } from '../../server/engine/values';
import { minQuantity } from '../../server/engine/quantity';
import { relatedIn } from '../../server/engine/relations';
import { objectNameSpan } from '../../server/engine/report-spans';
import { defineRule } from '../../server/engine/rule';
import { WORKLOAD_KINDS, podTemplateOf } from '../../server/engine/workloads';
import story from './story.md';

/** Namespaces of the control plane: default limits there could starve system components. */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

export default defineRule(
  {
    id: 'namespace-without-limitrange',
    title: 'Namespace without a LimitRange',
    category: 'resources',
    defaultSeverity: 'info',
    description: 'A Namespace object has no LimitRange for it among the manifests.',
    rationale:
      'Without a LimitRange, a container created in the namespace without `resources` runs with no memory limit ' +
      'and no requests: the scheduler packs it blind and a leak grows until the node runs out of memory, taking ' +
      'other teams’ pods with it. A LimitRange gives every such container a default request and limit, so one ' +
      'forgotten `resources` block cannot sink a node.',
    remediation:
      'Add a LimitRange of type Container to the namespace with `defaultRequest` (CPU and memory) and a `default` ' +
      'memory limit sized for its typical workload. Check the namespace’s existing workloads first: containers ' +
      'without their own memory limit get the default on their next rollout, so one that needs more is ' +
      'OOM-killed, and one that requests more than the default limit is rejected.',
    messages: {
      missing:
        'Namespace "{name}" has no LimitRange: containers created there without resources get no requests and no memory limit, so one leak can exhaust a node.',
    },
    fixable: true,
    kinds: ['Namespace'],
    cross: true,
    relatedKinds: ['LimitRange', ...WORKLOAD_KINDS],
    story,
  },
  (object, context) => {
    const namespace = object.name;
    if (!namespace || SYSTEM_NAMESPACES.has(namespace)) return;
    if (relatedIn(context.related, namespace, 'LimitRange').length > 0) return;
    // The containers that would get the defaults today, as related information.
    const unbounded = relatedIn(context.related, namespace).flatMap((workload) => {
      const template = podTemplateOf(workload);
      if (!template || workload.kind === 'PodTemplate') return [];
      return template.containers
        .filter((c) => {
          const limits: unknown = isPlainObject(c.value.resources) ? c.value.resources.limits : undefined;
          return !isPlainObject(limits) || limits.memory === undefined;
        })
        .map((c) => ({ workload, container: c }));
    });
    context.report({
      messageId: 'missing',
      data: { name: namespace },
      span: objectNameSpan(object),
      related: unbounded.slice(0, 3).map(({ workload, container }) => ({
        object: workload,
        message: `Container "${containerLabel(container)}" of ${workload.kind} "${workload.name ?? '(unnamed)'}" in this namespace has no memory limit`,
        span: container.nameSpan,
      })),
      fix: () => {
        const { memoryLimit, cpuRequest } = context.fixSettings;
        // The default request must not exceed the default limit, or every defaulted pod is rejected.
        const memoryRequest = minQuantity(context.fixSettings.memoryRequest, memoryLimit);
        const name = unusedName('default-limits', 'LimitRange', namespace, context.related);
        const range = {
          apiVersion: 'v1',
          kind: 'LimitRange',
          metadata: { name, namespace },
          spec: {
            limits: [
              {
                type: 'Container',
                default: { memory: memoryLimit },
                defaultRequest: { cpu: cpuRequest, memory: memoryRequest },
              },
            ],
          },
        };
        return [
          {
            title: `Add LimitRange "${name}" (default memory limit ${memoryLimit}, default requests ${cpuRequest} CPU and ${memoryRequest} memory)`,
            edits: [appendDocument(context.file, range)],
          },
        ];
      },
    });
  },
);
