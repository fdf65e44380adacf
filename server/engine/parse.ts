import { Composer, isMap, isScalar, isSeq, Lexer, LineCounter, Parser, type CST, type YAMLMap } from 'yaml';
import { DEFAULT_LIMITS, formatBytes, limitSetting, NoticeList } from './limits';
import { computeLineStarts, shifted } from './positions';
import { patchedPart } from './patch';
import { hasDirective, splitDocuments } from './split';
import { rememberHeaderOnlyText } from './bodies';
import { isBuiltInApiVersion } from './api-groups';
import type {
  AnalysisLimits,
  BodyKinds,
  Span,
  K8sObject,
  ParsedChunk,
  ParsedDocument,
  ParsedFile,
  SourceRef,
} from './types';

/** Bounds for one parse; any left out take their defaults (DEFAULT_LIMITS, documented in the settings). */
export type ParseLimits = Partial<AnalysisLimits>;

export interface ParseOptions {
  /**
   * The documents some rule reads beyond `apiVersion`, `kind` and `metadata` (engine.ts, bodyKindsOf).
   * Documents of any other kind are read header-only when a cheap scan of their top-level keys allows it
   * (see headerCut): the schema of a CustomResourceDefinition or the data of a ConfigMap is never parsed.
   * Left out, every document is parsed in full.
   */
  bodyKinds?: BodyKinds;
  /** The parses of the file's previous version: documents whose text is unchanged are not parsed again. */
  cache?: ParseCache;
}

/**
 * The parsed parts of one file's latest version, by text, so that an edit in one document re-parses that
 * document alone. A parse is reused only under the same bounds, kinds and line ending; the cache keeps the
 * parts of the latest version only, so it never holds more than one version of a file.
 */
export class ParseCache {
  private parts = new Map<string, ParsedFile>();
  private next = new Map<string, ParsedFile>();
  private key = '';
  /** The last text split, with its parts' texts: prime and parseFile split the same version once. */
  private split: { text: string; spans: Span[]; texts: string[]; directives: boolean } | undefined;
  /** The split before that: a changed part's previous text, by its index, to patch (see parse). */
  private previous: { texts: string[] } | undefined;

  /** The parts of `text` (splitDocuments) and their texts, remembered for the last text asked about. */
  partsOf(text: string): { spans: Span[]; texts: string[]; directives: boolean } {
    if (this.split?.text !== text) {
      this.previous = this.split;
      const spans = splitDocuments(text);
      this.split = {
        text,
        spans,
        texts: spans.map((span) => text.slice(span.start, span.end)),
        // splitDocuments keeps a text with directives whole, so only a single part needs the second look.
        directives: spans.length === 1 && hasDirective(text),
      };
    }
    return this.split;
  }

  /** Starts a parse under `key` (the options a part's parse depends on): a different key empties the cache. */
  begin(key: string): void {
    if (key !== this.key) this.parts.clear();
    this.key = key;
    this.next = new Map();
  }

  take(text: string): ParsedFile | undefined {
    const found = this.parts.get(text);
    // A part whose text occurs twice is parsed twice: each placement needs its own objects anyway, and
    // reusing one parse for both would be correct too, but this keeps the rule simple.
    if (found) this.parts.delete(text);
    return found;
  }

  keep(text: string, file: ParsedFile): void {
    this.next.set(text, file);
  }

  /** Ends the parse: only the parts of this version stay. */
  end(): void {
    this.parts = this.next;
    this.next = new Map();
  }

  /**
   * Parses ahead the parts of `text` that parseFile would parse (the ones not held yet), one part at a time
   * until `enough()` says to stop; returns true once every part is held. The language server calls it in
   * slices between turns of the event loop, so that opening a large file never keeps other requests waiting
   * for long, and drops the work when a newer version arrives. parseFile then finds every part here.
   */
  prime(
    text: string,
    limits: ParseLimits,
    uri: string,
    options: ParseOptions,
    enough: () => boolean,
  ): boolean {
    const bounds = withDefaults(limits);
    if (text.length > bounds.maxFileBytes) return true;
    const eol = detectEol(text);
    const key = cacheKey(bounds, eol, options.bodyKinds);
    if (key !== this.key) {
      this.parts.clear();
      this.key = key;
    }
    const { texts, directives: wholeStream } = this.partsOf(text);
    // Past the document bound parseFile stops (one part is about one document), and so does this.
    const context: PartContext = { bounds, uri, eol, bodyKinds: options.bodyKinds, wholeStream };
    for (const [index, partText] of texts.slice(0, bounds.maxDocuments).entries()) {
      if (this.parts.has(partText)) continue;
      this.parts.set(partText, this.parse(partText, index, context));
      if (enough()) return false;
    }
    return true;
  }

