import { isMap } from 'yaml';
import { removePair } from '../../server/engine/edits';
import { getPair, keySpan, mapAt } from '../../server/engine/nodes';
import { mention } from '../../server/engine/mentions';
import { defineRule } from '../../server/engine/rule';
import { valueAt } from '../../server/engine/workloads';
import story from './story.md';

export default defineRule(
  {
    id: 'replicas-with-hpa',
    title: 'Fixed replica count on an autoscaled workload',
    category: 'autoscaling',
    concern: 'reliability',
    defaultSeverity: 'info',
    description:
      'A Deployment or StatefulSet sets `spec.replicas` while a HorizontalPodAutoscaler of its namespace targets it.',
    rationale:
      'The autoscaler owns the replica count, but every `kubectl apply` (or GitOps sync) of a manifest that ' +
      'states `replicas` sets the count back to that number first. Applied during a peak, it scales the workload ' +
      'down, pods terminate, and the autoscaler needs minutes to scale back up while the remaining pods take the ' +
      'whole load.',
    remediation:
      'Remove `spec.replicas` from the manifest and let the autoscaler’s `minReplicas` set the floor. Clusters ' +
      'managed with client-side `kubectl apply` should first drop the field from the last-applied annotation ' +
      '(`kubectl apply edit-last-applied`), or the first apply after the removal resets the workload to 1 replica.',
    messages: {
      replicas:
        '{kind} "{name}" sets replicas: {replicas}, but {hpa} scales it: every apply of this manifest resets it to {pods} until the autoscaler catches up.',
    },
    fixable: true,
    kinds: ['Deployment', 'StatefulSet'],
    cross: true,
    relatedKinds: ['HorizontalPodAutoscaler'],
    story,
  },
  (object, context) => {
    const spec = mapAt(object.node, ['spec']);
    const pair = spec && getPair(spec, 'replicas');
    if (!spec || !pair) return;
    const autoscalers = context.related.autoscalersOf(object);
    if (autoscalers.length === 0) return;
    const [hpa] = autoscalers as [(typeof autoscalers)[number]];
    const replicas: unknown = valueAt(object.value, ['spec', 'replicas']);
    context.report({
      messageId: 'replicas',
      data: {
        kind: object.kind,
        name: object.name ?? '(unnamed)',
        replicas: String(replicas),
        pods: replicas === 1 ? '1 replica' : `${String(replicas)} replicas`,
        hpa: mention(hpa, object, context.related),
      },
      span: keySpan(pair),
      related: autoscalers.map((a) => ({
        object: a,
        message: `HorizontalPodAutoscaler "${a.name ?? '(unnamed)'}" scales this ${object.kind} between ${range(a)} replicas`,
      })),
      fix: () => {
        if (!isMap(spec)) return [];
        const edits = removePair(context.file, [{ map: spec, pair }]);
        if (!edits) return [];
        return [
          {
            title: `Remove spec.replicas (HorizontalPodAutoscaler "${hpa.name ?? '(unnamed)'}" sets the count)`,
            edits,
          },
        ];
      },
    });
  },
);

function range(hpa: { value: Record<string, unknown> }): string {
  const min: unknown = valueAt(hpa.value, ['spec', 'minReplicas']);
  const max: unknown = valueAt(hpa.value, ['spec', 'maxReplicas']);
  return `${typeof min === 'number' ? min : 1} and ${typeof max === 'number' ? max : '?'}`;
}
