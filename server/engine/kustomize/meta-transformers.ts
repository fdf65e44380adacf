// The transformers that rewrite metadata (kustomize v5.5.0: api/filters/{namespace,prefix,suffix,labels,
// annotations} and the builtins that drive them): `namespace`, `namePrefix`, `nameSuffix`, `labels` then
// `commonLabels`, `commonAnnotations`. Each is a Step the pipeline calls in kustomize's order (see
// transform-steps.ts). A value they write points at the kustomization's entry that produced it: a label at
// its `commonLabels` pair, a namespace at the `namespace` value. A prefixed or suffixed name keeps the origin
// of the name it extends: findings about an object are reported at its name, and the object is defined (and
// cured) where the base writes it, not at the overlay's `namePrefix`.
import type { Origin, RMap, RNode } from './tree';
import { entryOf } from './tree';
import type { Level, RenderedObject, Step } from './model';
import { cloneNode, compareKeys, mapAt, scalar, setEntry, stringPairs, textOf } from './edit';
import {
  COMMON_ANNOTATIONS,
  COMMON_LABELS,
  NAMESPACE_FIELDS,
  reachesAny,
  TEMPLATE_LABELS,
  visitFieldSpec,
  type FieldSpec,
} from './fieldspecs';
import {
  apiVersionOf,
  effectiveNamespace,
  gvkOf,
  isClusterScoped,
  nameOf,
  namespaceOf,
  withPreviousIdentity,
} from './identity';
import { checkStringValues, fieldEntry, listItems, reportError, stringOf } from './kustomization-fields';

/** Replaces the scalar a field spec reached (kyaml's `FieldSetter` on a scalar node). */
function setScalarAt(value: string, origin: Origin) {
  return (node: RNode, holder: RMap | undefined, key: string | undefined): void => {
    if (node.type !== 'scalar' || holder === undefined || key === undefined) return;
    const entry = entryOf(holder, key);
    if (entry) entry.value = scalar(value, restated(node, value) ? node.origin : origin);
  };
}

/**
 * Whether a transformer writes the value a scalar already holds (a Namespace object named as the `namespace`
 * field, an object already in that namespace). Such a write changes nothing, so the value stays the file's:
 * a finding about the Namespace or its namespace belongs where the object is written, as with a strategic
 * merge patch that restates a value (smp.ts).
 */
function restated(node: RNode | undefined, value: string): boolean {
  return node?.type === 'scalar' && node.value === value;
}

/**
 * `namespace`: sets metadata.namespace on every namespaced object (cluster-scoped ones are left alone), the
 * namespace of RoleBinding/ClusterRoleBinding subjects named `default`, an APIService's service namespace, a
 * CRD's conversion webhook service namespace, and the name of a `v1` Namespace object. Every object records its
 * identity before the step, as kustomize's NamespaceTransformer does, so references to it can follow.
 */
export const applyNamespace: Step = (objects, level) => {
  const value = fieldEntry(level, 'namespace')?.value;
  const namespace = stringOf(level, value, 'namespace');
  if (value === undefined || namespace === undefined || namespace === '') return objects;
  const origin = value.origin;
  const result = objects.map((object) => {
    // A tree the step would not change stays shared with whoever else holds it (and printed once).
    if (!namespaceReaches(object.tree)) return { ...object, history: withPreviousIdentity(object) };
    const tree = cloneNode(object.tree);
    if (!isClusterScoped(tree)) {
      const metadata = mapAt(tree, 'metadata', origin);
      const current = metadata && entryOf(metadata, 'namespace')?.value;
      const valueOrigin = restated(current, namespace) ? current!.origin : origin;
      if (metadata) setEntry(metadata, 'namespace', scalar(namespace, valueOrigin), origin);
    }
    const kind = gvkOf(tree).kind;
    if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
      const subjects = entryOf(tree, 'subjects')?.value;
      if (subjects?.type === 'seq')
        for (const subject of subjects.items) {
          if (subject.type !== 'map' || textOf(entryOf(subject, 'name')?.value) !== 'default') continue;
          setEntry(subject, 'namespace', scalar(namespace, origin), origin);
        }
    }
    for (const spec of NAMESPACE_FIELDS) {
      if (spec.path === 'metadata/name' && apiVersionOf(tree) !== 'v1') continue;
      visitFieldSpec(tree, spec, 'scalar', origin, setScalarAt(namespace, origin));
    }
    return { ...object, tree, history: withPreviousIdentity(object) };
  });
  reportConflicts(result, level, origin);
  return result;
};

/**
 * Whether `namespace` may change a tree: a namespaced object gets the namespace, a binding's subjects may, and
 * so may the fields the namespace field specs reach (a cluster-scoped CRD's conversion webhook service).
 */
function namespaceReaches(tree: RMap): boolean {
  if (!isClusterScoped(tree)) return true;
  const kind = gvkOf(tree).kind;
  if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') return true;
  return NAMESPACE_FIELDS.some(
    (spec) => !(spec.path === 'metadata/name' && apiVersionOf(tree) !== 'v1') && reachesAny(tree, spec),
  );
}

/**
 * kustomize refuses a namespace that makes two objects one (same kind, name and namespace), for instance the
 * same ConfigMap written for two namespaces in the bases.
 */
