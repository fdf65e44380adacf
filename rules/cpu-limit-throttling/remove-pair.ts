// Deletes one key/value pair from a mapping with deletions only, for the fix of cpu-limit-throttling. Kept
// inside the rule folder: the engine's edit primitives (server/engine/edits.ts) only insert and rename.
import { isPair, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { lineStartOf } from '../../server/engine/positions';
import type { ParsedFile, TextEdit } from '../../server/engine/types';

/** A pair and the mapping that holds it. */
export interface PairInMap {
  map: YAMLMap;
  pair: Pair<YamlNode, YamlNode | null>;
}

/**
 * Removes the last pair of `chain` from its mapping. When that would leave the mapping empty, the pair that
 * owns the mapping (the previous element) goes instead, and so on; the first element is the outermost pair
 * that may be removed, and it is only removed when its own mapping keeps other keys. Returns undefined when
 * no safe deletion exists (a comment inside a flow mapping, text sharing the line in an unexpected way).
 */
export function removePair(file: ParsedFile, chain: readonly PairInMap[]): TextEdit[] | undefined {
  let i = chain.length - 1;
  while (i > 0 && chain[i]!.map.items.length === 1) i--;
  const { map, pair } = chain[i]!;
  if (map.items.length < 2) return undefined;
  return map.flow ? removeFromFlow(file, map, pair) : removeBlockLines(file, pair);
}

function endOf(pair: Pair<YamlNode, YamlNode | null>): number | undefined {
  return (pair.value?.range ?? pair.key.range)?.[1];
}

/** `{cpu: 1, memory: 1Gi}` loses `cpu: 1, `; a last item takes the comma before it instead. */
function removeFromFlow(
  file: ParsedFile,
  map: YAMLMap,
  pair: Pair<YamlNode, YamlNode | null>,
): TextEdit[] | undefined {
  const index = map.items.indexOf(pair);
  const start = pair.key.range?.[0];
  const end = endOf(pair);
  if (index < 0 || start === undefined || end === undefined) return undefined;
  const next = map.items[index + 1];
  const previous = map.items[index - 1];
  let edit: TextEdit | undefined;
  if (next && isPair(next)) {
    const nextStart = (next.key as YamlNode | null)?.range?.[0];
    if (nextStart !== undefined) edit = { start, end: nextStart, newText: '' };
  } else if (previous && isPair(previous)) {
    const previousEnd = endOf(previous as Pair<YamlNode, YamlNode | null>);
    if (previousEnd !== undefined) edit = { start: previousEnd, end, newText: '' };
  }
  if (!edit || file.text.slice(edit.start, edit.end).includes('#')) return undefined;
  return [edit];
}

/**
 * Deletes the whole lines of a block pair (its key line and the lines of its value), leaving every
 * full-line comment and blank line among them where it is.
 */
function removeBlockLines(file: ParsedFile, pair: Pair<YamlNode, YamlNode | null>): TextEdit[] | undefined {
  const { text } = file;
  const start = pair.key.range?.[0];
  let end = endOf(pair);
  if (start === undefined || end === undefined) return undefined;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  const firstLine = lineStartOf(text, start);
  // Only indentation may precede the key: `- cpu: 1` (a sequence item) is not a pair we can drop by lines.
  if (text.slice(firstLine, start).trim() !== '') return undefined;
  const edits: TextEdit[] = [];
  for (let line = firstLine; line <= end && line < text.length;) {
    const lf = text.indexOf('\n', line);
    const next = lf === -1 ? text.length : lf + 1;
    const content = text.slice(line, next).trim();
    if (content !== '' && !content.startsWith('#')) {
      const last = edits[edits.length - 1];
      if (last && last.end === line) last.end = next;
      else edits.push({ start: line, end: next, newText: '' });
    }
    line = next;
  }
  return edits.length > 0 ? edits : undefined;
}
