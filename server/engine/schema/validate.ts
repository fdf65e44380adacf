// Structural validation: walks an object's plain value along a schema (a built-in kind's, from
// k8s-schema.ts, or a custom resource's, from crd.ts) and lists what the API server would drop, reject or
// read differently. It reads values only; the rules find the YAML nodes (and so the spans) of the few
// violations they report. Every schema reaches this walk as a SchemaNode, so both kinds of object are
// judged by the same code.
import { editDistance } from '../distance';
import type { PathSegment } from '../nodes';

export type ScalarKind = 'string' | 'number' | 'integer' | 'boolean' | 'quantity' | 'int-or-string';

/** One level of a schema, as the walk sees it. */
export interface SchemaNode {
  kind: 'object' | 'map' | 'list' | 'enum' | 'open' | ScalarKind;
  /** How messages name the type (`PodSpec`, `Container`, or a custom resource's path). */
  label: string;
  /** For objects: the schema of a field, or undefined when the object has no such field. */
  field?(name: string): SchemaNode | undefined;
  fieldNames?(): readonly string[];
  required?: readonly string[];
  /** For objects: fields that Kubernetes 1.30 did not have yet. */
  added?: ReadonlySet<string>;
  /** For objects: keys beyond the fields are kept (x-kubernetes-preserve-unknown-fields). */
  preserveUnknown?: boolean;
  /** For maps: the values' schema; for lists: the items'. */
  values?: SchemaNode;
  items?: SchemaNode;
  /** For enums: the allowed strings ("" is always allowed: it means the default). */
  enum?: readonly string[];
}

export type Violation =
  | {
      rule: 'unknown';
      /** Path to the offending key. */
      path: PathSegment[];
      key: string;
      owner: string;
      suggestion?: string;
      /** The key is a field of a later release than the target. */
      newer?: boolean;
      /** The key's span, in the part's offsets, when the object's tree does not hold it (header-only). */
      at?: { start: number; end: number };
    }
  | { rule: 'misplaced'; path: PathSegment[]; key: string; owner: string; belongs: string }
  | {
      rule: 'type';
      /** Path to the offending value. */
      path: PathSegment[];
      key: string;
      expected: string;
      got: string;
      /** How the value's own text can be fixed: quoted (a string was meant), or unquoted. */
      fix?: 'quote' | 'unquote';
      /** The value is a plain word that YAML 1.1 readers (kubectl's among them) read as a boolean. */
      yaml11Boolean?: boolean;
    }
  | { rule: 'quantity'; path: PathSegment[]; key: string; value: string }
  | {
      rule: 'unit';
      path: PathSegment[];
      key: string;
      value: number;
      /** The unit most likely meant: Mi for memory, Gi for storage. */
      unit: 'Mi' | 'Gi';
    }
  | {
      rule: 'enum';
      path: PathSegment[];
      key: string;
      value: string;
      allowed: readonly string[];
      /** The allowed value that differs only in case. */
      fixed?: string;
    }
  | {
      rule: 'required';
      /** Path to the object that lacks the field ([] for the object itself). */
      path: PathSegment[];
      missing: string;
      owner: string;
    };

export interface WalkOptions {
  /** The Kubernetes minor version targeted (34 for 1.34): fields added after 1.30 count only above 30. */
  targetMinor: number;
  /** Keys of the root object not to walk (its `status`, which the API server ignores on apply). */
  skipRootKeys?: ReadonlySet<string>;
}

/** The Kubernetes minor release the `added` marks compare with (kubernetes-types 1.30). */
export const OLDER_RELEASE = 30;

/** Words that YAML 1.1 (and so kubectl's decoder) reads as booleans, though YAML 1.2 reads strings. */
const YAML11_BOOLEANS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/**
 * A Kubernetes quantity: a decimal number with an optional binary (Ki…Ei), decimal (n, u, m, k, M…E) or
 * exponent suffix, as the API server's parser accepts it.
 */
const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;

/** Resource names whose quantity is bytes: a bare number there is a count of bytes. */
const BYTE_RESOURCES =
  /^(memory|storage|ephemeral-storage|hugepages-.+|requests\.(memory|storage|ephemeral-storage)|limits\.(memory|ephemeral-storage))$/;

/** Below one mebibyte, a byte count for memory or storage is almost surely a missing unit. */
const SMALLEST_LIKELY_BYTES = 1024 * 1024;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Walks `value` along `node`, appending what it finds to `out`. */
export function validateValue(
  value: unknown,
  node: SchemaNode,
  options: WalkOptions,
  out: Violation[] = [],
): Violation[] {
  walk(value, node, [], '', [], options, out, true);
  return out;
}

