import { mentionAll } from '../../server/engine/mentions';
import { containerLabel } from '../../server/engine/containers';
import { ensureEntries } from '../../server/engine/edits';
import { defineRule, MAX_RELATED } from '../../server/engine/rule';
import { podTemplateOf, valueAt, workloadKinds } from '../../server/engine/workloads';
import story from './story.md';
import {
  describeMap,
  isMetricsService,
  serviceSelector,
  servicesSelecting,
  servingContainers,
} from '../../server/engine/selection';

/** Run-to-completion pods are not meant to serve a Service. */
const SERVING_KINDS = workloadKinds((w) => w.runs !== 'batch' && w.runs !== 'template');

export default defineRule(
  {
    id: 'missing-readiness-probe',
    title: 'Service backend without a readiness probe',
    category: 'probes',
    concern: 'reliability',
    defaultSeverity: 'warning',
    description:
      'A container that serves a Service (a Service of the same namespace selects its pods, and its port is the ' +
      'Service’s target, or it is the pod’s first container) has no `readinessProbe`.',
    rationale:
      'Without a readiness probe a container counts as ready the moment its process starts, so the Service adds ' +
      'the pod to its endpoints before the application listens, and keeps it there when it stops answering. ' +
      'Every rollout, restart and scale-up then sends requests to pods that refuse or drop them.',
    remediation:
      'Add a `readinessProbe` that succeeds only when the container can serve: an HTTP check of a readiness ' +
      'endpoint where the application has one, else a TCP check of the port the Service targets.',
    messages: {
      missing:
        'Container "{container}" of {kind} "{name}" has no readiness probe, but {services} {verb} it traffic: new and restarted pods get requests before they can answer them.',
    },
    fixable: true,
    kinds: SERVING_KINDS,
    cross: true,
    relatedKinds: ['Service'],
    story,
  },
  (object, context) => {
    const template = podTemplateOf(object);
    if (!template) return;
    // A Service that publishes not-ready addresses does not look at readiness at all, and a metrics Service
    // is scraped by monitoring, which copes with a pod that is not ready yet.
    const services = servicesSelecting(object, context.related).filter(
      (s) => valueAt(s.value, ['spec', 'publishNotReadyAddresses']) !== true && !isMetricsService(s),
    );
    if (services.length === 0) return;
    for (const { container, port } of servingContainers(template.containers, services)) {
      const probe: unknown = container.value.readinessProbe;
      if (probe !== undefined && probe !== null) continue;
      context.report({
        messageId: 'missing',
        data: {
          container: containerLabel(container),
          kind: object.kind,
          name: object.name ?? '(unnamed)',
          services: mentionAll(services, object, context.related),
          verb: services.length === 1 ? 'sends' : 'send',
        },
        span: container.nameSpan,
        related: services.slice(0, MAX_RELATED).map((s) => ({
          object: s,
          message: `Service "${s.name ?? '(unnamed)'}" selects these pods (${describeMap(serviceSelector(s)!)})`,
        })),
        fix: () => {
          // No port to check: a probe cannot be guessed.
          if (port === undefined) return [];
          const edits = ensureEntries(context.file, object.node, container.path, {
            readinessProbe: { tcpSocket: { port } },
          });
          if (!edits) return [];
          return [
            { title: `Add a TCP readiness probe on port ${port} to "${containerLabel(container)}"`, edits },
          ];
        },
      });
    }
  },
);
