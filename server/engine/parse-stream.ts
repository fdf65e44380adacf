// The parse of one text as a YAML stream, bounded: `yaml`'s lexer, parser and composer are driven token by
// token so that every document is measured (nesting depth, Helm template syntax) before its tree is built,
// and lexing a long text can stop at the time budget between any two lexemes. Every skipped document becomes
// a notice (ARCHITECTURE.md, "Bounds and failure").
import { Composer, isMap, Lexer, LineCounter, Parser, type CST } from 'yaml';
import { limitSetting, NoticeList } from './limits';
import { collectObjects } from './objects';
import { computeLineStarts } from './positions';
import type { AnalysisLimits, K8sObject, ParsedDocument, ParsedFile, SourceRef } from './types';

/**
 * Texts up to this length are lexed without looking at the clock: the lexer and parser are linear, so even
 * the slowest input of this size parses in a few tens of milliseconds, far inside any time budget. (Depth is
 * still measured before a tree is built.)
 */
const UNTIMED_BYTES = 64 * 1024;

/** How many lexemes pass between two looks at the clock: reading it for each would cost more than lexing. */
const CLOCK_EVERY = 1024;

/** Why a document's tree was never built. */
type SkipReason = 'too-deep' | 'helm-template';

/**
 * Parses a text as a YAML stream, driving `yaml`'s lexer, parser and composer one token at a time so that
 * every bound applies before a tree is built. Offsets count from the start of `text`.
 */
