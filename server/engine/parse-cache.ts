// What carries a file's parsed parts from one version to the next: the language server keeps one ParseCache
// per open document, and parseFile (parse.ts) takes the unchanged parts from it and places them in the file.
import { bodyKindsKey } from './header';
import { withDefaults, type ParseLimits } from './limits';
import { detectEol, parsePart, type PartContext } from './parse-part';
import { patchedPart } from './patch';
import { headOf, wholeOf, type SourceText } from './pieced-text';
import { hasDirective, splitDocuments } from './split';
import { composeRegions, resplit, type EditRegion } from './split-edit';
import type { AnalysisLimits, BodyKinds, ParsedFile, SourceRef, Span } from './types';
import { detached } from './values';

/**
 * The parsed parts of one file's latest version, by text, so that an edit in one document re-parses that
 * document alone. A parse is reused only under the same bounds, kinds and line ending; the cache keeps the
 * parts of the latest version only, so it never holds more than one version of a file.
 */
export class ParseCache {
  private parts = new Map<string, ParsedFile>();
  private next = new Map<string, ParsedFile>();
  private key = '';
  /** How many parts this cache has parsed (the others it took from a version, or from a sibling). */
  parses = 0;

  /**
   * With `siblings`, a part this cache does not hold is also taken from the latest version of any other
   * cache of the group parsed under the same bounds, kinds and line ending. The Kustomize analysis gives
   * the printed output of each entry point a cache of one group: an object printed identically by two
   * entry points is the same text, so one parse (and the single-object rules' results it keeps in its memo)
   * serves both. Each cache still keeps only its own latest version, so the group holds no more than the
   * caches would on their own.
   */
  constructor(private readonly siblings?: ParseCacheGroup) {
    siblings?.members.add(this);
  }

  /** Leaves the group (a cache no longer used, whose parts should no longer be found by the others). */
  leave(): void {
    this.siblings?.members.delete(this);
  }
  /** The last text split, with its parts' texts: prime and parseFile split the same version once. */
  private split: { text: SourceText; spans: Span[]; texts: string[]; directives: boolean } | undefined;
  /** The split before that: a changed part's previous text, by its index, to patch (see parse). */
  private previous: { texts: string[] } | undefined;

  /**
   * What changed in the text since the last split, when the caller knows (the language server hears each
   * edit's range): the next split cuts only the parts the edits touched. Undefined: nothing is known, or
   * nothing changed; `unknown`: some edit's range is not known (a whole new text), so the next split cuts
   * the whole text.
   */
  private pending: EditRegion | 'unknown' | undefined;
  /** The work of the splits and parses so far, which tests read to prove that a keystroke's work is local. */
  readonly work = { partsCut: 0, partsParsed: 0, wholeSplits: 0 };

  /**
   * Records an edit of the text last split: `[start, oldEnd)` of that text (as earlier edits left it) became
   * `[start, newEnd)`. Edits must be reported in the order they were made; `undefined` stands for an edit
   * whose range is unknown.
   */
  edited(region: EditRegion | undefined): void {
    if (!this.split || this.pending === 'unknown') return;
    this.pending = region ? composeRegions(this.pending, region) : 'unknown';
  }

  /** The parts of `text` (splitDocuments) and their texts, remembered for the last text asked about. */
  partsOf(text: SourceText): { spans: Span[]; texts: string[]; directives: boolean } {
    if (this.split?.text !== text) {
      const before = this.split;
      const pending = this.pending;
      this.pending = undefined;
      this.previous = before;
      const region =
        before && !before.directives && pending !== undefined && pending !== 'unknown' ? pending : undefined;
      const consistent =
        region !== undefined && before!.text.length + region.newEnd - region.oldEnd === text.length;
      const edited = consistent ? resplit(before!.spans, before!.texts, text, region) : undefined;
      if (edited && before) {
        // The parts outside the edit keep their texts, the very strings their parses hold (see keep): a
        // look-up by such a text compares references, not characters.
        const { spans, first, count, resume } = edited;
        const texts = before.texts.slice(0, first);
        for (let index = first; index < first + count; index++)
          texts.push(text.slice(spans[index]!.start, spans[index]!.end));
        for (let index = resume; index < before.texts.length; index++) texts.push(before.texts[index]!);
        this.work.partsCut += count;
        this.split = { text, spans, texts, directives: false };
      } else {
        const whole = wholeOf(text);
        const spans = splitDocuments(whole);
        this.work.partsCut += spans.length;
        this.work.wholeSplits++;
        this.split = {
          text,
          spans,
          texts: spans.map((span) => whole.slice(span.start, span.end)),
          // splitDocuments keeps a text with directives whole, so only a single part needs the second look.
          directives: spans.length === 1 && hasDirective(whole),
        };
      }
    }
    return this.split;
  }

