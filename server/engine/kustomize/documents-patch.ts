// A file's trees after a keystroke, made from its previous trees instead of parsing it again: the renderer's
// counterpart of the engine's patch.ts. Typing in a base mostly changes one word of one value (an image
// tag, a name, a number); then the new trees are the old ones with that value read again and every origin
// after it moved, and the documents before it keep their very trees (so that what was printed from them
// stays printed: printed.ts). Anything that could make the structure or the reading of the text differ
// returns undefined, and the caller parses the file as usual; a test compares this with a full parse.
import { parse } from 'yaml';
import { editBetween } from '../patch';
import type { Span } from '../types';
import { OCTAL, type Origin, type RNode } from './tree';

/** One document of a file as documents.ts parses it (its ParsedDocument; that module imports this one). */
export interface TreeDocument {
  index: number;
  tree: RNode | undefined;
  error?: { message: string; span: Span };
}

/** A plain scalar of characters that cannot end it or start anything else on its line, in block context. */
const PLAIN = /^[A-Za-z0-9_/][A-Za-z0-9_./:-]*$/;
/** What may come before a value on its line: indentation, sequence dashes, and a simple key. */
const LINE_BEFORE = /^[ \t]*(?:- +)*(?:[A-Za-z0-9_./-]+:[ \t]+)?$/;
/** What may come after a value on its line: blanks. */
const LINE_AFTER = /^[ \t]*$/;

/**
 * The documents of `text` made from `documents`, the parse of `before`, when the two texts differ by a short
 * edit of safe characters inside one plain scalar value written alone on its line; otherwise undefined.
 */
export function patchedDocuments(
  before: string,
  documents: readonly TreeDocument[],
  text: string,
): TreeDocument[] | undefined {
  const edit = editBetween(before, text);
  if (!edit) return undefined;
  const { start, oldEnd, delta } = edit;
  // Directives can change how scalars read (YAML 1.1); an error leaves no tree to patch; an alias's copy of
  // an anchored value would need the same change where the alias is written.
  if (
    /^%/m.test(before) ||
    /[&*]/.test(before) ||
    documents.some((document) => document.error !== undefined)
  ) {
    return undefined;
  }
  const found = valuesHolding(documents, start, oldEnd);
  if (found === undefined || found.length !== 1) return undefined;
  const scalar = found[0]!;
  if (scalar.type !== 'scalar') return undefined;
  const { span } = scalar.origin;
  const lineStart = before.lastIndexOf('\n', span.start - 1) + 1;
  const lineEnd = before.indexOf('\n', span.end);
  const written = before.slice(span.start, span.end);
  const rewritten = text.slice(span.start, span.end + delta);
  if (
    !PLAIN.test(written) ||
    !PLAIN.test(rewritten) ||
    rewritten.endsWith(':') ||
    !LINE_BEFORE.test(before.slice(lineStart, span.start)) ||
    !LINE_AFTER.test(before.slice(span.end, lineEnd < 0 ? before.length : lineEnd).replace(/\r$/, ''))
  ) {
    return undefined;
  }
  // The value must read as the full parse read the old one, which proves that the scalar is what it seems.
  const old = readPlain(written);
  const value = readPlain(rewritten);
  if (old === undefined || value === undefined || old.value !== scalar.value) return undefined;

  const moved = (at: number): number => (at >= oldEnd ? at + delta : at);
  const move = (origin: Origin): Origin =>
    origin.span.end < start
      ? origin
      : { uri: origin.uri, span: { start: moved(origin.span.start), end: moved(origin.span.end) } };
  const copy = (node: RNode): RNode => {
    if (node === scalar) {
      return {
        type: 'scalar',
        origin: { uri: node.origin.uri, span: { start: span.start, end: span.end + delta } },
        value: value.value,
      };
    }
    // A node that ends before the edit, and everything in it, stays as it is.
    if (node.origin.span.end < start) return node;
    switch (node.type) {
      case 'map':
        return {
          type: 'map',
          origin: move(node.origin),
          entries: node.entries.map((entry) => ({
            key: entry.key,
            keyOrigin: move(entry.keyOrigin),
            value: copy(entry.value),
          })),
        };
      case 'seq':
        return { type: 'seq', origin: move(node.origin), items: node.items.map(copy) };
      case 'scalar':
        return { ...node, origin: move(node.origin) };
    }
  };
  return documents.map((document) =>
    document.tree === undefined ? document : { index: document.index, tree: copy(document.tree) },
  );
}

/**
 * The scalar values whose span holds [start, oldEnd] with a character before it (an insertion at a value's
 * start could join it to what precedes), over every document; undefined when a key's span holds it.
 */
function valuesHolding(
  documents: readonly TreeDocument[],
  start: number,
  oldEnd: number,
): RNode[] | undefined {
  const out: RNode[] = [];
  let atKey = false;
  const holds = (origin: Origin): boolean => origin.span.start <= start && oldEnd <= origin.span.end;
  const walk = (node: RNode): void => {
    if (!holds(node.origin)) return;
    switch (node.type) {
      case 'map':
        for (const entry of node.entries) {
          if (holds(entry.keyOrigin)) atKey = true;
          walk(entry.value);
        }
        return;
      case 'seq':
        for (const item of node.items) walk(item);
        return;
      case 'scalar':
        if (node.origin.span.start < start) out.push(node);
    }
  };
  for (const document of documents) if (document.tree) walk(document.tree);
  return atKey ? undefined : out;
}

/** How a plain scalar reads on its own, as parseDocuments reads it in a block (go-yaml's octal included). */
function readPlain(written: string): { value: string | number | boolean | null } | undefined {
  let value: unknown;
  try {
    value = parse(written);
  } catch {
    return undefined;
  }
  if (typeof value === 'number' && OCTAL.test(written)) return { value: parseInt(written, 8) };
  return typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value === null
    ? { value }
    : undefined;
}
