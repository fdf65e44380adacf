// Reading the kustomization fields the transform steps own, and reporting about them. The kustomization is
// an RMap, so every value read keeps the exact place it was written: a generated node or a notice points at
// the entry that caused it.
import { entryOf, type Origin, type REntry, type RNode } from './tree';
import type { Level } from './model';

/** The entry of a top-level kustomization field, if present and not null. */
export function fieldEntry(level: Level, field: string): REntry | undefined {
  const entry = entryOf(level.kustomization, field);
  if (entry === undefined) return undefined;
  if (entry.value.type === 'scalar' && entry.value.value === null) return undefined;
  return entry;
}

/** The items of a list field (`images`, `replicas`, `configMapGenerator`…), empty when absent or not a list. */
export function listItems(level: Level, field: string): RNode[] {
  const value = fieldEntry(level, field)?.value;
  return value?.type === 'seq' ? value.items : [];
}

/** Reports something kustomize itself would refuse (the rendering has no output then). */
export function reportError(level: Level, origin: Origin, field: string | undefined, message: string): void {
  level.notices.push({ origin, message, kind: 'error', ...(field === undefined ? {} : { field }) });
}
