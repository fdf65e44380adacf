// Quick fixes in an overlay, for a finding in a base that only some entry points have: the cure belongs to
// the overlays that lack it, not to the base that every overlay shares. The rule's own fix is applied to the
// rendered object, and what it changed becomes a strategic-merge patch of that object: merged into a patch
// file the overlay already has for the object, with the same minimal edits as every fix, or written as a new
// patch file that a new `patches:` entry of the overlay's kustomization names. A fix that adds an object of
// its own (a PodDisruptionBudget) becomes a new resource file of the overlay instead. Whoever offers the result
// renders the overlays again with it first (KustomizeProject), so a cure that kustomize would not apply as
// intended is never offered.
import { basename, dirname, join } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import {
  appendToSequence,
  applyEdits,
  insertIntoMap,
  joinInsertions,
  layoutOf,
  renderBlockLines,
} from '../edits';
import { getPair } from '../nodes';
import { parseFile } from '../parse';
import { columnOf } from '../positions';
import type { FileChange, Fix, ParsedFile, TextEdit } from '../types';
import type { EntryPoint, RenderedFinding } from './analyse';
import { fieldSchema, schemaForKind, type MergeSchema } from './merge-schema';
import type { KustomizeHost } from './model';

/** A kustomization a cure may be written in, and the name its title gives it (its folder, like an entry point's). */
export interface CureTarget {
  kustomizationFile: string;
  name: string;
}

/** A fix of the rendered object carried into an overlay, not yet checked by rendering. */
export interface OverlayCure {
  /** The entry points it is meant for: the one whose overlay it edits, or all that share the overlay. */
  entries: EntryPoint[];
  title: string;
  files: FileChange[];
  /** The rule's fix it was made from (several entry points' cures of one rule fix are offered together). */
  ruleFix: string;
  /** Where it writes the cure in each overlay: a patch of the object, or a new resource beside it. */
  writes: 'patches' | 'resources';
}

type Plain = Record<string, unknown>;

/** What a rule's fix changes in the rendered object, as the header and body of a strategic-merge patch. */
interface PatchCure {
  ruleFix: string;
  header: Plain;
  body: Plain;
}

/**
 * The cures of a finding: for each entry point it holds for, each fix the rule offers on the rendered
 * object written as a strategic-merge patch in the entry point's overlay; and, when `shared` names a
 * kustomization that all of them include and no other entry point does, the same written there once. For
 * each, every place it could be written, in order of preference (the overlay's patches of the object, then
 * a new patch): whoever offers them renders again and keeps the first that clears the finding.
 */
export function overlayCures(
  finding: RenderedFinding,
  host: KustomizeHost,
  shared?: CureTarget,
): OverlayCure[] {
  const cures: OverlayCure[] = [];
  const ruleId = finding.finding.ruleId;
  if (shared) {
    // Every entry point renders the object the same way below the shared overlay; the first says how.
    const first = finding.sources[0];
    const entries = finding.sources.map((source) => source.entry);
    for (const patch of first ? patchCures(first) : []) {
      for (const cure of intoPatchFile(shared, host, patch.header, patch.body, ruleId)) {
        cures.push({
          entries,
          ruleFix: patch.ruleFix,
          writes: 'patches',
          ...cure,
          title: `${patch.ruleFix} ${cure.title}`,
        });
      }
    }
    for (const added of first ? newObjectCures(first) : []) {
      const cure = intoNewResource(shared, host, added);
      if (cure) cures.push({ entries, writes: 'resources', ...cure });
    }
  }
  for (const source of finding.sources) {
    const { entry } = source;
    const target = { kustomizationFile: entry.result.kustomizationFile, name: entry.name };
    for (const patch of patchCures(source)) {
      for (const cure of intoPatchFile(target, host, patch.header, patch.body, ruleId)) {
        cures.push({
          entries: [entry],
          ruleFix: patch.ruleFix,
          writes: 'patches',
          ...cure,
          title: `${patch.ruleFix} ${cure.title}`,
        });
      }
    }
    for (const added of newObjectCures(source)) {
      const cure = intoNewResource(target, host, added);
      if (cure) cures.push({ entries: [entry], writes: 'resources', ...cure });
    }
  }
  return cures;
}