export function parseStream(
  text: string,
  bounds: AnalysisLimits,
  uri: string,
  eol: '\n' | '\r\n',
  wholeStream: boolean,
): ParsedFile {
  const notices = new NoticeList();
  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  // logLevel 'error' keeps the library from printing process warnings (e.g. on Helm's `{{ }}`) to stderr.
  // Source tokens are not kept: ranges come from the nodes and the LineCounter, and edits from the text, so
  // keeping them would only hold every document's syntax tokens in memory (and give the collector more to
  // copy on every keystroke).
  const composer = new Composer({ logLevel: 'error' });
  /** Per document token, in the order the composer receives them (it builds one document from each). */
  const tokens: {
    offset: number;
    end: number | undefined;
    skip: SkipReason | undefined;
    /** A `{{ }}` inside a plain scalar: a template only if the document then fails to parse. */
    embedded: number | undefined;
  }[] = [];
  let stoppedAt: number | undefined;
  const now = (): number => performance.now();

  /** Looks at one top-level token before the composer gets it: what to hand over instead, or stop. */
  const admit = (token: CST.Token): CST.Token | undefined => {
    const last = tokens[tokens.length - 1];
    if (last && last.end === undefined) last.end = token.offset;
    if (token.type !== 'document') {
      // Template syntax that broke the YAML ends up in error tokens between documents.
      if (token.type === 'error' && templateOpensAt(text, token.offset))
        addTemplateNotice(notices, token.offset);
      return token;
    }
    if (tokens.length >= bounds.maxDocuments) {
      notices.add(
        'too-many-documents',
        { start: token.offset, end: token.offset },
        `Kube Hindsight analysed the first ${bounds.maxDocuments} documents of this file and skipped the rest, from here on (${limitSetting('maxDocuments')}).`,
      );
      return undefined;
    }
    const shape = inspectDocument(text, token, bounds.maxDepth);
    const skip = shape.tooDeep ? 'too-deep' : shape.templateAt !== undefined ? 'helm-template' : undefined;
    if (shape.templateAt !== undefined) addTemplateNotice(notices, shape.templateAt);
    tokens.push({ offset: token.offset, end: undefined, skip, embedded: shape.embeddedAt });
    // A skipped document is handed over without its content: its tree is never built.
    return skip ? { type: 'document', offset: token.offset, start: token.start, end: [] } : token;
  };
  // The tokens go through this generator on their way to the composer, so that every document is measured
  // (depth, template syntax) before its tree is built, and lexing can stop between any two lexemes.
  function* inspected(): Generator<CST.Token> {
    let documentStarted = now();
    let lexemes = 0;
    let documentStart = 0;
    if (text.length <= UNTIMED_BYTES) {
      // Too short to come near the time budget: the parser's own loop, without a look at the clock. (It
      // reports the first line's start itself.)
      for (const token of parser.parse(text)) {
        const admitted = admit(token);
        if (!admitted) return;
        yield admitted;
      }
      return;
    }
    lineCounter.addNewLine(0);
    const lexer = new Lexer().lex(text, false);
    for (let lexeme = lexer.next(); ; lexeme = lexer.next()) {
      if (!lexeme.done && ++lexemes % CLOCK_EVERY === 0 && now() - documentStarted > bounds.timeBudgetMs) {
        stoppedAt = documentStart;
        return;
      }
      for (const token of lexeme.done ? parser.end() : parser.next(lexeme.value)) {
        const admitted = admit(token);
        if (!admitted) return;
        yield admitted;
        if (admitted.type === 'document') {
          documentStarted = now();
          documentStart = parser.offset;
        }
      }
      if (lexeme.done) return;
    }
  }

  const docs: ParsedDocument['doc'][] = [];
  try {
    for (const doc of composer.compose(inspected())) docs.push(doc as ParsedDocument['doc']);
  } catch {
    // The composer is designed not to throw; this guards against a library bug taking the server down.
  }
  if (stoppedAt !== undefined) {
    const at = firstContentAt(text, stoppedAt);
    notices.add(
      'time-budget',
      { start: at, end: at },
      wholeStream
        ? `Kube Hindsight stopped here: parsing this document took longer than ${bounds.timeBudgetMs} ms (${limitSetting('timeBudgetMs')}), so it and the documents after it were not analysed.`
        : `Kube Hindsight stopped here: parsing this document took longer than ${bounds.timeBudgetMs} ms (${limitSetting('timeBudgetMs')}), so it was not analysed.`,
    );
  }

  const lineStarts = lineStartsOf(text, lineCounter);
  const source: SourceRef = { uri, offset: 0, line: 0, lineStarts };
  const documents: ParsedDocument[] = [];
  const objects: K8sObject[] = [];
  docs.forEach((doc, index) => {
    const token = tokens[index];
    const range = doc.range ?? [0, 0, 0];
    // A skipped document's tree is empty, so its span comes from where its tokens began and ended.
    const span = token?.skip
      ? { start: token.offset, end: token.end ?? text.length }
      : { start: range[0], end: range[2] };
    documents.push({ index, doc, span });
    if (token?.skip === 'too-deep') {
      notices.add(
        'too-deep',
        { start: span.start, end: span.start },
        `Kube Hindsight skipped this document: it nests deeper than ${bounds.maxDepth} levels (${limitSetting('maxDepth')}).`,
      );
    }
    // Go template text inside a plain scalar is ordinary YAML (`value: /{{ .Name }}/config`) unless the
    // document does not parse: then the template is the likely cause, and the notice says so.
    if (token?.embedded !== undefined && !token.skip && doc.errors.length > 0) {
      addTemplateNotice(notices, token.embedded);
    }
    if (token?.skip || doc.errors.length > 0 || !isMap(doc.contents)) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: bounds.maxAliasCount });
    } catch (error) {
      // Too many aliases (an alias bomb), or an alias to nothing: the document is not analysable.
      const message = String(error);
      if (message.includes('Excessive alias count') || message.includes('Alias resolution is disabled')) {
        notices.add(
          'too-many-aliases',
          { start: span.start, end: span.start },
          `Kube Hindsight skipped this document: its aliases expand beyond ${bounds.maxAliasCount} (${limitSetting('maxAliasCount')}), the shape of an alias bomb.`,
        );
      }
      return;
    }
    collectObjects(doc.contents, value, index, [], objects, true, source);
  });
  const file: ParsedFile = {
    uri,
    text,
    eol,
    documents,
    objects,
    lineStarts,
    notices: notices.list(),
    chunks: [],
    textLength: text.length,
    memo: {},
  };
  file.chunks.push({ offset: 0, line: 0, file, objects });
  return file;
}

function addTemplateNotice(notices: NoticeList, offset: number): void {
  // Once per file, at the first `{{`: a template has many, and counting them would say nothing more.
  if (notices.has('helm-template')) return;
  notices.add(
    'helm-template',
    { start: offset, end: offset + 2 },
    'This looks like a Helm template; analyse the output of `helm template` instead. Documents with `{{ }}` outside strings and block scalars were not analysed.',
  );
}

/** Whether the text has a template action (`{{`) at `offset`. */
function templateOpensAt(text: string, offset: number): boolean {
  return text.startsWith('{{', offset);
}

