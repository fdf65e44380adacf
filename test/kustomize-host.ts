// A Kustomize renderer host over a map of texts, for tests: paths are absolute, and a folder exists when a
// file is below it.
import type { KustomizeHost } from '../server/engine/kustomize/model';

export interface MemoryHost extends KustomizeHost {
  files: Map<string, string>;
  /** Every path read, in order (a test of the parse cache reads it). */
  reads: string[];
}

/** A host holding `files` (path relative to `/work` → text). */
export function memoryHost(files: Record<string, string>, root = '/work'): MemoryHost {
  const map = new Map(Object.entries(files).map(([path, text]) => [`${root}/${path}`, text]));
  const reads: string[] = [];
  return {
    files: map,
    reads,
    readFile(path) {
      reads.push(path);
      return map.get(path);
    },
    isDirectory(path) {
      const prefix = path.endsWith('/') ? path : `${path}/`;
      return [...map.keys()].some((file) => file.startsWith(prefix));
    },
  };
}

/** The offset range of the `occurrence`-th (1-based) appearance of `needle` in a host's file. */
export function spanOf(
  host: MemoryHost,
  path: string,
  needle: string,
  occurrence = 1,
): { start: number; end: number } {
  const text = host.files.get(path) ?? '';
  let start = -1;
  for (let i = 0; i < occurrence; i++) start = text.indexOf(needle, start + 1);
  if (start < 0) throw new Error(`${needle} not in ${path}`);
  return { start, end: start + needle.length };
}
