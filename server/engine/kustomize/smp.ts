// Strategic merge as kustomize v5 does it: kyaml's walk and merge2 (kyaml/yaml/walk, kyaml/yaml/merge2), not
// apimachinery's strategic merge patch. The differences are visible in the output, so they are reproduced:
// elements a patch adds to a merged list come first (kustomize merges with `ListIncreaseDirection: Prepend`),
// `$setElementOrder` and `$retainKeys` are ordinary keys, a key whose value is empty (`key:`) disappears from
// a patched object, and a list without a patch strategy in the schema (every list of a CRD) is replaced.
// Trees are never mutated: a node the patch leaves alone is returned as is, so it keeps its origin.
import { fieldSchema, type MergeSchema } from './merge-schema';
import type { REntry, RMap, RNode, RScalar, RSeq } from './tree';

/** A merge kustomize itself refuses (a map patched onto a list, an unknown `$patch` value). */
export class MergeError extends Error {}

const DIRECTIVE = '$patch';

/** Merges `patch` into `dest` under `schema`; undefined when the result is deleted (`$patch: delete`). */
export function strategicMerge(
  dest: RNode,
  patch: RNode,
  schema: MergeSchema | undefined,
): RNode | undefined {
  return walk(dest, patch, schema, false, []);
}

const isNull = (node: RNode | undefined): boolean =>
  node === undefined || (node.type === 'scalar' && node.value === null);

/** A null written out (`~`, `null`) rather than an empty value (`key:`): kyaml keeps the former. */
const isWrittenNull = (node: RNode | undefined): node is RScalar =>
  node !== undefined &&
  node.type === 'scalar' &&
  node.value === null &&
  node.origin.span.end > node.origin.span.start;

/**
 * One step of kyaml's walker. `associative` is whether the schema gives the list here a `merge` strategy
 * (only lists read it); `path` names the field for messages. The kind of node is the destination's, or the
 * patch's when the destination is missing or null.
 */
function walk(
  dest: RNode | undefined,
  patch: RNode | undefined,
  schema: MergeSchema | undefined,
  associative: boolean,
  path: string[],
  keys: string[] = [],
): RNode | undefined {
  const kind = !isNull(dest) ? dest!.type : !isNull(patch) ? patch!.type : 'map';
  for (const node of [dest, patch]) {
    if (!isNull(node) && node!.type !== kind) {
      throw new MergeError(
        `${path.join('.') || 'the object'} is a ${describe(dest!)} in the resource but a ${describe(patch!)} in the patch`,
      );
    }
  }
  if (kind === 'scalar') return patch !== undefined ? patch : dest;
  if (kind === 'seq') {
    if (!associative) return patch !== undefined ? patch : dest;
    return walkList(dest as RSeq | undefined, patch as RSeq | RScalar | undefined, schema, keys, path);
  }
  return walkMap(dest as RMap | RScalar | undefined, patch as RMap | RScalar | undefined, schema, path);
}

function describe(node: RNode): string {
  return node.type === 'map' ? 'map' : node.type === 'seq' ? 'list' : 'scalar';
}

/** The `$patch` directive of a map, and the map without it. */
function mapDirective(node: RMap): { directive: string; rest: RMap } {
  const entry = node.entries.find((e) => e.key === DIRECTIVE);
  if (entry === undefined) return { directive: 'merge', rest: node };
  const value = entry.value.type === 'scalar' ? String(entry.value.value) : '';
  if (value !== 'delete' && value !== 'replace' && value !== 'merge') {
    throw new MergeError(`unknown patch strategy '${value}'`);
  }
  return { directive: value, rest: { ...node, entries: node.entries.filter((e) => e !== entry) } };
}