/**
 * Walks a document's concrete syntax tree without recursion (its depth is what is being measured) and tells
 * whether its collections nest deeper than `maxDepth`, and where the first Go template action is.
 *
 * A template action counts only where YAML sees it as structure or at the start of a plain scalar: `{{`
 * opening a flow mapping (`name: {{ .Release.Name }}`, `{{- if … }}`). Further inside a plain scalar
 * (`value: /{{ .ObjectMeta.Namespace }}/config`, `image: app:{{ .Tag }}`) it is ordinary text of a document
 * that parses as YAML, and is reported as `embeddedAt`: a template only if the document fails to parse.
 * Quoted strings, block scalars and comments may legally hold `{{` (Prometheus alert templates, Argo
 * parameters, Grafana dashboards) and are not templates of the manifest itself.
 */
function inspectDocument(
  text: string,
  document: CST.Document,
  maxDepth: number,
): { tooDeep: boolean; templateAt: number | undefined; embeddedAt: number | undefined } {
  let templateAt: number | undefined;
  let embeddedAt: number | undefined;
  // Without `{{` anywhere in the text there is no template to find, only the depth to measure (this runs on
  // every keystroke's document).
  const mayHaveTemplate = text.includes('{{');
  // Tokens and their depths in two stacks, so that a walk of a large document allocates next to nothing.
  const tokens: CST.Token[] = [];
  const depths: number[] = [];
  const push = (token: CST.Token | null | undefined, depth: number): void => {
    if (token) {
      tokens.push(token);
      depths.push(depth);
    }
  };
  const pushAll = (list: readonly CST.Token[] | undefined, depth: number): void => {
    if (list) for (const token of list) push(token, depth);
  };
  pushAll(document.start, 0);
  push(document.value, 0);
  pushAll(document.end, 0);
  for (let token = tokens.pop(); token; token = tokens.pop()) {
    const depth = depths.pop()!;
    const found = mayHaveTemplate ? templateIn(text, token) : undefined;
    if (found?.embedded === false && (templateAt === undefined || found.at < templateAt))
      templateAt = found.at;
    if (found?.embedded && (embeddedAt === undefined || found.at < embeddedAt)) embeddedAt = found.at;
    switch (token.type) {
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (depth + 1 > maxDepth) return { tooDeep: true, templateAt, embeddedAt };
        if (token.type === 'flow-collection') {
          push(token.start, depth);
          pushAll(token.end, depth);
        }
        for (const entry of token.items as CST.CollectionItem[]) {
          pushAll(entry.start, depth + 1);
          push(entry.key, depth + 1);
          pushAll(entry.sep, depth + 1);
          push(entry.value, depth + 1);
        }
        break;
      }
      case 'alias':
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        pushAll(token.end, depth);
        break;
      case 'block-scalar':
        pushAll(token.props, depth);
        break;
      default:
        break;
    }
  }
  return { tooDeep: false, templateAt, embeddedAt };
}

/**
 * The offset of a template action this one token shows, if any (children are looked at separately), and
 * whether it is embedded in a plain scalar's text rather than where YAML sees structure.
 */
function templateIn(text: string, token: CST.Token): { at: number; embedded: boolean } | undefined {
  if (token.type === 'flow-map-start' || token.type === 'error') {
    return templateOpensAt(text, token.offset) ? { at: token.offset, embedded: false } : undefined;
  }
  if (token.type === 'scalar') {
    const at = token.source.indexOf('{{');
    if (at === -1 || token.source.indexOf('}}', at) === -1) return undefined;
    return { at: token.offset + at, embedded: at > 0 };
  }
  return undefined;
}

/** The first offset at or after `offset` that is not blank, for placing a notice on visible text. */
function firstContentAt(text: string, offset: number): number {
  let at = Math.min(Math.max(offset, 0), text.length);
  while (at < text.length && /\s/.test(text[at]!)) at++;
  return at === text.length ? Math.min(offset, text.length) : at;
}

function lineStartsOf(text: string, lineCounter: LineCounter): number[] {
  // The LineCounter only saw the line breaks the lexer reported: it stops early, and around a syntax error
  // it can skip some in the middle (a plain scalar broken by a line that is no key), which would put every
  // later line of the file, and every later part, on the wrong line. Its count is checked against the text.
  const starts = computeLineStarts(text);
  const counted = lineCounter.lineStarts;
  return counted.length === starts.length && counted[counted.length - 1] === starts[starts.length - 1]
    ? counted
    : starts;
}
