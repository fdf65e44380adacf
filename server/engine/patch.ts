// A document's parse after a keystroke, made from its previous parse instead of parsing it again.
//
// Typing mostly changes one word: a letter added to an image tag, a name, a number. For such an edit the
// new text has the same YAML structure as the old one, and only one plain scalar's value (or that of a
// double-quoted string without escapes) changes, so the new parse is the old tree with that scalar resolved
// again and every range after it moved. Building it
// takes a fraction of a parse of the whole document (`yaml` reads a 10 KB Deployment in several
// milliseconds, on every keystroke). Anything that could make the structure or the reading of the text
// differ returns undefined, and the caller parses the document as usual: the conditions below are kept
// narrow on purpose, and a test compares this with a full parse on every scalar of the corpus.
import {
  Alias,
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  Pair,
  Scalar,
  YAMLMap,
  YAMLSeq,
  type Node,
  type ScalarTag,
} from 'yaml';
import { headerCut } from './header';
import { collectObjects } from './objects';
import type { BodyKinds, K8sObject, ParsedFile, SourceRef } from './types';
import { detached } from './values';

/**
 * Characters an edit may remove or insert for the patch to apply, and of which the edited scalar must be
 * made: none of them is a YAML indicator, a blank, a quote or a line break, so a run of them inside a plain
 * scalar stays inside it and changes nothing around it.
 */
const SAFE_EDIT = /^[A-Za-z0-9_./-]*$/;

/** A plain scalar of safe characters that cannot be read as anything but one plain scalar. */
const SAFE_SCALAR = /^[A-Za-z0-9_/][A-Za-z0-9_./-]*$/;

/** A double-quoted scalar on one line, without escapes. */
const SIMPLE_DOUBLE_QUOTED = /^"[^"\\\n\r]*"$/;

/** Edits longer than this (a paste) are parsed: the patch is for typing. */
const MAX_EDIT = 64;

/**
 * The parse of `text` made from `previous` (a full parse of an earlier text of the same part), or undefined
 * when the two texts differ by more than an edit inside one plain scalar (see the conditions above).
 */