  /**
   * Parses part `index` of the latest split. When the part at that index in the previous version differs
   * from it by a few typed characters inside one plain scalar, its parse is patched instead (patch.ts),
   * which costs a fraction of parsing the document again.
   */
  parse(partText: string, index: number, context: PartContext): ParsedFile {
    const before = context.wholeStream ? undefined : this.previous?.texts[index];
    const base = before === undefined ? undefined : (this.parts.get(before) ?? this.next.get(before));
    // The parse keeps a copy of the part's text, not a slice of this version's text of the whole file: a
    // slice would keep that whole text alive for as long as the part's parse is reused, one more
    // megabyte-sized version of a bundle for every document parsed at a different time.
    const text = detached(partText);
    const patched = base && patchedPart(base, text, context.bodyKinds, context.bounds.maxAliasCount);
    return patched ?? parsePart(text, context);
  }

  get size(): number {
    return this.parts.size;
  }
}

/** What the parse of every part of one file shares: its bounds, identity, line ending and kinds to read. */
interface PartContext {
  bounds: AnalysisLimits;
  uri: string;
  eol: '\n' | '\r\n';
  bodyKinds: BodyKinds | undefined;
  /** The file has directives and is one part, parsed as a whole stream (see split.ts). */
  wholeStream: boolean;
}

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
 * Parses every YAML document of a file and finds the Kubernetes objects in them.
 *
 * The text is cut into its documents first (splitDocuments, sound because YAML reserves `---` and `...` at
 * the start of a line), and each is parsed on its own: with a `cache`, only documents whose text changed
 * since the previous version are parsed again, and the others' parses are placed at their new offsets
 * without being touched (their ranges count from the start of their part; see ParsedChunk).
 *
 * A document with syntax errors is kept out of `objects`: its tree may be partial and its ranges wrong, and
 * reporting syntax errors is the YAML extension's job, not ours. A document without both `apiVersion` and
 * `kind` is not a Kubernetes object and is skipped silently. Items of a `kind: List` are objects too.
 *
 * Parsing is bounded (see AnalysisLimits): a file over the size limit is not parsed at all; documents past
 * the document limit, documents nested too deeply, documents with Helm template syntax and documents that
 * expand too many aliases are skipped; a document whose parse takes longer than the time budget is left
 * unfinished. Each cause is reported once in `notices`. This function never throws on any input text.
 */
