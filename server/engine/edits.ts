// Minimal text edits that change YAML structure while leaving every other byte of the file alone.
//
// Only the new fragment is ever rendered (with the file's own indent width, sequence dash style and line
// ending); the rest of the document is never re-serialised, so comments, quoting, key order, blank lines and
// the other documents survive exactly. When an edit cannot be made safely (a non-empty flow collection in an
// odd shape, a path through an alias) the primitives return undefined and the rule offers no fix.
import {
  Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  visit,
  type Node as YamlNode,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { getPair, type PathSegment } from './nodes';
import { nextPartText } from './part-view';
import { columnOf, lineEndOf, lineStartOf } from './positions';
import type { LayoutEvidence, ParsedFile, TextEdit } from './types';

/** How the file lays out its YAML, so inserted text looks like the user wrote it. */
export interface Layout {
  eol: '\n' | '\r\n';
  /** Spaces per nesting level. */
  step: number;
  /** Whether a block sequence's dashes are indented under its key (`key:\n  - a`) or not (`key:\n- a`). */
  indentedSequences: boolean;
}

/**
 * Detects the file's indentation width and sequence style from its parsed documents: the most frequent
 * among all its documents, so that a fix in a document without nested sequences still follows the file.
 * A part a rule sees (`file.whole` set) counts every part of its file; each part's count is kept in its memo.
 */
export function layoutOf(file: ParsedFile): Layout {
  const parts = file.whole ? file.whole.chunks.map((chunk) => chunk.file) : [file];
  const steps = new Map<number, number>();
  let indented = 0;
  let flush = 0;
  for (const part of parts) {
    const evidence = evidenceOf(part);
    for (const [delta, count] of evidence.steps) steps.set(delta, (steps.get(delta) ?? 0) + count);
    indented += evidence.indented;
    flush += evidence.flush;
  }
  let step = 2;
  let best = 0;
  for (const [delta, count] of steps) {
    if (count > best || (count === best && delta < step)) {
      step = delta;
      best = count;
    }
  }
  // kubectl and the Kubernetes documentation write sequences flush with their key; follow the file otherwise.
  return { eol: file.eol, step, indentedSequences: indented > flush };
}

function evidenceOf(file: ParsedFile): LayoutEvidence {
  // A document read header-only has no tree for its body; its lines still show how it is indented.
  return (file.memo.layout ??= file.objects.some((object) => object.headerOnly)
    ? textEvidence(file.text)
    : treeEvidence(file));
}

/** A block key with nothing after its colon: its value (a mapping or a sequence) starts on a later line. */
const OPENING_KEY = /^( *)((?:- +)*)(?:[^\s#'"\-?:][^#]*?|"[^"]*"|'[^']*'):[ \t]*(?:#.*)?$/;

/** Layout evidence from the lines of a text: each opening key against the first content line after it. */
function textEvidence(text: string): LayoutEvidence {
  const evidence: LayoutEvidence = { steps: new Map(), indented: 0, flush: 0 };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = OPENING_KEY.exec(lines[i]!.replace(/\r$/, ''));
    if (!match) continue;
    const keyColumn = match[1]!.length + match[2]!.length;
    let j = i + 1;
    while (j < lines.length && /^\s*(#.*)?\r?$/.test(lines[j]!)) j++;
    const next = lines[j];
    if (next === undefined) break;
    const column = /^ */.exec(next)![0].length;
    const delta = column - keyColumn;
    if (/^ *-( |\r?$)/.test(next)) {
      if (delta > 0) evidence.indented++;
      else if (delta === 0) evidence.flush++;
    } else if (delta > 0) {
      evidence.steps.set(delta, (evidence.steps.get(delta) ?? 0) + 1);
    }
  }
  return evidence;
}

/** Layout evidence from a parsed tree: each block mapping or sequence whose first item is on its own line. */
function treeEvidence(file: ParsedFile): LayoutEvidence {
  const evidence: LayoutEvidence = { steps: new Map(), indented: 0, flush: 0 };
  for (const { doc } of file.documents) {
    visit(doc, {
      Pair(_key, pair) {
        const keyNode = pair.key;
        const value = pair.value;
        if (!isScalar(keyNode) || !keyNode.range || !(isMap(value) || isSeq(value)) || value.flow) return;
        const first = value.items[0];
        const firstNode = isPair(first) ? first.key : first;
        const firstRange = (firstNode as YamlNode | undefined)?.range;
        if (!firstRange) return;
        const keyColumn = columnOf(file.text, keyNode.range[0]);
        // For a sequence the item's column is two past its dash.
        const childColumn = columnOf(file.text, firstRange[0]) - (isSeq(value) ? 2 : 0);
        if (lineStartOf(file.text, firstRange[0]) === lineStartOf(file.text, keyNode.range[0])) return;
        const delta = childColumn - keyColumn;
        if (isSeq(value)) {
          if (delta > 0) evidence.indented++;
          else if (delta === 0) evidence.flush++;
        } else if (delta > 0) {
          evidence.steps.set(delta, (evidence.steps.get(delta) ?? 0) + 1);
        }
      },
    });
  }
  return evidence;
}

/** Renders a plain value as block YAML lines (no base indentation, no trailing line break). */
export function renderBlockLines(value: unknown, layout: Layout): string[] {
  const text = new Document(value).toString({
    indent: layout.step,
    indentSeq: layout.indentedSequences,
    lineWidth: 0,
  });
  return text.replace(/\n$/, '').split('\n');
}

/** Renders a plain value as one line of flow YAML, for insertion into a flow collection. */
export function renderFlow(value: unknown): string {
  return new Document(value)
    .toString({ collectionStyle: 'flow', lineWidth: 0, flowCollectionPadding: false })
    .replace(/\n$/, '');
}

function indentLines(lines: string[], indent: number, eol: string): string {
  const pad = ' '.repeat(indent);
  return lines.map((line) => (line.length > 0 ? pad + line : line)).join(eol);
}

/**
 * The offset right after the last line of text that belongs to a block collection's content, ignoring the
 * blank lines and trailing comments the parser attaches to its end.
 */
function contentEnd(file: ParsedFile, node: YamlNode): number {
  let end = node.range ? node.range[1] : 0;
  while (end > 0 && /\s/.test(file.text[end - 1] ?? '')) end--;
  return end;
}

/** Inserts whole lines after the line holding `afterOffset`, at the given indentation. */
function insertLinesAfter(file: ParsedFile, afterOffset: number, lines: string[], indent: number): TextEdit {
  const { eol } = layoutOf(file);
  const body = indentLines(lines, indent, eol);
  const lineEnd = lineEndOf(file.text, afterOffset);
  if (lineEnd >= file.text.length) {
    // The last line of the file has no line break: add one before the new lines.
    return { start: file.text.length, end: file.text.length, newText: eol + body };
  }
  const nextLine = file.text.indexOf('\n', lineEnd) + 1;
  return { start: nextLine, end: nextLine, newText: body + eol };
}

/**
 * Adds `entries` to a mapping: as new lines at the end of a block mapping, as `key: {…}` pairs inside a flow
 * mapping, or as a block replacing an empty `{}`. `parentIndent` is the column of the key that owns the
 * mapping, used when the mapping has no keys to copy the indentation from. `inFlow` tells that the mapping
 * sits inside a flow collection, where block lines are not allowed: an empty `{}` there is filled in place.
 */
export function insertIntoMap(
  file: ParsedFile,
  map: YAMLMap,
  entries: Record<string, unknown>,
  parentIndent: number,
  inFlow = false,
): TextEdit | undefined {
  const layout = layoutOf(file);
  if (!map.range) return undefined;
  if (map.flow) {
    const open = map.range[0];
    const close = map.range[1] - 1;
    if (file.text[open] !== '{' || file.text[close] !== '}') return undefined;
    if (map.items.length === 0 && inFlow)
      return { start: open, end: close + 1, newText: renderFlow(entries) };
    if (map.items.length === 0) {
      // `key: {}` becomes a block mapping: replace the braces with the new lines.
      const lines = renderBlockLines(entries, layout);
      // Take the spaces between the colon and the brace too, so no line is left with trailing white space.
      let start = open;
      while (start > 0 && (file.text[start - 1] === ' ' || file.text[start - 1] === '\t')) start--;
      return {
        start,
        end: close + 1,
        newText: layout.eol + indentLines(lines, parentIndent + layout.step, layout.eol),
      };
    }
    const pairs = Object.entries(entries).map(([k, v]) => renderFlow({ [k]: v }).slice(1, -1));
    // Insert after the last item, keeping the user's spacing before the closing brace.
    const last = map.items[map.items.length - 1];
    const lastEnd = isPair(last)
      ? ((last.value as YamlNode | null)?.range?.[1] ?? (last.key as YamlNode).range?.[1])
      : undefined;
    if (lastEnd === undefined) return undefined;
    return { start: lastEnd, end: lastEnd, newText: pairs.map((p) => `, ${p}`).join('') };
  }
  const first = map.items[0];
  const firstKey = isPair(first) ? (first.key as YamlNode) : undefined;
  if (!firstKey?.range) return undefined;
  const indent = columnOf(file.text, firstKey.range[0]);
  return insertLinesAfter(file, contentEnd(file, map), renderBlockLines(entries, layout), indent);
}

/**
 * Gives a key with an empty value (`resources:`, `resources: # later`, `resources: null`) a block mapping
 * value.
 */
function fillEmptyValue(
  file: ParsedFile,
  pair: Pair<YamlNode, YamlNode | null>,
  value: Record<string, unknown>,
): TextEdit | undefined {
  const key = pair.key;
  if (!key.range) return undefined;
  const layout = layoutOf(file);
  const keyColumn = columnOf(file.text, key.range[0]);
  const lines = renderBlockLines(value, layout);
  const written = pair.value;
  if (isScalar(written) && written.range && written.range[1] > written.range[0]) {
    // A written null (`null`, `~`) must go, or it would follow the new lines; with a tag or an anchor on it,
    // the edit would change their meaning, so no fix is offered.
    if (written.tag || written.anchor) return undefined;
    let start = written.range[0];
    while (start > key.range[1] && /\s/.test(file.text[start - 1] ?? '')) start--;
    return {
      start,
      end: written.range[1],
      newText: layout.eol + indentLines(lines, keyColumn + layout.step, layout.eol),
    };
  }
  return insertLinesAfter(file, key.range[1], lines, keyColumn + layout.step);
}

/**
 * Ensures the mapping at `path` (below `root`) holds `entries`, deep-merged: missing intermediate mappings
 * are created, keys already present are left untouched, and nested entries descend into existing mappings.
 * Returns the edits, at most one per offset (insertions at the same place are joined, deepest first), or
 * undefined when the path runs through something other than mappings (existing sequence indices are
 * followed, never created) or nothing is missing.
 */
export function ensureEntries(
  file: ParsedFile,
  root: YAMLMap,
  path: readonly PathSegment[],
  entries: Record<string, unknown>,
): TextEdit[] | undefined {
  let map = root;
  let parentIndent = root.range ? columnOf(file.text, root.range[0]) : 0;
  // Whether `map` sits inside a flow collection (then nothing below it may be written as block lines).
  let inFlow = false;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (typeof segment === 'number') return undefined;
    const pair = getPair(map, segment);
    const rest = path.slice(i + 1);
    if (!pair) {
      return single(insertIntoMap(file, map, { [segment]: nest(rest, entries) }, parentIndent, inFlow));
    }
    const value = pair.value;
    if (isEmptyValue(value)) {
      if (map.flow) return undefined;
      return single(fillEmptyValue(file, pair, nest(rest, entries)));
    }
    const keyRange = pair.key.range;
    if (!keyRange) return undefined;
    parentIndent = columnOf(file.text, keyRange[0]);
    // Follow sequence indices written in the path (e.g. containers[0]) without creating any.
    inFlow = inFlow || map.flow === true;
    let next: unknown = value;
    while (typeof path[i + 1] === 'number') {
      if (!isSeq(next)) return undefined;
      inFlow = inFlow || next.flow === true;
      next = next.items[path[i + 1] as number];
      i++;
      if (isMap(next) && next.items[0] && isPair(next.items[0])) {
        const k = next.items[0].key as YamlNode;
        if (k.range) parentIndent = columnOf(file.text, k.range[0]) - layoutOf(file).step;
      }
    }
    if (!isMap(next)) return undefined;
    map = next;
  }
  const edits = mergeEntries(file, map, entries, parentIndent, inFlow);
  return edits && edits.length > 0 ? joinInsertions(edits) : undefined;
}

/**
 * Joins insertions at the same offset into one edit, their texts in array order. A nested key and a new
 * sibling of its mapping often go to the same place (`requests` ends where `limits` begins); LSP says such
 * insertions appear in array order, but not every consumer of a fix honours that (SARIF's replacements have
 * no order, and some tools apply edits from the end of the text backwards), and in the other order the
 * nested key lands under the wrong mapping. One edit per offset has only one possible result.
 */
export function joinInsertions(edits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const edit of edits) {
    const same = out.find((e) => e.start === edit.start && e.end === e.start && edit.end === edit.start);
    if (same) same.newText += edit.newText;
    else out.push({ ...edit });
  }
  return out;
}

function single(edit: TextEdit | undefined): TextEdit[] | undefined {
  return edit ? [edit] : undefined;
}

function isEmptyValue(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    (isScalar(value) && (value.value === null || value.value === undefined))
  );
}

function mergeEntries(
  file: ParsedFile,
  map: YAMLMap,
  entries: Record<string, unknown>,
  parentIndent: number,
  inFlow: boolean,
): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const missing: Record<string, unknown> = {};
  for (const [key, wanted] of Object.entries(entries)) {
    const pair = getPair(map, key);
    if (!pair) {
      missing[key] = wanted;
      continue;
    }
    if (!isPlainRecord(wanted)) continue;
    if (isEmptyValue(pair.value)) {
      if (map.flow) return undefined;
      const edit = fillEmptyValue(file, pair, wanted);
      if (!edit) return undefined;
      edits.push(edit);
    } else if (isMap(pair.value) && pair.key.range) {
      const nested = mergeEntries(
        file,
        pair.value,
        wanted,
        columnOf(file.text, pair.key.range[0]),
        inFlow || map.flow === true,
      );
      if (!nested) return undefined;
      edits.push(...nested);
    }
  }
  if (Object.keys(missing).length > 0) {
    const edit = insertIntoMap(file, map, missing, parentIndent, inFlow);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return edits;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nest(path: readonly PathSegment[], leaf: Record<string, unknown>): Record<string, unknown> {
  return path.reduceRight<Record<string, unknown>>((acc, key) => ({ [String(key)]: acc }), leaf);
}

/** Appends a new YAML document at the end of the file, separated by `---`. */
export function appendDocument(file: ParsedFile, value: unknown): TextEdit {
  const layout = layoutOf(file);
  const body = renderBlockLines(value, layout).join(layout.eol) + layout.eol;
  const text = file.text;
  const end = text.length;
  if (text.trim().length === 0) return { start: 0, end, newText: body };
  const needsBreak = !text.endsWith('\n');
  // A file that already ends with a bare `---` has opened an empty document for us to fill.
  const endsWithMarker = /(^|\n)---[ \t]*\r?\n?$/.test(text);
  const prefix = (needsBreak ? layout.eol : '') + (endsWithMarker ? '' : '---' + layout.eol);
  // The new document goes at the end of this document's part of the file. When the next part is a bare
  // document (after a `...` line, without `---`), it would read on as part of ours: ours ends with `...`.
  const following = nextPartText(file);
  const closed = following !== undefined && !/^\uFEFF?---(?:[ \t]|\r?\n|$)/.test(following);
  return { start: end, end, newText: prefix + body + (closed ? '...' + layout.eol : '') };
}

/** Replaces a key's text (e.g. renames `requiredDuring…` to `preferredDuring…`), keeping everything around it. */
export function renameKey(pair: Pair<YamlNode, unknown>, newKey: string): TextEdit | undefined {
  const range = pair.key.range;
  if (!range) return undefined;
  return { start: range[0], end: range[1], newText: newKey };
}

/** Replaces only a scalar's own text, quotes included: for numbers and booleans, written plain. */
export function replaceScalar(node: YamlNode, newText: string): TextEdit | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  return { start: node.range[0], end: node.range[1], newText };
}

/**
 * Replaces a plain or quoted string scalar's value, keeping the user's quoting style (`Always`, `"Always"`
 * and `'Always'` stay plain, double- and single-quoted). Block scalars are left alone. `value` must need no
 * escaping (enum words such as IfNotPresent or Forbid).
 */
export function replaceScalarValue(node: YamlNode, value: string): TextEdit | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const quote = node.type === 'QUOTE_DOUBLE' ? '"' : node.type === 'QUOTE_SINGLE' ? "'" : '';
  if (!quote && node.type !== 'PLAIN') return undefined;
  return { start: node.range[0], end: node.range[1], newText: quote + value + quote };
}