interface Frame {
  node: SchemaNode;
  path: PathSegment[];
}

function walk(
  value: unknown,
  node: SchemaNode,
  path: PathSegment[],
  key: string,
  stack: Frame[],
  options: WalkOptions,
  out: Violation[],
  root = false,
): void {
  if (value === null || value === undefined) return;
  switch (node.kind) {
    case 'open':
      return;
    case 'object': {
      if (!isPlainObject(value)) {
        out.push({ rule: 'type', path, key, expected: 'a mapping', got: describe(value) });
        return;
      }
      const frames = [...stack, { node, path }];
      for (const [name, child] of Object.entries(value)) {
        if (root && options.skipRootKeys?.has(name)) continue;
        // Strategic merge patch directives (`$patch`, `$setElementOrder/…`, `$retainKeys`) belong to patches.
        if (name.startsWith('$')) continue;
        const field = node.field?.(name);
        const tooNew =
          field !== undefined && node.added?.has(name) === true && options.targetMinor <= OLDER_RELEASE;
        if (field && !tooNew) {
          walk(child, field, [...path, name], name, frames, options, out);
          continue;
        }
        if (node.preserveUnknown) continue;
        out.push(classifyUnknown(name, value, node, [...path, name], frames, options, tooNew));
      }
      for (const name of node.required ?? []) {
        if (!(name in value) || value[name] === null) {
          out.push({ rule: 'required', path, missing: name, owner: node.label });
        }
      }
      return;
    }
    case 'map': {
      if (!isPlainObject(value)) {
        out.push({ rule: 'type', path, key, expected: 'a mapping', got: describe(value) });
        return;
      }
      const values = node.values;
      if (!values) return;
      for (const [name, child] of Object.entries(value)) {
        if (values.kind === 'quantity' && BYTE_RESOURCES.test(name) && likelyMissingUnit(child)) {
          const unit = /storage/.test(name) ? 'Gi' : 'Mi';
          out.push({ rule: 'unit', path: [...path, name], key: name, value: Number(child), unit });
          continue;
        }
        walk(child, values, [...path, name], name, stack, options, out);
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) {
        out.push({ rule: 'type', path, key, expected: 'a list', got: describe(value) });
        return;
      }
      const items = node.items;
      if (!items) return;
      value.forEach((item, index) => walk(item, items, [...path, index], key, stack, options, out));
      return;
    }
    case 'enum': {
      if (typeof value !== 'string') {
        out.push(notAString(path, key, value));
        return;
      }
      const allowed = node.enum ?? [];
      if (value === '' || allowed.includes(value)) return;
      const fixed = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
      out.push({ rule: 'enum', path, key, value, allowed, ...(fixed ? { fixed } : {}) });
      return;
    }
    case 'string':
      if (typeof value === 'string') {
        if (YAML11_BOOLEANS.test(value)) {
          out.push({
            rule: 'type',
            path,
            key,
            expected: 'a string',
            got: `"${value}"`,
            fix: 'quote',
            yaml11Boolean: true,
          });
        }
        return;
      }
      out.push(notAString(path, key, value));
      return;
    case 'integer':
    case 'number': {
      if (typeof value === 'number') {
        if (node.kind === 'integer' && !Number.isInteger(value)) {
          out.push({ rule: 'type', path, key, expected: 'an integer', got: describe(value) });
        }
        return;
      }
      const numeric =
        typeof value === 'string' &&
        (node.kind === 'integer' ? /^[+-]?\d+$/ : /^[+-]?\d+(\.\d+)?$/).test(value.trim());
      out.push({
        rule: 'type',
        path,
        key,
        expected: node.kind === 'integer' ? 'an integer' : 'a number',
        got: describe(value),
        ...(numeric ? { fix: 'unquote' as const } : {}),
      });
      return;
    }
    case 'boolean':
      if (typeof value === 'boolean') return;
      out.push({
        rule: 'type',
        path,
        key,
        expected: 'a boolean (true or false)',
        got: describe(value),
        ...(value === 'true' || value === 'false' ? { fix: 'unquote' as const } : {}),
      });
      return;
    case 'quantity':
      if (typeof value === 'number') return;
      if (typeof value === 'string') {
        if (!QUANTITY.test(value.trim())) out.push({ rule: 'quantity', path, key, value });
        return;
      }
      out.push({
        rule: 'type',
        path,
        key,
        expected: 'a quantity (such as 500m or 512Mi)',
        got: describe(value),
      });
      return;
    case 'int-or-string':
      if (typeof value === 'number' || typeof value === 'string') return;
      out.push({ rule: 'type', path, key, expected: 'a number or a string', got: describe(value) });
      return;
  }
}

