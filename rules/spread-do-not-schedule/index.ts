import { isMap, isScalar } from 'yaml';

import { replaceScalarValue } from '../../server/engine/edits';

import { getPair, nodeAt, spanOf } from '../../server/engine/nodes';

import { isPlainObject } from '../../server/engine/values';

import { defineRule } from '../../server/engine/rule';

import { podTemplateOf, WORKLOAD_KINDS } from '../../server/engine/workloads';

import story from './story.md';

export default defineRule(
  {
    id: 'spread-do-not-schedule',
    title: 'Hard topology spread leaves pods Pending',
    category: 'scheduling',
    concern: 'reliability',
    defaultSeverity: 'info',
    description:
      'A workload has a `topologySpreadConstraints` entry with `whenUnsatisfiable: DoNotSchedule`.',
    rationale:
      '`DoNotSchedule` makes even spreading a precondition for running at all. When one zone or node is short ' +
      'of room (a lost zone, a drain, a full node group, a rolling update that surges pods), the scheduler ' +
      'refuses every placement that would exceed `maxSkew`, so new pods stay Pending while healthy capacity ' +
      'sits unused elsewhere.',
    remediation:
      'Use `whenUnsatisfiable: ScheduleAnyway`: the scheduler still prefers the least crowded domain, and still ' +
      'places the pod when it cannot spread perfectly. Keep `DoNotSchedule` only where running unevenly is worse ' +
      'than not running (and then keep spare capacity in every domain).',
    messages: {
      hard: '{kind} "{name}" spreads over "{topologyKey}" with whenUnsatisfiable: DoNotSchedule: when one domain is short of room, new pods stay Pending instead of running unevenly.',
    },
    fixable: true,
    kinds: WORKLOAD_KINDS,
    story,
  },
  (object, context) => {
    const template = podTemplateOf(object);
    const constraints = template?.spec.topologySpreadConstraints;
    if (!template || !Array.isArray(constraints)) return;
    constraints.forEach((constraint: unknown, index) => {
      if (!isPlainObject(constraint) || constraint.whenUnsatisfiable !== 'DoNotSchedule') return;
      const item = nodeAt(object.node, [...template.specPath, 'topologySpreadConstraints', index]);
      const value = isMap(item) ? getPair(item, 'whenUnsatisfiable')?.value : undefined;
      if (!isScalar(value)) return;
      context.report({
        messageId: 'hard',
        data: {
          kind: object.kind,
          name: object.name ?? '(unnamed)',
          topologyKey:
            typeof constraint.topologyKey === 'string' ? constraint.topologyKey : '(no topologyKey)',
        },
        span: spanOf(value),
        fix: () => {
          // minDomains is only valid with DoNotSchedule: switching would make the API server reject the object.
          if (constraint.minDomains !== undefined && constraint.minDomains !== null) return [];
          const edit = replaceScalarValue(value, 'ScheduleAnyway');
          if (!edit) return [];
          return [
            {
              title: `Make the spread over "${String(constraint.topologyKey)}" soft (ScheduleAnyway)`,
              edits: [edit],
              isPreferred: true,
            },
          ];
        },
      });
    });
  },
);
