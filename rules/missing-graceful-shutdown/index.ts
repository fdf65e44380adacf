import { mentionAll } from '../../server/engine/mentions';
import { containerLabel } from '../../server/engine/containers';
import { ensureEntries, replaceScalar } from '../../server/engine/edits';
import { getPair, keySpan, nodeAt, spanOf } from '../../server/engine/nodes';
import { isPlainObject } from '../../server/engine/values';
import { defineRule, MAX_RELATED } from '../../server/engine/rule';
import type { Fix } from '../../server/engine/types';
import { podTemplateOf } from '../../server/engine/workloads';
import story from './story.md';
import {
  describeMap,
  isMetricsService,
  serviceSelector,
  servicesSelecting,
  servingContainers,
} from '../../server/engine/selection';

/** Kubernetes' default grace period, which the grace fix restores. */
const DEFAULT_GRACE_SECONDS = 30;
/** The first minor where the native `sleep` lifecycle action is on by default (beta in 1.30, GA in 1.34). */
const SLEEP_ACTION_MINOR = 30;

export default defineRule(
  {
    id: 'missing-graceful-shutdown',
    title: 'Service backend that stops before its endpoints do',
    category: 'availability',
    concern: 'reliability',
    defaultSeverity: 'info',
    description:
      'A Deployment whose pods a Service selects has a serving container without a `preStop` hook, or sets ' +
      '`terminationGracePeriodSeconds` below `minGraceSeconds`.',
    rationale:
      'When a pod is deleted, the kubelet sends SIGTERM while, in parallel, the endpoints controller, kube-proxy ' +
      'on every node and the ingress controllers remove the pod from their routing. That takes a few seconds, ' +
      'during which requests still arrive; a container that exits at once, or is killed by a short grace period, ' +
      'answers them with connection errors on every rollout, scale-down and drain.',
    remediation:
      'Add a `preStop` hook that sleeps a few seconds (the time your load balancers need to stop routing to the ' +
      'pod) before the container gets SIGTERM, keep `terminationGracePeriodSeconds` above that sleep plus the ' +
      'longest request, and let the application finish in-flight requests on SIGTERM.',
    messages: {
      preStop:
        'Container "{container}" of Deployment "{name}" has no preStop hook, but {services} {verb} it traffic: on every rollout it gets SIGTERM while requests are still routed to it, and those requests fail.',
      grace:
        'Deployment "{name}" sets terminationGracePeriodSeconds {seconds}, but {services} {verb} it traffic: pods are killed before load balancers stop routing to them, so every rollout drops in-flight requests.',
    },
    fixable: true,
    kinds: ['Deployment'],
    cross: true,
    relatedKinds: ['Service'],
    options: {
      minGraceSeconds: {
        type: 'integer',
        default: 5,
        minimum: 0,
        description:
          'Grace periods shorter than this many seconds are flagged for pods that serve a Service.',
      },
      preStopSleepSeconds: {
        type: 'integer',
        default: 5,
        minimum: 1,
        description:
          'Seconds the inserted preStop hook sleeps before the container gets SIGTERM (the time load balancers need to stop routing to the pod).',
      },
    },
    story,
  },
  (object, context) => {
    const template = podTemplateOf(object);
    if (!template) return;
    // Metrics Services are scraped by monitoring, which shrugs off a missed scrape.
    const services = servicesSelecting(object, context.related).filter((s) => !isMetricsService(s));
    if (services.length === 0) return;
    const name = object.name ?? '(unnamed)';
    const shared = {
      name,
      services: mentionAll(services, object, context.related),
      verb: services.length === 1 ? 'sends' : 'send',
    };
    const related = services.slice(0, MAX_RELATED).map((s) => ({
      object: s,
      message: `Service "${s.name ?? '(unnamed)'}" selects these pods (${describeMap(serviceSelector(s)!)})`,
    }));
    const { minGraceSeconds, preStopSleepSeconds } = context.options;

    const grace = template.spec.terminationGracePeriodSeconds;
    const graceNode = nodeAt(object.node, [...template.specPath, 'terminationGracePeriodSeconds']);
    if (typeof grace === 'number' && grace < minGraceSeconds && graceNode) {
      context.report({
        messageId: 'grace',
        data: { ...shared, seconds: grace },
        span: spanOf(graceNode),
        related,
        fix: () => {
          const edit = replaceScalar(graceNode, String(DEFAULT_GRACE_SECONDS));
          return edit
            ? [
                {
                  title: `Set terminationGracePeriodSeconds to ${DEFAULT_GRACE_SECONDS} (the Kubernetes default)`,
                  edits: [edit],
                },
              ]
            : [];
        },
      });
    }

    for (const { container } of servingContainers(template.containers, services)) {
      const lifecycle: unknown = container.value.lifecycle;
      if (isPlainObject(lifecycle) && lifecycle.preStop !== undefined && lifecycle.preStop !== null) continue;
      const lifecyclePair = getPair(container.node, 'lifecycle');
      context.report({
        messageId: 'preStop',
        data: { ...shared, container: containerLabel(container) },
        span: (lifecyclePair && keySpan(lifecyclePair)) ?? container.nameSpan,
        related,
        fix: () => {
          // The sleep must end well inside the grace period, or the container is killed mid-sleep.
          const period = typeof grace === 'number' ? grace : DEFAULT_GRACE_SECONDS;
          if (preStopSleepSeconds >= period) return [];
          const fixes: Fix[] = [];
          const exec = ensureEntries(context.file, object.node, container.path, {
            lifecycle: { preStop: { exec: { command: ['sleep', String(preStopSleepSeconds)] } } },
          });
          if (exec) {
            fixes.push({
              title: `Add a preStop hook to "${containerLabel(container)}" that sleeps ${preStopSleepSeconds} s before SIGTERM`,
              edits: exec,
            });
          }
          // Images without a `sleep` binary (distroless, scratch) need the native sleep action.
          if (Number(context.kubernetesVersion.split('.')[1]) >= SLEEP_ACTION_MINOR) {
            const native = ensureEntries(context.file, object.node, container.path, {
              lifecycle: { preStop: { sleep: { seconds: preStopSleepSeconds } } },
            });
            if (native) {
              fixes.push({
                title: `Add a preStop sleep action (${preStopSleepSeconds} s) to "${containerLabel(container)}", for images without a shell`,
                edits: native,
              });
            }
          }
          return fixes;
        },
      });
    }
  },
);