/** A new object that a rule's fix adds beside the flagged one (a PodDisruptionBudget for a Deployment). */
interface ObjectCure {
  object: Plain;
  /** The file name the rule's fix gives it. */
  fileName: string;
}

/** The rule's fixes of the flagged object in one entry point's output that create an object in a new file. */
function newObjectCures({ placed }: RenderedFinding['sources'][number]): ObjectCure[] {
  const cures: ObjectCure[] = [];
  for (const fix of placed.output?.getFixes() ?? []) {
    if (!fix.newFile || fix.files || fix.edits.length > 0) continue;
    const object = plainOf(fix.newFile.text);
    if (!object || typeof object.kind !== 'string' || nameOf(object) === undefined) continue;
    cures.push({ object, fileName: fix.newFile.name });
  }
  return cures;
}

/**
 * A new object written as a resource of the overlay: its own file in the overlay's folder, named in a new
 * entry of the overlay's `resources:`. The rule made it from the rendered output, so its name and
 * namespace are the rendered ones: the overlay's own `namePrefix` and `nameSuffix` come off (the overlay
 * adds them again), and so does the namespace when the overlay sets one (it would set it anyway). Undefined
 * when the file exists already or the kustomization cannot take the entry.
 */
function intoNewResource(
  target: CureTarget,
  host: KustomizeHost,
  cure: ObjectCure,
): { title: string; ruleFix: string; files: FileChange[] } | undefined {
  const kustomizationPath = target.kustomizationFile;
  const kustomizationText = host.readFile(kustomizationPath);
  if (kustomizationText === undefined) return undefined;
  const kustomization = parseFile(kustomizationText, {}, kustomizationPath);
  const root = kustomization.documents[0]?.doc.contents;
  if (kustomization.documents.length !== 1 || !isMap(root)) return undefined;
  const field = (key: string): string | undefined => {
    const value = getPair(root, key)?.value;
    return isScalar(value) && typeof value.value === 'string' ? value.value : undefined;
  };
  const prefix = field('namePrefix') ?? '';
  const suffix = field('nameSuffix') ?? '';
  const unaffixed = (name: string): string =>
    name.length > prefix.length + suffix.length && name.startsWith(prefix) && name.endsWith(suffix)
      ? name.slice(prefix.length, name.length - suffix.length)
      : name;
  const metadata = { ...(cure.object.metadata as Plain) };
  const name = unaffixed(String(metadata.name));
  metadata.name = name;
  if (field('namespace') !== undefined) delete metadata.namespace;
  const fileName = `${unaffixed(cure.fileName.replace(/\.ya?ml$/, ''))}.yaml`.replace(
    /[^A-Za-z0-9._-]/g,
    '-',
  );
  const path = join(dirname(kustomizationPath), fileName);
  if (host.readFile(path) !== undefined || host.isDirectory(path)) return undefined;
  const entryEdits = addListEntry(kustomization, root, 'resources', fileName);
  if (!entryEdits) return undefined;
  const layout = layoutOf(kustomization);
  const created = renderBlockLines({ ...cure.object, metadata }, layout).join(layout.eol) + layout.eol;
  // Named without the overlay's affixes, the same object is the same cure in every overlay.
  const ruleFix = `Create ${String(cure.object.kind)} "${name}"`;
  return {
    title: `${ruleFix} in ${target.name}/${fileName}, a resource of ${target.name}`,
    ruleFix,
    files: [
      { path, create: created },
      { path: kustomizationPath, text: kustomizationText, edits: entryEdits },
    ],
  };
}