export function parseFile(
  text: string,
  limits: ParseLimits = {},
  uri = '',
  options: ParseOptions = {},
): ParsedFile {
  const bounds = withDefaults(limits);
  const notices = new NoticeList();
  const eol = detectEol(text);
  // A UTF-16 length above the limit settles it without encoding: UTF-8 never takes fewer bytes than that.
  const bytes = text.length > bounds.maxFileBytes ? text.length : Buffer.byteLength(text, 'utf8');
  if (bytes > bounds.maxFileBytes) {
    notices.add(
      'file-too-large',
      { start: 0, end: 0 },
      `Kube Hindsight skipped this file: it is ${formatBytes(bytes)}, above the ${formatBytes(bounds.maxFileBytes)} it analyses (${limitSetting('maxFileBytes')}).`,
    );
    return {
      uri,
      text,
      eol,
      documents: [],
      objects: [],
      lineStarts: [0],
      notices: notices.list(),
      chunks: [],
    };
  }

  const { bodyKinds, cache } = options;
  cache?.begin(cacheKey(bounds, eol, bodyKinds));
  const split = cache?.partsOf(text);
  const parts = split?.spans ?? splitDocuments(text);
  const texts = split?.texts;
  // A text with directives is one part, parsed as a whole stream (see split.ts).
  const wholeStream = split?.directives ?? (parts.length === 1 && hasDirective(text));
  const context: PartContext = { bounds, uri, eol, bodyKinds, wholeStream };
  const chunks: ParsedChunk[] = [];
  /** The line the next part begins on: parts begin on line starts, and each counts its own lines. */
  let line = 0;
  const documents: ParsedDocument[] = [];
  const objects: K8sObject[] = [];
  /** Where the parts' own line starts end: the rest of the text's are counted at the end. */
  let counted = 0;
  for (const [index, part] of parts.entries()) {
    if (documents.length >= bounds.maxDocuments) {
      if (!/\S/.test(text.slice(part.start, part.end))) continue;
      notices.add(
        'too-many-documents',
        { start: part.start, end: part.start },
        `Kube Hindsight analysed the first ${bounds.maxDocuments} documents of this file and skipped the rest, from here on (${limitSetting('maxDocuments')}).`,
      );
      break;
    }
    const partText = texts?.[index] ?? text.slice(part.start, part.end);
    const local =
      cache?.take(partText) ?? (cache ? cache.parse(partText, index, context) : parsePart(partText, context));
    cache?.keep(partText, local);
    counted = part.end;
    const source: SourceRef = { uri, offset: part.start, line, lineStarts: local.lineStarts };
    const base = documents.length;
    const room = bounds.maxDocuments - base;
    for (const document of local.documents.slice(0, room)) {
      documents.push({
        index: base + document.index,
        doc: document.doc,
        span: { start: document.span.start + part.start, end: document.span.end + part.start },
      });
    }
    if (local.documents.length > room) {
      const at = (local.documents[room]?.span.start ?? 0) + part.start;
      notices.add(
        'too-many-documents',
        { start: at, end: at },
        `Kube Hindsight analysed the first ${bounds.maxDocuments} documents of this file and skipped the rest, from here on (${limitSetting('maxDocuments')}).`,
      );
    }
    const placed = local.objects
      .filter((object) => object.documentIndex < room)
      .map((object) => ({ ...object, source, documentIndex: base + object.documentIndex }));
    objects.push(...placed);
    for (const notice of local.notices)
      notices.add(notice.kind, shifted(notice.span, part.start), notice.message);
    chunks.push({ offset: part.start, line, file: local, objects: placed });
    // A part's line starts end with the start of the line after its last line break (the next part's).
    line += local.lineStarts.length - (local.text.endsWith('\n') ? 1 : 0);
  }
  cache?.end();
  // The whole file's line starts are for the CLI and code actions; the editor's diagnostics never need them,
  // so they are put together from the parts' own when first asked for.
  let lineStarts: number[] | undefined;
  return {
    uri,
    text,
    eol,
    documents,
    objects,
    get lineStarts(): number[] {
      return (lineStarts ??= joinLineStarts(text, chunks, counted));
    },
    notices: notices.list(),
    chunks,
  };
}

/**
 * The part of `file` a rule sees as its `context.file`: the part's own parse (text, documents and line
 * starts in the part's offsets), which knows the whole file for file-wide conventions.
 */
export function partView(file: ParsedFile, chunk: ParsedChunk): ParsedFile {
  // One view per part's parse, pointed at the latest file that holds it: fixes computed later (lazily, by
  // closures a rule made when the part was first checked) follow the file as it is now.
  let view = views.get(chunk.file);
  if (!view) views.set(chunk.file, (view = { ...chunk.file }));
  view.whole = file;
  return view;
}

const views = new WeakMap<ParsedFile, ParsedFile>();

/** The text of the part after the one a rule sees (`partView`), if its file has one. */
export function nextPartText(view: ParsedFile): string | undefined {
  const chunks = view.whole?.chunks ?? [];
  const index = chunks.findIndex((chunk) => views.get(chunk.file) === view);
  return index === -1 ? undefined : chunks[index + 1]?.file.text;
}

/** The file's line starts from its parts' (each begins on a line start), then the unparsed rest's. */
function joinLineStarts(text: string, chunks: readonly ParsedChunk[], counted: number): number[] {
  const starts: number[] = [];
  const add = (offset: number, local: readonly number[]): void => {
    if (starts[starts.length - 1] !== offset) starts.push(offset);
    for (let i = 1; i < local.length; i++) starts.push(offset + local[i]!);
  };
  for (const chunk of chunks) add(chunk.offset, chunk.file.lineStarts);
  if (counted < text.length || starts.length === 0) add(counted, computeLineStarts(text.slice(counted)));
  return starts;
}

