// Reading kustomizations and their resources, as kustomize's KustTarget.Load and accumulateResources do: a
// folder holds exactly one of `kustomization.yaml`, `kustomization.yml` and `Kustomization`; a kustomization
// without apiVersion or kind is a Kustomization; a resource is a file of documents (a `List` contributes its
// items) or a folder with its own kustomization, rendered on its own first; two resources with one identity
// are an error, and so is a folder that includes itself.
import { cacheOf, fail, readDocuments, relativeTo, resolvePath, stringOf } from './level-io';
import type { KustomizeHost, KustomizeNotice, Level, RenderedObject } from './model';
import { KUSTOMIZE_FIELDS, SUPPORTED_FIELDS } from './pipeline';
import { describeId, effectiveNamespace, idOf, type ResourceId } from './resource-id';
import { entryOf, type Origin, type RMap, type RNode } from './tree';
import type { ParseCache } from './documents';

export const KUSTOMIZATION_FILE_NAMES: readonly string[] = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

export interface LoadedKustomization {
  file: string;
  dir: string;
  tree: RMap;
  isComponent: boolean;
}

/** The shared state of one rendering. */
export interface RenderContext {
  host: KustomizeHost;
  cache: ParseCache;
  notices: KustomizeNotice[];
  files: Set<string>;
  kustomizations: Set<string>;
  patchFiles: Set<string>;
  resourceFiles: Set<string>;
  /** The local paths that loaded kustomizations name in `resources`, `bases` and `components`. */
  includes: Set<string>;
  /** Folders already rendered from the same texts (render.ts's renderFolder), shared by a project's renderings. */
  folders?: FolderMemo;
}

/**
 * Folders rendered on their own (a `resources` folder, or an entry point before its final steps), kept while
 * the files they read are unchanged: a project renders a base once for itself and once more through every
 * overlay that includes it, all from the same texts. Its owner empties it whenever a file changes.
 */
export type FolderMemo = Map<string, FolderRendering>;

export interface FolderRendering {
  loaded: LoadedKustomization;
  objects: readonly RenderedObject[];
  /** What the folder's rendering recorded: the files it read, and so on (it has no notices: it succeeded). */
  record: RenderRecord;
  /** The folders it entered, itself included: it is reused only where none of them is being rendered. */
  entered: ReadonlySet<string>;
}

/** What a rendering records besides its objects. */
export type RenderRecord = Omit<RenderContext, 'host' | 'cache' | 'folders'>;

/** The kustomization file of a folder, or what is wrong (none, or several). */
export function findKustomizationFile(dir: string, host: KustomizeHost): { file?: string; problem?: string } {
  const found = KUSTOMIZATION_FILE_NAMES.map((name) => resolvePath(dir, name)).filter(
    (path) => host.readFile(path) !== undefined,
  );
  if (found.length === 1) return { file: found[0]! };
  if (found.length === 0)
    return { problem: `no kustomization.yaml, kustomization.yml or Kustomization in ${dir}` };
  return { problem: `several kustomization files in ${dir}: kustomize requires exactly one` };
}

/**
 * Loads the kustomization of a folder; `origin` is where the including kustomization names the folder (or
 * undefined for the entry point). Unsupported fields are reported all at once, then the rendering stops.
 */
export function loadKustomization(
  context: RenderContext,
  dir: string,
  origin: Origin | undefined,
): LoadedKustomization {
  const { file, problem } = findKustomizationFile(dir, context.host);
  const where: Origin = origin ?? { uri: dir, span: { start: 0, end: 0 } };
  if (file === undefined) fail(context, where, problem!, origin ? 'resources' : undefined);
  context.files.add(file);
  context.kustomizations.add(file);
  const text = context.host.readFile(file) ?? '';
  const documents = context.cache.documents(file, text);
  const first = documents.find((document) => document.error !== undefined || document.tree !== undefined);
  if (first?.error) fail(context, { uri: file, span: first.error.span }, `${file}: ${first.error.message}`);
  const tree: RNode = first?.tree ?? {
    type: 'map',
    origin: { uri: file, span: { start: 0, end: 0 } },
    entries: [],
  };
  if (tree.type !== 'map') fail(context, tree.origin, 'a kustomization is a map of fields');
  recordDeclared(context, dir, tree);
  const before = context.notices.length;
  for (const entry of tree.entries) {
    if (SUPPORTED_FIELDS.includes(entry.key)) continue;
    const known = KUSTOMIZE_FIELDS.includes(entry.key);
    context.notices.push({
      origin: entry.keyOrigin,
      kind: 'unsupported',
      field: entry.key,
      message: known
        ? `\`${entry.key}\` is not supported by the Kustomize renderer yet; the kustomization is not rendered.`
        : `\`${entry.key}\` is not a kustomization field (kustomize refuses it); the kustomization is not rendered.`,
    });
  }
  for (const field of ['resources', 'bases', 'components']) {
    for (const item of listOf(tree, field)) {
      const path = stringOf(item);
      if (path !== undefined && isRemote(path)) {
        context.notices.push({
          origin: item.origin,
          kind: 'unsupported',
          field,
          message: `The remote ${field === 'components' ? 'component' : 'resource'} ${path} is not fetched; the kustomization is not rendered.`,
        });
      }
    }
  }
  if (context.notices.length > before) throw new RenderStopUnsupported();
  const kind = stringOf(entryOf(tree, 'kind')?.value);
  return { file, dir, tree, isComponent: kind === 'Component' };
}