export function patchedPart(
  previous: ParsedFile,
  text: string,
  bodyKinds: BodyKinds | undefined,
  maxAliasCount: number,
): ParsedFile | undefined {
  const [document, ...others] = previous.documents;
  if (!document || others.length > 0 || previous.notices.length > 0) return undefined;
  const { doc } = document;
  const previousContents = doc.contents;
  if (doc.errors.length > 0 || doc.warnings.length > 0 || !isMap(doc.contents)) return undefined;
  // resolvePlain reads scalars as the default (YAML 1.2 core) schema does; a `%YAML 1.1` document differs.
  if (doc.schema.name !== 'core') return undefined;
  if (previous.objects.some((object) => object.headerOnly)) return undefined;
  // A document no rule reads in full is read header-only: parsePart decides that, not this.
  if (bodyKinds && headerCut(text, bodyKinds) !== undefined) return undefined;

  const edit = editBetween(previous.text, text);
  if (!edit) return undefined;
  const { start, oldEnd, delta } = edit;
  const found = scalarAt(doc.contents, start, oldEnd);
  if (!found) return undefined;
  const { scalar, path, atKey } = found;
  const [from, to] = scalar.range!;
  if (scalar.tag !== undefined || scalar.anchor !== undefined) return undefined;
  // A copy, like every string the patched tree keeps: see detached.
  const written = detached(text.slice(from, to + delta));
  let source: string;
  let resolved: ReturnType<typeof resolvePlain>;
  if (scalar.type === Scalar.QUOTE_DOUBLE) {
    // A double-quoted string without escapes (Kustomize's printed output quotes every string) reads as the
    // text between its quotes, whatever it says; the edit must stay between them.
    if (
      start <= from ||
      oldEnd >= to ||
      !SIMPLE_DOUBLE_QUOTED.test(previous.text.slice(from, to)) ||
      !SIMPLE_DOUBLE_QUOTED.test(written)
    ) {
      return undefined;
    }
    source = written.slice(1, -1);
    resolved = { value: source, format: undefined, minFractionDigits: undefined };
  } else {
    if (
      scalar.type !== Scalar.PLAIN ||
      !SAFE_SCALAR.test(previous.text.slice(from, to)) ||
      !SAFE_SCALAR.test(written)
    ) {
      return undefined;
    }
    source = written;
    resolved = resolvePlain(doc, source, atKey);
    if (!resolved) return undefined;
  }

  const moved = (at: number): number => (at >= oldEnd ? at + delta : at);
  const contents = copyMoved(doc.contents, moved);
  if (!contents) return undefined;
  // The document's own fields are copied by its clone, without its tree (yaml's copy of a tree is several
  // times slower than copyMoved, as slow as parsing again).
  let copy: typeof doc;
  try {
    doc.contents = null;
    copy = doc.clone() as typeof doc;
  } finally {
    doc.contents = previousContents;
  }
  copy.contents = contents as typeof previousContents;
  if (copy.range) copy.range = [moved(copy.range[0]), moved(copy.range[1]), moved(copy.range[2])];
  const target = follow(copy.contents as Node, path);
  if (!isScalar(target)) return undefined;
  target.value = resolved.value;
  target.source = source;
  setOrDelete(target, 'format', resolved.format);
  setOrDelete(target, 'minFractionDigits', resolved.minFractionDigits);
  target.range = [from, to + delta, scalar.range![2] + delta];

  let value: unknown;
  try {
    value = copy.toJS({ maxAliasCount });
  } catch {
    return undefined;
  }
  const lineStarts = previous.lineStarts.map((at) => (at > start ? at + delta : at));
  const sourceRef: SourceRef = { uri: previous.uri, offset: 0, line: 0, lineStarts };
  const objects: K8sObject[] = [];
  collectObjects(copy.contents as YAMLMap, value, 0, [], objects, true, sourceRef);
  const range = copy.range ?? [0, 0, 0];
  const file: ParsedFile = {
    uri: previous.uri,
    text,
    eol: previous.eol,
    documents: [{ index: 0, doc: copy, span: { start: range[0], end: range[2] } }],
    objects,
    lineStarts,
    notices: [],
    chunks: [],
    textLength: text.length,
    memo: {},
  };
  file.chunks.push({ offset: 0, line: 0, file, objects });
  return file;
}

/**
 * Where two texts differ: from the end of their common beginning to the start of their common end. Only an
 * edit of safe characters (no line break among them) qualifies, so line starts move by `delta` after it.
 */
export function editBetween(
  before: string,
  after: string,
): { start: number; oldEnd: number; delta: number } | undefined {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (
    tail < shorter - start &&
    before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)
  ) {
    tail++;
  }
  const oldEnd = before.length - tail;
  const newEnd = after.length - tail;
  if (oldEnd - start > MAX_EDIT || newEnd - start > MAX_EDIT) return undefined;
  if (!SAFE_EDIT.test(before.slice(start, oldEnd)) || !SAFE_EDIT.test(after.slice(start, newEnd))) {
    return undefined;
  }
  return { start, oldEnd, delta: newEnd - oldEnd };
}

type Step = { item: number; side: 'key' | 'value' | 'item' };

/**
 * The scalar whose value holds the edit: strictly after its first character (an insertion before it could
 * join it to what precedes) and not past its end. With the path to it and whether it is a mapping key.
 */
