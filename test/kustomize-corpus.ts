// The Kustomize corpus (../shared/corpus/kustomize) as the renderer's tests see it: which kustomizations the
// renderer can render with the fields it supports, computed from the corpus's INDEX.json (the fields of a
// kustomization and of every kustomization it reaches), and the expected output `kubectl kustomize` printed
// for each (test/fixtures/kustomize-expected, written by scripts/kustomize-expected.mjs).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { kustomizeCorpus, root } from './corpus';

interface IndexEntry {
  file: string;
  kind: string | null;
  fields: string[];
  refs: Record<string, string[]>;
  remote_refs: unknown[];
}

export interface CorpusCase {
  /** The folder, relative to the corpus. */
  folder: string;
  /** Absolute path of the folder. */
  dir: string;
  /** Why the case is not checked, or undefined when it is. */
  skip: string | undefined;
  /** The expected output's path (a `.yaml` file, or `.error.txt` when kustomize cannot build it). */
  expected: string;
}

export const hasKustomizeCorpus = existsSync(join(kustomizeCorpus, 'INDEX.json'));
export const expectedDir = join(root, 'test', 'fixtures', 'kustomize-expected');

/** Every non-Component kustomization of the corpus, with whether `supported` covers all it uses. */
export function corpusCases(supported: readonly string[]): CorpusCase[] {
  if (!hasKustomizeCorpus) return [];
  const index = JSON.parse(readFileSync(join(kustomizeCorpus, 'INDEX.json'), 'utf8')) as IndexEntry[];
  const byFolder = new Map(index.map((entry) => [posix.dirname(entry.file), entry]));
  const reach = (entry: IndexEntry, seen: Set<IndexEntry>): void => {
    if (seen.has(entry)) return;
    seen.add(entry);
    for (const refs of Object.values(entry.refs)) {
      for (const ref of refs) {
        const target = byFolder.get(posix.normalize(posix.join(posix.dirname(entry.file), ref)));
        if (target !== undefined) reach(target, seen);
      }
    }
  };
  return index
    .filter((entry) => entry.kind !== 'Component')
    .map((entry) => {
      const folder = posix.dirname(entry.file);
      const reached = new Set<IndexEntry>();
      reach(entry, reached);
      const unsupported = [...new Set([...reached].flatMap((e) => e.fields))].filter(
        (f) => !supported.includes(f),
      );
      const remote = [...reached].some((e) => e.remote_refs.length > 0);
      const yaml = join(expectedDir, `${folder}.yaml`);
      const expected = existsSync(yaml) ? yaml : join(expectedDir, `${folder}.error.txt`);
      let skip: string | undefined;
      if (!existsSync(yaml)) skip = 'kustomize itself cannot build it';
      else if (remote) skip = 'it reaches remote resources';
      else if (unsupported.length > 0) skip = `it uses ${unsupported.sort().join(', ')}`;
      return { folder, dir: join(kustomizeCorpus, folder), skip, expected };
    })
    .sort((a, b) => (a.folder < b.folder ? -1 : 1));
}

/** Whether a path of the corpus is a folder (for the tests' disk host). */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export { dirname };