  /**
   * Starts a parse of a version with these bounds, line ending and kinds to read in full, which a part's
   * parse depends on besides its text: a parse under different ones empties the cache.
   */
  begin(bounds: AnalysisLimits, eol: string, bodyKinds: BodyKinds | undefined): void {
    const key = cacheKey(bounds, eol, bodyKinds);
    if (key !== this.key) this.parts.clear();
    this.key = key;
    this.next = new Map();
  }

  take(text: string): ParsedFile | undefined {
    const found = this.parts.get(text);
    // A part whose text occurs twice is parsed twice: each placement needs its own objects anyway, and
    // reusing one parse for both would be correct too, but this keeps the rule simple.
    if (found) this.parts.delete(text);
    return found ?? this.fromSiblings(text);
  }

  /** A sibling's parse of `text` in its latest version, made under the bounds this cache parses with now. */
  private fromSiblings(text: string): ParsedFile | undefined {
    for (const sibling of this.siblings?.members ?? []) {
      if (sibling === this || sibling.key !== this.key) continue;
      const found = sibling.parts.get(text);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Keeps the parse of part `index` of the latest split for the next version. The part's text in the split
   * becomes the parse's own copy of it, so that the split never holds a slice of a whole version's text and
   * the next version's look-ups of unchanged parts find their key by reference.
   */
  keep(index: number, file: ParsedFile): void {
    this.next.set(file.text, file);
    if (this.split && this.split.texts[index] === file.text) this.split.texts[index] = file.text;
  }

  /** Ends the parse of the file `uri`: only the parts of this version stay. */
  end(uri: string): void {
    // The objects of the parts that went are no longer in the file: a finding elsewhere that points at one
    // must be made again (see isDropped). A part a sibling still holds keeps its placement in the sibling's
    // file, which is another uri.
    for (const dropped of this.parts.values()) {
      const placed = dropped.memo.files?.get(uri)?.placement;
      if (placed) droppedSources.add(placed.source);
      dropped.memo.files?.delete(uri);
    }
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
    text: SourceText,
    limits: ParseLimits,
    uri: string,
    options: { bodyKinds?: BodyKinds },
    enough: () => boolean,
  ): boolean {
    const bounds = withDefaults(limits);
    if (text.length > bounds.maxFileBytes) return true;
    const eol = detectEol(headOf(text));
    const key = cacheKey(bounds, eol, options.bodyKinds);
    if (key !== this.key) {
      this.parts.clear();
      this.key = key;
    }
    const { texts, directives: wholeStream } = this.partsOf(text);
    // Past the document bound parseFile stops (one part is about one document), and so does this.
    const context: PartContext = { bounds, uri, eol, bodyKinds: options.bodyKinds, wholeStream };
    const count = Math.min(texts.length, bounds.maxDocuments);
    for (let index = 0; index < count; index++) {
      const partText = texts[index]!;
      if (this.parts.has(partText)) continue;
      const parsed = this.parse(partText, index, context);
      this.parts.set(parsed.text, parsed);
      // The split holds the parse's copy from now on (see keep).
      if (parsed.text === partText) texts[index] = parsed.text;
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
    this.parses++;
    const patched = base && patchedPart(base, text, context.bodyKinds, context.bounds.maxAliasCount);
    this.work.partsParsed++;
    return patched ?? parsePart(text, context);
  }
}

/** The sources of parts a ParseCache let go: their objects are gone from their file's latest version. */
const droppedSources = new WeakSet<SourceRef>();

/** Marks a source whose objects are gone (a part placed again with new objects: see parse.ts). */
export function dropSource(source: SourceRef): void {
  droppedSources.add(source);
}

/** Whether `source` is a part of an earlier version of its file, gone from the latest one. */
export function isDropped(source: SourceRef): boolean {
  return droppedSources.has(source);
}

/** What a part's parse depends on besides its text. */
function cacheKey(bounds: AnalysisLimits, eol: string, bodyKinds: BodyKinds | undefined): string {
  return JSON.stringify([bounds, eol, bodyKindsKey(bodyKinds)]);
}

/**
 * Caches whose parts are interchangeable (see the ParseCache constructor): a part parsed for one is taken by
 * another that meets the same text, instead of being parsed again.
 */
export class ParseCacheGroup {
  readonly members = new Set<ParseCache>();
}
