import { isMap, isSeq, type Node as YamlNode, type YAMLSeq } from 'yaml';
import { layoutOf, renameKey } from '../../server/engine/edits';
import { getPair, keySpan, mapAt } from '../../server/engine/nodes';
import { columnOf, lineEndOf, lineStartOf } from '../../server/engine/positions';
import { defineRule } from '../../server/engine/rule';
import type { ParsedFile, TextEdit } from '../../server/engine/types';
import { podTemplateOf, WORKLOAD_KINDS } from '../../server/engine/workloads';
import story from './story.md';

const REQUIRED = 'requiredDuringSchedulingIgnoredDuringExecution';
const PREFERRED = 'preferredDuringSchedulingIgnoredDuringExecution';

export default defineRule(
  {
    id: 'required-anti-affinity',
    title: 'Hard pod anti-affinity leaves replacement pods Pending',
    category: 'availability',
    concern: 'reliability',
    defaultSeverity: 'warning',
    description: 'A workload uses `requiredDuringSchedulingIgnoredDuringExecution` pod anti-affinity.',
    rationale:
      'A hard anti-affinity rule turns spreading into a precondition. When nodes are short (a failover, a ' +
      'drain, a lost zone, a rollout that needs a surge pod) the scheduler has nowhere legal to put the ' +
      'replacement, so it stays Pending while the service runs degraded or not at all.',
    remediation:
      'Use `preferredDuringSchedulingIgnoredDuringExecution` with a high weight: the scheduler still spreads ' +
      'the pods whenever it can, and still places them when it cannot.',
    messages: {
      required:
        'Required pod anti-affinity: when nodes are short (drain, failover, zone loss) new pods stay Pending. Prefer it instead.',
    },
    fixable: true,
    kinds: WORKLOAD_KINDS,
    story,
  },
  (object, context) => {
    const template = podTemplateOf(object);
    const terms = template?.spec.affinity?.podAntiAffinity?.[REQUIRED];
    if (!template || !Array.isArray(terms) || terms.length === 0) return;
    const antiMap = mapAt(object.node, [...template.specPath, 'affinity', 'podAntiAffinity']);
    const pair = antiMap && getPair(antiMap, REQUIRED);
    if (!antiMap || !pair) return;
    context.report({
      messageId: 'required',
      span: keySpan(pair),
      fix: () => {
        // Two keys of the same name would make the mapping invalid; merging into an existing preferred list
        // would need its items moved, which is not a minimal edit. Leave that case to the user.
        if (getPair(antiMap, PREFERRED)) return [];
        if (!isSeq(pair.value)) return [];
        const rewrite = rewriteTerms(context.file, pair.value, context.fixSettings.antiAffinityWeight);
        const rename = renameKey(pair, PREFERRED);
        if (!rewrite || !rename) return [];
        return [
          {
            title: `Make the pod anti-affinity preferred (weight ${context.fixSettings.antiAffinityWeight})`,
            edits: [rename, ...rewrite],
            isPreferred: true,
          },
        ];
      },
    });
  },
);

/**
 * Wraps each required term in `weight:` + `podAffinityTerm:` with insertions only: the term's own lines,
 * comments included, stay as they are, shifted one indentation level deeper.
 */
function rewriteTerms(file: ParsedFile, seq: YAMLSeq, weight: number): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  if (seq.flow) {
    for (const item of seq.items) {
      const range = (item as YamlNode | null)?.range;
      if (!isMap(item) || !range) return undefined;
      edits.push({ start: range[0], end: range[0], newText: `{weight: ${weight}, podAffinityTerm: ` });
      edits.push({ start: range[1], end: range[1], newText: '}' });
    }
    return edits;
  }
  const { step, eol } = layoutOf(file);
  for (const item of seq.items) {
    const range = (item as YamlNode | null)?.range;
    if (!isMap(item) || !range) return undefined;
    const start = range[0];
    const column = columnOf(file.text, start);
    edits.push({
      start,
      end: start,
      newText: `weight: ${weight}${eol}${' '.repeat(column)}podAffinityTerm:${eol}${' '.repeat(column + step)}`,
    });
    // Every further line of the term moves one level deeper; blank lines stay as they are.
    let end = range[1];
    while (end > start && /\s/.test(file.text[end - 1] ?? '')) end--;
    for (let line = lineEndOf(file.text, start); line < end;) {
      const next = file.text.indexOf('\n', line) + 1;
      if (next === 0 || next >= end) break;
      const lineEnd = lineEndOf(file.text, next);
      if (file.text.slice(next, lineEnd).trim().length > 0) {
        edits.push({ start: next, end: next, newText: ' '.repeat(step) });
      }
      line = lineEnd;
    }
    if (lineStartOf(file.text, start) !== lineStartOf(file.text, range[0])) return undefined;
  }
  return edits;
}