function reportConflicts(objects: RenderedObject[], level: Level, origin: Origin): void {
  const seen = new Set<string>();
  for (const object of objects) {
    const { group, version, kind } = gvkOf(object.tree);
    const namespace = effectiveNamespace(namespaceOf(object.tree), isClusterScoped(object.tree));
    const key = [group, version, kind, nameOf(object.tree) ?? '', namespace].join('\u0000');
    if (!seen.has(key)) {
      seen.add(key);
      continue;
    }
    reportError(
      level,
      origin,
      'namespace',
      `the namespace makes two objects ${kind} ${nameOf(object.tree) ?? ''} in ${namespace}, which kustomize refuses`,
    );
    return;
  }
}

/** Kinds whose names kustomize never prefixes or suffixes. */
function keepsItsName(object: RenderedObject): boolean {
  const gvk = gvkOf(object.tree);
  return (
    gvk.kind === 'CustomResourceDefinition' ||
    gvk.kind === 'Namespace' ||
    (gvk.kind === 'APIService' && gvk.group === 'apiregistration.k8s.io')
  );
}

function affixStep(field: 'namePrefix' | 'nameSuffix'): Step {
  return (objects, level) => {
    const value = fieldEntry(level, field)?.value;
    const affix = stringOf(level, value, field);
    if (value === undefined || affix === undefined || affix === '') return objects;
    return objects.map((object) => {
      if (keepsItsName(object)) return object;
      const tree = cloneNode(object.tree);
      const metadata = entryOf(tree, 'metadata')?.value;
      const name = metadata?.type === 'map' ? entryOf(metadata, 'name') : undefined;
      const current = textOf(name?.value);
      if (name && current !== undefined)
        name.value = scalar(field === 'namePrefix' ? affix + current : current + affix, name.value.origin);
      const affixes = object.nameAffixes ?? { prefixes: [], suffixes: [] };
      return {
        ...object,
        tree,
        history: withPreviousIdentity(object),
        nameAffixes:
          field === 'namePrefix'
            ? { ...affixes, prefixes: [...affixes.prefixes, affix] }
            : { ...affixes, suffixes: [...affixes.suffixes, affix] },
      };
    });
  };
}

/** `namePrefix`: prepends to metadata.name of every object except CRDs, APIServices and Namespaces. */
export const applyNamePrefix: Step = affixStep('namePrefix');
/** `nameSuffix`: appends likewise. */
export const applyNameSuffix: Step = affixStep('nameSuffix');

/** Sets string pairs, in sorted key order, into every map the field specs reach (kustomize's labels filter). */
function setPairs(
  objects: RenderedObject[],
  pairsNode: RNode,
  specs: FieldSpec[],
  level: Level,
  field: string,
): RenderedObject[] {
  if (!checkStringValues(level, pairsNode, field)) return objects;
  const pairs = stringPairs(pairsNode).sort((left, right) => compareKeys(left.key, right.key));
  if (pairs.length === 0) return objects;
  return objects.map((object) => {
    const tree = cloneNode(object.tree);
    for (const pair of pairs)
      for (const spec of specs)
        visitFieldSpec(tree, spec, 'map', pairsNode.origin, (node) => {
          if (node.type === 'map')
            setEntry(node, pair.key, scalar(pair.value, pair.entry.value.origin), pair.entry.keyOrigin);
        });
    return { ...object, tree };
  });
}

/** A `fields:` entry of `labels` (a user's own field spec). */
function userSpec(node: RNode): FieldSpec | undefined {
  if (node.type !== 'map') return undefined;
  const path = textOf(entryOf(node, 'path')?.value);
  if (path === undefined) return undefined;
  const text = (key: string): string | undefined => textOf(entryOf(node, key)?.value);
  const spec: FieldSpec = { path, create: text('create') === 'true' };
  const [group, version, kind] = [text('group'), text('version'), text('kind')];
  if (group) spec.group = group;
  if (version) spec.version = version;
  if (kind) spec.kind = kind;
  return spec;
}

/**
 * `labels` (each entry with its own field specs: metadata labels only by default, templates with
 * `includeTemplates`, every selector too with `includeSelectors`, plus its `fields`), then `commonLabels`
 * (labels, selectors and templates), as kustomize's LabelTransformer configuration orders them.
 */
export const applyLabels: Step = (objects, level) => {
  let result = objects;
  for (const item of listItems(level, 'labels')) {
    if (item.type !== 'map') continue;
    const pairs = entryOf(item, 'pairs')?.value;
    if (pairs === undefined) continue;
    const fields = entryOf(item, 'fields')?.value;
    const specs = fields?.type === 'seq' ? fields.items.flatMap((node) => userSpec(node) ?? []) : [];
    if (textOf(entryOf(item, 'includeSelectors')?.value) === 'true') specs.push(...COMMON_LABELS);
    else {
      if (textOf(entryOf(item, 'includeTemplates')?.value) === 'true') specs.push(...TEMPLATE_LABELS);
      specs.push({ path: 'metadata/labels', create: true });
    }
    result = setPairs(result, pairs, specs, level, 'labels');
  }
  const common = fieldEntry(level, 'commonLabels')?.value;
  if (common) result = setPairs(result, common, COMMON_LABELS, level, 'commonLabels');
  return result;
};

/** `commonAnnotations`: metadata annotations and those of pod templates. */
export const applyAnnotations: Step = (objects, level: Level) => {
  const annotations = fieldEntry(level, 'commonAnnotations')?.value;
  return annotations
    ? setPairs(objects, annotations, COMMON_ANNOTATIONS, level, 'commonAnnotations')
    : objects;
};
