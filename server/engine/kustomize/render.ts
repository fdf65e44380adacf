// `kustomize build` in the engine: a folder's kustomization rendered into objects whose every node knows
// where it was written. The recursion is kustomize's (api/internal/target/kusttarget.go): a kustomization
// accumulates its resources (a folder is rendered on its own first), runs its generators, applies its
// components to what it has so far, then its transformers (pipeline.ts gives the order); the entry point then
// runs the final steps and sorts the output (order.ts). Everything is read through the host; a problem
// kustomize would stop on, or a field this renderer does not cover, stops the rendering with a notice.
import { dirname } from 'node:path';
import { ParseCache } from './documents';
import { fail, RenderStop, resolvePath, stringOf } from './level-io';
import {
  appendObjects,
  presentIds,
  levelOf,
  listOf,
  loadKustomization,
  RenderStopUnsupported,
  resourcesOfFile,
  type FolderMemo,
  type LoadedKustomization,
  type RenderContext,
  type RenderRecord,
} from './load';
import type { KustomizeHost, Level, RenderedObject, RenderResult } from './model';
import { sortObjects, type SortOptions } from './order';
import { FINAL_STEPS, GENERATOR_STEPS, TRANSFORMER_STEPS, type PipelineStep } from './pipeline';
import { entryOf, type RNode } from './tree';

export { SUPPORTED_FIELDS } from './pipeline';
export type { FolderMemo } from './load';

/**
 * Renders the kustomization of `dir`. Pass the same `cache` to later renderings so that files whose text is
 * unchanged are not parsed again.
 */
export function renderKustomization(
  dir: string,
  host: KustomizeHost,
  cache = new ParseCache(),
  folders?: FolderMemo,
): RenderResult {
  const context: RenderContext = { host, cache, ...emptyRecord() };
  const root = resolvePath(dir, '.');
  let kustomizationFile = root;
  let objects: RenderedObject[] = [];
  let rendered = true;
  try {
    const folder = renderFolder(context, folders, root, [], (child) => {
      const loaded = loadKustomization(child, root, undefined);
      return { loaded, objects: accumulate(child, loaded, [], [root]) };
    });
    kustomizationFile = folder.loaded.file;
    const level = levelOf(context, folder.loaded);
    objects = runSteps(FINAL_STEPS, folder.objects, level);
    objects = sortObjects(objects, sortOptionsOf(level));
  } catch (error) {
    if (!(error instanceof RenderStop || error instanceof RenderStopUnsupported)) throw error;
    rendered = false;
    objects = [];
  }
  return {
    dir: root,
    kustomizationFile,
    rendered,
    objects,
    notices: context.notices,
    files: context.files,
    kustomizations: context.kustomizations,
    patchFiles: context.patchFiles,
    resourceFiles: context.resourceFiles,
    includes: context.includes,
  };
}

/** kustomize's accumulateTarget: `objects` are what the including kustomization has so far (components). */
function accumulate(
  context: RenderContext,
  loaded: LoadedKustomization,
  objects: RenderedObject[],
  stack: string[],
): RenderedObject[] {
  const level = levelOf(context, loaded);
  let result = objects;
  const present = presentIds(objects);
  for (const item of [...listOf(loaded.tree, 'resources'), ...listOf(loaded.tree, 'bases')]) {
    result = appendObjects(level, result, resourcesOf(context, level, item, stack), item.origin, present);
  }
  result = runSteps(GENERATOR_STEPS, result, level);
  for (const item of listOf(loaded.tree, 'components')) {
    const path = pathOf(level, item, 'components');
    const component = enter(context, level, item, path, stack, 'components');
    if (!component.isComponent) {
      fail(
        level,
        item.origin,
        `${stringOf(item)} is listed as a component but its kustomization is not kind: Component`,
        'components',
      );
    }
    result = accumulate(context, component, result, [...stack, path]);
  }
  return runSteps(TRANSFORMER_STEPS, result, level);
}

/** One `resources` entry: a file's objects, or a folder's rendering. */
function resourcesOf(context: RenderContext, level: Level, item: RNode, stack: string[]): RenderedObject[] {
  const path = pathOf(level, item, 'resources');
  if (!context.host.isDirectory(path)) {
    // A missing resource is still a file the rendering depends on: it is rendered again when it appears.
    context.files.add(path);
    if (context.host.readFile(path) === undefined) {
      fail(
        level,
        item.origin,
        `the resource ${stringOf(item)} does not exist or cannot be read`,
        'resources',
      );
    }
    context.resourceFiles.add(path);
    return resourcesOfFile(level, path, item.origin);
  }
  const refuseComponent = (loaded: LoadedKustomization): void => {
    if (loaded.isComponent) {
      fail(
        level,
        item.origin,
        `${stringOf(item)} is a Component: list it under components, not resources`,
        'resources',
      );
    }
  };
  const rendering = renderFolder(
    context,
    context.folders,
    path,
    stack,
    (child) => {
      const base = enter(child, level, item, path, stack, 'resources');
      refuseComponent(base);
      return { loaded: base, objects: accumulate(child, base, [], [...stack, path]) };
    },
    refuseComponent,
  );
  return rendering.objects;
}

