// The path of a flagged key inside its object, an identity of a finding that survives edits elsewhere in the
// file: SARIF fingerprints use it, and the check reads it while the file's trees are at hand.
import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import type { K8sObject } from '../engine/types';

/**
 * The path from an object's root to the deepest key or item whose range holds `offset` (an offset in the
 * file; the object's node ranges count from its part, `source.offset`). Sequence items that
 * have a `name` (containers, ports, volumes) are named rather than numbered, so reordering them does not
 * change the path.
 */
export function keyPath(object: K8sObject, fileOffset: number): string {
  const offset = fileOffset - object.source.offset;
  const parts: string[] = [];
  const holds = (node: unknown): boolean => {
    const range = (node as YamlNode | null | undefined)?.range;
    return !!range && range[0] <= offset && offset < Math.max(range[1], range[0] + 1);
  };
  let current: unknown = object.node;
  for (let depth = 0; depth < 100; depth++) {
    if (isMap(current)) {
      const pair = current.items.find((item) => holds(item.key) || holds(item.value));
      if (!pair) break;
      parts.push(isScalar(pair.key) ? String(pair.key.value) : '?');
      if (holds(pair.key)) break;
      current = pair.value;
    } else if (isSeq(current)) {
      const index = current.items.findIndex(holds);
      if (index === -1) break;
      const item = current.items[index];
      const name = isMap(item) ? item.get('name') : undefined;
      parts.push(typeof name === 'string' || typeof name === 'number' ? `[${name}]` : `[${index}]`);
      current = item;
    } else {
      break;
    }
  }
  return parts.join('.').replace(/\.\[/g, '[');
}