/** The rule's fixes of the flagged object in one entry point's output, as strategic-merge patches. */
function patchCures({ entry, placed }: RenderedFinding['sources'][number]): PatchCure[] {
  const output = placed.output;
  const object = entry.result.objects[output?.documentIndex ?? -1];
  if (!output || !object || !('uri' in object.base)) return [];
  const document = documentText(output.printed, output.documentIndex);
  if (!document) return [];
  const cures: PatchCure[] = [];
  for (const fix of output.getFixes()) {
    if (fix.newFile || fix.files || fix.edits.length === 0) continue;
    const inside = fix.edits.every((edit) => edit.start >= document.start && edit.end <= document.end);
    if (!inside) continue;
    const before = plainOf(document.text);
    const after = plainOf(
      appliedOrUndefined(
        document.text,
        fix.edits.map((edit) => ({
          ...edit,
          start: edit.start - document.start,
          end: edit.end - document.start,
        })),
      ),
    );
    if (!before || !after) continue;
    const apiVersion = after.apiVersion;
    const kind = after.kind;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') continue;
    const body = patchOf(before, after, schemaForKind(apiVersion, kind));
    if (
      !body ||
      Object.keys(body).length === 0 ||
      'metadata' in body ||
      'apiVersion' in body ||
      'kind' in body
    )
      continue;
    // The name the object had before any rendering renamed it: kustomize matches a patch against an
    // object's earlier identities too, so it names the object whatever prefixes the overlays add.
    const name = object.history[0]?.name ?? nameOf(after);
    if (name === undefined) continue;
    cures.push({ ruleFix: fix.title, header: { apiVersion, kind, metadata: { name } }, body });
  }
  return cures;
}

/** The cures of one rule fix for every entry point, as one fix (their files do not overlap). */
export function combinedFix(cures: readonly OverlayCure[]): Fix | undefined {
  const paths = cures.flatMap((cure) => cure.files.map((file) => file.path));
  if (cures.length < 2 || new Set(paths).size !== paths.length) return undefined;
  const names = cures.flatMap((cure) => cure.entries.map((entry) => entry.name));
  return {
    title: `${cures[0]!.ruleFix} in the ${cures[0]!.writes} of ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`,
    edits: [],
    files: cures.flatMap((cure) => cure.files),
  };
}

/** The text of the printed output's document at `index` (after its `---` line), with its offsets. */
function documentText(
  printed: string,
  index: number,
): { start: number; end: number; text: string } | undefined {
  // Every document of the printed output begins with a `---` line, and no other line does: keys and strings
  // that could look like one are quoted.
  let start = -1;
  let from = 0;
  for (let i = 0; i <= index; i++) {
    const at = printed.indexOf('---\n', from);
    if (at < 0 || (at > 0 && printed[at - 1] !== '\n')) return undefined;
    start = at + 4;
    from = start;
  }
  let end = printed.indexOf('\n---\n', start - 1);
  end = end < 0 ? printed.length : end + 1;
  return { start, end, text: printed.slice(start, end) };
}

/** The text with the edits applied; undefined when they overlap (then the rule's fix is not carried over). */
function appliedOrUndefined(text: string, edits: readonly TextEdit[]): string | undefined {
  try {
    return applyEdits(text, edits);
  } catch {
    return undefined;
  }
}

function plainOf(text: string | undefined): Plain | undefined {
  if (text === undefined) return undefined;
  const document = parseDocument(text);
  if (document.errors.length > 0) return undefined;
  const value: unknown = document.toJS({ maxAliasCount: 100 });
  return isPlain(value) ? value : undefined;
}

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nameOf(object: Plain): string | undefined {
  const metadata = object.metadata;
  return isPlain(metadata) && typeof metadata.name === 'string' ? metadata.name : undefined;
}

/** The merge keys of a list field, when kustomize merges it element by element. */
function mergeKeysOf(schema: MergeSchema | undefined, field: string): string[] | undefined {
  const list = fieldSchema(schema, field)?.list;
  return list?.strategies.includes('merge') && list.keys.length > 0 ? list.keys : undefined;
}

function sameKeys(keys: readonly string[], a: Plain, b: Plain): boolean {
  return keys.every((key) => a[key] !== undefined && JSON.stringify(a[key]) === JSON.stringify(b[key]));
}

/**
 * The strategic-merge patch that turns `before` into `after`: what was added or changed, a key removed as
 * `null` (strategic merge deletes it), lists that merge by keys as their changed elements (keys kept), other
 * lists whole. Undefined when an element of a list that merges by keys was removed.
 */
