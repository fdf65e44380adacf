// The open documents' texts as the language server keeps them: a TextDocument whose text is a PiecedText,
// so that an incremental edit costs what the edited lines cost, not a copy of the whole text and a pass over
// all its line offsets as vscode-languageserver-textdocument's does. Positions and offsets are counted
// exactly as that library counts them (UTF-16 code units; `\r\n`, `\n` and a lone `\r` end a line), and an
// edit whose range is given end first is applied as the library applies it.
import type {
  Position,
  Range,
  TextDocument,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-textdocument';
import { PiecedText } from '../engine/pieced-text';

export class PiecedDocument implements TextDocument {
  private current: PiecedText;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private currentVersion: number,
    content: string,
  ) {
    this.current = PiecedText.of(content);
  }

  get version(): number {
    return this.currentVersion;
  }

  /** This version's text: its parts are read by the analysis without joining the whole (see ParseCache). */
  get text(): PiecedText {
    return this.current;
  }

  get lineCount(): number {
    return this.current.lineCount;
  }

  /** The whole text (joined once per version) or the text of a range. */
  getText(range?: Range): string {
    if (!range) return this.current.text();
    return this.current.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  positionAt(offset: number): Position {
    return this.current.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.current.offsetAt(position);
  }

  getLineRange(line: number): Range {
    const last = this.lineCount - 1;
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const bounds = this.current.lineBounds(Math.min(line, last));
    // Past the last line the library gives the last line's whole text, its line break included.
    const end = line > last ? bounds.next : bounds.contentEnd;
    const at = Math.min(line, last);
    return { start: { line: at, character: 0 }, end: { line: at, character: end - bounds.start } };
  }

  getEOLCharacters(line: number): string {
    if (line < 0 || line >= this.lineCount) return '';
    const { contentEnd, next } = this.current.lineBounds(line);
    return this.current.slice(contentEnd, next);
  }

  /** Applies the client's changes in order, as TextDocument.update does. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change) {
        const { start, end } = wellFormed(change.range);
        this.current = this.current.edited(this.offsetAt(start), this.offsetAt(end), change.text);
      } else {
        this.current = PiecedText.of(change.text);
      }
    }
    this.currentVersion = version;
  }
}

/** A range given end first, turned around (as the library does). */
function wellFormed(range: Range): Range {
  const { start, end } = range;
  if (start.line > end.line || (start.line === end.line && start.character > end.character))
    return { start: end, end: start };
  return range;
}
