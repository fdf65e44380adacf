// One version of a large text held as pieces of a few kilobytes, each with its own line starts, so that an
// edit makes a new version by re-cutting the pieces it touched and sharing the others. The language server
// keeps each open document this way (server/lsp/pieced-document.ts): a keystroke in a 16 MB file then costs
// neither a copy of the whole text (V8 copies a whole string to read from a concatenation of its slices) nor
// a pass over all its line offsets. The whole text is joined only when something asks for it, once per
// version.

/** Pieces are cut at the first line break after this many UTF-16 units (a longer line makes a longer piece). */
const PIECE_UNITS = 8 * 1024;

/** How many times any version joined its whole text, which tests read to prove that a keystroke does not. */
export const piecedTextWork = { joins: 0 };

/**
 * Offsets of the line starts of `text`, as vscode-languageserver-textdocument counts them: a line ends at
 * `\r\n`, `\n` or a lone `\r`. The first entry is 0; an entry at `text.length` (a final line break) is kept
 * only when `final`.
 */
function lineStartsOf(text: string, final: boolean): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch !== 13 && ch !== 10) continue;
    if (ch === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (i + 1 < text.length || final) starts.push(i + 1);
  }
  return starts;
}

/** `text` cut into pieces that each end with a line feed (but the last), of about PIECE_UNITS each. */
function cut(text: string, into: string[]): void {
  let from = 0;
  while (text.length - from > PIECE_UNITS) {
    const lf = text.indexOf('\n', from + PIECE_UNITS - 1);
    if (lf === -1) break;
    into.push(text.slice(from, lf + 1));
    from = lf + 1;
  }
  if (from < text.length) into.push(from === 0 ? text : text.slice(from));
}

/**
 * An immutable version of a text. Every piece but the last ends with a line feed, so that a piece always
 * begins on a line start and no line break (a `\r\n` pair included) is split between two pieces.
 */
export class PiecedText {
  /** The whole text, once joined. */
  private whole: string | undefined;

  private constructor(
    private readonly pieces: readonly string[],
    /** Per piece, its own line starts (see lineStartsOf; final only for the last piece). */
    private readonly lines: readonly (readonly number[])[],
    /** Per piece, the offset it starts at; one more entry: the text's length. */
    private readonly offsets: readonly number[],
    /** Per piece, the line it starts on; one more entry: the number of lines. */
    private readonly firstLines: readonly number[],
    /** Per piece, its length in UTF-8 bytes once counted (carried to the next version for the pieces it keeps). */
    private readonly bytes: (number | undefined)[] = [],
  ) {}

  static of(text: string): PiecedText {
    const pieces: string[] = [];
    cut(text, pieces);
    return PiecedText.from(pieces);
  }

  private static from(
    pieces: string[],
    lines: (readonly number[])[] = [],
    bytes: (number | undefined)[] = [],
  ): PiecedText {
    if (pieces.length === 0) pieces.push('');
    const last = pieces.length - 1;
    for (let i = 0; i < pieces.length; i++) {
      if (lines[i] === undefined || i === last) lines[i] = lineStartsOf(pieces[i]!, i === last);
    }
    const offsets: number[] = [0];
    const firstLines: number[] = [0];
    for (let i = 0; i < pieces.length; i++) {
      offsets.push(offsets[i]! + pieces[i]!.length);
      firstLines.push(firstLines[i]! + lines[i]!.length);
    }
    return new PiecedText(pieces, lines, offsets, firstLines, bytes);
  }

  get length(): number {
    return this.offsets[this.pieces.length]!;
  }

  /** How many lines vscode-languageserver-textdocument counts (a final line break begins one more). */
  get lineCount(): number {
    return this.firstLines[this.pieces.length]!;
  }

  /** The first piece: it holds the text's first line break, if there is one (see detectEol). */
  get head(): string {
    return this.pieces[0]!;
  }

  /** The text's length in UTF-8 bytes, counting only the pieces no version counted before. */
  byteLength(): number {
    let total = 0;
    for (let i = 0; i < this.pieces.length; i++)
      total += this.bytes[i] ??= Buffer.byteLength(this.pieces[i]!, 'utf8');
    return total;
  }

  /** The whole text, joined once per version and only when asked. */
  text(): string {
    if (this.whole === undefined) {
      piecedTextWork.joins++;
      this.whole = this.pieces.length === 1 ? this.pieces[0]! : this.pieces.join('');
    }
    return this.whole;
  }

