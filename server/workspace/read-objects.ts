// What the workspace index keeps of a file it is not checking: the Kubernetes objects of each document as
// plain values, and where each document is. Cross rules read those values; a YAML tree (for the span of
// related information, or a container's range) is built only for the object a rule asks it of.
//
// The values come from `js-yaml`, which builds plain values without a syntax tree several times faster than
// `yaml` builds its tree, with the same YAML 1.2 core schema the engine uses (no merge keys, timestamps as
// strings, duplicate keys an error). Documents whose meaning or cost could differ between the two libraries
// (aliases, Go template syntax, directives, YAML that does not load) are parsed by the engine's own
// parseFile instead, so the index never disagrees with what the engine would read from the same text.
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { headerCut, needsBody } from '../engine/header';
import { parseFile } from '../engine/parse';
import { isListKind } from '../engine/objects';
import { hasDirective, splitDocuments } from '../engine/split';
import type { BodyKinds } from '../engine/types';
import { isPlainObject, scalarString } from '../engine/values';

/** Where an object is in its part's documents, whatever form its value takes. */
interface ObjectPlace {
  /** The index of its document among the part's documents. */
  localIndex: number;
  /** Path from the document root to the object: [] for a document, ['items', n] inside a List. */
  basePath: (string | number)[];
  headerOnly: boolean;
}

/** One object of a part: its value and where it is in the part's documents. */
export interface ObjectRecord extends ObjectPlace {
  value: Record<string, unknown>;
}

/**
 * An object as a worker thread sends it (reader.ts, packed): what identifies it, read already, and its
 * value as JSON text, parsed when a rule first reads it.
 */
export interface PackedObjectRecord extends ObjectPlace {
  header: ObjectHeader;
  json: string;
}

/** What the index and the cross rules' grouping read of every object without reading its value. */
export interface ObjectHeader {
  apiVersion: string;
  kind: string;
  name: string | undefined;
  namespace: string | undefined;
}

export function headerOf(value: Record<string, unknown>): ObjectHeader {
  const metadata = isPlainObject(value.metadata) ? value.metadata : {};
  const name = scalarString(metadata.name);
  const namespace = scalarString(metadata.namespace);
  return {
    apiVersion: own(String(value.apiVersion)),
    kind: own(String(value.kind)),
    name: name === undefined ? undefined : own(name),
    namespace: namespace === undefined ? undefined : own(namespace),
  };
}

/**
 * A copy of a string that shares nothing with the text it was read from. js-yaml reads from its own copy of
 * each document and returns slices of it, so one kept name would keep that whole document; the index keeps
 * headers long after the values are let go. (V8 copies strings shorter than 13 characters anyway.)
 */
function own(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}

/** One part of a file (see split.ts): where it is, the text its objects' trees are built from, its objects. */
export interface PartRecord<Objects = ObjectRecord> {
  offset: number;
  line: number;
  /** The part's text, or only its header when its objects were read header-only. */
  text: string;
  /** How many documents the part holds (document indexes of later parts count on from here). */
  documents: number;
  objects: Objects[];
}

/**
 * An alias node (`*name` where a value can start, ending where a value ends). Documents with one are
 * parsed by `yaml`, whose alias bound keeps an alias bomb from expanding; anchors alone change nothing.
 * Text that merely looks like one (in a quoted string) only costs the slower parse.
 */
