// Cuts a YAML stream into its documents without parsing it, so that each document can be parsed (and its
// parse reused) on its own.
//
// This is sound because YAML reserves `---` and `...` at the start of a line: the spec forbids both
// (followed by a space, a tab or a line break) inside any content, quoted or block scalars and flow
// collections included ("c-forbidden"), and the `yaml` library ends whatever it was reading there. A cut
// before every such `---` line and after every such `...` line therefore splits the stream exactly where a
// full parse ends one document and begins the next, and parsing each part alone gives the same documents.
//
// The one thing a part would lose is state carried from the part before: directives (`%YAML`, `%TAG`)
// belong to the document after them, and `%YAML 1.1` even changes how later documents are read. A text with
// a directive line is therefore never cut (one part, parsed whole as before); Kubernetes manifests almost
// never have one.
import type { Span } from './types';

/**
 * The parts of `text` that hold one YAML document each (or none: a part may be only comments), in order,
 * covering the text without gaps. Every part but the first starts at the beginning of a line.
 */
export function splitDocuments(text: string): Span[] {
  if (text.length === 0) return [{ start: 0, end: 0 }];
  if (hasDirective(text)) return [{ start: 0, end: text.length }];
  const cuts: number[] = [];
  const candidates = new MarkerCandidates(text);
  for (let line = 0; line < text.length;) {
    const next = text.indexOf('\n', line);
    const lineEnd = next === -1 ? text.length : next + 1;
    if (isMarker(text, line, '---')) {
      if (line > 0) cuts.push(line);
    } else if (isMarker(text, line, '...') && lineEnd < text.length) {
      cuts.push(lineEnd);
    }
    if (next === -1) break;
    // Most lines are not markers: jump straight to the next line that starts with one of their characters.
    line = candidates.from(lineEnd);
  }
  const parts: Span[] = [];
  let start = 0;
  for (const cut of cuts) {
    if (cut <= start) continue;
    parts.push({ start, end: cut });
    start = cut;
  }
  parts.push({ start, end: text.length });
  return parts;
}

/**
 * The starts of the lines that begin with `-` or `.`, found with the engine's native string search. Each
 * search's result is kept until the scan passes it, so the text is searched once for each character.
 */
class MarkerCandidates {
  private dash = -1;
  private dot = -1;

  constructor(private readonly text: string) {}

  /** The start of the first such line at or after `from` (a line start), or the text's length. */
  from(from: number): number {
    const { text } = this;
    if (from >= text.length) return text.length;
    const c = text.charCodeAt(from);
    if (c === 0x2d || c === 0x2e) return from;
    if (this.dash !== Infinity && this.dash < from) this.dash = found(text.indexOf('\n-', from - 1));
    if (this.dot !== Infinity && this.dot < from) this.dot = found(text.indexOf('\n.', from - 1));
    const first = Math.min(this.dash, this.dot);
    return first === Infinity ? text.length : first;
  }
}

/** The line start after a `\n` found at `at`, or Infinity when there was none. */
function found(at: number): number {
  return at === -1 ? Infinity : at + 1;
}

/** Whether a document marker (`---` or `...`, then a blank, a line break or the end) begins at `at`. */
function isMarker(text: string, at: number, marker: '---' | '...'): boolean {
  if (!text.startsWith(marker, at)) return false;
  const after = text.charCodeAt(at + 3);
  // NaN past the end of the text: a marker on the last line.
  return Number.isNaN(after) || after === 0x20 || after === 0x09 || after === 0x0a || after === 0x0d;
}

/** Whether any line starts with `%`: a directive (or text so odd that the whole stream is parsed at once). */
export function hasDirective(text: string): boolean {
  return text.charCodeAt(0) === 0x25 || text.includes('\n%') || text.startsWith('\uFEFF%');
}
