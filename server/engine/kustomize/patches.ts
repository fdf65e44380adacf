// The three patch fields of a kustomization, as kustomize's builtins apply them
// (api/internal/builtins/PatchStrategicMergeTransformer.go, PatchTransformer.go, PatchJson6902Transformer.go):
// - `patches`: each entry a file (`path`) or inline text (`patch`); a list is a JSON patch, maps are strategic
//   merge patches; with `target` the patch applies to every selected resource (none is fine), without it a
//   strategic merge patch applies to the one resource with its identity (none or several is an error) and a
//   JSON patch is an error.
// - `patchesStrategicMerge`: file paths or inline texts, each patch applied by identity like above.
// - `patchesJson6902`: a `target` (name required) and a `path` or inline `patch`.
import type { ParsedDocument } from './documents';
import { applyJsonPatch, JsonPatchError, readOperations } from './json6902';
import { cacheOf, fail, readDocuments, readText, relativeTo, resolvePath, stringOf } from './level-io';
import { schemaForKind } from './merge-schema';
import type { Level, RenderedObject, Step } from './model';
import { describeId, idOf, idsOf, sameId } from './resource-id';
import { selectObjects, SelectorError, type Selector } from './select';
import { MergeError, strategicMerge } from './smp';
import { entryOf, type Origin, type RMap, type RNode } from './tree';

/** A patch's documents, where they were written, and the file when it is one. */
interface LoadedPatch {
  documents: RNode[];
  /** The entry of the kustomization that names the patch (notices point there). */
  entry: Origin;
  file?: string;
}

/** `patchesStrategicMerge:` applied in order, each by the identity it names. */
export const patchesStrategicMergeStep: Step = (objects, level) => {
  const list = fieldList(level, 'patchesStrategicMerge');
  const patches = list.map((item) => {
    const text = stringOf(item);
    if (text === undefined)
      fail(level, item.origin, 'a patchesStrategicMerge entry is a path or a patch', 'patchesStrategicMerge');
    // kustomize first reads the entry as a patch and, failing that, as a path.
    return text.includes('\n') || text.trimStart().startsWith('{')
      ? inlinePatch(level, item, text, 'patchesStrategicMerge')
      : filePatch(level, item.origin, text, 'patchesStrategicMerge');
  });
  let result = objects;
  for (const patch of patches) {
    for (const document of mapsOf(level, patch, 'patchesStrategicMerge')) {
      result = applyByIdentity(result, level, document, patch, 'patchesStrategicMerge');
    }
  }
  return result;
};

/** `patches:` applied in order. */
export const patchesStep: Step = (objects, level) => {
  let result = objects;
  for (const item of fieldList(level, 'patches')) {
    if (item.type !== 'map')
      fail(level, item.origin, 'a patches entry is a map with path or patch', 'patches');
    const path = stringOf(entryOf(item, 'path')?.value);
    const inline = entryOf(item, 'patch')?.value;
    const inlineText = stringOf(inline)?.trim();
    if (!path && !inlineText)
      fail(level, item.origin, 'a patches entry needs one of patch and path', 'patches');
    if (path && inlineText)
      fail(level, item.origin, "a patches entry can't have both patch and path", 'patches');
    const patch = path
      ? filePatch(level, entryOf(item, 'path')!.value.origin, path, 'patches')
      : inlinePatch(level, inline!, inlineText!, 'patches');
    const target = selectorOf(level, entryOf(item, 'target')?.value, 'patches');
    const options = optionsOf(entryOf(item, 'options')?.value);
    const first = patch.documents[0];
    if (first === undefined) fail(level, item.origin, 'the patch is empty', 'patches');
    if (first.type === 'seq') {
      if (target === undefined) fail(level, item.origin, 'a JSON patch needs a target', 'patches');
      result = applyJson(result, level, first, patch, target, 'patches');
      continue;
    }
    const documents = mapsOf(level, patch, 'patches');
    if (target === undefined) {
      for (const document of documents)
        result = applyByIdentity(result, level, document, patch, 'patches', options);
      continue;
    }
    if (documents.length > 1) {
      fail(
        level,
        item.origin,
        'a patches entry with a target holds a single strategic merge patch',
        'patches',
      );
    }
    const selected = new Set(select(level, result, target, item.origin, 'patches'));
    result = result.flatMap((object) =>
      selected.has(object)
        ? mergeInto(object, level, documents[0]!, patch, 'patches', options, true)
        : [object],
    );
  }
  return result;
};

