// Custom resources checked against the CustomResourceDefinitions in view: the served version's
// `schema.openAPIV3Schema`, compiled into the SchemaNodes validate.ts walks. A custom resource whose CRD is
// not in view (or whose CRD has no usable structural schema) is not checked at all: without the schema,
// nothing can be said about its fields.
import type { RuleContext } from '../rule';
import { bodyOf } from '../bodies';
import type { K8sObject } from '../types';
import { objectMetaNode } from './builtin';
import { validateValue, type SchemaNode, type Violation } from './validate';

const OPEN: SchemaNode = { kind: 'open', label: 'any' };
const STRING: SchemaNode = { kind: 'string', label: 'string' };
/** Deeper schemas are not followed: a structural schema this deep is either generated oddly or a cycle. */
const MAX_DEPTH = 64;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The CustomResourceDefinitions among the related objects, by the API group their name ends with (a CRD's
 * name is `<plural>.<group>`). This is the only place the schema rules read `context.related`, so that a
 * change in how related objects are offered touches this function alone.
 */
export function crdsInView(context: Pick<RuleContext, 'related'>): ReadonlyMap<string, readonly K8sObject[]> {
  const { related } = context;
  // CRDs are cluster-scoped, so every namespace of the unit is searched: the index's objects (grouped once
  // per version of the unit) without the checked file's stale entries, then the checked file's own.
  const { shared, own } = related.unitObjects();
  let grouped = crdGroups.get(shared);
  if (!grouped) crdGroups.set(shared, (grouped = groupByApiGroup(shared)));
  const ownCrds = own.filter(isCrd);
  const anyStale = [...grouped.values()].some((list) => list.some((crd) => related.isStale(crd)));
  if (ownCrds.length === 0 && !anyStale) return grouped;
  // The unit's groups without the stale entries, each followed by the file's own CRDs of its group: what
  // grouping the unit's current objects would give, made from the groups (a few CRDs) instead of the unit
  // (every object of it, again for each custom resource checked in a file that holds CRDs).
  const groups = new Map<string, K8sObject[]>();
  for (const [group, list] of grouped) {
    const current = list.filter((crd) => !related.isStale(crd));
    if (current.length > 0) groups.set(group, current);
  }
  for (const [group, list] of groupByApiGroup(ownCrds))
    groups.set(group, [...(groups.get(group) ?? []), ...list]);
  return groups;
}

function isCrd(object: K8sObject): boolean {
  return object.kind === 'CustomResourceDefinition' && object.apiVersion.startsWith('apiextensions.k8s.io/');
}

/** The CRDs among `objects` by the API group their name ends with. */
function groupByApiGroup(objects: readonly K8sObject[]): Map<string, K8sObject[]> {
  const groups = new Map<string, K8sObject[]>();
  for (const object of objects) {
    if (!isCrd(object)) continue;
    const name = object.name ?? '';
    const dot = name.indexOf('.');
    if (dot < 0) continue;
    const group = name.slice(dot + 1);
    let list = groups.get(group);
    if (!list) groups.set(group, (list = []));
    list.push(object);
  }
  return groups;
}

const crdGroups = new WeakMap<readonly K8sObject[], Map<string, K8sObject[]>>();

export interface CustomSchema {
  crd: K8sObject;
  root: SchemaNode;
}

/** The schema that governs a custom resource, from a CRD in view that serves its group, version and kind. */
export function customSchemaOf(
  object: K8sObject,
  context: Pick<RuleContext, 'related'>,
): CustomSchema | undefined {
  const slash = object.apiVersion.indexOf('/');
  if (slash < 0) return undefined;
  const group = object.apiVersion.slice(0, slash);
  const version = object.apiVersion.slice(slash + 1);
  for (const crd of crdsInView(context).get(group) ?? []) {
    const body = bodyOf(crd);
    const spec = body?.spec;
    if (!isPlainObject(spec) || spec.group !== group) continue;
    const names = spec.names;
    if (!isPlainObject(names) || names.kind !== object.kind) continue;
    // A v1beta1 definition, or one that asks to keep unknown fields, prunes nothing: nothing to check.
    if (!crd.apiVersion.endsWith('/v1') || spec.preserveUnknownFields === true) return undefined;
    const versions = Array.isArray(spec.versions) ? spec.versions : [];
    const served = versions.find((v) => isPlainObject(v) && v.name === version && v.served !== false);
    if (!isPlainObject(served)) return undefined;
    const schema = isPlainObject(served.schema) ? served.schema.openAPIV3Schema : undefined;
    if (!isPlainObject(schema)) return undefined;
    return { crd, root: rootNode(schema, object.kind) };
  }
  return undefined;
}

/** What the CustomResourceDefinition of a custom resource's kind tells the API server about its requests. */
export interface CustomResourceNames {
  crd: K8sObject;
  /** The resource its requests name (`spec.names.plural`), which admission rules match. */
  plural: string;
  /** Whether the kind is cluster-scoped (`spec.scope: Cluster`). */
  cluster: boolean;
  /** The versions it serves, in the order it lists them (`spec.versions[].served`). */
  served: string[];
  /** Whether objects convert between versions by changing apiVersion alone (conversion strategy None). */
  convertsByApiVersion: boolean;
}

/**
 * The CRD in view that defines `object`'s kind in its API group (`spec.group`, `spec.names.kind`): one of
 * its unit first, then one anywhere in view (a CRD is a cluster-wide object, and a workspace or CLI run may
 * keep the cluster's CRDs apart from the resources, as it keeps admission policies). Undefined when none
 * is, or when the one found names no plural.
 */
