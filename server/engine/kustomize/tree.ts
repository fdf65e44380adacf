// The trees the Kustomize renderer works on: plain YAML values in which every map, sequence, scalar and key
// remembers the file and the exact range it came from. Kustomize's output is an assembly of pieces of many
// files (a base's document, an overlay's patch, a kustomization's `images:` entry); a finding on the output is
// only useful if it can be shown where that piece is written, so the provenance travels with every node
// through merges and transformations instead of being reconstructed afterwards.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Scalar } from 'yaml';
import type { Span } from '../types';

/**
 * Where a node of a rendered object was written. `uri` is the path or URI the renderer's host named the file
 * by; `span` covers the node's value in that file's text (whole-file offsets). A node that a kustomization
 * generated rather than copied (a label from `commonLabels`, a name from `namePrefix`, a generated ConfigMap)
 * points at the kustomization's field that produced it.
 */
export interface Origin {
  uri: string;
  span: Span;
}

/** A plain scalar that go-yaml reads as an octal number. */
export const OCTAL = /^0[0-7]+$/;

export type RNode = RMap | RSeq | RScalar;

export interface RMap {
  type: 'map';
  origin: Origin;
  entries: REntry[];
}

export interface REntry {
  key: string;
  /** Where the key itself was written (for a merged entry, the key of the document that last set the value). */
  keyOrigin: Origin;
  value: RNode;
}

export interface RSeq {
  type: 'seq';
  origin: Origin;
  items: RNode[];
}

export interface RScalar {
  type: 'scalar';
  origin: Origin;
  value: string | number | boolean | null;
}

/**
 * Converts one parsed YAML document of a file into a tree with origins. `offset` is where the document's
 * parse begins in the file (0 when the whole file was parsed at once), so that spans are whole-file offsets.
 * Aliases are resolved to copies of their anchor's tree that keep the anchor's origin: the value came from
 * there. Keys that are not scalars cannot occur in Kubernetes objects and are skipped.
 *
 * With `source`, the text the document was parsed from, a plain number written with a leading zero is read as
 * go-yaml (kustomize's parser) reads it: `0755` is the octal number 493, as in YAML 1.1, where `yaml`'s core
 * schema reads 755. File modes (`defaultMode: 0755`) are where this shows.
 */
export function fromYaml(document: Document.Parsed, uri: string, offset = 0, source?: string): RNode {
  const valueOf = (node: Scalar): unknown => {
    const { value, range } = node;
    if (source === undefined || typeof value !== 'number' || node.type !== 'PLAIN' || !range) return value;
    const written = source.slice(range[0], range[1]);
    return OCTAL.test(written) ? parseInt(written, 8) : value;
  };
  const convert = (node: Node | null | undefined, fallback: Span): RNode => {
    if (isAlias(node)) {
      const target = node.resolve(document);
      return convert(target ?? null, fallback);
    }
    const span: Span =
      node?.range !== undefined && node.range !== null
        ? { start: node.range[0] + offset, end: node.range[1] + offset }
        : fallback;
    const origin: Origin = { uri, span };
    if (isMap(node)) {
      const entries: REntry[] = [];
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const keyNode = pair.key;
        const keySpan: Span = keyNode.range
          ? { start: keyNode.range[0] + offset, end: keyNode.range[1] + offset }
          : span;
        // An empty value (`key:`) has no node; it is null, located just after its key.
        const valueFallback: Span = { start: keySpan.end, end: keySpan.end };
        entries.push({
          key: String(valueOf(keyNode)),
          keyOrigin: { uri, span: keySpan },
          value: convert(pair.value as Node | null, valueFallback),
        });
      }
      return { type: 'map', origin, entries };
    }
    if (isSeq(node)) {
      return { type: 'seq', origin, items: node.items.map((item) => convert(item as Node | null, span)) };
    }
    if (isScalar(node)) {
      const value = valueOf(node);
      return {
        type: 'scalar',
        origin,
        value:
          typeof value === 'string' ||
          typeof value === 'number' ||
          typeof value === 'boolean' ||
          value === null
            ? value
            : String(value),
      };
    }
    return { type: 'scalar', origin, value: null };
  };
  const contents = document.contents as Node | null;
  const start = (contents?.range?.[0] ?? 0) + offset;
  return convert(contents, { start, end: start });
}

/** The plain JavaScript value of a tree, for comparison and printing. */
export function toValue(node: RNode): unknown {
  switch (node.type) {
    case 'map': {
      const value: Record<string, unknown> = {};
      for (const entry of node.entries) value[entry.key] = toValue(entry.value);
      return value;
    }
    case 'seq':
      return node.items.map(toValue);
    case 'scalar':
      return node.value;
  }
}

/**
 * Builds a tree from a plain value that a kustomization generated, every node pointing at `origin` (the field
 * of the kustomization that produced it).
 */
export function fromValue(value: unknown, origin: Origin): RNode {
  if (Array.isArray(value))
    return { type: 'seq', origin, items: value.map((item) => fromValue(item, origin)) };
  if (value !== null && typeof value === 'object') {
    return {
      type: 'map',
      origin,
      entries: Object.entries(value as Record<string, unknown>).map(([key, item]) => ({
        key,
        keyOrigin: origin,
        value: fromValue(item, origin),
      })),
    };
  }
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value === null
  ) {
    return { type: 'scalar', origin, value };
  }
  return { type: 'scalar', origin, value: value === undefined ? null : String(value) };
}

/** The entry of a map with the given key, if any. */
export function entryOf(map: RMap, key: string): REntry | undefined {
  return map.entries.find((entry) => entry.key === key);
}

/** The value at a path of map keys and sequence indexes, if every step exists. */
export function nodeAt(node: RNode, path: readonly (string | number)[]): RNode | undefined {
  let current: RNode | undefined = node;
  for (const step of path) {
    if (current === undefined) return undefined;
    if (typeof step === 'number') current = current.type === 'seq' ? current.items[step] : undefined;
    else current = current.type === 'map' ? entryOf(current, step)?.value : undefined;
  }
  return current;
}
