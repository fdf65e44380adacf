// What every step of a level needs: reading a file the kustomization names (through the host and the parse
// cache, recording it as a dependency), and stopping the rendering with a located notice when kustomize
// itself would stop.
import { ParseCache, type ParsedDocument } from './documents';
import type { KustomizeNotice, Level } from './model';
import { relativePath } from './paths';
import type { Origin, RNode } from './tree';

export { resolvePath } from './paths';

/** Thrown after a notice was recorded: the rendering stops there, as `kustomize build` would. */
export class RenderStop extends Error {}

/** Records an `error` notice and stops the rendering. */
export function fail(level: Pick<Level, 'notices'>, origin: Origin, message: string, field?: string): never {
  const notice: KustomizeNotice = { origin, message, kind: 'error' };
  if (field !== undefined) notice.field = field;
  level.notices.push(notice);
  throw new RenderStop(message);
}

/** The text of a file the level names, recorded as a dependency; undefined when it cannot be read. */
export function readText(level: Level, path: string): string | undefined {
  // Recorded even when missing: the rendering depends on the file, and must be redone when it appears.
  level.files.add(path);
  return level.host.readFile(path);
}

const fallbackCaches = new WeakMap<Level['host'], ParseCache>();

/** The parse cache of a level (a level built without one shares one per host). */
export function cacheOf(level: Level): ParseCache {
  if (level.cache !== undefined) return level.cache;
  let cache = fallbackCaches.get(level.host);
  if (cache === undefined) {
    cache = new ParseCache();
    fallbackCaches.set(level.host, cache);
  }
  return cache;
}

/**
 * The documents of a file, or a stop with `origin` (the kustomization's entry naming it) when the file is
 * missing or does not parse.
 */
export function readDocuments(level: Level, path: string, origin: Origin, field: string): ParsedDocument[] {
  const text = readText(level, path);
  if (text === undefined)
    fail(level, origin, `${relativeTo(level, path)} does not exist or cannot be read`, field);
  const documents = cacheOf(level).documents(path, text);
  for (const document of documents) {
    if (document.error !== undefined) {
      fail(
        level,
        { uri: path, span: document.error.span },
        `${relativeTo(level, path)}: ${document.error.message}`,
        field,
      );
    }
  }
  return documents;
}

/** A path as messages show it: relative to the level's folder. */
export function relativeTo(level: Pick<Level, 'dir'>, path: string): string {
  return relativePath(level.dir, path);
}

/** The string value of a scalar node, or undefined. */
export function stringOf(node: RNode | undefined): string | undefined {
  return node?.type === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}
