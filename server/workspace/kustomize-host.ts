// The files as the Kustomize renderer reads them: the disk, under whatever texts the caller has instead (an
// editor's unsaved documents, the texts `check --fix` is about to write). The renderer itself never touches
// the file system (server/engine/kustomize/model.ts), so this is the one place its host is made.
import { readFileSync, statSync } from 'node:fs';
import type { KustomizeHost } from '../engine/kustomize/model';

/** The disk, with `textOf`'s texts (when it has one for a path) in place of files' contents. */
export function diskHost(textOf: (path: string) => string | undefined = () => undefined): KustomizeHost {
  return {
    readFile(path) {
      const given = textOf(path);
      if (given !== undefined) return given;
      try {
        // Renderings look for three kustomization names in every folder: asking first whether the file
        // exists spares the thrown error (and its stack) of each name that is not there.
        if (statSync(path, { throwIfNoEntry: false }) === undefined) return undefined;
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    isDirectory(path) {
      try {
        return statSync(path).isDirectory();
      } catch {
        return false;
      }
    },
  };
}