/** `patchesJson6902:` applied in order. */
export const patchesJson6902Step: Step = (objects, level) => {
  let result = objects;
  for (const item of fieldList(level, 'patchesJson6902')) {
    if (item.type !== 'map') fail(level, item.origin, 'a patchesJson6902 entry is a map', 'patchesJson6902');
    const target = selectorOf(level, entryOf(item, 'target')?.value, 'patchesJson6902');
    if (!target?.name)
      fail(level, item.origin, 'a patchesJson6902 entry must name its target', 'patchesJson6902');
    const path = stringOf(entryOf(item, 'path')?.value);
    const inline = entryOf(item, 'patch')?.value;
    const inlineText = stringOf(inline);
    if (!path && !inlineText)
      fail(level, item.origin, 'a patchesJson6902 entry needs a path or a patch', 'patchesJson6902');
    const patch = path
      ? filePatch(level, entryOf(item, 'path')!.value.origin, path, 'patchesJson6902')
      : inlinePatch(level, inline!, inlineText!, 'patchesJson6902');
    const first = patch.documents[0];
    if (first === undefined || first.type !== 'seq') {
      fail(level, item.origin, 'a JSON patch is a list of operations', 'patchesJson6902');
    }
    result = applyJson(result, level, first, patch, target, 'patchesJson6902');
  }
  return result;
};

function fieldList(level: Level, field: string): RNode[] {
  const value = entryOf(level.kustomization, field)?.value;
  if (value === undefined || (value.type === 'scalar' && value.value === null)) return [];
  if (value.type !== 'seq') fail(level, value.origin, `${field} is a list`, field);
  return value.items;
}

function filePatch(level: Level, origin: Origin, relative: string, field: string): LoadedPatch {
  const file = resolvePath(level.dir, relative);
  if (readText(level, file) === undefined) {
    fail(level, origin, `the patch file ${relative} does not exist or cannot be read`, field);
  }
  level.patchFiles?.add(file);
  return { documents: present(readDocuments(level, file, origin, field)), entry: origin, file };
}

function inlinePatch(level: Level, node: RNode, text: string, field: string): LoadedPatch {
  const fileText = level.host.readFile(level.kustomizationFile) ?? '';
  const documents = cacheOf(level).embedded(fileText, node.origin, text);
  for (const document of documents) {
    if (document.error)
      fail(level, { uri: node.origin.uri, span: document.error.span }, document.error.message, field);
  }
  return { documents: present(documents), entry: node.origin };
}

function present(documents: ParsedDocument[]): RNode[] {
  return documents.flatMap((document) => (document.tree === undefined ? [] : [document.tree]));
}

function mapsOf(level: Level, patch: LoadedPatch, field: string): RMap[] {
  return patch.documents.map((document) => {
    if (document.type !== 'map') fail(level, document.origin, 'a strategic merge patch is a map', field);
    return document;
  });
}

function selectorOf(level: Level, node: RNode | undefined, field: string): Selector | undefined {
  if (node === undefined || (node.type === 'scalar' && node.value === null)) return undefined;
  if (node.type !== 'map') fail(level, node.origin, 'a target is a map', field);
  const selector: Selector = {};
  for (const key of [
    'group',
    'version',
    'kind',
    'name',
    'namespace',
    'labelSelector',
    'annotationSelector',
  ] as const) {
    const value = entryOf(node, key)?.value;
    if (value?.type === 'scalar' && value.value !== null) selector[key] = String(value.value);
  }
  return selector;
}

