import { containerLabel } from '../../server/engine/containers';

import { appendToSequence } from '../../server/engine/edits';

import { defineRule } from '../../server/engine/rule';

import { podContainersOf, WORKLOAD_KINDS } from '../../server/engine/workloads';

import { envVar, etcdContainer, findFlag, mentions } from '../../server/engine/etcd';

import story from './story.md';

const FLAG = '--auto-compaction-retention';

export default defineRule(
  {
    id: 'etcd-no-auto-compaction',
    title: 'etcd without automatic history compaction',
    category: 'control-plane',
    concern: 'reliability',
    defaultSeverity: 'warning',
    description:
      'An etcd container (a static Pod manifest or any workload) runs without `--auto-compaction-retention` ' +
      '(or `ETCD_AUTO_COMPACTION_RETENTION`), or with it set to 0.',
    rationale:
      'etcd keeps every earlier revision of every key until a client compacts its history, and automatic ' +
      'compaction is off by default. Without it the database only grows, until the space quota stops every write. ' +
      'A Kubernetes API server compacts its own etcd every few minutes by default, so for a control-plane etcd ' +
      'the flag is a safety net; for an etcd that other software uses, it is often the only compaction there is.',
    remediation:
      'Add `--auto-compaction-retention=1` (keep one hour of history; `--auto-compaction-mode=revision` keeps a ' +
      'number of revisions instead), and defragment periodically to give the freed space back to the file system.',
    messages: {
      missing:
        'etcd in container "{container}" runs without {flag}: it keeps every old revision of every key until ' +
        'something compacts them, and the database grows until the space quota stops all writes.',
      disabled:
        'etcd in container "{container}" sets {flag}={value}, which turns automatic compaction off: the database ' +
        'grows until the space quota stops all writes.',
    },
    fixable: true,
    kinds: WORKLOAD_KINDS,
    options: {
      retention: {
        type: 'string',
        default: '1',
        description:
          'The `--auto-compaction-retention` value the fix writes (hours, or a duration such as `30m`, in the ' +
          'default periodic mode).',
      },
    },
    story,
  },
  (object, context) => {
    for (const container of podContainersOf(object)) {
      const etcd = etcdContainer(container);
      if (!etcd) continue;
      const label = containerLabel(container);
      const env = envVar(container, 'ETCD_AUTO_COMPACTION_RETENTION');
      // A config file can set anything; an environment variable counts as set.
      if (env !== undefined || envVar(container, 'ETCD_CONFIG_FILE') !== undefined) continue;
      if (mentions(etcd, '--config-file')) continue;
      if (mentions(etcd, FLAG)) {
        const flag = findFlag(context.file, etcd, FLAG);
        if (!flag || !/^(?:0+(?:\.0+)?[hms]?)+$/.test(flag.value)) continue;
        const { valueSpan } = flag;
        context.report({
          messageId: 'disabled',
          data: { container: label, flag: FLAG, value: flag.value },
          span: flag.span,
          fix: () => [
            {
              title: `Set ${FLAG}=${context.options.retention}`,
              edits: [{ start: valueSpan.start, end: valueSpan.end, newText: context.options.retention }],
            },
          ],
        });
        continue;
      }
      context.report({
        messageId: 'missing',
        data: { container: label, flag: FLAG },
        span: etcd.span,
        fix: () => {
          // Editing a shell script is beyond a minimal, safe edit; only plain argument lists get a fix.
          if (etcd.mode !== 'direct') return [];
          const seq = etcd.argsSeq && etcd.argsSeq.items.length > 0 ? etcd.argsSeq : etcd.commandSeq;
          const edit = seq && appendToSequence(context.file, seq, [`${FLAG}=${context.options.retention}`]);
          return edit ? [{ title: `Add ${FLAG}=${context.options.retention}`, edits: [edit] }] : [];
        },
      });
    }
  },
);