function walkMap(
  dest: RMap | RScalar | undefined,
  patch: RMap | RScalar | undefined,
  schema: MergeSchema | undefined,
  path: string[],
): RNode | undefined {
  let base: RMap;
  let source: RMap | undefined;
  if (isNull(dest)) {
    if (patch === undefined) return isWrittenNull(dest) ? dest : undefined;
    if (patch.type !== 'map') return patch;
    const { directive, rest } = mapDirective(patch);
    if (directive === 'delete') return undefined;
    // A map only the patch has is the patch's, walked against itself so that its nested directives apply.
    base = rest;
    source = rest;
  } else {
    if (patch !== undefined && patch.type === 'scalar') return undefined; // null clears the map
    const map = dest as RMap;
    if (patch === undefined) {
      base = map;
    } else {
      const { directive, rest } = mapDirective(patch);
      if (directive === 'delete') return undefined;
      if (directive === 'replace') {
        base = rest;
        source = rest;
      } else {
        base = map;
        source = rest;
      }
    }
  }
  return mergeFields(base, source, schema, path);
}

/**
 * kyaml visits the union of both maps' keys in sorted order: an existing key keeps its place, a new one is
 * appended, and a key whose merged value is missing or null (unless written out in the destination and left
 * alone by the patch) is removed.
 */
function mergeFields(
  base: RMap,
  source: RMap | undefined,
  schema: MergeSchema | undefined,
  path: string[],
): RMap {
  if (source === undefined) return keepFields(base, schema, path);
  const names = new Set(base.entries.map((e) => e.key));
  for (const entry of source?.entries ?? []) names.add(entry.key);
  const entries = [...base.entries];
  let changed = false;
  for (const name of [...names].sort(compareStrings)) {
    const destEntry = base.entries.find((e) => e.key === name);
    const patchEntry = source === base ? destEntry : source?.entries.find((e) => e.key === name);
    const field = fieldSchema(schema, name);
    const list = field?.list;
    const value = walk(
      destEntry?.value,
      patchEntry?.value,
      field?.next,
      list?.strategies.includes('merge') ?? false,
      [...path, name],
      list?.keys,
    );
    const index = destEntry === undefined ? -1 : entries.indexOf(destEntry);
    // A null survives only where the destination wrote it and the patch did not touch the key; a null the
    // patch writes (even inside a map only the patch has) removes the key.
    const untouched = source !== base && patchEntry === undefined;
    const kept =
      value !== undefined &&
      (!isNull(value) || (untouched && value === destEntry?.value && isWrittenNull(value)));
    if (!kept) {
      if (index >= 0) {
        entries.splice(index, 1);
        changed = true;
      }
      continue;
    }
    if (destEntry !== undefined && value === destEntry.value) continue;
    // A patch that restates a value (a list element's merge key, the object's name) changes nothing: the
    // value stays the base's, where a finding about it belongs.
    if (destEntry !== undefined && sameScalar(destEntry.value, value!)) continue;
    const fromPatch = patchEntry !== undefined && value === patchEntry.value;
    const entry = {
      key: name,
      keyOrigin: fromPatch || destEntry === undefined ? patchEntry!.keyOrigin : destEntry.keyOrigin,
      value: value!,
    };
    if (index >= 0) entries[index] = entry;
    else entries.push(entry);
    changed = true;
  }
  return changed || base !== source ? { ...base, entries } : base;
}

/**
 * A map the patch does not touch, walked as kyaml walks it: unchanged but for keys whose value is empty
 * (`key:`), which kyaml drops, at any depth. The common case of an untouched subtree, so it avoids the
 * general walk's sorting and lookups.
 */