/** A string item rendered like its neighbour: quoted the same way when the neighbour is quoted. */
function renderLike(neighbour: unknown, item: unknown): string | undefined {
  if (typeof item !== 'string' || !isScalar(neighbour)) return undefined;
  if (neighbour.type === 'QUOTE_DOUBLE') return JSON.stringify(item);
  if (neighbour.type === 'QUOTE_SINGLE') return `'${item.replace(/'/g, "''")}'`;
  return undefined;
}

/**
 * Appends `items` to a block sequence (new `- item` lines after its last line, at its dash column and dash
 * spacing) or a flow sequence (`, item` before the closing bracket; `[]` is filled). String items are quoted
 * like the last existing item. Undefined when the sequence is in a shape this cannot edit safely.
 */
export function appendToSequence(
  file: ParsedFile,
  seq: YAMLSeq,
  items: readonly unknown[],
): TextEdit | undefined {
  const text = file.text;
  if (!seq.range || items.length === 0) return undefined;
  const last = seq.items[seq.items.length - 1];
  if (seq.flow) {
    const open = seq.range[0];
    const close = seq.range[1] - 1;
    if (text[open] !== '[' || text[close] !== ']') return undefined;
    const rendered = items.map((item) => renderLike(last, item) ?? renderFlow(item));
    if (seq.items.length === 0) return { start: open, end: close + 1, newText: `[${rendered.join(', ')}]` };
    const lastEnd = (last as YamlNode | null)?.range?.[1];
    if (lastEnd === undefined) return undefined;
    return { start: lastEnd, end: lastEnd, newText: rendered.map((r) => `, ${r}`).join('') };
  }
  const firstStart = (seq.items[0] as YamlNode | null)?.range?.[0];
  if (firstStart === undefined) return undefined;
  // The dash of the first item, on the same line as the item's content.
  let dash = firstStart - 1;
  while (dash >= 0 && text[dash] === ' ') dash--;
  if (text[dash] !== '-' || dash < lineStartOf(text, firstStart)) return undefined;
  const gap = firstStart - dash;
  const layout = layoutOf(file);
  const pad = ' '.repeat(columnOf(text, dash));
  const lines: string[] = [];
  for (const item of items) {
    const like = renderLike(last, item);
    (like !== undefined ? [like] : renderBlockLines(item, layout)).forEach((line, i) => {
      if (i === 0) lines.push(pad + '-' + ' '.repeat(gap - 1) + line);
      else lines.push(line.length > 0 ? pad + ' '.repeat(gap) + line : line);
    });
  }
  return insertLinesAfter(file, contentEnd(file, seq), lines, 0);
}