function scalarAt(
  root: Node,
  start: number,
  oldEnd: number,
): { scalar: Scalar; path: Step[]; atKey: boolean } | undefined {
  const path: Step[] = [];
  let node: unknown = root;
  let atKey = false;
  for (;;) {
    if (isScalar(node)) {
      const range = node.range;
      return range && range[0] < start && oldEnd <= range[1] ? { scalar: node, path, atKey } : undefined;
    }
    if (!isMap(node) && !isSeq(node)) return undefined;
    let next: { node: unknown; step: Step; atKey: boolean } | undefined;
    for (const [index, item] of (node.items as unknown[]).entries()) {
      if (isPair(item)) {
        if (covers(item.key, start, oldEnd))
          next = { node: item.key, step: { item: index, side: 'key' }, atKey: true };
        else if (covers(item.value, start, oldEnd))
          next = { node: item.value, step: { item: index, side: 'value' }, atKey: false };
      } else if (covers(item, start, oldEnd)) {
        next = { node: item, step: { item: index, side: 'item' }, atKey: false };
      }
      if (next) break;
    }
    if (!next) return undefined;
    path.push(next.step);
    node = next.node;
    atKey = next.atKey;
  }
}

/** Whether a node's range holds [start, oldEnd]. */
function covers(node: unknown, start: number, oldEnd: number): boolean {
  if (!node || typeof node !== 'object' || !('range' in node)) return false;
  const range = (node as Node).range;
  return range !== undefined && range !== null && range[0] <= start && oldEnd <= range[2];
}

/** The node at `path` in a copy of the tree the path was found in. */
function follow(root: Node, path: readonly Step[]): unknown {
  let node: unknown = root;
  for (const { item, side } of path) {
    if (!isMap(node) && !isSeq(node)) return undefined;
    const entry: unknown = (node.items as unknown[])[item];
    if (side === 'item') node = entry;
    else if (isPair(entry)) node = side === 'key' ? entry.key : entry.value;
    else return undefined;
  }
  return node;
}

/**
 * A copy of a tree with every range moved by `moved`; undefined for a node of a kind it does not know. The
 * copies are made by the nodes' own classes, with their fields, as the composer makes them.
 */
function copyMoved(node: unknown, moved: (at: number) => number): Node | undefined {
  let unknownNode = false;
  const copy = (from: unknown): unknown => {
    if (isPair(from)) return new Pair(copy(from.key), copy(from.value));
    if (!isNode(from)) return from;
    let to: Node;
    if (isScalar(from)) to = Object.assign(new Scalar(from.value), from);
    else if (isMap(from)) {
      const map = Object.assign(new YAMLMap(from.schema), from);
      map.items = from.items.map((item) => copy(item) as Pair);
      to = map;
    } else if (isSeq(from)) {
      const seq = Object.assign(new YAMLSeq(from.schema), from);
      seq.items = from.items.map(copy);
      to = seq;
    } else if (isAlias(from)) to = Object.assign(new Alias(from.source), from);
    else {
      unknownNode = true;
      return from;
    }
    if (from.range) to.range = [moved(from.range[0]), moved(from.range[1]), moved(from.range[2])];
    return to;
  };
  const result = copy(node);
  return unknownNode || !isNode(result) ? undefined : result;
}

/**
 * How the document's schema reads a plain scalar (as a mapping key, when `atKey`): the first default tag
 * whose pattern matches, else a string, as the composer decides; undefined if the tag reports an error.
 */
function resolvePlain(
  doc: ParsedFile['documents'][number]['doc'],
  source: string,
  atKey: boolean,
): Pick<Scalar, 'value' | 'format' | 'minFractionDigits'> | undefined {
  const tag = doc.schema.tags.find(
    (t): t is ScalarTag =>
      (t.default === true || (atKey && t.default === 'key')) && 'test' in t && t.test?.test(source) === true,
  );
  if (!tag) return { value: source, format: undefined, minFractionDigits: undefined };
  let failed = false;
  const read: unknown = tag.resolve(source, () => (failed = true), doc.options);
  if (failed) return undefined;
  return isScalar(read)
    ? { value: read.value, format: tag.format, minFractionDigits: read.minFractionDigits }
    : { value: read, format: tag.format, minFractionDigits: undefined };
}

function setOrDelete<K extends 'format' | 'minFractionDigits'>(
  scalar: Scalar,
  key: K,
  value: Scalar[K] | undefined,
): void {
  if (value === undefined) delete scalar[key];
  else scalar[key] = value;
}
