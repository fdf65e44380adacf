// JSON patches (RFC 6902) on trees with origins, with the behaviour of the library kustomize applies them
// with (evanphx/json-patch v4): `add` needs the parent to exist, `replace` and `remove` need the target to
// exist, an array index may be `-` (append, for `add`) or negative (counted from the end), and `test`
// compares values. A value a patch adds or replaces keeps the origin of the patch's `value` node; a node
// `copy` or `move` takes keeps the origin it had where it came from.
import { toValue, type RMap, type RNode, type RSeq } from './tree';

/** A JSON patch kustomize would refuse to apply, with the reason in its terms. */
export class JsonPatchError extends Error {}

export interface JsonPatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: RNode;
  /** The operation's map in the patch, for messages and provenance. */
  node: RMap;
}

/** Reads the operations of a patch document (a sequence of maps), or throws what is wrong with it. */
export function readOperations(document: RNode): JsonPatchOperation[] {
  if (document.type !== 'seq') throw new JsonPatchError('a JSON patch is a list of operations');
  return document.items.map((item, index) => {
    if (item.type !== 'map') throw new JsonPatchError(`operation ${index + 1} is not a map`);
    const text = (key: string): string | undefined => {
      const value = item.entries.find((e) => e.key === key)?.value;
      return value?.type === 'scalar' && value.value !== null ? String(value.value) : undefined;
    };
    const op = text('op');
    const path = text('path');
    if (op === undefined) throw new JsonPatchError(`operation ${index + 1} has no op`);
    if (path === undefined) throw new JsonPatchError(`operation ${index + 1} (${op}) has no path`);
    const operation: JsonPatchOperation = { op, path, node: item };
    const from = text('from');
    if (from !== undefined) operation.from = from;
    const value = item.entries.find((e) => e.key === 'value')?.value;
    if (value !== undefined) operation.value = value;
    return operation;
  });
}