/** A pair and the mapping that holds it, for `removePair`. */
export interface PairInMap {
  map: YAMLMap;
  pair: Pair<YamlNode, YamlNode | null>;
}

/**
 * Removes the last pair of `chain` from its mapping with deletions only. When that would leave the mapping
 * empty, the pair that owns the mapping (the previous element) goes instead, and so on; the first element
 * is the outermost pair that may be removed, and only when its own mapping keeps other keys. Full-line
 * comments among the removed lines stay. Undefined when no safe deletion exists.
 */
export function removePair(file: ParsedFile, chain: readonly PairInMap[]): TextEdit[] | undefined {
  let i = chain.length - 1;
  while (i > 0 && chain[i]!.map.items.length === 1) i--;
  const link = chain[i];
  if (!link || link.map.items.length < 2) return undefined;
  return link.map.flow ? removeFromFlow(file, link.map, link.pair) : removeBlockLines(file, link.pair);
}

function pairEnd(pair: Pair<YamlNode, YamlNode | null>): number | undefined {
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
  const end = pairEnd(pair);
  if (index < 0 || start === undefined || end === undefined) return undefined;
  const next = map.items[index + 1];
  const previous = map.items[index - 1];
  let edit: TextEdit | undefined;
  if (next && isPair(next)) {
    const nextStart = (next.key as YamlNode | null)?.range?.[0];
    if (nextStart !== undefined) edit = { start, end: nextStart, newText: '' };
  } else if (previous && isPair(previous)) {
    const previousEnd = pairEnd(previous as Pair<YamlNode, YamlNode | null>);
    if (previousEnd !== undefined) edit = { start: previousEnd, end, newText: '' };
  }
  // A comment inside a flow mapping cannot be kept by a span deletion: no fix rather than a lost comment.
  if (!edit || file.text.slice(edit.start, edit.end).includes('#')) return undefined;
  return [edit];
}