function optionsOf(node: RNode | undefined): { allowNameChange: boolean; allowKindChange: boolean } {
  const flag = (key: string): boolean =>
    node?.type === 'map' &&
    entryOf(node, key)?.value.type === 'scalar' &&
    entryOf(node, key)!.value.type === 'scalar'
      ? (entryOf(node, key)!.value as { value: unknown }).value === true
      : false;
  return { allowNameChange: flag('allowNameChange'), allowKindChange: flag('allowKindChange') };
}

function select(
  level: Level,
  objects: RenderedObject[],
  target: Selector,
  origin: Origin,
  field: string,
): RenderedObject[] {
  try {
    return selectObjects(objects, target);
  } catch (error) {
    if (error instanceof SelectorError) fail(level, origin, error.message, field);
    throw error;
  }
}

/** A strategic merge patch applied to the one object with its identity (kustomize's GetById). */
function applyByIdentity(
  objects: RenderedObject[],
  level: Level,
  document: RMap,
  patch: LoadedPatch,
  field: string,
  options = { allowNameChange: false, allowKindChange: false },
): RenderedObject[] {
  const id = idOf(document);
  const matches = objects.filter((object) => idsOf(object).some((other) => sameId(other, id)));
  if (matches.length !== 1) {
    const where = patch.file ? ` (${relativeTo(level, patch.file)})` : '';
    fail(
      level,
      document.origin,
      `${matches.length === 0 ? 'no resource matches' : 'several resources match'} the strategic merge patch for ${describeId(id)}${where}`,
      field,
    );
  }
  return objects.flatMap((object) =>
    object === matches[0] ? mergeInto(object, level, document, patch, field, options, false) : [object],
  );
}

/**
 * Merges one patch document into one object, as kustomize's Resource.ApplySmPatch: with a target, the
 * patch takes the object's apiVersion first; afterwards the object keeps its kind, name and namespace unless
 * the options allow a change. An object the patch deletes leaves the output.
 */
function mergeInto(
  object: RenderedObject,
  level: Level,
  document: RMap,
  patch: LoadedPatch,
  field: string,
  options: { allowNameChange: boolean; allowKindChange: boolean },
  targeted: boolean,
): RenderedObject[] {
  const apiVersion = entryOf(object.tree, 'apiVersion');
  const patchDocument: RMap =
    targeted && apiVersion
      ? { ...document, entries: [...document.entries.filter((e) => e.key !== 'apiVersion'), apiVersion] }
      : document;
  const before = idOf(object.tree);
  let merged: RNode | undefined;
  try {
    merged = mergedTree(object.tree, document, patchDocument, targeted, before.kind);
  } catch (error) {
    if (error instanceof MergeError) fail(level, document.origin, error.message, field);
    throw error;
  }
  if (merged === undefined) return [];
  if (merged.type !== 'map') fail(level, document.origin, 'the patch does not leave an object', field);
  let tree = restore(merged, object.tree, 'kind', !options.allowKindChange);
  tree = restoreMetadata(tree, object.tree, 'name', !options.allowNameChange);
  tree = restoreMetadata(tree, object.tree, 'namespace', true);
  const history =
    (options.allowNameChange || options.allowKindChange) && idOf(tree).name !== before.name
      ? [...object.history, { name: before.name, namespace: before.namespace || undefined }]
      : object.history;
  return [{ ...object, tree, history, patches: [...object.patches, document.origin] }];
}

/**
 * The merges made so far, by the object's tree and the patch document (a file's document is the same tree
 * while the file's text is: documents.ts). strategicMerge never changes a tree and reads nothing else (the
 * schema follows from the tree's kind), so the same two trees merge to the same result: a rendering redone
 * after a keystroke elsewhere hands on the very tree it made before, which later steps and the analysis's
 * printing and parsing then find unchanged. Null stands for a merge that deleted the object.
 */
const merges = {
  plain: new WeakMap<RMap, WeakMap<RMap, RNode | null>>(),
  targeted: new WeakMap<RMap, WeakMap<RMap, RNode | null>>(),
};