/** The tokens of a JSON pointer (`/a/b~1c` → `a`, `b/c`). */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError(`the path "${pointer}" does not start with /`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Applies the operations in order to a copy of `document`; throws when one does not apply. */
export function applyJsonPatch(document: RNode, operations: readonly JsonPatchOperation[]): RNode {
  let current = document;
  for (const operation of operations) current = applyOne(current, operation);
  return current;
}

function applyOne(document: RNode, operation: JsonPatchOperation): RNode {
  const { op, path } = operation;
  const needValue = (): RNode => {
    if (operation.value === undefined) throw new JsonPatchError(`${op} ${path}: the operation has no value`);
    return operation.value;
  };
  switch (op) {
    case 'add':
      return update(document, pointerTokens(path), op, (parent, token) =>
        insert(parent, token, needValue(), path),
      );
    case 'remove':
      return update(document, pointerTokens(path), op, (parent, token) => remove(parent, token, path).parent);
    case 'replace':
      return update(document, pointerTokens(path), op, (parent, token) => {
        remove(parent, token, path);
        return set(parent, token, needValue(), path);
      });
    case 'move': {
      const from = operation.from ?? '';
      const moved = get(document, pointerTokens(from), `move from ${from}`);
      const without = update(
        document,
        pointerTokens(from),
        op,
        (parent, token) => remove(parent, token, from).parent,
      );
      return update(without, pointerTokens(path), op, (parent, token) => insert(parent, token, moved, path));
    }
    case 'copy': {
      const from = operation.from ?? '';
      const copied = get(document, pointerTokens(from), `copy from ${from}`);
      return update(document, pointerTokens(path), op, (parent, token) =>
        insert(parent, token, copied, path),
      );
    }
    case 'test': {
      const actual = get(document, pointerTokens(path), `test ${path}`);
      if (JSON.stringify(toValue(actual)) !== JSON.stringify(toValue(needValue()))) {
        throw new JsonPatchError(`test ${path}: the value differs from the one the patch expects`);
      }
      return document;
    }
    default:
      throw new JsonPatchError(`unknown JSON patch operation "${op}"`);
  }
}

/** The node at a pointer, or an error naming what is missing. */
function get(document: RNode, tokens: string[], what: string): RNode {
  let node: RNode | undefined = document;
  for (const token of tokens) {
    node = node === undefined ? undefined : child(node, token);
    if (node === undefined) throw new JsonPatchError(`${what}: the object has no such path`);
  }
  return node!;
}

function child(node: RNode, token: string): RNode | undefined {
  if (node.type === 'map') return node.entries.find((e) => e.key === token)?.value;
  if (node.type === 'seq') {
    const index = arrayIndex(token, node.items.length, false);
    return index === undefined ? undefined : node.items[index];
  }
  return undefined;
}

/** An array index of a pointer token, negative ones counted from the end; undefined when out of range. */
function arrayIndex(token: string, length: number, forInsert: boolean): number | undefined {
  if (token === '-') return forInsert ? length : undefined;
  if (!/^-?\d+$/.test(token)) return undefined;
  let index = Number(token);
  if (index < 0) index += length;
  const limit = forInsert ? length : length - 1;
  return index < 0 || index > limit ? undefined : index;
}

/**
 * Rebuilds the path from the root down to the parent of the pointer's last token, applying `change` to the
 * parent; every node off the path is shared with the original.
 */
function update(
  document: RNode,
  tokens: string[],
  op: string,
  change: (parent: RNode, token: string) => RNode,
): RNode {
  if (tokens.length === 0) {
    throw new JsonPatchError(`${op} on the whole object is not supported`);
  }
  const rebuild = (node: RNode, depth: number): RNode => {
    const token = tokens[depth]!;
    if (depth === tokens.length - 1) return change(node, token);
    const next = child(node, token);
    if (next === undefined) {
      throw new JsonPatchError(`${op} /${tokens.slice(0, depth + 1).join('/')}: the object has no such path`);
    }
    return replaceChild(node, token, rebuild(next, depth + 1));
  };
  return rebuild(document, 0);
}

function replaceChild(node: RNode, token: string, value: RNode): RNode {
  if (node.type === 'map') {
    return { ...node, entries: node.entries.map((e) => (e.key === token ? { ...e, value } : e)) };
  }
  const seq = node as RSeq;
  const index = arrayIndex(token, seq.items.length, false)!;
  return { ...seq, items: seq.items.map((item, i) => (i === index ? value : item)) };
}

function insert(parent: RNode, token: string, value: RNode, path: string): RNode {
  if (parent.type === 'seq') {
    const index = arrayIndex(token, parent.items.length, true);
    if (index === undefined) throw new JsonPatchError(`add ${path}: index ${token} is out of range`);
    const items = [...parent.items];
    items.splice(index, 0, value);
    return { ...parent, items };
  }
  return set(parent, token, value, path);
}

/** Sets a map's key (replacing its value in place) or an array's element. */
function set(parent: RNode, token: string, value: RNode, path: string): RNode {
  if (parent.type === 'map') {
    const existing = parent.entries.find((e) => e.key === token);
    if (existing !== undefined) {
      return { ...parent, entries: parent.entries.map((e) => (e === existing ? { ...e, value } : e)) };
    }
    return { ...parent, entries: [...parent.entries, { key: token, keyOrigin: value.origin, value }] };
  }
  if (parent.type === 'seq') {
    const index = arrayIndex(token, parent.items.length, false);
    if (index === undefined) throw new JsonPatchError(`${path}: index ${token} is out of range`);
    return { ...parent, items: parent.items.map((item, i) => (i === index ? value : item)) };
  }
  throw new JsonPatchError(`${path}: the parent is a scalar`);
}

function remove(parent: RNode, token: string, path: string): { parent: RNode } {
  if (parent.type === 'map') {
    if (!parent.entries.some((e) => e.key === token)) {
      throw new JsonPatchError(`${path}: the object has no such key`);
    }
    return { parent: { ...parent, entries: parent.entries.filter((e) => e.key !== token) } };
  }
  if (parent.type === 'seq') {
    const index = arrayIndex(token, parent.items.length, false);
    if (index === undefined) throw new JsonPatchError(`${path}: index ${token} is out of range`);
    return { parent: { ...parent, items: parent.items.filter((_, i) => i !== index) } };
  }
  throw new JsonPatchError(`${path}: the parent is a scalar`);
}
