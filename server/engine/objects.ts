// The Kubernetes objects of a parsed YAML document: its root mapping when it has `apiVersion` and `kind`, and
// the items of a list (`kind: List`, or a typed list such as `ConfigMapList`; see isListKind). Both the full parse (parse-stream.ts) and the keystroke patch (patch.ts) read
// objects this way, so the two always agree.
import { isMap, isSeq, type YAMLMap } from 'yaml';
import type { K8sObject, SourceRef } from './types';
import { isPlainObject, scalarString } from './values';

/**
 * Whether a document of this kind is a list whose items are the objects. kubectl opens any object whose
 * `items` is an array (kube-prometheus ships its Grafana dashboards as one `ConfigMapList`), and kustomize any
 * kind ending in `List`; a custom kind that merely ends in "List" but has no `items` array stays an object.
 * A `kind: List` without items holds nothing.
 */
export function isListKind(kind: string, items: unknown): boolean {
  return kind === 'List' || (kind.endsWith('List') && Array.isArray(items));
}

/**
 * Adds the objects of one document (its root `node` and `value`, aliases resolved) to `out`. A mapping
 * without both `apiVersion` and `kind` is not a Kubernetes object and adds nothing. `allowList` is false for
 * the items of a list: a list inside a list is taken as an object of its kind, not opened.
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
  if (allowList && isListKind(kind, value.items)) {
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
