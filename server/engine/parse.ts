// A file's parse: its text cut into parts (split.ts), each part parsed on its own or taken from the previous
// version's (parse-cache.ts), and the parts placed in the file. This module is the parse's entry point: the
// pieces callers pass to it or use with it are exported from here too.
import { formatBytes, limitSetting, NoticeList, withDefaults, type ParseLimits } from './limits';
import { dropSource, type ParseCache } from './parse-cache';
import { detectEol, parsePart, type PartContext } from './parse-part';
import { headOf, wholeOf, type SourceText } from './pieced-text';
import { computeLineStarts, shifted } from './positions';
import { hasDirective, splitDocuments } from './split';
import type {
  BodyKinds,
  K8sObject,
  ParsedChunk,
  ParsedDocument,
  ParsedFile,
  PartInFile,
  SourceRef,
} from './types';

export { bodyKindsKey } from './header';
export { withDefaults, type ParseLimits } from './limits';
export { ParseCache, ParseCacheGroup } from './parse-cache';
export { partView } from './part-view';

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
 * Parses every YAML document of a file and finds the Kubernetes objects in them.
 *
 * The text is cut into its documents first (splitDocuments, sound because YAML reserves `---` and `...` at
 * the start of a line), and each is parsed on its own: with a `cache`, only documents whose text changed
 * since the previous version are parsed again, and the others' parses are placed at their new offsets
 * without being touched (their ranges count from the start of their part; see ParsedChunk).
 *
 * A document with syntax errors is kept out of `objects`: its tree may be partial and its ranges wrong. Its
 * errors stay on its `doc`, where the `invalid-yaml` rule reads them. A document without both `apiVersion`
 * and `kind` is not a Kubernetes object and yields none. Items of a `kind: List` are objects too.
 *
 * Parsing is bounded (see AnalysisLimits): a file over the size limit is not parsed at all; documents past
 * the document limit, documents nested too deeply, documents with Helm template syntax and documents that
 * expand too many aliases are skipped; a document whose parse takes longer than the time budget is left
 * unfinished. Each cause is reported once in `notices` (which the `file-skipped` and `unrendered-template`
 * rules turn into findings). This function never throws on any input text.
 */
export function parseFile(
  text: SourceText,
  limits: ParseLimits = {},
  uri = '',
  options: ParseOptions = {},
): ParsedFile {
  const bounds = withDefaults(limits);
  const notices = new NoticeList();
  const eol = detectEol(headOf(text));
  // A UTF-16 length above the limit settles it without encoding: UTF-8 never takes fewer bytes than that.
  // And one of at most a third of the limit settles it too (a UTF-16 unit never takes more than 3 UTF-8
  // bytes), without a pass over a large text on every keystroke.
  const bytes =
    text.length > bounds.maxFileBytes || text.length * 3 <= bounds.maxFileBytes
      ? text.length
      : typeof text === 'string'
        ? Buffer.byteLength(text, 'utf8')
        : text.byteLength();
  if (bytes > bounds.maxFileBytes) {
    notices.add(
      'file-too-large',
      { start: 0, end: 0 },
      `Kube Hindsight skipped this file: it is ${formatBytes(bytes)}, above the ${formatBytes(bounds.maxFileBytes)} it analyses (${limitSetting('maxFileBytes')}).`,
    );
    return {
      uri,
      text: wholeOf(text),
      textLength: text.length,
      eol,
      documents: [],
      objects: [],
      lineStarts: [0],
      notices: notices.list(),
      chunks: [],
      memo: {},
    };
  }

  const { bodyKinds, cache } = options;
  cache?.begin(bounds, eol, bodyKinds);
  const split = cache?.partsOf(text);
  const parts = split?.spans ?? splitDocuments(wholeOf(text));
  const texts = split?.texts;
  // A text with directives is one part, parsed as a whole stream (see split.ts).
  const wholeStream = split?.directives ?? (parts.length === 1 && hasDirective(wholeOf(text)));
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
    cache?.keep(index, local);
    counted = part.end;
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
    const placed = placedObjects(local, { uri, offset: part.start, line }, base, room, cache !== undefined);
    objects.push(...placed);
    for (const notice of local.notices)
      notices.add(notice.kind, shifted(notice.span, part.start), notice.message);
    chunks.push({ offset: part.start, line, file: local, objects: placed });
    // A part's line starts end with the start of the line after its last line break (the next part's).
    line += local.lineStarts.length - (local.text.endsWith('\n') ? 1 : 0);
  }
  cache?.end(uri);
  // The whole file's line starts are for the CLI and code actions; the editor's diagnostics never need them,
  // so they are put together from the parts' own when first asked for.
  let lineStarts: number[] | undefined;
  // An open document's text is joined only when something reads the whole (a keystroke's analysis does not).
  let whole = typeof text === 'string' ? text : undefined;
  return {
    uri,
    get text(): string {
      return (whole ??= wholeOf(text));
    },
    textLength: text.length,
    eol,
    documents,
    objects,
    get lineStarts(): number[] {
      return (lineStarts ??= joinLineStarts(text, chunks, counted));
    },
    notices: notices.list(),
    chunks,
    memo: {},
  };
}

