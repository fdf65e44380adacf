// The parts of a new version of a text, from the parts of the version before and the region an edit
// replaced: only the parts the edit touches are cut again (split.ts), so that a keystroke in a large file
// costs what its document costs, not a scan of the whole text.
import { hasDirective, splitDocuments } from './split';
import type { Span } from './types';

/**
 * What changed between two versions of a text: the text before had `[start, oldEnd)` where the text after
 * has `[start, newEnd)`; everything before `start` and after those ends is the same in both.
 */
export interface EditRegion {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** The region of two edits made one after the other: `next` is in the offsets of the text after `first`. */
export function composeRegions(first: EditRegion | undefined, next: EditRegion): EditRegion {
  if (!first) return next;
  const start = Math.min(first.start, next.start);
  // The furthest point either edit reached, in the offsets of the text between the two edits.
  const reach = Math.max(first.newEnd, next.oldEnd);
  return {
    start,
    // Past first.newEnd the middle text is the old text moved by the first edit's growth.
    oldEnd: first.oldEnd + (reach - first.newEnd),
    newEnd: reach + (next.newEnd - next.oldEnd),
  };
}

/** A split of a text into parts, and how many parts were cut again to make it (for the work counters). */
export interface ResplitResult {
  spans: Span[];
  /** Index of the first part cut again; the parts before it are the old ones, unchanged. */
  first: number;
  /** How many new parts the edited region was cut into. */
  count: number;
  /** Index, in the old parts, of the first part after the region (its text is unchanged, only moved). */
  resume: number;
}

/**
 * The parts of `text` given `old` (the parts of the text before the edit, as splitDocuments cut them) and
 * the edit's region; undefined when the edit may change how the whole text is cut (a directive line typed,
 * an empty text), so the caller splits the whole text instead.
 *
 * Every cut is at a line start that splitDocuments decides from that line alone (a `---` line begins a part,
 * a `...` line ends one), so the cuts outside the edited parts stay where they were: the parts from the one
 * that ends at or after the edit's start to the one that begins at or before its end are cut again, and the
 * others are kept, moved by the edit's growth. The part before an edit on a part's first line is among them,
 * because the edit may join that part's last line with the marker line, or unmake the marker.
 */
export function resplit(
  old: readonly Span[],
  oldTexts: readonly string[],
  text: { readonly length: number; slice(start: number, end: number): string },
  region: EditRegion,
): ResplitResult | undefined {
  if (text.length === 0 || old.length === 0) return undefined;
  const delta = region.newEnd - region.oldEnd;
  let first = firstEndingAtOrAfter(old, region.start);
  // An edit on a part's first line may unmake the marker that began it (`---` becoming `---x`): the part
  // before is cut again with it.
  const firstLineEnd = lineEndIn(oldTexts, old, first);
  if (first > 0 && (firstLineEnd === -1 || region.start <= firstLineEnd)) first--;
  const last = lastStartingAtOrBefore(old, region.oldEnd);
  if (first > last) return undefined;
  const from = old[first]!.start;
  const to = old[last]!.end + delta;
  if (to < from || to > text.length) return undefined;
  const middle = text.slice(from, to);
  // A directive makes the whole stream one part: the caller cuts the whole text again.
  if (hasDirective(middle)) return undefined;
  const spans: Span[] = old.slice(0, first);
  const cut = middle.length === 0 ? [] : splitDocuments(middle);
  for (const span of cut) spans.push({ start: span.start + from, end: span.end + from });
  for (let index = last + 1; index < old.length; index++) {
    const span = old[index]!;
    spans.push(delta === 0 ? span : { start: span.start + delta, end: span.end + delta });
  }
  if (spans.length === 0) return undefined;
  return { spans, first, count: cut.length, resume: last + 1 };
}

/**
 * The offset of the first line feed at or after the start of part `index`, read from the parts' own texts
 * (the text before the edit is not at hand: only its parts are); -1 when there is none.
 */
function lineEndIn(texts: readonly string[], spans: readonly Span[], index: number): number {
  for (let at = index; at < spans.length; at++) {
    const lf = texts[at]!.indexOf('\n');
    if (lf !== -1) return spans[at]!.start + lf;
  }
  return -1;
}

/** The index of the first span whose end is at or after `offset` (the last span if none). */
function firstEndingAtOrAfter(spans: readonly Span[], offset: number): number {
  let low = 0;
  let high = spans.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (spans[mid]!.end >= offset) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** The index of the last span whose start is at or before `offset` (0 if none). */
function lastStartingAtOrBefore(spans: readonly Span[], offset: number): number {
  let low = 0;
  let high = spans.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (spans[mid]!.start <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}
