import { mention } from '../../server/engine/mentions';
import { containerLabel } from '../../server/engine/containers';
import { keySpanAt, nodeAt, spanOf } from '../../server/engine/nodes';
import { isPlainObject } from '../../server/engine/values';
import { effectiveNamespace } from '../../server/engine/relations';
import type { RelatedView } from '../../server/engine/related-view';
import { defineRule } from '../../server/engine/rule';
import type { K8sObject, Span } from '../../server/engine/types';
import { WORKLOAD_KINDS, type ContainerRef, valueAt } from '../../server/engine/workloads';
import story from './story.md';

/** The utilization target the autoscaler falls back to when it lists no metric: 80% of the CPU request. */
const DEFAULT_CPU_UTILIZATION = 80;

interface UtilizationMetric {
  resource: string;
  /** Set for ContainerResource metrics: only that container's request counts. */
  container?: string;
  target: string;
  span: Span | undefined;
}

export default defineRule(
  {
    id: 'hpa-target-without-requests',
    title: 'Utilization autoscaling of containers without requests',
    category: 'autoscaling',
    concern: 'reliability',
    defaultSeverity: 'warning',
    description:
      'A HorizontalPodAutoscaler scales on CPU or memory utilization (explicitly, or by the 80% CPU default) and ' +
      'a container of its target sets no request for that resource (no `requests`, no `limits` to default it ' +
      'from, and no LimitRange default in the namespace).',
    rationale:
      'Utilization is usage divided by request. When any container of the pod has no request for the resource, ' +
      'the autoscaler cannot compute it, reports "missing request for cpu" and takes no action for that metric: ' +
      'the workload stays at its current size through the peak it was meant to absorb.',
    remediation:
      'Set `resources.requests` for that resource on every container of the target (sidecars included), or ' +
      'scale on an `AverageValue` target instead of `Utilization`.',
    messages: {
      missing:
        'HorizontalPodAutoscaler "{name}" scales on {resource} utilization ({target}), but {containers} of {workload} {verb} no {resource} request: utilization cannot be computed, so the autoscaler never acts on it.',
    },
    fixable: false,
    kinds: ['HorizontalPodAutoscaler'],
    cross: true,
    relatedKinds: [...WORKLOAD_KINDS, 'LimitRange'],
    story,
  },
  (object, context) => {
    const ref: unknown = valueAt(object.value, ['spec', 'scaleTargetRef']);
    // A target without a kind names no workload (the API server rejects it), so there is nothing to read.
    if (!isPlainObject(ref) || typeof ref.kind !== 'string') return;
    const namespace = effectiveNamespace(object);
    // A target without a name names the unnamed workloads of its kind, as comparing the fields would.
    const workload =
      typeof ref.name === 'string'
        ? context.related.named(namespace, ref.name, ref.kind)[0]
        : ref.name === undefined
          ? context.related.inNamespace(namespace, ref.kind).find((o) => o.name === undefined)
          : undefined;
    const template = workload && context.related.templateOf(workload);
    if (!workload || !template) return;
    const containers = template.containers.filter((c) => c.list === 'containers');
    for (const metric of utilizationMetrics(object)) {
      if (namespaceDefaults(object, context.related, metric.resource)) continue;
      const lacking = containers.filter(
        (c) =>
          (metric.container === undefined || c.name === metric.container) && !hasRequest(c, metric.resource),
      );
      if (lacking.length === 0) continue;
      const names = lacking.map((c) => `"${containerLabel(c)}"`);
      context.report({
        messageId: 'missing',
        data: {
          name: object.name ?? '(unnamed)',
          resource: metric.resource,
          target: metric.target,
          containers: `${names.length === 1 ? 'container' : 'containers'} ${names.join(', ')}`,
          verb: names.length === 1 ? 'sets' : 'set',
          workload: mention(workload, object, context.related),
        },
        span: metric.span,
        related: lacking.map((c) => ({
          object: workload,
          message: `Container "${containerLabel(c)}" sets no ${metric.resource} request`,
          span: c.nameSpan,
        })),
      });
    }
  },
);

/** The CPU/memory utilization targets of an autoscaler of any API version, with where each is written. */
function utilizationMetrics(hpa: K8sObject): UtilizationMetric[] {
  const spec = hpa.value.spec;
  if (!isPlainObject(spec)) return [];
  const out: UtilizationMetric[] = [];
  if (typeof spec.targetCPUUtilizationPercentage === 'number') {
    // autoscaling/v1
    out.push({
      resource: 'cpu',
      target: `${spec.targetCPUUtilizationPercentage}%`,
      span: keySpanAt(hpa.node, ['spec', 'targetCPUUtilizationPercentage']),
    });
  }
  const metrics = Array.isArray(spec.metrics) ? spec.metrics : [];
  metrics.forEach((metric: unknown, index) => {
    if (!isPlainObject(metric)) return;
    const field =
      metric.type === 'Resource'
        ? 'resource'
        : metric.type === 'ContainerResource'
          ? 'containerResource'
          : undefined;
    const source = field && metric[field];
    if (!field || !isPlainObject(source) || (source.name !== 'cpu' && source.name !== 'memory')) return;
    // autoscaling/v2 (and v2beta2): target.type Utilization; v2beta1: targetAverageUtilization.
    const target = isPlainObject(source.target) ? source.target : undefined;
    const percent =
      target?.type === 'Utilization' ? target.averageUtilization : source.targetAverageUtilization;
    if (target?.type !== 'Utilization' && percent === undefined) return;
    const nameNode = nodeAt(hpa.node, ['spec', 'metrics', index, field, 'name']);
    out.push({
      resource: source.name,
      container:
        field === 'containerResource' && typeof source.container === 'string' ? source.container : undefined,
      target: typeof percent === 'number' ? `${percent}%` : 'Utilization',
      span: (nameNode && spanOf(nameNode)) ?? keySpanAt(hpa.node, ['spec', 'metrics', index]),
    });
  });
  if (out.length === 0 && metrics.length === 0 && spec.targetCPUUtilizationPercentage === undefined) {
    // No metric at all: the controller scales on 80% average CPU utilization.
    out.push({
      resource: 'cpu',
      target: `${DEFAULT_CPU_UTILIZATION}% by default`,
      span: keySpanAt(hpa.node, ['spec', 'scaleTargetRef']),
    });
  }
  return out;
}

/** A request set directly, or defaulted from a limit of the same resource by the API server. */
function hasRequest(container: ContainerRef, resource: string): boolean {
  const resources = container.value.resources;
  if (!isPlainObject(resources)) return false;
  for (const section of ['requests', 'limits'] as const) {
    const values: unknown = resources[section];
    if (isPlainObject(values) && values[resource] !== undefined && values[resource] !== null) return true;
  }
  return false;
}

/** Whether a LimitRange of the namespace gives containers a default request (or limit) for the resource. */
function namespaceDefaults(of: K8sObject, related: RelatedView, resource: string): boolean {
  return related.inNamespace(effectiveNamespace(of), 'LimitRange').some((range) => {
    const limits: unknown = valueAt(range.value, ['spec', 'limits']);
    return (
      Array.isArray(limits) &&
      limits.some(
        (limit: unknown) =>
          isPlainObject(limit) &&
          (limit.type ?? 'Container') === 'Container' &&
          ['defaultRequest', 'default'].some((k) => {
            const values = limit[k];
            return isPlainObject(values) && values[resource] !== undefined;
          }),
      )
    );
  });
}
