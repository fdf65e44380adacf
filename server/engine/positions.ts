/** A span (or an edit) moved by `by` code units: from a part of a file to the file, for one. */
export function shifted<T extends { start: number; end: number }>(span: T, by: number): T {
  return by === 0 ? span : { ...span, start: span.start + by, end: span.end + by };
}

/** Zero-based line and UTF-16 column, as LSP counts them. */
export interface LineColumn {
  line: number;
  character: number;
}

/** Converts an offset to a zero-based line and column by binary search over the line starts. */
export function offsetToPosition(lineStarts: readonly number[], offset: number): LineColumn {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: offset - (lineStarts[low] ?? 0) };
}

/**
 * The line and column of `offset` (an offset in the file) in an object's source: its part's line starts are
 * relative to the part, which begins at the start of line `source.line`.
 */
export function sourcePosition(
  source: { offset: number; line: number; lineStarts: readonly number[] },
  offset: number,
): LineColumn {
  const { line, character } = offsetToPosition(source.lineStarts, offset - source.offset);
  return { line: line + source.line, character };
}

/** The offset of the start of the line that holds `offset`. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset of the line break (or end of text) that ends the line holding `offset`. */
export function lineEndOf(text: string, offset: number): number {
  const lf = text.indexOf('\n', offset);
  if (lf === -1) return text.length;
  return lf > 0 && text[lf - 1] === '\r' ? lf - 1 : lf;
}

/** The column of `offset` on its line (in UTF-16 code units). */
export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** The offset of the first character of every line. */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
