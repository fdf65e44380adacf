import { containerLabel } from '../../server/engine/containers';
import { defineRule } from '../../server/engine/rule';
import type { Span } from '../../server/engine/types';
import { podContainersOf, WORKLOAD_KINDS } from '../../server/engine/workloads';
import { envVar, etcdContainer, findFlag, innerSpan } from '../../server/engine/etcd';
import story from './story.md';

const FLAG = '--quota-backend-bytes';
const ENV = 'ETCD_QUOTA_BACKEND_BYTES';
/** etcd's suggested maximum quota (8 GiB): https://etcd.io/docs/latest/dev-guide/limit/ */
const SUGGESTED_QUOTA = 8 * 1024 ** 3;

export default defineRule(
  {
    id: 'etcd-small-quota',
    title: 'etcd space quota below its 2 GiB default',
    category: 'control-plane',
    concern: 'reliability',
    defaultSeverity: 'warning',
    description:
      'An etcd container (a static Pod manifest or any workload) sets `--quota-backend-bytes` (or ' +
      '`ETCD_QUOTA_BACKEND_BYTES`) below 2 GiB.',
    rationale:
      'The space quota is a cliff, not a slowdown: when the database reaches it, etcd raises a NOSPACE alarm and ' +
      'rejects every write until an operator compacts, defragments and disarms the alarm. For a Kubernetes ' +
      'control plane that means no pod can be created, scheduled or even have its status updated. A quota below ' +
      'the 2 GiB default only brings the cliff closer.',
    remediation:
      'Leave the quota at its default or raise it (etcd suggests at most 8 GiB, with at least that much memory on ' +
      'the machine), and keep the history small with compaction and periodic defragmentation.',
    messages: {
      small:
        'etcd in container "{container}" caps its database at {bytes} bytes ({size}) with {setting}, below ' +
        '{threshold} ({thresholdSize}): when the data reaches the quota etcd raises a NOSPACE alarm and refuses ' +
        'every write until someone compacts, defragments and disarms it.',
    },
    fixable: true,
    kinds: WORKLOAD_KINDS,
    options: {
      minBytes: {
        type: 'integer',
        default: 2 * 1024 ** 3,
        minimum: 1,
        description:
          'Quotas (in bytes) below this are flagged; the default is etcd’s own default quota, 2 GiB.',
      },
    },
    story,
  },
  (object, context) => {
    const threshold = context.options.minBytes;
    for (const container of podContainersOf(object)) {
      let found: { value: string; span: Span; valueSpan: Span; setting: string } | undefined;
      const etcd = etcdContainer(container);
      const flag = etcd && findFlag(context.file, etcd, FLAG);
      if (flag) found = { ...flag, setting: FLAG };
      const env = found ? undefined : envVar(container, ENV);
      if (env?.range) {
        const inner = innerSpan(context.file, env);
        if (inner) {
          found = {
            value: String(env.value),
            span: { start: env.range[0], end: env.range[1] },
            valueSpan: inner,
            setting: ENV,
          };
        }
      }
      if (!found || !/^\d+$/.test(found.value)) continue;
      const bytes = Number(found.value);
      // 0 means "use the default"; only a positive quota under the threshold is a smaller cliff.
      if (bytes === 0 || bytes >= threshold) continue;
      const target = Math.max(SUGGESTED_QUOTA, threshold);
      const { valueSpan } = found;
      context.report({
        messageId: 'small',
        data: {
          container: containerLabel(container),
          bytes,
          size: humanBytes(bytes),
          setting: found.setting,
          threshold,
          thresholdSize: humanBytes(threshold),
        },
        span: found.span,
        fix: () => [
          {
            title:
              target === SUGGESTED_QUOTA
                ? `Raise the quota to ${target} bytes (8 GiB, etcd's suggested maximum)`
                : `Raise the quota to ${target} bytes (${humanBytes(target)})`,
            edits: [{ start: valueSpan.start, end: valueSpan.end, newText: String(target) }],
          },
        ],
      });
    }
  },
);

/** 419430400 → "400 MiB", 2147483648 → "2 GiB", 500000000 → "476.84 MiB". */
function humanBytes(bytes: number): string {
  const units: [string, number][] = [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ];
  for (const [unit, size] of units) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(2))} ${unit}`;
  }
  return `${bytes} B`;
}
