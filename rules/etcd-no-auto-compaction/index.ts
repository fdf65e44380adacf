import { isScalar, type Node as YamlNode, type YAMLSeq } from 'yaml';
import { containerLabel } from '../../server/engine/containers';
import { layoutOf } from '../../server/engine/edits';
import { columnOf, lineEndOf, lineStartOf } from '../../server/engine/positions';
import { defineRule } from '../../server/engine/rule';
import type { ParsedFile, TextEdit } from '../../server/engine/types';
import { podTemplateOf, WORKLOAD_KINDS } from '../../server/engine/workloads';
import { envVar, etcdContainer, findFlag, mentions } from '../etcd-small-quota/etcd';
import story from './story.md';

const FLAG = '--auto-compaction-retention';

export default defineRule(
  {
    id: 'etcd-no-auto-compaction',
    title: 'etcd without automatic history compaction',
    category: 'control-plane',
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
    const template = podTemplateOf(object);
    if (!template) return;
    for (const container of template.containers) {
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
          const edit = seq && appendItem(context.file, seq, `${FLAG}=${context.options.retention}`);
          return edit ? [{ title: `Add ${FLAG}=${context.options.retention}`, edits: [edit] }] : [];
        },
      });
    }
  },
);

/**
 * Appends a string item to a sequence: `, item` after the last item of a flow sequence, or a new `- item`
 * line under the last item of a block sequence, at the same dash column. The item is quoted like its
 * neighbour.
 */
function appendItem(file: ParsedFile, seq: YAMLSeq, text: string): TextEdit | undefined {
  const last = seq.items[seq.items.length - 1] as YamlNode | undefined;
  if (!last?.range) return undefined;
  const quote =
    isScalar(last) && last.type === 'QUOTE_DOUBLE'
      ? '"'
      : isScalar(last) && last.type === 'QUOTE_SINGLE'
        ? "'"
        : '';
  const item = quote + text + quote;
  if (seq.flow) return { start: last.range[1], end: last.range[1], newText: `, ${item}` };
  // The dash of the last item: back from its value over spaces, on the same line.
  let dash = last.range[0] - 1;
  while (dash > 0 && file.text[dash] === ' ') dash--;
  if (file.text[dash] !== '-' || dash < lineStartOf(file.text, last.range[0])) return undefined;
  const gap = last.range[0] - dash - 1;
  const line = ' '.repeat(columnOf(file.text, dash)) + '-' + ' '.repeat(Math.max(gap, 1)) + item;
  let end = last.range[1];
  while (end > 0 && /\s/.test(file.text[end - 1] ?? '')) end--;
  const { eol } = layoutOf(file);
  const lineEnd = lineEndOf(file.text, end);
  if (lineEnd >= file.text.length)
    return { start: file.text.length, end: file.text.length, newText: eol + line };
  const next = file.text.indexOf('\n', lineEnd) + 1;
  return { start: next, end: next, newText: line + eol };
}
