// Small in-place edits of rendered trees. A step first copies the tree of each object it changes (`cloneNode`)
// and then edits the copy, so the object the previous step returned, and every other holder of that tree,
// never sees the change. Keeping edits in one place keeps the provenance rules in one place too: a value that
// replaces another takes the origin of what produced it; a map or key that had to be created takes the origin
// of the kustomization field that needed it.
import type { Origin, REntry, RMap, RNode, RScalar } from './tree';

/** A deep copy of a tree; origins are shared (they are never edited). */
export function cloneNode<T extends RNode>(node: T): T {
  switch (node.type) {
    case 'map':
      return {
        ...node,
        entries: node.entries.map((entry) => ({ ...entry, value: cloneNode(entry.value) })),
      } as T;
    case 'seq':
      return { ...node, items: node.items.map((item) => cloneNode(item)) } as T;
    case 'scalar':
      return { ...node } as T;
  }
}

export function scalar(value: RScalar['value'], origin: Origin): RScalar {
  return { type: 'scalar', origin, value };
}

export function emptyMap(origin: Origin): RMap {
  return { type: 'map', origin, entries: [] };
}

/** The text of a scalar as kustomize reads it (YAML's own spelling of numbers and booleans), else undefined. */
export function textOf(node: RNode | undefined): string | undefined {
  if (node?.type !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}

/** Whether a node is YAML's null (`key:` or `key: null`), which kustomize treats as a missing field. */
export function isNull(node: RNode | undefined): boolean {
  return node === undefined || (node.type === 'scalar' && node.value === null);
}

/**
 * Sets `key` in `map` to `value`: an existing entry keeps its place and its key's origin (the key is still
 * written where it was), a new entry is appended with `keyOrigin`. This is kyaml's `FieldSetter`.
 */
export function setEntry(map: RMap, key: string, value: RNode, keyOrigin: Origin): void {
  const existing = map.entries.find((entry) => entry.key === key);
  if (existing) existing.value = value;
  else map.entries.push({ key, keyOrigin, value });
}

export function removeEntry(map: RMap, key: string): REntry | undefined {
  const index = map.entries.findIndex((entry) => entry.key === key);
  if (index < 0) return undefined;
  return map.entries.splice(index, 1)[0];
}

/**
 * The map at `key`, created (at the end, pointing at `origin`) when it is missing or null: kyaml's
 * `LookupCreate(MappingNode, key)`. Undefined when the key holds a scalar or a sequence.
 */
export function mapAt(map: RMap, key: string, origin: Origin): RMap | undefined {
  const existing = map.entries.find((entry) => entry.key === key);
  if (existing === undefined) {
    const created = emptyMap(origin);
    map.entries.push({ key, keyOrigin: origin, value: created });
    return created;
  }
  if (isNull(existing.value)) {
    existing.value = emptyMap(origin);
    return existing.value;
  }
  return existing.value.type === 'map' ? existing.value : undefined;
}

/** The string pairs of a map whose values are scalars (labels, annotations, data), in their order. */
export function stringPairs(map: RNode | undefined): { key: string; value: string; entry: REntry }[] {
  if (map?.type !== 'map') return [];
  const pairs: { key: string; value: string; entry: REntry }[] = [];
  for (const entry of map.entries) {
    const value = textOf(entry.value);
    pairs.push({ key: entry.key, value: value ?? '', entry });
  }
  return pairs;
}

/** Go's `sort.Strings` order (bytes of the UTF-8 encoding), in which kustomize writes generated and merged maps. */
export function compareKeys(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'));
}
