import { containerLabel } from '../../server/engine/containers';
import { appendDocument } from '../../server/engine/edits';
import { unusedName } from '../../server/engine/naming';
import { isPlainObject } from '../../server/engine/values';
import { minQuantity } from '../../server/engine/quantity';
import { objectNameSpan } from '../../server/engine/report-spans';
import { defineRule } from '../../server/engine/rule';
import type { K8sObject } from '../../server/engine/types';
import { WORKLOAD_KINDS, type ContainerRef } from '../../server/engine/workloads';
import story from './story.md';

/** Namespaces of the control plane: default limits there could starve system components. */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

/** Containers a finding names as examples. */
const SHOWN = 3;

export default defineRule(
  {
    id: 'namespace-without-limitrange',
    title: 'Namespace without a LimitRange',
    category: 'resources',
    concern: 'reliability',
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
    if (context.related.inNamespace(namespace, 'LimitRange', 1).length > 0) return;
    // The first containers that would get the defaults today, as related information.
    const unbounded: { workload: K8sObject; container: ContainerRef }[] = [];
    for (const { object: workload } of context.related.podOwners(namespace)) {
      const template = context.related.templateOf(workload);
      if (!template) continue;
      for (const container of template.containers) {
        const resources = container.value.resources;
        const limits: unknown = isPlainObject(resources) ? resources.limits : undefined;
        if (!isPlainObject(limits) || limits.memory === undefined) unbounded.push({ workload, container });
      }
      if (unbounded.length >= SHOWN) break;
    }
    context.report({
      messageId: 'missing',
      data: { name: namespace },
      span: objectNameSpan(object),
      related: unbounded.slice(0, SHOWN).map(({ workload, container }) => ({
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
