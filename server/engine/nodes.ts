// Navigation from a path such as `spec.template.spec.containers[1].resources` to the exact YAML node, and the
// spans the rules report at. Aliases are not followed: a node reached through an alias lives elsewhere in the
// file, and neither a squiggle nor an edit belongs there.
import { isMap, isPair, isScalar, isSeq, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import type { Span } from './types';

export type PathSegment = string | number;

/** Parses `a.b[2].c` (or `metadata.labels["app.kubernetes.io/name"]`) into segments. */
export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["([^"]*)"\]/g;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    if (m[1] !== undefined) segments.push(m[1]);
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else if (m[3] !== undefined) segments.push(m[3]);
  }
  return segments;
}

/** The pair of a block or flow mapping whose key is the scalar `key`. */
export function getPair(map: YAMLMap, key: string): Pair<YamlNode, YamlNode | null> | undefined {
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) {
      return item as Pair<YamlNode, YamlNode | null>;
    }
  }
  return undefined;
}

/** The node at `path` below `node`, or undefined when any step is missing or not a collection. */
export function nodeAt(node: unknown, path: readonly PathSegment[]): YamlNode | undefined {
  let current: unknown = node;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!isSeq(current)) return undefined;
      current = current.items[segment];
    } else {
      if (!isMap(current)) return undefined;
      current = getPair(current, segment)?.value ?? undefined;
    }
    if (current === undefined || current === null) return undefined;
  }
  return current as YamlNode;
}

/** The pair at `path` (the last segment names its key), for reporting at a key. */
export function pairAt(
  node: unknown,
  path: readonly PathSegment[],
): Pair<YamlNode, YamlNode | null> | undefined {
  const parent = nodeAt(node, path.slice(0, -1));
  const last = path[path.length - 1];
  if (!isMap(parent) || typeof last !== 'string') return undefined;
  return getPair(parent, last);
}

export function mapAt(node: unknown, path: readonly PathSegment[]): YAMLMap | undefined {
  const found = nodeAt(node, path);
  return isMap(found) ? found : undefined;
}

/** The span of a node's own text (without trailing comments or line breaks). */
export function spanOf(node: YamlNode): Span | undefined {
  if (!node.range) return undefined;
  return { start: node.range[0], end: node.range[1] };
}

/** The span of a pair's key, which is where a rule about that key points. */
export function keySpan(pair: Pair<YamlNode, unknown>): Span | undefined {
  return isScalar(pair.key) ? spanOf(pair.key) : undefined;
}

/** The span of the key at `path`, else of the deepest existing ancestor key, else of the object node. */
export function keySpanAt(root: YAMLMap, path: readonly PathSegment[]): Span | undefined {
  for (let len = path.length; len > 0; len--) {
    const sub = path.slice(0, len);
    if (typeof sub[sub.length - 1] === 'number') {
      const item = nodeAt(root, sub);
      if (item) return firstLineSpan(item);
      continue;
    }
    const pair = pairAt(root, sub);
    if (pair) return keySpan(pair);
  }
  return firstLineSpan(root);
}

/** A span covering only the first key of a collection (a whole object never gets a squiggle). */
export function firstLineSpan(node: YamlNode): Span | undefined {
  if (isMap(node)) {
    const first = node.items[0];
    if (first && isPair(first) && isScalar(first.key)) return spanOf(first.key);
  }
  return spanOf(node);
}

/** A scalar's value as a string, or undefined for collections and missing nodes. */
export function scalarText(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}
