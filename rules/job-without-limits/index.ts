import { ensureEntries, replaceScalarValue } from '../../server/engine/edits';

import { keySpanAt, pairAt, spanOf, type PathSegment } from '../../server/engine/nodes';

import { isPlainObject } from '../../server/engine/values';

import { objectNameSpan } from '../../server/engine/report-spans';

import { defineRule } from '../../server/engine/rule';

import type { Fix, TextEdit } from '../../server/engine/types';

import { valueAt } from '../../server/engine/workloads';

import story from './story.md';

/** Where each kind keeps the JobSpec that carries the limits. */
const JOB_SPEC_PATHS: Record<string, PathSegment[]> = {
  Job: ['spec'],
  CronJob: ['spec', 'jobTemplate', 'spec'],
};

export default defineRule(
  {
    id: 'job-without-limits',
    title: 'Job or CronJob without limits on retries, run time or overlap',
    category: 'scheduling',
    concern: 'reliability',
    defaultSeverity: 'info',
    description:
      'A Job (or a CronJob’s job template) sets neither `backoffLimit` nor `activeDeadlineSeconds`, or a ' +
      'CronJob lets runs overlap (`concurrencyPolicy` Allow or unset) without `startingDeadlineSeconds`.',
    rationale:
      'Batch work fails in loops: a Job with no limits retries a failing pod up to six times and lets a hanging ' +
      'one run forever, and a CronJob that allows overlapping runs starts a new Job on every tick whether or not ' +
      'the last one finished. A broken script then turns into thousands of Jobs and crash-looping pods that ' +
      'load the control plane and crowd out real workloads.',
    remediation:
      'Give every Job an explicit `backoffLimit` and an `activeDeadlineSeconds` that bounds its run time, and set ' +
      '`concurrencyPolicy: Forbid` (or `Replace`) on CronJobs whose runs must not overlap.',
    messages: {
      noLimitsJob:
        'Job "{name}" sets neither backoffLimit nor activeDeadlineSeconds: a failing pod is retried up to 6 times ' +
        '(the default) and a hanging one runs with no time limit.',
      noLimitsCronJob:
        'CronJob "{name}" creates Jobs with neither backoffLimit nor activeDeadlineSeconds: each run retries a ' +
        'failing pod up to 6 times (the default) and a hanging run is never stopped.',
      overlap:
        'CronJob "{name}" lets runs overlap (concurrencyPolicy {policy}) and sets no startingDeadlineSeconds: ' +
        'when runs hang or take longer than the schedule interval, Jobs and their pods pile up.',
    },
    fixable: true,
    kinds: Object.keys(JOB_SPEC_PATHS),
    options: {
      backoffLimit: {
        type: 'integer',
        default: 3,
        minimum: 0,
        description: 'The `backoffLimit` the fix writes (retries before the Job is marked failed).',
      },
      activeDeadlineSeconds: {
        type: 'integer',
        default: 3600,
        minimum: 1,
        description: 'The `activeDeadlineSeconds` the fix writes (how long a Job may run in total).',
      },
    },
    story,
  },
  (object, context) => {
    const jobSpecPath = JOB_SPEC_PATHS[object.kind];
    if (!jobSpecPath) return;
    const name = object.name ?? '(unnamed)';
    const jobSpec = valueAt(object.value, jobSpecPath);
    const limits = isPlainObject(jobSpec) ? jobSpec : {};
    // backoffLimitPerIndex is the retry limit of an Indexed Job (and replaces the default of 6).
    const hasLimit = ['backoffLimit', 'backoffLimitPerIndex', 'activeDeadlineSeconds'].some(
      (k) => limits[k] !== undefined,
    );
    if (!hasLimit) {
      const { backoffLimit, activeDeadlineSeconds } = context.options;
      context.report({
        messageId: object.kind === 'CronJob' ? 'noLimitsCronJob' : 'noLimitsJob',
        data: { name },
        span:
          object.kind === 'CronJob'
            ? keySpanAt(object.node, ['spec', 'jobTemplate'])
            : objectNameSpan(object),
        fix: () => {
          const fixes: Fix[] = [];
          const both = ensureEntries(context.file, object.node, jobSpecPath, {
            backoffLimit,
            activeDeadlineSeconds,
          });
          if (both) {
            fixes.push({
              title: `Add backoffLimit: ${backoffLimit} and activeDeadlineSeconds: ${activeDeadlineSeconds}`,
              edits: both,
            });
          }
          const retriesOnly = ensureEntries(context.file, object.node, jobSpecPath, { backoffLimit });
          if (retriesOnly)
            fixes.push({
              title: `Add backoffLimit: ${backoffLimit} only (no time limit)`,
              edits: retriesOnly,
            });
          return fixes;
        },
      });
    }
    if (object.kind !== 'CronJob') return;
    const spec = isPlainObject(object.value.spec) ? object.value.spec : {};
    const policy = spec.concurrencyPolicy;
    if ((policy !== undefined && policy !== 'Allow') || spec.startingDeadlineSeconds !== undefined) return;
    const policyPair = pairAt(object.node, ['spec', 'concurrencyPolicy']);
    const policyNode = policyPair?.value ?? undefined;
    context.report({
      messageId: 'overlap',
      data: { name, policy: policy === undefined ? 'unset, so Allow' : 'Allow' },
      span: (policyNode && spanOf(policyNode)) ?? keySpanAt(object.node, ['spec', 'schedule']),
      fix: () => {
        let edits: TextEdit[] | undefined;
        if (policyPair) {
          const edit = policyNode ? replaceScalarValue(policyNode, 'Forbid') : undefined;
          edits = edit ? [edit] : undefined;
        } else {
          edits = ensureEntries(context.file, object.node, ['spec'], { concurrencyPolicy: 'Forbid' });
        }
        if (!edits) return [];
        return [
          {
            title: 'Set concurrencyPolicy: Forbid (skip a run while the previous one is still going)',
            edits,
          },
        ];
      },
    });
  },
);
