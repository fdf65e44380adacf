// Appending items to an existing YAML sequence with one minimal text edit. `server/engine/edits.ts` has no
// primitive for this yet (it inserts keys into mappings); until it does, the rules that need it share this one.
import type { Node as YamlNode, YAMLSeq } from 'yaml';
import { layoutOf, renderBlockLines, renderFlow } from '../../server/engine/edits';
import { columnOf, lineEndOf } from '../../server/engine/positions';
import type { ParsedFile, TextEdit } from '../../server/engine/types';

/**
 * Appends `items` to a block sequence (new `- item` lines after its last line, at its dash column and dash
 * spacing) or a flow sequence (`, item` before the closing bracket; `[]` is filled). Undefined when the
 * sequence is in a shape this cannot edit safely (no items to copy the layout from, an odd flow form).
 */
export function appendToSeq(file: ParsedFile, seq: YAMLSeq, items: readonly unknown[]): TextEdit | undefined {
  const text = file.text;
  if (!seq.range || items.length === 0) return undefined;
  if (seq.flow) {
    const open = seq.range[0];
    const close = seq.range[1] - 1;
    if (text[open] !== '[' || text[close] !== ']') return undefined;
    const rendered = items.map((item) => renderFlow(item));
    if (seq.items.length === 0) return { start: open, end: close + 1, newText: `[${rendered.join(', ')}]` };
    const lastEnd = (seq.items[seq.items.length - 1] as YamlNode | null)?.range?.[1];
    if (lastEnd === undefined) return undefined;
    return { start: lastEnd, end: lastEnd, newText: rendered.map((r) => `, ${r}`).join('') };
  }
  const firstStart = (seq.items[0] as YamlNode | null)?.range?.[0];
  if (firstStart === undefined) return undefined;
  // The dash of the first item, on the same line as the item's content.
  let dash = firstStart - 1;
  while (dash >= 0 && text[dash] === ' ') dash--;
  if (text[dash] !== '-') return undefined;
  const gap = firstStart - dash;
  const layout = layoutOf(file);
  const pad = ' '.repeat(columnOf(text, dash));
  const lines: string[] = [];
  for (const item of items) {
    renderBlockLines(item, layout).forEach((line, i) => {
      if (i === 0) lines.push(pad + '-' + ' '.repeat(gap - 1) + line);
      else lines.push(line.length > 0 ? pad + ' '.repeat(gap) + line : line);
    });
  }
  let end = seq.range[1];
  while (end > 0 && /\s/.test(text[end - 1] ?? '')) end--;
  const lineEnd = lineEndOf(text, end);
  const body = lines.join(layout.eol);
  if (lineEnd >= text.length) return { start: text.length, end: text.length, newText: layout.eol + body };
  const nextLine = text.indexOf('\n', lineEnd) + 1;
  return { start: nextLine, end: nextLine, newText: body + layout.eol };
}