function patchOf(before: Plain, after: Plain, schema: MergeSchema | undefined): Plain | undefined {
  const patch: Plain = {};
  for (const key of Object.keys(before)) if (!(key in after)) patch[key] = null;
  for (const [key, value] of Object.entries(after)) {
    const old = before[key];
    if (JSON.stringify(old) === JSON.stringify(value)) continue;
    const next = fieldSchema(schema, key)?.next;
    if (isPlain(old) && isPlain(value)) {
      const nested = patchOf(old, value, next);
      if (!nested) return undefined;
      patch[key] = nested;
      continue;
    }
    const keys = mergeKeysOf(schema, key);
    if (keys && Array.isArray(old) && Array.isArray(value)) {
      const items: unknown[] = [];
      for (const item of old) {
        if (!isPlain(item) || !value.some((other) => isPlain(other) && sameKeys(keys, item, other)))
          return undefined;
      }
      for (const item of value) {
        if (!isPlain(item)) return undefined;
        const was = old.find((other): other is Plain => isPlain(other) && sameKeys(keys, item, other));
        if (!was) items.push(item);
        else if (JSON.stringify(was) !== JSON.stringify(item)) {
          const nested = patchOf(was, item, next);
          if (!nested) return undefined;
          items.push({ ...Object.fromEntries(keys.map((k) => [k, item[k]])), ...nested });
        }
      }
      patch[key] = items;
      continue;
    }
    patch[key] = value;
  }
  return patch;
}

/** Where a cure goes in an overlay: its patch file for the object, else a new one. */
function intoPatchFile(
  target: CureTarget,
  host: KustomizeHost,
  header: Plain,
  body: Plain,
  ruleId: string,
): { title: string; files: FileChange[] }[] {
  const kustomizationPath = target.kustomizationFile;
  const kustomizationText = host.readFile(kustomizationPath);
  if (kustomizationText === undefined) return [];
  const kustomization = parseFile(kustomizationText, {}, kustomizationPath);
  const root = kustomization.documents[0]?.doc.contents;
  if (kustomization.documents.length !== 1 || !isMap(root)) return [];
  const dir = dirname(kustomizationPath);
  const places: { title: string; files: FileChange[] }[] = [];
  for (const path of strategicMergePaths(root)) {
    const file = join(dir, path);
    const text = host.readFile(file);
    if (text === undefined) continue;
    const edits = mergeIntoPatch(parseFile(text, {}, file), header, body);
    if (edits) places.push({ title: `in ${target.name}/${path}`, files: [{ path: file, text, edits }] });
  }
  // A new patch file, named after the object and the rule, that no file of the folder has yet: the last
  // choice, when no patch of the object is there or rendering shows that none takes the cure.
  const name = `${String((header.metadata as Plain).name)}-${ruleId}-patch.yaml`.replace(
    /[^A-Za-z0-9._-]/g,
    '-',
  );
  const path = join(dir, name);
  if (host.readFile(path) !== undefined || host.isDirectory(path)) return places;
  const layout = layoutOf(kustomization);
  const created = renderBlockLines({ ...header, ...body }, layout).join(layout.eol) + layout.eol;
  const entryEdits = addPatchEntry(kustomization, root, name);
  if (!entryEdits) return places;
  places.push({
    title: `in a new patch ${target.name}/${name}`,
    files: [
      { path, create: created },
      { path: kustomizationPath, text: kustomizationText, edits: entryEdits },
    ],
  });
  return places;
}

/**
 * The local files a kustomization names as strategic-merge patches (`patches` entries with a path, and
 * `patchesStrategicMerge` entries that are paths): where a patch for an object may already be.
 */
function strategicMergePaths(root: YAMLMap): string[] {
  const paths: string[] = [];
  const patches = getPair(root, 'patches')?.value;
  if (isSeq(patches)) {
    for (const item of patches.items) {
      if (!isMap(item)) continue;
      const path = getPair(item, 'path')?.value;
      if (isScalar(path) && typeof path.value === 'string') paths.push(path.value);
    }
  }
  const legacy = getPair(root, 'patchesStrategicMerge')?.value;
  if (isSeq(legacy)) {
    for (const item of legacy.items) {
      if (isScalar(item) && typeof item.value === 'string' && !item.value.includes('\n'))
        paths.push(item.value);
    }
  }
  return paths.filter((path) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(path) && basename(path) !== '');
}

