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

/**
 * A string-valued kustomization field's text. kustomize decodes the kustomization into typed Go fields, so an
 * unquoted number or boolean where a string belongs (`newTag: 1.10`, `enabled: true` under commonLabels) makes
 * the whole build fail; that is reported at the value, and the value is not used.
 */
export function stringOf(level: Level, node: RNode | undefined, field: string): string | undefined {
  if (node?.type !== 'scalar' || node.value === null) return undefined;
  if (typeof node.value === 'string') return node.value;
  reportError(
    level,
    node.origin,
    field,
    `kustomize refuses the unquoted ${typeof node.value} \`${String(node.value)}\` in \`${field}\`, which takes strings: quote it`,
  );
  return undefined;
}

/** The string values of a map field (labels, annotations), each checked with `stringOf`; null values are "". */
export function checkStringValues(level: Level, map: RNode | undefined, field: string): boolean {
  if (map?.type !== 'map') return true;
  let valid = true;
  for (const entry of map.entries) {
    const value = entry.value;
    if (value.type === 'scalar' && (value.value === null || typeof value.value === 'string')) continue;
    if (value.type !== 'scalar') {
      reportError(
        level,
        value.origin,
        field,
        `kustomize expects a string for \`${entry.key}\` in \`${field}\``,
      );
      valid = false;
    } else if (stringOf(level, value, field) === undefined) valid = false;
  }
  return valid;
}