  /** The text from `start` to `end` (as String.prototype.slice takes them, without negative offsets). */
  slice(start = 0, end = this.length): string {
    start = Math.max(0, Math.min(start, this.length));
    end = Math.max(start, Math.min(end, this.length));
    if (this.whole !== undefined) return this.whole.slice(start, end);
    let index = this.pieceAt(start);
    let result = '';
    for (let at = start; at < end; index++) {
      const base = this.offsets[index]!;
      const piece = this.pieces[index]!;
      result += piece.slice(at - base, Math.min(piece.length, end - base));
      at = base + piece.length;
    }
    return result;
  }

  /** The line and character of an offset, as TextDocument.positionAt gives them. */
  positionAt(offset: number): { line: number; character: number } {
    offset = Math.max(0, Math.min(offset, this.length));
    const index = this.pieceAt(offset);
    const starts = this.lines[index]!;
    const local = offset - this.offsets[index]!;
    const line = lastAtOrBefore(starts, local);
    const lineStart = starts[line]!;
    return {
      line: this.firstLines[index]! + line,
      character: this.beforeLineBreak(index, local, lineStart) - lineStart,
    };
  }

  /** The offset of a line and character, as TextDocument.offsetAt gives it. */
  offsetAt(position: { line: number; character: number }): number {
    if (position.line >= this.lineCount) return this.length;
    if (position.line < 0) return 0;
    const index = lastAtOrBefore(this.firstLines, position.line, this.pieces.length - 1);
    const starts = this.lines[index]!;
    const line = position.line - this.firstLines[index]!;
    const lineStart = starts[line]!;
    if (position.character <= 0) return this.offsets[index]! + lineStart;
    const nextLineStart = starts[line + 1] ?? this.pieces[index]!.length;
    const local = Math.min(lineStart + position.character, nextLineStart);
    return this.offsets[index]! + this.beforeLineBreak(index, local, lineStart);
  }

  /**
   * Where line `line` (0 to lineCount - 1) starts, where its content ends (before its line break) and
   * where the next line starts (the text's length for the last line).
   */
  lineBounds(line: number): { start: number; contentEnd: number; next: number } {
    const index = lastAtOrBefore(this.firstLines, line, this.pieces.length - 1);
    const starts = this.lines[index]!;
    const local = line - this.firstLines[index]!;
    const base = this.offsets[index]!;
    const next = starts[local + 1] ?? this.pieces[index]!.length;
    return {
      start: base + starts[local]!,
      contentEnd: base + this.beforeLineBreak(index, next, starts[local]!),
      next: base + next,
    };
  }

  /**
   * A new version with `[start, end)` replaced by `insert`: the pieces from the one holding `start` to the
   * one holding `end` are cut again, the others are shared with this version.
   */
  edited(start: number, end: number, insert: string): PiecedText {
    start = Math.max(0, Math.min(start, this.length));
    end = Math.max(start, Math.min(end, this.length));
    const first = this.pieceAt(start);
    const last = this.pieceAt(end);
    const middle =
      this.pieces[first]!.slice(0, start - this.offsets[first]!) +
      insert +
      this.pieces[last]!.slice(end - this.offsets[last]!);
    const pieces = this.pieces.slice(0, first);
    const lines = this.lines.slice(0, first);
    const bytes = this.bytes.slice(0, first);
    // The middle ends with the line feed that ended the last piece touched, unless that piece is the last.
    cut(middle, pieces);
    const resume = pieces.length;
    for (let i = last + 1; i < this.pieces.length; i++) {
      pieces.push(this.pieces[i]!);
      lines[resume + i - last - 1] = this.lines[i]!;
      bytes[resume + i - last - 1] = this.bytes[i];
    }
    return PiecedText.from(pieces, lines, bytes);
  }

  /** The piece that holds `offset` (the last piece that starts at or before it). */
  private pieceAt(offset: number): number {
    return lastAtOrBefore(this.offsets, offset, this.pieces.length - 1);
  }

  /** TextDocument never places a position between a line's content and its line break, nor inside one. */
  private beforeLineBreak(index: number, local: number, lineStart: number): number {
    const piece = this.pieces[index]!;
    while (local > lineStart) {
      const ch = piece.charCodeAt(local - 1);
      if (ch !== 13 && ch !== 10) break;
      local--;
    }
    return local;
  }
}

/** The index of the last entry of the ascending `values` at or before `target` (0 if none), up to `max`. */
function lastAtOrBefore(values: readonly number[], target: number, max = values.length - 1): number {
  let low = 0;
  let high = max;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (values[mid]! <= target) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** A file's text as the parser takes it: a string, or an open document's PiecedText. */
export type SourceText = string | PiecedText;

/** The whole text (a PiecedText joins it). */
export function wholeOf(text: SourceText): string {
  return typeof text === 'string' ? text : text.text();
}

/** A start of the text that holds its first line break, if it has one (all that detectEol reads). */
export function headOf(text: SourceText): string {
  return typeof text === 'string' ? text : text.head;
}