/** Deletes the whole lines of a block pair, leaving full-line comments and blank lines among them. */
function removeBlockLines(file: ParsedFile, pair: Pair<YamlNode, YamlNode | null>): TextEdit[] | undefined {
  const { text } = file;
  const start = pair.key.range?.[0];
  let end = pairEnd(pair);
  if (start === undefined || end === undefined) return undefined;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  const firstLine = lineStartOf(text, start);
  // Only indentation may precede the key: `- cpu: 1` (a sequence item) is not a pair to drop by lines.
  if (text.slice(firstLine, start).trim() !== '') return undefined;
  const edits: TextEdit[] = [];
  for (let line = firstLine; line <= end && line < text.length;) {
    const lf = text.indexOf('\n', line);
    const next = lf === -1 ? text.length : lf + 1;
    const content = text.slice(line, next).trim();
    if (content !== '' && !content.startsWith('#')) {
      const previous = edits[edits.length - 1];
      if (previous && previous.end === line) previous.end = next;
      else edits.push({ start: line, end: next, newText: '' });
    }
    line = next;
  }
  return edits.length > 0 ? edits : undefined;
}

/**
 * Applies non-overlapping edits to a text with LSP's semantics: offsets refer to the original text, and
 * insertions at the same offset appear in the order of the array. Throws on overlapping edits.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = edits.map((edit, index) => ({ edit, index }));
  ordered.sort((a, b) => a.edit.start - b.edit.start || a.index - b.index);
  let out = '';
  let cursor = 0;
  for (const { edit } of ordered) {
    if (edit.start < cursor || edit.end < edit.start) throw new Error('overlapping edits');
    out += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}