/**
 * Records what a kustomization names as patches and includes, before anything can stop its rendering: a
 * rendering that stops on an unsupported field or an error still says which files are patches (never to be
 * checked as whole objects) and which kustomizations it includes (which are then no entry points).
 */
function recordDeclared(context: RenderContext, dir: string, tree: RMap): void {
  const local = (path: string | undefined): path is string =>
    path !== undefined && path !== '' && !isRemote(path);
  for (const field of ['patches', 'patchesJson6902']) {
    for (const item of listOf(tree, field)) {
      const path = item.type === 'map' ? stringOf(entryOf(item, 'path')?.value) : undefined;
      if (local(path)) context.patchFiles.add(resolvePath(dir, path));
    }
  }
  for (const item of listOf(tree, 'patchesStrategicMerge')) {
    // An entry is a path, or an inline patch (a document, on several lines).
    const path = stringOf(item);
    if (local(path) && !path.includes('\n')) context.patchFiles.add(resolvePath(dir, path));
  }
  for (const field of ['resources', 'bases', 'components']) {
    for (const item of listOf(tree, field)) {
      const path = stringOf(item);
      if (local(path)) context.includes.add(resolvePath(dir, path));
    }
  }
}

/** Stops the rendering after `unsupported` notices (already recorded). */
export class RenderStopUnsupported extends Error {}

/** A URL or a git reference, which kustomize would fetch. */
export function isRemote(path: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(path) || /^(git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/.test(path)
  );
}

/** The items of a list field of a kustomization (none when absent or null). */
export function listOf(tree: RMap, field: string): RNode[] {
  const value = entryOf(tree, field)?.value;
  return value?.type === 'seq' ? value.items : [];
}

/** The level of a loaded kustomization. */
export function levelOf(context: RenderContext, loaded: LoadedKustomization): Level {
  return {
    kustomizationFile: loaded.file,
    dir: loaded.dir,
    kustomization: loaded.tree,
    host: context.host,
    notices: context.notices,
    files: context.files,
    cache: context.cache,
    patchFiles: context.patchFiles,
  };
}

/** The objects of a resource file, in document order (a `List`'s items in place of the list). */
export function resourcesOfFile(level: Level, path: string, origin: Origin): RenderedObject[] {
  cacheOf(level);
  const objects: RenderedObject[] = [];
  for (const document of readDocuments(level, path, origin, 'resources')) {
    const tree = document.tree;
    if (tree === undefined) continue;
    if (tree.type !== 'map')
      fail(level, tree.origin, `${relativeTo(level, path)}: a resource is a map`, 'resources');
    const items = entryOf(tree, 'items')?.value;
    const kind = stringOf(entryOf(tree, 'kind')?.value) ?? '';
    const members = kind.endsWith('List') && items?.type === 'seq' ? items.items : [tree];
    for (const member of members) {
      if (member.type !== 'map' || !stringOf(entryOf(member, 'kind')?.value)) {
        fail(level, member.origin, `${relativeTo(level, path)}: a resource needs a kind`, 'resources');
      }
      objects.push({
        tree: member,
        base: { uri: path, documentIndex: document.index },
        patches: [],
        history: [],
      });
    }
  }
  return objects;
}

/** Appends objects, refusing one whose identity is already there (kustomize's AppendAll). */
export function appendObjects(
  level: Pick<Level, 'notices'>,
  objects: RenderedObject[],
  added: readonly RenderedObject[],
  origin: Origin,
  present: Set<string> = presentIds(objects),
): RenderedObject[] {
  const result = [...objects];
  for (const object of added) {
    const id = idOf(object.tree);
    if (present.has(idKey(id))) {
      fail(
        level,
        origin,
        `may not add resource with an already registered id: ${describeId(id)}`,
        'resources',
      );
    }
    present.add(idKey(id));
    result.push(object);
  }
  return result;
}

/**
 * The ids of `objects` as appendObjects compares them. A caller that appends several times keeps the set and
 * passes it each time (appendObjects adds to it), rather than have every append read every object again.
 */
export function presentIds(objects: readonly RenderedObject[]): Set<string> {
  return new Set(objects.map((object) => idKey(idOf(object.tree))));
}

function idKey(id: ResourceId): string {
  return [id.group, id.version, id.kind, id.name, effectiveNamespace(id)].join('|');
}