function emptyRecord(): RenderRecord {
  return {
    notices: [],
    files: new Set(),
    kustomizations: new Set(),
    patchFiles: new Set(),
    resourceFiles: new Set(),
    includes: new Set(),
  };
}

/** Adds what a folder's rendering recorded to the rendering that includes it, in the order it was recorded. */
function absorb(into: RenderRecord, from: RenderRecord): void {
  into.notices.push(...from.notices);
  for (const key of ['files', 'kustomizations', 'patchFiles', 'resourceFiles', 'includes'] as const) {
    for (const path of from[key]) into[key].add(path);
  }
}

/**
 * Renders a folder on its own through `render`, which records into a context of its own, or takes the kept
 * rendering of it (after `checkKept`, the checks `render` makes of the loaded kustomization). A kept rendering is taken only where rendering it again could not meet a cycle (none of
 * the folders it entered is on `stack`); a rendering that stopped is never kept, since its notices depend on
 * where it was included.
 */
function renderFolder(
  context: RenderContext,
  folders: FolderMemo | undefined,
  path: string,
  stack: readonly string[],
  render: (child: RenderContext) => { loaded: LoadedKustomization; objects: RenderedObject[] },
  checkKept?: (loaded: LoadedKustomization) => void,
): { loaded: LoadedKustomization; objects: RenderedObject[] } {
  const kept = folders?.get(path);
  if (kept && !stack.some((folder) => kept.entered.has(folder))) {
    // What `render` checks before rendering, which a folder rendered for another includer did not meet.
    checkKept?.(kept.loaded);
    absorb(context, kept.record);
    return { loaded: kept.loaded, objects: [...kept.objects] };
  }
  const child: RenderContext = { host: context.host, cache: context.cache, folders, ...emptyRecord() };
  try {
    const { loaded, objects } = render(child);
    folders?.set(path, {
      loaded,
      objects: [...objects],
      record: child,
      entered: new Set([...child.kustomizations].map((file) => dirname(file))),
    });
    return { loaded, objects };
  } finally {
    absorb(context, child);
  }
}

function pathOf(level: Level, item: RNode, field: string): string {
  const text = stringOf(item);
  if (text === undefined || text === '') fail(level, item.origin, `a ${field} entry is a path`, field);
  return resolvePath(level.dir, text);
}

/** Loads the kustomization of a folder an entry names, refusing a cycle. */
function enter(
  context: RenderContext,
  level: Level,
  item: RNode,
  path: string,
  stack: string[],
  field: string,
): LoadedKustomization {
  if (stack.includes(path)) {
    fail(
      level,
      item.origin,
      `cycle: ${stringOf(item)} includes ${[...stack.slice(stack.indexOf(path)), path].join(' → ')}`,
      field,
    );
  }
  if (!context.host.isDirectory(path)) {
    fail(
      level,
      item.origin,
      `the ${field === 'components' ? 'component' : 'resource'} ${stringOf(item)} does not exist`,
      field,
    );
  }
  return loadKustomization(context, path, item.origin);
}

/** Runs the implemented steps of a stage; a step that recorded an error stops the rendering. */
function runSteps(steps: readonly PipelineStep[], objects: RenderedObject[], level: Level): RenderedObject[] {
  let result = objects;
  for (const step of steps) {
    if (step.run === undefined) continue;
    const before = level.notices.length;
    result = step.run(result, level);
    if (
      level.notices.slice(before).some((notice) => notice.kind === 'error' || notice.kind === 'unsupported')
    ) {
      throw new RenderStop(`${step.plugin} failed`);
    }
  }
  return result;
}

/** The entry kustomization's `sortOptions` (kustomize reads no other). */
function sortOptionsOf(level: Level): SortOptions | undefined {
  const options = entryOf(level.kustomization, 'sortOptions')?.value;
  if (options?.type !== 'map') return undefined;
  const order = stringOf(entryOf(options, 'order')?.value);
  if (order !== 'legacy' && order !== 'fifo') {
    fail(level, options.origin, 'sortOptions.order must be one of legacy and fifo', 'sortOptions');
  }
  const legacy = entryOf(options, 'legacySortOptions')?.value;
  if (legacy?.type !== 'map') return { order };
  const names = (key: string): string[] | undefined => {
    const list = entryOf(legacy, key)?.value;
    return list?.type === 'seq' ? list.items.flatMap((item) => stringOf(item) ?? []) : undefined;
  };
  return { order, orderFirst: names('orderFirst') ?? [], orderLast: names('orderLast') ?? [] };
}
