import { lineEndOf, lineStartOf } from '../../server/engine/positions';
import { defineInputRule } from '../../server/engine/rule';
import type { Span } from '../../server/engine/types';
import { explainYamlError } from './plain-words';
import story from './story.md';

/**
 * Syntax errors reported per document at most. The first error is the cause and the next few are often its
 * echoes; a binary file read as YAML would otherwise give one per line.
 */
const MAX_PER_DOCUMENT = 5;

export default defineInputRule(
  {
    id: 'invalid-yaml',
    title: 'YAML that does not parse',
    category: 'input',
    concern: 'validity',
    defaultSeverity: 'error',
    description:
      'A YAML document has a syntax error (a key indented out of line, a missing `:`, an unclosed quote, a duplicate key, a tab used for indentation).',
    rationale:
      'A document that does not parse is a document no rule has checked: without this finding, a manifest that ' +
      'broke at one line would pass as clean while `kubectl apply` rejects it, or a more lenient tool applies ' +
      'something other than what was meant. The rest of the file is still analysed.',
    remediation:
      'Fix the syntax at the flagged line; the message says what the parser expected there. The document is ' +
      'analysed again as soon as it parses. In an editor whose YAML extension already reports syntax errors, ' +
      'set `kubeHindsight.reportSyntaxErrors` to false to see each error once.',
    messages: {
      syntax: 'YAML syntax error ({code}): {explanation} Kube Hindsight checks this document once it parses.',
    },
    story,
  },
  ({ file }, report) => {
    // The documents of the file in order, as many as were analysed: documents past `maxDocuments` are
    // reported by file-skipped, not here.
    let remaining = file.documents.length;
    for (const chunk of file.chunks) {
      if (remaining <= 0) break;
      const part = chunk.file;
      const documents = part.documents.slice(0, remaining);
      remaining -= documents.length;
      // A template's `{{ }}` is not YAML: its errors are what unrendered-template already says.
      if (part.notices.some((notice) => notice.kind === 'helm-template')) continue;
      for (const { doc } of documents) {
        const lines = new Set<number>();
        for (const error of doc.errors) {
          if (lines.size >= MAX_PER_DOCUMENT) break;
          const span = located(part.text, error.pos, error.message);
          // One finding per line: the parser often reports an error and its echo at the same place.
          const line = lineStartOf(part.text, span.start);
          if (lines.has(line)) continue;
          lines.add(line);
          report({
            messageId: 'syntax',
            data: { code: error.code, explanation: explainYamlError(error.code, error.message) },
            span: { start: span.start + chunk.offset, end: span.end + chunk.offset },
          });
        }
      }
    }
  },
);

/**
 * Where a parse error's squiggle goes. The parser's range is kept when it covers text, and a range of one
 * character at the start of a word (a duplicate key, a stray value) is widened to the word. An unclosed
 * string is reported where the text ends; the squiggle goes to its opening quote instead, from there to the
 * end of that line. A range on blanks (the indentation before a misplaced key) moves to the next content
 * that is not a comment, else to the content of its own line or of the last line with content before it,
 * so that the squiggle is visible on the line at fault.
 */
function located(text: string, [from, to]: [number, number], message: string): Span {
  const start = Math.min(Math.max(from, 0), text.length);
  const end = Math.min(Math.max(to, start), text.length);
  const quote = /^Missing closing (["'])quote/.exec(message)?.[1];
  const opening = quote === undefined ? undefined : openingQuote(text, start, quote);
  if (opening !== undefined) return contentOf(text, opening, lineEndOf(text, opening))!;
  if (/\S/.test(text.slice(start, end))) {
    if (end - start !== 1 || !WORD.test(text[start]!)) return { start, end };
    let wordEnd = end;
    while (wordEnd < text.length && WORD.test(text[wordEnd]!)) wordEnd++;
    return { start, end: wordEnd };
  }
  const lineStart = lineStartOf(text, start);
  const lineEnd = lineEndOf(text, start);
  // Blanks after content (the end of a line): that line.
  if (/\S/.test(text.slice(lineStart, start))) return contentOf(text, lineStart, lineEnd)!;
  // Indentation: the content after it, past comment lines. The parser places an error about a misaligned
  // key at the start of the comments above it, and the squiggle (and an ignore comment) belongs to the key.
  for (let at = start; at !== -1 && at < text.length;) {
    const content = contentOf(text, at, lineEndOf(text, at));
    if (content && text[content.start] !== '#') return content;
    at = text.indexOf('\n', at);
    if (at !== -1) at++;
  }
  // Only blanks and comments up to the end of the text: the last line with content before the error.
  const previous = text.slice(0, lineStart).trimEnd().length;
  if (previous === 0) return { start, end: start };
  return contentOf(text, lineStartOf(text, previous - 1), previous) ?? { start, end: start };
}

/** Characters of a plain key or value (no blank, no YAML indicator that ends one). */
const WORD = /[^\s:,[\]{}#"']/;

/**
 * The opening quote of a string left unclosed before `end`: the last quote character that is not escaped
 * (a backslash before a double quote, a doubled single quote), since any other would have closed it.
 */
function openingQuote(text: string, end: number, quote: string): number | undefined {
  // lastIndexOf treats a negative start as 0, so the search ends explicitly at the first character.
  const before = (at: number): number => (at <= 0 ? -1 : text.lastIndexOf(quote, at - 1));
  for (let at = before(end); at !== -1; at = before(at)) {
    if (quote === '"') {
      let backslashes = 0;
      while (text[at - 1 - backslashes] === '\\') backslashes++;
      if (backslashes % 2 === 0) return at;
    } else if (text[at - 1] === "'") {
      at--;
    } else return at;
  }
  return undefined;
}

/** The non-blank stretch of text[from, to), without surrounding blanks, if there is one. */
function contentOf(text: string, from: number, to: number): Span | undefined {
  const slice = text.slice(from, to);
  const leading = slice.length - slice.trimStart().length;
  const trimmed = slice.trim();
  return trimmed ? { start: from + leading, end: from + leading + trimmed.length } : undefined;
}
