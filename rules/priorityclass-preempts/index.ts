import { ensureEntries, replaceScalarValue } from '../../server/engine/edits';

import { keySpanAt, pairAt } from '../../server/engine/nodes';

import { defineRule } from '../../server/engine/rule';

import type { TextEdit } from '../../server/engine/types';

import story from './story.md';

export default defineRule(
  {
    id: 'priorityclass-preempts',
    title: 'PriorityClass that lets its pods evict others',
    category: 'scheduling',
    concern: 'reliability',
    defaultSeverity: 'info',
    description:
      'A PriorityClass that is the global default (`globalDefault: true`) or has a high `value`, without ' +
      '`preemptionPolicy: Never`.',
    rationale:
      'A pod whose priority is higher than others may preempt them: when it cannot be scheduled, the scheduler ' +
      'evicts lower-priority pods to make room, and PodDisruptionBudgets are only respected on a best-effort ' +
      'basis. A high class, or a default that silently ranks every unclassified pod, turns an ordinary rollout ' +
      'on a full cluster into evictions of whatever happens to rank lower.',
    remediation:
      'Add `preemptionPolicy: Never` where the pods only need to be scheduled ahead of others, not to evict them. ' +
      'Keep preemption for the few classes that must displace running pods, and give every important workload an ' +
      'explicit class. `preemptionPolicy` cannot be changed on an existing PriorityClass: delete and re-create it.',
    messages: {
      globalDefault:
        'PriorityClass "{name}" is the global default (value {value}) and may preempt: every pod without a ' +
        'priorityClassName gets it and can evict lower-priority pods when the cluster is full. Add ' +
        'preemptionPolicy: Never unless that is intended.',
      highValue:
        'PriorityClass "{name}" has value {value} (at least {threshold}) and may preempt: its pods evict ' +
        'lower-priority pods when the cluster is full. Add preemptionPolicy: Never if they only need to be ' +
        'scheduled first.',
    },
    fixable: true,
    kinds: ['PriorityClass'],
    options: {
      valueThreshold: {
        type: 'integer',
        default: 1000000,
        minimum: 0,
        description:
          'A PriorityClass whose `value` is at least this is flagged when it may preempt (the global default ' +
          'class is flagged whatever its value).',
      },
    },
    story,
  },
  (object, context) => {
    const value = object.value;
    if (value.preemptionPolicy === 'Never') return;
    const isDefault = value.globalDefault === true;
    const priority = typeof value.value === 'number' ? value.value : undefined;
    const high = priority !== undefined && priority >= context.options.valueThreshold;
    if (!isDefault && !high) return;
    const data = {
      name: object.name ?? '(unnamed)',
      value: priority ?? 'unset',
      threshold: context.options.valueThreshold,
    };
    context.report({
      messageId: isDefault ? 'globalDefault' : 'highValue',
      data,
      span: keySpanAt(object.node, [isDefault ? 'globalDefault' : 'value']),
      fix: () => {
        const existing = pairAt(object.node, ['preemptionPolicy']);
        let edits: TextEdit[] | undefined;
        if (existing) {
          const edit = existing.value ? replaceScalarValue(existing.value, 'Never') : undefined;
          edits = edit ? [edit] : undefined;
        } else {
          edits = ensureEntries(context.file, object.node, [], { preemptionPolicy: 'Never' });
        }
        if (!edits) return [];
        return [{ title: 'Set preemptionPolicy: Never (pods are scheduled first but evict nobody)', edits }];
      },
    });
  },
);
