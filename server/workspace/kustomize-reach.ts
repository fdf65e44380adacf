// The deployment units of kustomizations the renderer could not render. Such a kustomization's files are
// checked one by one as written, but kustomize still applies them together: a Service in an overlay's folder
// and the Deployment it selects, in a component two folders away, are one unit. Filed by folder, they were
// strangers, and the Service "selected no pods". So the files an unrendered entry point names as resources,
// directly or through its bases and components, as its kustomizations are written, form its unit.
//
// Only the lists are read (`resources`, `bases`, `components`): no transformation is applied, since the
// rendering is what could not be done. A file that two unrendered entry points name keeps its folder's unit:
// relating it to the files of both would relate the files of two overlays to each other, which are never
// applied together.
import { parseAllDocuments } from 'yaml';
import { findKustomizationFile, isRemote } from '../engine/kustomize/load';
import type { KustomizeHost } from '../engine/kustomize/model';
import { resolvePath } from '../engine/kustomize/paths';

const INCLUDE_FIELDS = ['resources', 'bases', 'components'] as const;

/**
 * The resource files a kustomization names, through every folder it includes (each with its own
 * kustomization), as written. A folder without a kustomization, an unreadable one, a remote entry or a cycle
 * adds nothing: what cannot be read is not guessed.
 */
export function declaredResourceFiles(kustomizationFile: string, host: KustomizeHost): Set<string> {
  const files = new Set<string>();
  const visited = new Set<string>();
  const pending = [kustomizationFile];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (visited.has(file)) continue;
    visited.add(file);
    const dir = file.slice(0, file.lastIndexOf('/')) || '/';
    for (const path of includedPaths(host.readFile(file) ?? '')) {
      const target = resolvePath(dir, path);
      // A file is named whether or not it exists yet: the index holds only files that do, and one created
      // later is then in the unit without this being made again.
      if (!host.isDirectory(target)) {
        files.add(target);
        continue;
      }
      const nested = findKustomizationFile(target, host).file;
      if (nested !== undefined) pending.push(nested);
    }
  }
  return files;
}

/** The local paths of a kustomization's `resources`, `bases` and `components`, as written. */
function includedPaths(text: string): string[] {
  const out: string[] = [];
  let value: unknown;
  try {
    value = parseAllDocuments(text)[0]?.toJS() as unknown;
  } catch {
    return out;
  }
  if (typeof value !== 'object' || value === null) return out;
  for (const field of INCLUDE_FIELDS) {
    const list = (value as Record<string, unknown>)[field];
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (typeof item === 'string' && item !== '' && !isRemote(item)) out.push(item);
    }
  }
  return out;
}

/**
 * Per file, the unit of the one unrendered entry point that names it (see the top of this file). Keys are
 * the entry points' kustomization files, marked so that no folder path can be mistaken for one.
 */
export function unrenderedUnits(
  unrenderedEntryPoints: readonly string[],
  host: KustomizeHost,
): Map<string, string> {
  const units = new Map<string, string>();
  const shared = new Set<string>();
  for (const entry of unrenderedEntryPoints) {
    for (const file of declaredResourceFiles(entry, host)) {
      if (shared.has(file)) continue;
      if (units.has(file)) {
        units.delete(file);
        shared.add(file);
      } else units.set(file, `${entry}#resources`);
    }
  }
  return units;
}
