// Built-in kinds as SchemaNodes, and the validation of a built-in object, computed once per object and
// target version for all the schema rules (each reports its own share of the same list).
import { removalOf } from '../api-removals';
import type { K8sObject } from '../types';
import { KIND_NAMES } from './k8s-schema-data';
import { kubernetesSchema, shapeOf, typeLabel, type SchemaType, type TypeCode } from './k8s-schema';
import { nearMiss, validateValue, type SchemaNode, type Violation } from './validate';

const nodes = new Map<TypeCode, SchemaNode>();
const objectNodes = new Map<SchemaType, SchemaNode>();

/** The SchemaNode of a type code; nodes are shared, and an object's fields decoded when first asked. */
export function nodeOfCode(code: TypeCode): SchemaNode {
  let node = nodes.get(code);
  if (node) return node;
  const shape = shapeOf(code);
  switch (shape.kind) {
    case 'object':
      node = objectNode(shape.type);
      break;
    case 'list':
      node = { kind: 'list', label: 'list', items: nodeOfCode(shape.items) };
      break;
    case 'map':
      node = { kind: 'map', label: 'map', values: nodeOfCode(shape.values) };
      break;
    case 'enum':
      node = { kind: 'enum', label: 'enum', enum: shape.values };
      break;
    case 'number':
      // The declarations do not tell integers from other numbers; a fraction is left to the server.
      node = { kind: 'number', label: 'number' };
      break;
    default:
      node = { kind: shape.kind, label: shape.kind };
  }
  nodes.set(code, node);
  return node;
}

export function objectNode(type: SchemaType): SchemaNode {
  let node = objectNodes.get(type);
  if (node) return node;
  const fieldNames = [...type.fields.keys()];
  node = {
    kind: 'object',
    label: typeLabel(type),
    field: (name) => {
      const code = type.fields.get(name);
      return code === undefined ? undefined : nodeOfCode(code);
    },
    fieldNames: () => fieldNames,
    required: type.required,
    added: type.added,
  };
  objectNodes.set(type, node);
  return node;
}

/** The ObjectMeta node, for the metadata of custom resources. */
export function objectMetaNode(): SchemaNode | undefined {
  const meta = kubernetesSchema().kindType('v1', 'ConfigMap')?.fields.get('metadata');
  return meta === undefined ? undefined : nodeOfCode(meta);
}

/**
 * Kinds whose bodies the schema rules do not ask to be parsed, and only their metadata and the names of their
 * top-level keys are checked, the same way whether or not the body was parsed (another rule may need it). A
 * CustomResourceDefinition's schema can be a megabyte; a ConfigMap's or Secret's data is free-form text that
 * the engine never parses for any rule (a dashboard bundle is megabytes of it); RBAC objects are many and
 * read by no other rule. Reading them header-only keeps opening such files as cheap as before these rules.
 */
export const HEADER_CHECKED_KINDS: ReadonlySet<string> = new Set([
  'CustomResourceDefinition',
  'ConfigMap',
  'Secret',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
]);

/** The built-in kinds the schema rules look at, and the ones among them they read in full. */
export function schemaKinds(): { kinds: string[]; readsBodyOf: string[] } {
  return {
    kinds: [...KIND_NAMES],
    readsBodyOf: KIND_NAMES.filter((kind) => !HEADER_CHECKED_KINDS.has(kind)),
  };
}

const SKIP_ROOT = new Set(['status']);

const cache = new WeakMap<object, { target: number; violations: Violation[] }>();

/**
 * What the schema finds wrong with a built-in object, for the target minor version: nothing for kinds and
 * API versions it does not know, or that the target no longer serves (removed-api-version says so).
 */
export function builtInViolations(object: K8sObject, targetMinor: number, partText: string): Violation[] {
  const key = object.node ?? object.value;
  const cached = cache.get(key);
  if (cached && cached.target === targetMinor) return cached.violations;
  const violations = computeViolations(object, targetMinor, partText);
  cache.set(key, { target: targetMinor, violations });
  return violations;
}

function computeViolations(object: K8sObject, targetMinor: number, partText: string): Violation[] {
  const type = kubernetesSchema().kindType(object.apiVersion, object.kind);
  if (!type) return [];
  const removal = removalOf(object.apiVersion, object.kind);
  if (removal && removal.removedIn <= targetMinor) return [];
  const root = objectNode(type);
  if (HEADER_CHECKED_KINDS.has(object.kind)) {
    // Metadata and top-level key names only (their values are not walked): see HEADER_CHECKED_KINDS.
    const out: Violation[] = [];
    const metadata = object.value.metadata;
    const metaNode = root.field?.('metadata');
    if (metaNode) {
      for (const v of validateValue(metadata, metaNode, { targetMinor })) out.push(withPrefix(v, 'metadata'));
    }
    const keys = topLevelKeys(object, partText);
    const names = keys.map((k) => k.name);
    const fields = root.fieldNames?.() ?? [];
    for (const { name, span } of keys) {
      if (root.field?.(name) || SKIP_ROOT.has(name)) continue;
      const suggestion = nearMiss(
        name,
        fields.filter((f) => !names.includes(f)),
      );
      out.push({
        rule: 'unknown',
        path: [name],
        key: name,
        owner: root.label,
        at: span,
        ...(suggestion ? { suggestion } : {}),
      });
    }
    for (const name of root.required ?? []) {
      if (!names.includes(name)) out.push({ rule: 'required', path: [], missing: name, owner: root.label });
    }
    return out;
  }
  return validateValue(object.value, root, { targetMinor, skipRootKeys: SKIP_ROOT });
}

/** A plain key at the start of a line (used with the g and m flags). */
const TOP_LEVEL_KEYS = /^([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*:(?=[ \t]|\r?$)/;

/**
 * The top-level keys of an object and their spans: from its tree when its body was parsed, else from the
 * lines of its part's text (the header-only reading accepted the document only if every top-level key is a
 * plain key at the start of a line, so the scan finds exactly what a parse would).
 */
function topLevelKeys(
  object: K8sObject,
  partText: string,
): { name: string; span: { start: number; end: number } }[] {
  if (!object.headerOnly) {
    return object.node.items.flatMap((pair) => {
      const key = pair.key as { value?: unknown; range?: [number, number, number] } | null;
      return key && typeof key.value === 'string' && key.range
        ? [{ name: key.value, span: { start: key.range[0], end: key.range[1] } }]
        : [];
    });
  }
  const out: { name: string; span: { start: number; end: number } }[] = [];
  // One native regular-expression scan: a loop over a megabyte CRD's lines would run interpreted the first
  // time, which is the time that counts when a bundle is opened.
  const keys = new RegExp(TOP_LEVEL_KEYS.source, 'gm');
  keys.lastIndex = object.node.range?.[0] ?? 0;
  for (let match = keys.exec(partText); match; match = keys.exec(partText)) {
    out.push({ name: match[1]!, span: { start: match.index, end: match.index + match[1]!.length } });
  }
  return out;
}

function withPrefix(violation: Violation, key: string): Violation {
  return { ...violation, path: [key, ...violation.path] } as Violation;
}