export function customResourceNames(
  object: K8sObject,
  context: Pick<RuleContext, 'related'>,
): CustomResourceNames | undefined {
  const slash = object.apiVersion.indexOf('/');
  if (slash < 0) return undefined;
  const group = object.apiVersion.slice(0, slash);
  const candidates = [
    ...(crdsInView(context).get(group) ?? []),
    ...context.related.clusterOfKind('CustomResourceDefinition').filter(isCrd),
  ];
  for (const crd of candidates) {
    const spec = bodyOf(crd)?.spec;
    if (!isPlainObject(spec) || spec.group !== group) continue;
    const names = spec.names;
    if (!isPlainObject(names) || names.kind !== object.kind) continue;
    if (typeof names.plural !== 'string' || names.plural === '') return undefined;
    const versions = Array.isArray(spec.versions) ? spec.versions.filter(isPlainObject) : [];
    const served = versions
      .filter((v) => v.served !== false && typeof v.name === 'string')
      .map((v) => v.name as string);
    // apiextensions.k8s.io/v1beta1 named a single version in spec.version.
    if (served.length === 0 && typeof spec.version === 'string') served.push(spec.version);
    const strategy = isPlainObject(spec.conversion) ? spec.conversion.strategy : undefined;
    return {
      crd,
      plural: names.plural,
      cluster: spec.scope === 'Cluster',
      served,
      convertsByApiVersion: strategy === undefined || strategy === 'None',
    };
  }
  return undefined;
}

const compiled = new WeakMap<object, SchemaNode>();

function rootNode(schema: Record<string, unknown>, kind: string): SchemaNode {
  const known = compiled.get(schema);
  if (known) return known;
  const node = compile(schema, kind, 0);
  // Every object has apiVersion, kind and metadata whatever its schema lists; metadata is an ObjectMeta.
  const meta = objectMetaNode() ?? OPEN;
  const root: SchemaNode =
    node.kind === 'object'
      ? {
          ...node,
          field: (name) =>
            name === 'apiVersion' || name === 'kind'
              ? STRING
              : name === 'metadata'
                ? meta
                : node.field?.(name),
          fieldNames: () => [...new Set(['apiVersion', 'kind', 'metadata', ...(node.fieldNames?.() ?? [])])],
        }
      : node;
  compiled.set(schema, root);
  return root;
}

/** One level of a structural schema as a SchemaNode; properties are compiled when the walk reaches them. */
function compile(schema: unknown, label: string, depth: number): SchemaNode {
  if (!isPlainObject(schema) || depth > MAX_DEPTH) return OPEN;
  if (schema['x-kubernetes-int-or-string'] === true) return { kind: 'int-or-string', label };
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  const type = schema.type;
  const properties = isPlainObject(schema.properties) ? schema.properties : undefined;
  const additional = schema.additionalProperties;
  if (type === 'object' || (type === undefined && (properties || isPlainObject(additional)))) {
    if (!properties && isPlainObject(additional)) {
      return { kind: 'map', label, values: compile(additional, `${label}.*`, depth + 1) };
    }
    // `additionalProperties: true`, or an object that keeps what it is given: anything goes.
    if (!properties && (preserve || additional === true || type === undefined)) return OPEN;
    const fields = new Map<string, SchemaNode>();
    const names = Object.keys(properties ?? {});
    const field = (name: string): SchemaNode | undefined => {
      if (!properties || !Object.prototype.hasOwnProperty.call(properties, name)) {
        // An embedded resource has apiVersion, kind and metadata even when its schema lists none.
        if (embedded && (name === 'apiVersion' || name === 'kind')) return STRING;
        if (embedded && name === 'metadata') return objectMetaNode() ?? OPEN;
        return undefined;
      }
      let node = fields.get(name);
      if (!node) fields.set(name, (node = compile(properties[name], `${label}.${name}`, depth + 1)));
      return node;
    };
    const required = Array.isArray(schema.required)
      ? schema.required.filter((r) => typeof r === 'string')
      : [];
    return {
      kind: 'object',
      label,
      field,
      fieldNames: () => names,
      required,
      preserveUnknown: preserve || additional === true,
    };
  }
  if (type === 'array') return { kind: 'list', label, items: compile(schema.items, label, depth + 1) };
  if (type === 'string') {
    const values = Array.isArray(schema.enum)
      ? schema.enum.filter((v): v is string => typeof v === 'string')
      : [];
    return values.length > 0 && values.length === (schema.enum as unknown[]).length
      ? { kind: 'enum', label, enum: values }
      : { kind: 'string', label };
  }
  if (type === 'integer') return { kind: 'integer', label };
  if (type === 'number') return { kind: 'number', label };
  if (type === 'boolean') return { kind: 'boolean', label };
  return OPEN;
}

const SKIP_ROOT = new Set(['status']);

/** What a custom resource's CRD says is wrong with it; undefined when no CRD in view governs it. */
export function customViolations(
  object: K8sObject,
  context: Pick<RuleContext, 'related'>,
): { crd: K8sObject; violations: Violation[] } | undefined {
  const schema = customSchemaOf(object, context);
  if (!schema) return undefined;
  const violations = validateValue(object.value, schema.root, {
    targetMinor: Infinity,
    skipRootKeys: SKIP_ROOT,
  });
  return { crd: schema.crd, violations };
}