/** A number, or a string of digits alone, below a mebibyte: a memory or storage amount without its unit. */
function likelyMissingUnit(value: unknown): boolean {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isFinite(n) && n > 0 && n < SMALLEST_LIKELY_BYTES;
}

/** A number or boolean where a string belongs: its text, quoted, is what was meant. */
/** A value where the schema wants a string: a wrong type, quoted as the fix when it is a plain scalar. */
function notAString(path: PathSegment[], key: string, value: unknown): Violation {
  return { rule: 'type', path, key, expected: 'a string', got: describe(value), fix: scalarFix(value) };
}

function scalarFix(value: unknown): 'quote' | undefined {
  return typeof value === 'number' || typeof value === 'boolean' ? 'quote' : undefined;
}

function describe(value: unknown): string {
  if (typeof value === 'string')
    return `the string "${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}

/**
 * Why a key is not a field here: a near miss of a field of this type (a typo), a field of an enclosing or a
 * nested type (a key written at the wrong indentation), a field of a later release, or nothing known.
 */
function classifyUnknown(
  key: string,
  value: Record<string, unknown>,
  node: SchemaNode,
  path: PathSegment[],
  frames: Frame[],
  options: WalkOptions,
  tooNew: boolean,
): Violation {
  const usable = (n: SchemaNode, name: string): boolean =>
    n.field?.(name) !== undefined && !(n.added?.has(name) === true && options.targetMinor <= OLDER_RELEASE);
  const names = (node.fieldNames?.() ?? []).filter((name) => !(name in value) && usable(node, name));
  const suggestion = nearMiss(key, names);
  if (suggestion) return { rule: 'unknown', path, key, owner: node.label, suggestion };
  // A field of an enclosing type: the key sits too deep (it belongs that many levels up).
  for (let i = frames.length - 2; i >= 0; i--) {
    const frame = frames[i]!;
    if (frame.node.kind === 'object' && usable(frame.node, key)) {
      return {
        rule: 'misplaced',
        path,
        key,
        owner: node.label,
        belongs: `in ${frame.node.label} (${display(frame.path, key)})`,
      };
    }
  }
  // A field of a type one level down: the key sits too shallow (containers' `resources` in the pod spec).
  const candidates: { field: string; list: boolean; score: number }[] = [];
  for (const field of node.fieldNames?.() ?? []) {
    const child = node.field?.(field);
    if (!child || !usable(node, field)) continue;
    const element = child.kind === 'list' ? child.items : child;
    if (element?.kind !== 'object' || !usable(element, key)) continue;
    // Required fields first (every pod spec has containers), then fields the object already uses.
    const score = (node.required?.includes(field) ? 2 : 0) + (field in value ? 1 : 0);
    candidates.push({ field, list: child.kind === 'list', score });
  }
  candidates.sort((a, b) => b.score - a.score || (a.field < b.field ? -1 : 1));
  const best = candidates[0];
  if (best) {
    const where = best.list ? `${best.field}[].${key}` : `${best.field}.${key}`;
    return {
      rule: 'misplaced',
      path,
      key,
      owner: node.label,
      belongs: `one level down, under \`${best.field}\` (\`${where}\`)`,
    };
  }
  return { rule: 'unknown', path, key, owner: node.label, ...(tooNew ? { newer: true } : {}) };
}

/** `spec.template.spec` + `containers`: where a key belongs, as a path. */
function display(path: PathSegment[], key: string): string {
  const parts: string[] = [];
  for (const segment of path) {
    if (typeof segment === 'number') parts[parts.length - 1] += `[${segment}]`;
    else parts.push(segment);
  }
  parts.push(key);
  return `\`${parts.join('.')}\``;
}

/**
 * The field a key most likely misspells: the same name in another case, or one edit away for names of
 * four characters or more (two for eight or more), when exactly one field is that close.
 */
export function nearMiss(key: string, fields: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameCase = fields.filter((f) => f.toLowerCase() === lower);
  if (sameCase.length === 1) return sameCase[0];
  const max = key.length >= 8 ? 2 : key.length >= 4 ? 1 : 0;
  if (max === 0) return undefined;
  let best: string | undefined;
  let bestDistance = max + 1;
  let ties = 0;
  for (const field of fields) {
    const distance = editDistance(lower, field.toLowerCase(), max);
    if (distance < bestDistance) {
      best = field;
      bestDistance = distance;
      ties = 1;
    } else if (distance === bestDistance) {
      ties++;
    }
  }
  return best !== undefined && bestDistance <= max && ties === 1 ? best : undefined;
}