function keepFields(base: RMap, schema: MergeSchema | undefined, path: string[]): RMap {
  let entries: REntry[] | undefined;
  base.entries.forEach((entry, index) => {
    const value = entry.value;
    let kept: RNode | undefined = value;
    if (value.type === 'scalar') {
      if (value.value === null && !isWrittenNull(value)) kept = undefined;
    } else {
      const field = fieldSchema(schema, entry.key);
      const list = field?.list;
      kept = walk(
        value,
        undefined,
        field?.next,
        list?.strategies.includes('merge') ?? false,
        [...path, entry.key],
        list?.keys,
      );
      if (kept !== undefined && isNull(kept) && !isWrittenNull(kept)) kept = undefined;
    }
    if (kept === value && entries === undefined) return;
    entries ??= base.entries.slice(0, index);
    if (kept !== undefined) entries.push(kept === value ? entry : { ...entry, value: kept });
  });
  return entries === undefined ? base : { ...base, entries };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The `$patch` directive of a list: an element that holds nothing but `$patch`. */
function listDirective(node: RSeq): { directive: string; rest: RSeq } {
  const element = node.items.find(
    (item) => item.type === 'map' && item.entries.some((e) => e.key === DIRECTIVE),
  ) as RMap | undefined;
  if (element === undefined || element.entries.length > 1) return { directive: 'merge', rest: node };
  const value = element.entries[0]!.value;
  const directive = value.type === 'scalar' ? String(value.value) : '';
  if (directive !== 'delete' && directive !== 'replace' && directive !== 'merge') {
    throw new MergeError(`unknown patch strategy '${directive}'`);
  }
  const rest = node.items.filter(
    (item) =>
      !(item.type === 'map' && (item.entries.length === 0 || valueText(item, DIRECTIVE) === directive)),
  );
  return { directive, rest: { ...node, items: rest } };
}

/** The text of a field of an element as kyaml compares it ('' when missing, empty or not a scalar). */
function valueText(element: RNode, key: string): string {
  if (element.type !== 'map') return '';
  const value = element.entries.find((e) => e.key === key)?.value;
  if (value === undefined || value.type !== 'scalar' || value.value === null) return '';
  return String(value.value);
}

function walkList(
  dest: RSeq | undefined,
  patch: RSeq | RScalar | undefined,
  schema: MergeSchema | undefined,
  keys: string[],
  path: string[],
): RNode | undefined {
  let target: RSeq;
  let source: RSeq | undefined;
  if (isNull(dest)) {
    if (patch === undefined || patch.type !== 'seq') return patch;
    target = patch;
    source = patch;
  } else {
    if (patch !== undefined && patch.type === 'scalar') return undefined;
    if (patch === undefined) {
      target = dest!;
    } else {
      const { directive, rest } = listDirective(patch);
      if (directive === 'delete') return undefined;
      if (directive === 'replace') return rest;
      target = dest!;
      source = rest;
    }
  }
  return keys.length === 0
    ? mergePrimitives(target, source)
    : mergeByKeys(target, source, schema, keys, path);
}

/** A list of scalars with a merge strategy (finalizers): the union, the patch's values first. */
function mergePrimitives(dest: RSeq, patch: RSeq | undefined): RSeq {
  const seen = new Map<string, RNode>();
  for (const item of [...(patch?.items ?? []), ...dest.items]) {
    const text = item.type === 'scalar' ? String(item.value) : '';
    if (!seen.has(text)) seen.set(text, item);
  }
  const items = [...seen.values()];
  const same = items.length === dest.items.length && items.every((item, i) => item === dest.items[i]);
  return same ? dest : { ...dest, items };
}

/** The element of a list whose fields have these values (kyaml's `ElementList`). */
function findElement(list: RSeq | undefined, keys: string[], values: string[]): RNode | undefined {
  return list?.items.find(
    (item) =>
      item.type === 'map' &&
      keys.every((key, i) => {
        const value = item.entries.find((e) => e.key === key)?.value;
        return value !== undefined && value.type === 'scalar' && String(value.value ?? '') === values[i];
      }),
  );
}

/**
 * A list merged element by element on its merge keys (kyaml's walkAssociativeSequence with prepend): the
 * patch's elements in the patch's order, then the destination's others in theirs; an element whose merge is
 * deleted leaves the list. With several keys (ports: `containerPort` and `protocol`) kyaml fills a key a
 * patch element leaves out from a destination element that agrees on the others, and moves the
 * destination's elements after the patch's new ones; both are reproduced.
 */
function mergeByKeys(
  dest: RSeq,
  patch: RSeq | undefined,
  schema: MergeSchema | undefined,
  keys: string[],
  path: string[],
): RSeq {
  let valuesList: string[][] = [];
  const seen = new Set<string>();
  for (const source of patch === undefined || patch === dest ? [dest] : [patch, dest]) {
    for (const item of source.items) {
      const values = keys.map((key) => valueText(item, key));
      const id = JSON.stringify(values);
      if (!seen.has(id)) {
        seen.add(id);
        valuesList.push(values);
      }
    }
  }
  if (keys.length > 1) valuesList = mergeValues(valuesList);
  const validKeySet = new Set(keys.filter((_, i) => valuesList.some((values) => values[i] !== '')));
  const merged: { node: RNode; from: RNode | undefined }[] = [];
  let destItems = dest.items;
  for (const values of valuesList) {
    const [validKeys, validValues] = validate(validKeySet, keys, values);
    // kyaml looks the element up by the keys this tuple has a value for (elementValueList validates again).
    const lookupKeys = validKeys.filter((_, i) => validValues[i] !== '');
    const [findKeys, findValues] =
      lookupKeys.length > 0
        ? [lookupKeys, validValues.filter((value) => value !== '')]
        : [validKeys, validValues];
    const destElement = findElement({ ...dest, items: destItems }, findKeys, findValues);
    const patchElement = patch === dest ? destElement : findElement(patch, findKeys, findValues);
    const value = walk(destElement, patchElement, schema, false, path);
    if (value === undefined || isNull(value) || (value.type === 'map' && value.entries.length === 0)) {
      destItems = destItems.filter((item) => !setterMatches(item, validKeys, validValues));
      continue;
    }
    const at = merged.findIndex((m) => setterMatches(m.node, validKeys, validValues));
    const entry = { node: value, from: destElement };
    if (at >= 0) merged[at] = entry;
    else merged.push(entry);
  }
  if (keys.length > 1) {
    // kyaml re-appends each destination element after removing its match, so they end up last, in the
    // destination's order.
    for (const item of destItems) {
      const at = merged.findIndex((m) => m.from === item);
      if (at >= 0) merged.push(...merged.splice(at, 1));
    }
  }
  const items = merged.map((m) => m.node);
  const same = items.length === dest.items.length && items.every((item, i) => item === dest.items[i]);
  return same ? dest : { ...dest, items };
}

/**
 * Whether an element matches as kyaml's ElementSetter matches: each key with a value must have it, a key
 * without one must merely be present.
 */
function setterMatches(element: RNode, keys: string[], values: string[]): boolean {
  if (element.type !== 'map') return false;
  return keys.every((key, i) => {
    const value = element.entries.find((e) => e.key === key)?.value;
    if (value === undefined) return false;
    return values[i] === '' || (value.type === 'scalar' && String(value.value ?? '') === values[i]);
  });
}

/** kyaml's validateKeys: the keys some element gives a value, and this element's values for them. */
function validate(validKeySet: Set<string>, keys: string[], values: string[]): [string[], string[]] {
  if (validKeySet.size === 0) return [keys, values];
  const validKeys = keys.filter((key) => validKeySet.has(key));
  const validValues = values.filter((value, i) => value !== '' || validKeySet.has(keys[i]!));
  return [validKeys, validValues];
}

/** kyaml's mergeValues: two key tuples that agree where both have a value become one. */
function mergeValues(valuesList: string[][]): string[][] {
  const result = valuesList.map((values) => [...values]);
  for (let i = 0; i < result.length; i++) {
    for (let j = 0; j < result.length; j++) {
      const a = result[i]!;
      const b = result[j]!;
      let common = false;
      let conflict = false;
      const joined = a.map((value, k) => {
        const other = b[k]!;
        if (value === other) {
          common = true;
          return value;
        }
        if (value !== '' && other !== '') conflict = true;
        return value !== '' ? value : other;
      });
      if (common && !conflict) {
        result[i] = joined;
        result[j] = [...joined];
      }
    }
  }
  return result;
}

/** Two scalars of the same value and type. */
function sameScalar(a: RNode, b: RNode): boolean {
  return a.type === 'scalar' && b.type === 'scalar' && a.value === b.value;
}