/** What a part's parse depends on besides its text. */
function cacheKey(bounds: AnalysisLimits, eol: string, bodyKinds: BodyKinds | undefined): string {
  return JSON.stringify([bounds, eol, bodyKindsKey(bodyKinds)]);
}

/** A text that is equal for two plans exactly when they parse the same documents in full. */
export function bodyKindsKey(bodyKinds: BodyKinds | undefined): string {
  return bodyKinds ? `${[...bodyKinds.kinds].sort().join(',')}|${bodyKinds.customResources}` : '*';
}

/** Whether a document of this kind and API version must be parsed in full. */
export function needsBody(bodyKinds: BodyKinds | undefined, apiVersion: string, kind: string): boolean {
  if (!bodyKinds || kind === 'List' || bodyKinds.kinds.has(kind)) return true;
  return bodyKinds.customResources && !isBuiltInApiVersion(apiVersion);
}

/**
 * Parses one part of a file (its text alone, offsets from its start): header-only when no rule needs the
 * document's body and a scan of its top-level keys says where the header ends, in full otherwise.
 */
function parsePart(text: string, context: PartContext): ParsedFile {
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

/** Top-level keys every header-only object keeps. */
const HEADER_KEYS = new Set(['apiVersion', 'kind', 'metadata']);
const TOP_LEVEL_KEY = /^([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*:(?:[ \t]|$)/;
const KIND_LINE = /^kind:[ \t]*(["']?)([A-Za-z][A-Za-z0-9]*)\1[ \t]*(?:#.*)?\r?$/m;
const API_VERSION_LINE = /^apiVersion:[ \t]*(["']?)([A-Za-z0-9./-]+)\1[ \t]*(?:#.*)?\r?$/m;

/**
 * Where the header of a document ends, when the document can be read header-only: its kind (from its
 * `kind:` line) is one no rule needs in full, its top-level keys are plain block-mapping keys, every one of
 * `apiVersion`, `kind` and `metadata` comes before the first other key, and nothing after that looks like a
 * template (`{{`) or repeats a header key. The cut is the start of the first other key's line. Anything
 * unusual returns undefined and the document is parsed in full; the parse of the header is checked again by
 * parsePart, so the scan only ever decides how much to parse, never what it means.
 */
export function headerCut(text: string, bodyKinds: BodyKinds): number | undefined {
  const kind = KIND_LINE.exec(text)?.[2];
  const apiVersion = API_VERSION_LINE.exec(text)?.[2];
  if (!kind || !apiVersion || needsBody(bodyKinds, apiVersion, kind)) return undefined;
  const seen = new Set<string>();
  let line = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (line < text.length) {
    const next = text.indexOf('\n', line);
    const end = next === -1 ? text.length : next;
    const c = text.charCodeAt(line);
    // Indented lines, comments and blank lines belong to the key above (or to nothing).
    const continues = c === 0x20 || c === 0x09 || c === 0x23 || c === 0x0a || c === 0x0d;
    if (!continues) {
      const content = text.slice(line, end).replace(/\r$/, '');
      if (content.startsWith('---')) {
        // Only a bare marker: content on the marker line is not a block mapping's key.
        if (!/^---[ \t]*(#.*)?$/.test(content)) return undefined;
      } else {
        const key = TOP_LEVEL_KEY.exec(content)?.[1];
        if (key === undefined) return undefined;
        if (!HEADER_KEYS.has(key)) {
          if (!seen.has('apiVersion') || !seen.has('kind')) return undefined;
          const rest = text.slice(line);
          if (rest.includes('{{') || /\n(apiVersion|kind|metadata)[ \t]*:/.test(rest)) return undefined;
          return line;
        }
        seen.add(key);
      }
    }
    if (next === -1) break;
    line = next + 1;
  }
  return undefined;
}

/**
 * Parses a text as a YAML stream, driving `yaml`'s lexer, parser and composer one token at a time so that
 * every bound applies before a tree is built. Offsets count from the start of `text`.
 */
function parseStream(
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
  const tokens: { offset: number; end: number | undefined; skip: SkipReason | undefined }[] = [];
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
    tokens.push({ offset: token.offset, end: undefined, skip });
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
  };
  file.chunks.push({ offset: 0, line: 0, file, objects });
  return file;
}

/** The limits with every bound left out (or explicitly undefined) set to its default. */
export function withDefaults(limits: ParseLimits | undefined): AnalysisLimits {
  const bounds = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(bounds) as (keyof AnalysisLimits)[]) {
    const value = limits?.[key];
    if (typeof value === 'number' && !Number.isNaN(value)) bounds[key] = value;
  }
  return bounds;
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
 * A template action counts only where YAML sees it as structure or as a plain scalar: `{{` opening a flow
 * mapping (`name: {{ .Release.Name }}`, `{{- if … }}`) or inside a plain scalar (`image: app:{{ .Tag }}`).
 * Quoted strings, block scalars and comments may legally hold `{{` (Prometheus alert templates, Argo
 * parameters, Grafana dashboards) and are not templates of the manifest itself.
 */
function inspectDocument(
  text: string,
  document: CST.Document,
  maxDepth: number,
): { tooDeep: boolean; templateAt: number | undefined } {
  let templateAt: number | undefined;
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
    if (found !== undefined && (templateAt === undefined || found < templateAt)) templateAt = found;
    switch (token.type) {
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (depth + 1 > maxDepth) return { tooDeep: true, templateAt };
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
  return { tooDeep: false, templateAt };
}

/** The offset of a template action this one token shows, if any (children are looked at separately). */
function templateIn(text: string, token: CST.Token): number | undefined {
  if (token.type === 'flow-map-start' || token.type === 'error') {
    return templateOpensAt(text, token.offset) ? token.offset : undefined;
  }
  if (token.type === 'scalar') {
    const at = token.source.indexOf('{{');
    return at !== -1 && token.source.indexOf('}}', at) !== -1 ? token.offset + at : undefined;
  }
  return undefined;
}

/** The first offset at or after `offset` that is not blank, for placing a notice on visible text. */
function firstContentAt(text: string, offset: number): number {
  let at = Math.min(Math.max(offset, 0), text.length);
  while (at < text.length && /\s/.test(text[at]!)) at++;
  return at === text.length ? Math.min(offset, text.length) : at;
}

export function collectObjects(
  node: YAMLMap,
  value: unknown,
  documentIndex: number,
  basePath: (string | number)[],
  out: K8sObject[],
  allowList: boolean,
  source: SourceRef,
): void {
  if (!isPlainObject(value)) return;
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) return;
  if (allowList && kind === 'List') {
    const items = node.get('items', true);
    if (!isSeq(items) || !Array.isArray(value.items)) return;
    items.items.forEach((item, i) => {
      if (isMap(item)) {
        collectObjects(item, (value.items as unknown[])[i], documentIndex, ['items', i], out, false, source);
      }
    });
    return;
  }
  const metadata = isPlainObject(value.metadata) ? value.metadata : {};
  out.push({
    source,
    apiVersion,
    kind,
    name: scalarString(metadata.name),
    namespace: scalarString(metadata.namespace),
    node,
    value,
    documentIndex,
    basePath,
  });
}

/**
 * A copy of a string that shares no memory with the string it was cut from. V8 represents a slice of a long
 * string as a view of it, which keeps the whole original alive as long as the slice lives.
 */
export function detached(text: string): string {
  // UTF-16 in and out keeps every code unit, lone surrogates included (UTF-8 would replace them).
  return text.length < 16 ? text : Buffer.from(text, 'utf16le').toString('utf16le');
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A name or namespace as written: strings and numbers (`name: 2024`) read as text, anything else as none. */
export function scalarString(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

function detectEol(text: string): '\n' | '\r\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}

function lineStartsOf(text: string, lineCounter: LineCounter): number[] {
  // The LineCounter only saw the lines the parser reached; recompute when it stopped early.
  if (lineCounter.lineStarts.length > 0) {
    const last = lineCounter.lineStarts[lineCounter.lineStarts.length - 1] ?? 0;
    if (text.indexOf('\n', last) === -1) return lineCounter.lineStarts;
  }
  return computeLineStarts(text);
}

export { isScalar };