/** strategicMerge of `patchDocument` (made from `document` for this tree) into the tree, or the one made before. */
function mergedTree(
  tree: RMap,
  document: RMap,
  patchDocument: RMap,
  targeted: boolean,
  kind: string,
): RNode | undefined {
  const memo = targeted ? merges.targeted : merges.plain;
  let byPatch = memo.get(tree);
  if (!byPatch) memo.set(tree, (byPatch = new WeakMap()));
  const kept = byPatch.get(document);
  if (kept !== undefined) return kept ?? undefined;
  // A merge that fails throws before anything is kept: its error is reported each time, as before.
  const merged = strategicMerge(tree, patchDocument, schemaForKind(String(textOf(tree, 'apiVersion')), kind));
  byPatch.set(document, merged ?? null);
  return merged;
}

function textOf(tree: RMap, key: string): string {
  const value = entryOf(tree, key)?.value;
  return value?.type === 'scalar' ? String(value.value ?? '') : '';
}

/** The object's own entry for `key` put back when a patch changed it and kustomize keeps the original. */
function restore(tree: RMap, original: RMap, key: string, keep: boolean): RMap {
  if (!keep) return tree;
  const was = entryOf(original, key);
  const now = entryOf(tree, key);
  if (was === now) return tree;
  const entries = tree.entries.filter((e) => e.key !== key);
  if (was === undefined) return { ...tree, entries };
  const index = tree.entries.findIndex((e) => e.key === key);
  if (index < 0) return { ...tree, entries: [...entries, was] };
  return { ...tree, entries: tree.entries.map((e) => (e.key === key ? was : e)) };
}

function restoreMetadata(tree: RMap, original: RMap, key: string, keep: boolean): RMap {
  const metadata = entryOf(tree, 'metadata');
  const originalMetadata = entryOf(original, 'metadata')?.value;
  if (!keep || metadata === undefined || metadata.value.type !== 'map') return tree;
  const restored = restore(
    metadata.value,
    originalMetadata?.type === 'map' ? originalMetadata : { ...metadata.value, entries: [] },
    key,
    true,
  );
  if (restored === metadata.value) return tree;
  return { ...tree, entries: tree.entries.map((e) => (e === metadata ? { ...e, value: restored } : e)) };
}

function applyJson(
  objects: RenderedObject[],
  level: Level,
  document: RNode,
  patch: LoadedPatch,
  target: Selector,
  field: string,
): RenderedObject[] {
  let operations;
  try {
    operations = readOperations(document);
  } catch (error) {
    if (error instanceof JsonPatchError) fail(level, document.origin, error.message, field);
    throw error;
  }
  const selected = new Set(select(level, objects, target, patch.entry, field));
  return objects.map((object) => {
    if (!selected.has(object)) return object;
    let tree: RNode;
    try {
      tree = applyJsonPatch(object.tree, operations);
    } catch (error) {
      if (error instanceof JsonPatchError) {
        fail(level, document.origin, `${error.message} (in ${describeId(idOf(object.tree))})`, field);
      }
      throw error;
    }
    if (tree.type !== 'map') fail(level, document.origin, 'the JSON patch does not leave an object', field);
    return { ...object, tree: withoutEmptyAnnotations(tree), patches: [...object.patches, document.origin] };
  });
}

/**
 * After a JSON patch kustomize writes the object's annotations back (PatchTransformer.transformJson6902,
 * SetAnnotations), which removes an empty or null `metadata.annotations`.
 */
function withoutEmptyAnnotations(tree: RMap): RMap {
  const metadata = entryOf(tree, 'metadata');
  if (metadata?.value.type !== 'map') return tree;
  const annotations = entryOf(metadata.value, 'annotations');
  if (annotations === undefined) return tree;
  const value = annotations.value;
  const empty =
    (value.type === 'scalar' && value.value === null) || (value.type === 'map' && value.entries.length === 0);
  if (!empty) return tree;
  const cleaned: RMap = {
    ...metadata.value,
    entries: metadata.value.entries.filter((e) => e !== annotations),
  };
  return { ...tree, entries: tree.entries.map((e) => (e === metadata ? { ...e, value: cleaned } : e)) };
}
