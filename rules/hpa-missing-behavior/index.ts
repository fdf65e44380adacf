import { ensureEntries } from '../../server/engine/edits';
import { keySpanAt, mapAt, pairAt } from '../../server/engine/nodes';
import { isPlainObject } from '../../server/engine/values';
import { objectNameSpan } from '../../server/engine/report-spans';
import { defineRule } from '../../server/engine/rule';
import story from './story.md';

export default defineRule(
  {
    id: 'hpa-missing-behavior',
    title: 'HorizontalPodAutoscaler without scaling behavior',
    category: 'autoscaling',
    concern: 'reliability',
    defaultSeverity: 'info',
    description: 'An `autoscaling/v2` HorizontalPodAutoscaler sets no `spec.behavior`.',
    rationale:
      'Without `behavior` the autoscaler uses built-in rates nobody chose for this workload: each 15 s it adds at ' +
      'most the larger of 100% of the current pods or 4 pods, with no stabilization, and it scales down only ' +
      'after the highest recommendation of the last 300 s. A sudden spike on a small deployment is met a few ' +
      'pods at a time while the running pods saturate, and nothing records whether the 5-minute scale-down ' +
      'delay suits the traffic.',
    remediation:
      'Write `spec.behavior` down: a `scaleUp` policy sized for your spikes (a Pods policy adds a fixed number ' +
      'of pods per period, which helps small deployments grow fast) and a `scaleDown` stabilization window ' +
      'that outlasts the gaps between bursts. The quick fix inserts a Pods-based scale-up that is never slower ' +
      'than the default (`selectPolicy: Max` with the default 100% policy), and an explicit scale-down window.',
    messages: {
      missing:
        'HorizontalPodAutoscaler "{name}" sets no behavior: it adds at most the larger of 100% or 4 pods per 15 s and waits 300 s to scale down, rates nobody chose for this workload.',
    },
    fixable: true,
    kinds: ['HorizontalPodAutoscaler'],
    options: {
      scaleUpPods: {
        type: 'integer',
        default: 10,
        minimum: 1,
        description:
          'Pods the inserted scale-up policy may add every 15 s (alongside a 100% policy; the larger wins).',
      },
      scaleDownStabilizationSeconds: {
        type: 'integer',
        default: 300,
        minimum: 0,
        description:
          'The scale-down stabilization window the quick fix writes, in seconds (300 is the Kubernetes default).',
      },
    },
    story,
  },
  (object, context) => {
    // autoscaling/v1 has no behavior field, and v2beta2 is gone since Kubernetes 1.26.
    if (object.apiVersion !== 'autoscaling/v2') return;
    const spec = object.value.spec;
    if (!isPlainObject(spec) || (spec.behavior !== undefined && spec.behavior !== null)) return;
    if (!mapAt(object.node, ['spec'])) return;
    // The squiggle goes on `maxReplicas`: it is required in v2 (so nearly always written), it is the key that
    // says how far the autoscaler may scale, and behavior says how fast it gets there. `metrics` is optional
    // (CPU at 80% when absent), and `metadata.name` is where "this object lacks a companion object" points.
    const span = pairAt(object.node, ['spec', 'maxReplicas'])
      ? keySpanAt(object.node, ['spec', 'maxReplicas'])
      : (keySpanAt(object.node, ['spec']) ?? objectNameSpan(object));
    context.report({
      messageId: 'missing',
      data: { name: object.name ?? '(unnamed)' },
      span,
      fix: () => {
        const { scaleUpPods, scaleDownStabilizationSeconds } = context.options;
        const behavior = {
          scaleUp: {
            stabilizationWindowSeconds: 0,
            policies: [
              { type: 'Pods', value: scaleUpPods, periodSeconds: 15 },
              { type: 'Percent', value: 100, periodSeconds: 15 },
            ],
            selectPolicy: 'Max',
          },
          scaleDown: { stabilizationWindowSeconds: scaleDownStabilizationSeconds },
        };
        const edits = ensureEntries(context.file, object.node, ['spec'], { behavior });
        if (!edits) return [];
        return [
          {
            title: `Add scaling behavior (up to ${scaleUpPods} pods or 100% per 15 s; scale down after ${scaleDownStabilizationSeconds} s)`,
            edits,
          },
        ];
      },
    });
  },
);