/**
 * A part's objects placed in the file: their `source` says where the part is, their document indexes count
 * in the file. With a cache, a part parsed for an earlier version keeps the objects it was placed with there
 * when its first document keeps its index: only their shared `source` moves with the part. Objects that keep
 * their identity are the same objects to the related index and to the rules' remembered results, so that an
 * edit elsewhere in the file changes nothing about them. The placement is kept per file: the caches of one
 * group (ParseCache) share a part between files, and each file keeps its own objects of it.
 */
function placedObjects(
  local: ParsedFile,
  at: { uri: string; offset: number; line: number },
  base: number,
  room: number,
  reuse: boolean,
): K8sObject[] {
  const fits = Math.min(room, local.documents.length);
  const kept = local.memo.files?.get(at.uri)?.placement;
  if (reuse && kept && kept.base === base && kept.fits === fits) {
    kept.source.offset = at.offset;
    kept.source.line = at.line;
    return kept.objects;
  }
  // Objects placed anew replace those of the placement before, which are gone from the file.
  if (kept) dropSource(kept.source);
  const source: SourceRef = { ...at, lineStarts: local.lineStarts };
  const objects = local.objects
    .filter((object) => object.documentIndex < room)
    .map((object) => ({ ...object, source, documentIndex: base + object.documentIndex }));
  if (reuse) partInFile(local, at.uri).placement = { base, fits, source, objects };
  return objects;
}

declare module './types' {
  interface PartInFile {
    /** The part's objects as last placed in the file (parse.ts, placedObjects). */
    placement?: { base: number; fits: number; source: SourceRef; objects: K8sObject[] };
  }
}

/** What the file `uri` keeps about a part (ParseMemo.files), made empty when it has nothing yet. */
export function partInFile(part: ParsedFile, uri: string): PartInFile {
  const files = (part.memo.files ??= new Map());
  let kept = files.get(uri);
  if (!kept) files.set(uri, (kept = {}));
  return kept;
}

/** The file's line starts from its parts' (each begins on a line start), then the unparsed rest's. */
function joinLineStarts(text: SourceText, chunks: readonly ParsedChunk[], counted: number): number[] {
  const starts: number[] = [];
  const add = (offset: number, local: readonly number[]): void => {
    if (starts[starts.length - 1] !== offset) starts.push(offset);
    for (let i = 1; i < local.length; i++) starts.push(offset + local[i]!);
  };
  for (const chunk of chunks) add(chunk.offset, chunk.file.lineStarts);
  if (counted < text.length || starts.length === 0) add(counted, computeLineStarts(text.slice(counted)));
  return starts;
}
