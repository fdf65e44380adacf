// The renderer's parses: every file read through the host becomes trees with origins once per text. The
// cache is keyed by path and holds the text it parsed, so that rendering again after a keystroke in one file
// parses that file alone (a base that three overlays include is parsed once for all three).
import { parseAllDocuments } from 'yaml';
import type { Span } from '../types';
import { patchedDocuments } from './documents-patch';
import { fromYaml, type Origin, type RNode } from './tree';

/** One YAML document of a file: its tree (undefined when empty) or the first syntax error, located. */
export interface ParsedDocument {
  index: number;
  tree: RNode | undefined;
  error?: { message: string; span: Span };
}

/** Parses of files, reused while a file's text is unchanged. */
export class ParseCache {
  private readonly entries = new Map<string, { text: string; documents: ParsedDocument[] }>();
  private readonly embeddedEntries = new Map<
    string,
    { fileText: string; parsed: Map<string, ParsedDocument[]> }
  >();
  /** How many parses the cache has done (a test and the bench read it). */
  parses = 0;
  /** How many of them were patches of the parse before (documents-patch.ts). */
  patched = 0;

  /**
   * The documents of a string written in a file (an inline patch), reused while the file's text is the
   * same: then the string, its place and so its origins are the same too.
   */
  embedded(fileText: string, scalar: Origin, value: string): ParsedDocument[] {
    let entry = this.embeddedEntries.get(scalar.uri);
    if (entry === undefined || entry.fileText !== fileText) {
      entry = { fileText, parsed: new Map() };
      this.embeddedEntries.set(scalar.uri, entry);
    }
    const key = `${scalar.span.start}:${scalar.span.end}:${value.length}`;
    let documents = entry.parsed.get(key);
    if (documents === undefined) {
      documents = parseEmbedded(fileText, scalar, value);
      this.parses++;
      entry.parsed.set(key, documents);
    }
    return documents;
  }

  /**
   * The documents of a file's text, parsed now or earlier from the same text. A text typed into since the
   * last parse (one word of one value changed) is patched from that parse (documents-patch.ts), which counts
   * as a parse, and in `patched` too.
   */
  documents(uri: string, text: string): ParsedDocument[] {
    const cached = this.entries.get(uri);
    if (cached !== undefined && cached.text === text) return cached.documents;
    const patched = cached && patchedDocuments(cached.text, cached.documents, text);
    if (patched) this.patched++;
    const documents = patched ?? parseDocuments(text, uri);
    this.parses++;
    this.entries.set(uri, { text, documents });
    return documents;
  }
}

/** Parses every document of a text into trees whose origins are whole-file offsets in `uri`. */
export function parseDocuments(text: string, uri: string): ParsedDocument[] {
  const documents = parseAllDocuments(text, { uniqueKeys: false });
  return documents.map((document, index) => {
    const error = document.errors[0];
    if (error !== undefined) {
      return {
        index,
        tree: undefined,
        error: { message: error.message.split('\n')[0]!, span: { start: error.pos[0], end: error.pos[1] } },
      };
    }
    if (document.contents === null) return { index, tree: undefined };
    const tree = fromYaml(document, uri, 0, text);
    return { index, tree: index === documents.length - 1 ? clipFinalBlock(tree, text) : tree };
  });
}

/**
 * The documents of a string written inside a YAML file (a kustomization's `patch: |` block), with origins in
 * that file: each line of the string is found in the file's text within the string's node, so that a node of
 * the patch points at the very characters that wrote it. A line that cannot be found (a quoted string with
 * escapes) maps to the start of the string's node.
 */
export function parseEmbedded(fileText: string, scalar: Origin, value: string): ParsedDocument[] {
  const lines = value.split('\n');
  const valueStarts: number[] = [];
  const fileStarts: number[] = [];
  let valueOffset = 0;
  let filePosition = scalar.span.start;
  for (const line of lines) {
    valueStarts.push(valueOffset);
    const found = line === '' ? -1 : fileText.indexOf(line, filePosition);
    if (found >= 0 && found + line.length <= scalar.span.end) {
      fileStarts.push(found);
      filePosition = found + line.length;
    } else {
      fileStarts.push(line === '' ? filePosition : -1);
    }
    valueOffset += line.length + 1;
  }
  const map = (offset: number): number => {
    let low = 0;
    let high = valueStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (valueStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    const start = fileStarts[low]!;
    return start < 0 ? scalar.span.start : start + (offset - valueStarts[low]!);
  };
  return parseDocuments(value, scalar.uri).map((document) => ({
    ...document,
    tree: document.tree === undefined ? undefined : remap(document.tree, map),
    ...(document.error === undefined
      ? {}
      : {
          error: {
            ...document.error,
            span: { start: map(document.error.span.start), end: map(document.error.span.end) },
          },
        }),
  }));
}

/**
 * A block scalar that ends a text without a line break (the last line of a file without a final newline, or
 * of an inline patch, which kustomize trims) has no final newline for go-yaml, whereas `yaml` adds one. The
 * scalar that ends the text loses that newline here, unless its header keeps it (`|+`).
 */
function clipFinalBlock(node: RNode, text: string): RNode {
  if (text.endsWith('\n')) return node;
  switch (node.type) {
    case 'map': {
      const last = node.entries[node.entries.length - 1];
      if (last === undefined) return node;
      const value = clipFinalBlock(last.value, text);
      return value === last.value
        ? node
        : { ...node, entries: [...node.entries.slice(0, -1), { ...last, value }] };
    }
    case 'seq': {
      const last = node.items[node.items.length - 1];
      if (last === undefined) return node;
      const item = clipFinalBlock(last, text);
      return item === last ? node : { ...node, items: [...node.items.slice(0, -1), item] };
    }
    case 'scalar': {
      const header = text.slice(node.origin.span.start, text.indexOf('\n', node.origin.span.start));
      const block = /^[|>]/.test(header) && !header.includes('+');
      if (!block || typeof node.value !== 'string' || !node.value.endsWith('\n')) return node;
      return { ...node, value: node.value.slice(0, -1) };
    }
  }
}

/** A copy of a tree with every span moved by `map`. */
function remap(node: RNode, map: (offset: number) => number): RNode {
  const origin = (o: Origin): Origin => ({
    uri: o.uri,
    span: { start: map(o.span.start), end: map(o.span.end) },
  });
  switch (node.type) {
    case 'map':
      return {
        type: 'map',
        origin: origin(node.origin),
        entries: node.entries.map((e) => ({
          key: e.key,
          keyOrigin: origin(e.keyOrigin),
          value: remap(e.value, map),
        })),
      };
    case 'seq':
      return { type: 'seq', origin: origin(node.origin), items: node.items.map((item) => remap(item, map)) };
    case 'scalar':
      return { ...node, origin: origin(node.origin) };
  }
}
