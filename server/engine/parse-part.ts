// The parse of one part of a file (one document, as split.ts cuts it) from its text alone, in offsets from
// the part's start: header-only when no enabled rule reads the document's body and a scan of its top-level
// keys says where the header ends (header.ts), in full otherwise (parse-stream.ts).
import { rememberHeaderOnlyText } from './bodies';
import { headerCut, needsBody } from './header';
import { parseStream } from './parse-stream';
import { computeLineStarts } from './positions';
import type { AnalysisLimits, BodyKinds, ParsedFile, SourceRef } from './types';

/** What the parse of every part of one file shares: its bounds, identity, line ending and kinds to read. */
export interface PartContext {
  bounds: AnalysisLimits;
  uri: string;
  eol: '\n' | '\r\n';
  bodyKinds: BodyKinds | undefined;
  /** The file has directives and is one part, parsed as a whole stream (see split.ts). */
  wholeStream: boolean;
}

/**
 * Parses one part of a file (its text alone, offsets from its start): header-only when no rule needs the
 * document's body and a scan of its top-level keys says where the header ends, in full otherwise.
 */
export function parsePart(text: string, context: PartContext): ParsedFile {
  const { bounds, uri, eol, bodyKinds, wholeStream } = context;
  const cut = bodyKinds && !wholeStream ? headerCut(text, bodyKinds) : undefined;
  if (cut !== undefined) {
    const header = parseStream(text.slice(0, cut), bounds, uri, eol, false);
    const [document] = header.documents;
    const [object] = header.objects;
    // The header must stand as a document of its own, or the whole document is parsed after all.
    if (
      header.documents.length === 1 &&
      document &&
      document.doc.errors.length === 0 &&
      header.objects.length === 1 &&
      object &&
      object.basePath.length === 0 &&
      !needsBody(bodyKinds, object.apiVersion, object.kind)
    ) {
      const lineStarts = computeLineStarts(text);
      const source: SourceRef = { uri, offset: 0, line: 0, lineStarts };
      // The body is there to read on demand (bodies.ts): a rule that needs it after all need not re-parse.
      rememberHeaderOnlyText(object.node, text);
      const file: ParsedFile = {
        uri,
        text,
        eol,
        // The document spans the whole part (its body included), so that ignore comments in the body count.
        documents: [{ ...document, span: { start: document.span.start, end: contentEnd(text) } }],
        objects: [{ ...object, source, headerOnly: true }],
        lineStarts,
        notices: header.notices,
        chunks: [],
        textLength: text.length,
        memo: {},
      };
      file.chunks.push({ offset: 0, line: 0, file, objects: file.objects });
      return file;
    }
  }
  return parseStream(text, bounds, uri, eol, wholeStream);
}

/** The end of the text without its trailing blank lines, as the parser ends a document's range. */
function contentEnd(text: string): number {
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  return end;
}

/** The line ending of the text's first line, which inserted text follows. */
export function detectEol(text: string): '\n' | '\r\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}