const ALIAS = /(?:^|[:[{,-])[ \t]*\*[^\s,[\]{}]+[ \t]*(?:$|[,\]}#\r])/m;

/**
 * The objects of a manifest, per part, reading in full only the documents `bodyKinds` names (the others
 * header-only, as parseFile does). Never throws: a part that does not parse gives no objects.
 */
export function readObjects(text: string, uri: string, bodyKinds: BodyKinds): PartRecord[] {
  if (hasDirective(text)) return viaEngine(text, uri, bodyKinds);
  const parts: PartRecord[] = [];
  let line = 0;
  let scanned = 0;
  for (const part of splitDocuments(text)) {
    line += countLines(text, scanned, part.start);
    scanned = part.start;
    const partText = text.slice(part.start, part.end);
    const cut = headerCut(partText, bodyKinds);
    const source = cut === undefined ? partText : partText.slice(0, cut);
    // Template syntax is for the engine to judge (a `{{` in a quoted string is no template).
    const read = mayHaveAlias(source) || source.includes('{{') ? undefined : load(source);
    if (!read) {
      // The engine's own parse for this part, so that aliases and odd shapes mean what they mean there.
      parts.push(...viaEngine(partText, uri, bodyKinds).map((p) => ({ ...p, offset: part.start, line })));
      continue;
    }
    const objects = read.flatMap((value, localIndex) => objectsOf(value, localIndex));
    // A header read stands only for an object no rule needs in full; anything else is read whole.
    const headerOnly = cut !== undefined;
    const [first] = objects;
    const header = first?.value;
    if (
      headerOnly &&
      (objects.length !== 1 ||
        !header ||
        needsBody(bodyKinds, String(header.apiVersion), String(header.kind)))
    ) {
      const whole = load(partText) ?? [];
      parts.push({
        offset: part.start,
        line,
        text: partText,
        documents: documentCount(partText, whole),
        objects: whole.flatMap((value, localIndex) => objectsOf(value, localIndex)),
      });
      continue;
    }
    for (const object of objects) object.headerOnly = headerOnly;
    parts.push({ offset: part.start, line, text: source, documents: documentCount(source, read), objects });
  }
  return parts;
}

/** Whether a text may hold an alias (the regular expression runs only where a `*` is at all). */
function mayHaveAlias(text: string): boolean {
  return text.includes('*') && ALIAS.test(text);
}

/**
 * How many documents `yaml` sees in a text js-yaml loaded: a text of comments and blank lines alone is no
 * document to it (js-yaml reports one empty document), so document indexes agree with the engine's.
 */
function documentCount(text: string, loaded: readonly unknown[]): number {
  return /^[ \t]*[^\s#]/m.test(text) ? loaded.length : 0;
}

/** The documents of a text as plain values, or undefined when it does not load. */
function load(text: string): unknown[] | undefined {
  try {
    return loadAll(text, undefined, { schema: CORE_SCHEMA });
  } catch {
    // Broken YAML, or nesting deep enough to exhaust the stack: the engine's parse decides (and bounds it).
    return undefined;
  }
}

/** The Kubernetes objects of one document's value: the document itself, or the items of a list (isListKind). */
function objectsOf(value: unknown, localIndex: number): ObjectRecord[] {
  if (!isObject(value)) return [];
  if (isListKind(value.kind as string, value.items)) {
    if (!Array.isArray(value.items)) return [];
    // A list inside a list is an object of its kind, not opened, as the engine reads it (objects.ts).
    return value.items.flatMap((item: unknown, i) =>
      isObject(item) ? [{ value: item, localIndex, basePath: ['items', i], headerOnly: false }] : [],
    );
  }
  return [{ value, localIndex, basePath: [], headerOnly: false }];
}

/** Whether a value has the `apiVersion` and `kind` of a Kubernetes object. */
function isObject(value: unknown): value is Record<string, unknown> {
  return (
    isPlainObject(value) &&
    typeof value.apiVersion === 'string' &&
    typeof value.kind === 'string' &&
    value.apiVersion !== '' &&
    value.kind !== ''
  );
}

/**
 * A text through the engine's parseFile, as parts: a whole file with directives (one part), or one part
 * whose meaning the engine must decide (then placed by the caller).
 */
function viaEngine(text: string, uri: string, bodyKinds: BodyKinds): PartRecord[] {
  return parseFile(text, {}, uri, { bodyKinds }).chunks.map((chunk) => ({
    offset: chunk.offset,
    line: chunk.line,
    text: chunk.file.text,
    documents: chunk.file.documents.length,
    objects: chunk.file.objects.map((object) => ({
      value: object.value,
      localIndex: object.documentIndex,
      basePath: object.basePath,
      headerOnly: object.headerOnly === true,
    })),
  }));
}

/** How many line breaks `text` has in [from, to). */
function countLines(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