/** `- path: <name>` appended to the kustomization's `patches:`, or a new `patches:` key at its end. */
function addPatchEntry(file: ParsedFile, root: YAMLMap, name: string): TextEdit[] | undefined {
  return addListEntry(file, root, 'patches', { path: name });
}

/** `item` appended to the kustomization's list `field`, or a new `field:` key at its end. */
function addListEntry(file: ParsedFile, root: YAMLMap, field: string, item: unknown): TextEdit[] | undefined {
  const pair = getPair(root, field);
  if (!pair) {
    const edit = insertIntoMap(file, root, { [field]: [item] }, 0);
    return edit && [edit];
  }
  if (!isSeq(pair.value)) return undefined;
  const edit = appendToSequence(file, pair.value, [item]);
  return edit && [edit];
}

/**
 * Edits that merge `body` into the file's strategic-merge patch of the object `header` names, or undefined
 * when the file has no such patch or the merge needs more than insertions (a value the patch sets otherwise).
 */
function mergeIntoPatch(file: ParsedFile, header: Plain, body: Plain): TextEdit[] | undefined {
  const schema = schemaForKind(String(header.apiVersion), String(header.kind));
  for (const chunk of file.chunks) {
    for (const object of chunk.objects) {
      if (object.kind !== header.kind || object.name !== (header.metadata as Plain).name) continue;
      const edits = mergeInto(chunk.file, object.node, body, schema);
      if (!edits || edits.length === 0) return undefined;
      return joinInsertions(edits).map((edit) => ({
        ...edit,
        start: edit.start + chunk.offset,
        end: edit.end + chunk.offset,
      }));
    }
  }
  return undefined;
}

/** Inserts what `wanted` has and `map` lacks, descending into maps and into list elements by merge key. */
function mergeInto(
  file: ParsedFile,
  map: YAMLMap,
  wanted: Plain,
  schema: MergeSchema | undefined,
  parentIndent = map.range ? columnOf(file.text, map.range[0]) : 0,
): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const missing: Plain = {};
  for (const [key, value] of Object.entries(wanted)) {
    const pair = getPair(map, key);
    if (!pair) {
      missing[key] = value;
      continue;
    }
    const written = pair.value;
    const keyColumn = pair.key.range ? columnOf(file.text, pair.key.range[0]) : undefined;
    const next = fieldSchema(schema, key)?.next;
    if (isPlain(value) && isMap(written) && keyColumn !== undefined) {
      const nested = mergeInto(file, written, value, next, keyColumn);
      if (!nested) return undefined;
      edits.push(...nested);
      continue;
    }
    const keys = mergeKeysOf(schema, key);
    if (keys && Array.isArray(value) && isSeq(written)) {
      const nested = mergeIntoList(file, written, value, keys, next);
      if (!nested) return undefined;
      edits.push(...nested);
      continue;
    }
    // The patch already sets this key: the cure would replace what the overlay chose, so none is offered.
    if (!(isScalar(written) && JSON.stringify(written.toJSON()) === JSON.stringify(value))) return undefined;
  }
  if (Object.keys(missing).length > 0) {
    if (map.flow && map.items.length === 0) return undefined;
    const edit = insertIntoMap(file, map, missing, parentIndent);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return edits;
}

function mergeIntoList(
  file: ParsedFile,
  seq: YAMLSeq,
  wanted: readonly unknown[],
  keys: readonly string[],
  schema: MergeSchema | undefined,
): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const appended: unknown[] = [];
  for (const item of wanted) {
    if (!isPlain(item)) return undefined;
    const existing = seq.items.find(
      (written): written is YAMLMap =>
        isMap(written) && isPlain(written.toJSON()) && sameKeys(keys, item, written.toJSON() as Plain),
    );
    if (!existing) {
      appended.push(item);
      continue;
    }
    const first = existing.items[0];
    const indent = first && (first.key as { range?: [number, number] } | null)?.range;
    if (!indent) return undefined;
    // The element's keys are at its first key's column; what goes inside it is indented from there.
    const nested = mergeInto(
      file,
      existing,
      item,
      schema,
      columnOf(file.text, indent[0]) - layoutOf(file).step,
    );
    if (!nested) return undefined;
    edits.push(...nested);
  }
  if (appended.length > 0) {
    const edit = appendToSequence(file, seq, appended);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return edits;
}
