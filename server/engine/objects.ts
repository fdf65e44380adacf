// The Kubernetes objects of a parsed YAML document: its root mapping when it has `apiVersion` and `kind`, and
// the items of a `kind: List`. Both the full parse (parse-stream.ts) and the keystroke patch (patch.ts) read
// objects this way, so the two always agree.
import { isMap, isSeq, type YAMLMap } from 'yaml';
import type { K8sObject, SourceRef } from './types';
import { isPlainObject, scalarString } from './values';

/**
 * Adds the objects of one document (its root `node` and `value`, aliases resolved) to `out`. A mapping
 * without both `apiVersion` and `kind` is not a Kubernetes object and adds nothing. `allowList` is false for
 * the items of a List: a List inside a List is taken as an object of kind List, not opened.
 */
export function collectObjects(
  node: YAMLMap,
  value: unknown,
  documentIndex: number,
  basePath: (string | number)[],
  out: K8sObject[],
  allowList: boolean,
  source: SourceRef,
): void {
  if (!isPlainObject(value)) return;
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) return;
  if (allowList && kind === 'List') {
    const items = node.get('items', true);
    if (!isSeq(items) || !Array.isArray(value.items)) return;
    items.items.forEach((item, i) => {
      if (isMap(item)) {
        collectObjects(item, (value.items as unknown[])[i], documentIndex, ['items', i], out, false, source);
      }
    });
    return;
  }
  const metadata = isPlainObject(value.metadata) ? value.metadata : {};
  out.push({
    source,
    apiVersion,
    kind,
    name: scalarString(metadata.name),
    namespace: scalarString(metadata.namespace),
    node,
    value,
    documentIndex,
    basePath,
  });
}
