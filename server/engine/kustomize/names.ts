// The end of a rendering, where kustomize fixes names (api/internal/target/kusttarget.go,
// `makeCustomizedResMap`): once every kustomization of the tree has been accumulated and transformed, it
// (1) appends the content hash to the names of generated ConfigMaps and Secrets, (2) rewrites every name
// reference to a renamed object (api/filters/nameref with the default nameReference field specs), then drops
// objects marked `config.kubernetes.io/local-config`. These run once, on the top kustomization's output, never
// per base: a base's generated ConfigMap is hashed with the content the overlays gave it, and a reference is
// matched against every name its target had on the way (namespace, prefixes, suffixes, the hash).
//
// A rewritten reference keeps the origin of the reference as written (the Deployment's `configMapRef.name`),
// since that is where a user reads and fixes it; the target's new name points at what produced it.
import type { Origin, RMap, RNode } from './tree';
import { entryOf } from './tree';
import type { Level, RenderedObject, Step } from './model';
import { cloneNode, scalar, setEntry, textOf } from './edit';
import { contentHash } from './hash';
import { visitFieldSpec } from './fieldspecs';
import {
  effectiveNamespace,
  gvkOf,
  gvkSelected,
  isClusterScoped,
  nameOf,
  namespaceOf,
  withPreviousIdentity,
  type GvkSelector,
} from './identity';
import { NAME_REFERENCES } from './name-reference-specs';
import { reportError } from './kustomization-fields';

/** Appends `-<hash>` to the name of every generated object that still takes it (kustomize's HashTransformer). */
export const addHashSuffixes: Step = (objects) =>
  objects.map((object) => {
    if (object.generated?.hashSuffix !== true) return object;
    const tree = cloneNode(object.tree);
    const metadata = entryOf(tree, 'metadata')?.value;
    const name = metadata?.type === 'map' ? entryOf(metadata, 'name') : undefined;
    const current = textOf(name?.value);
    if (name === undefined || current === undefined) return object;
    name.value = scalar(`${current}-${contentHash(tree)}`, name.value.origin);
    return {
      ...object,
      tree,
      history: withPreviousIdentity(object),
      generated: { ...object.generated, hashSuffix: false },
    };
  });

/** Drops the objects annotated `config.kubernetes.io/local-config` (any value but "false"), as kustomize does. */
export const dropLocalConfigs: Step = (objects) =>
  objects.filter((object) => {
    const metadata = entryOf(object.tree, 'metadata')?.value;
    const annotations = metadata?.type === 'map' ? entryOf(metadata, 'annotations')?.value : undefined;
    if (annotations?.type !== 'map') return true;
    const local = entryOf(annotations, 'config.kubernetes.io/local-config');
    return local === undefined || textOf(local.value) === 'false';
  });

interface Candidate {
  object: RenderedObject;
  name: string | undefined;
  namespace: string | undefined;
  clusterScoped: boolean;
}

/**
 * Rewrites name references to renamed objects (kustomize's nameReferenceTransformer). Only objects that were
 * renamed are candidates; a reference names one of them if it equals an earlier name of it, of the kind the
 * field refers to, in a namespace the referrer can see; ties go to the candidate renamed with the same
 * prefixes and suffixes as the referrer. Several remaining candidates with different names is kustomize's
 * "found multiple possible referrals" error.
 */
export const fixNameReferences: Step = (objects, level) => {
  const candidates: Candidate[] = objects.map((object) => ({
    object,
    name: nameOf(object.tree),
    namespace: namespaceOf(object.tree),
    clusterScoped: isClusterScoped(object.tree),
  }));
  // Only an object with an earlier identity can be referred to by it (selectReferral), so the others are
  // left out of every pool; when no object was renamed there is nothing to rewrite, and no tree is copied.
  const renamed = candidates.filter((candidate) => candidate.object.history.length > 0);
  if (renamed.length === 0) return objects;
  return objects.map((object, index) => {
    const referrer = candidates[index];
    if (referrer === undefined) return object;
    const visible = visibleTo(referrer, renamed);
    if (visible.length === 0) return object;
    const gvk = gvkOf(object.tree);
    let tree: RMap | undefined;
    const written = { any: false };
    for (const reference of NAME_REFERENCES) {
      for (const [path, kind, group, version] of reference.referrers) {
        const selector: GvkSelector = { kind, group, version };
        if (!gvkSelected(gvk, selector)) continue;
        tree ??= cloneNode(object.tree);
        const context: ReferenceContext = {
          referrer,
          visible,
          target: reference.target,
          path,
          level,
          written,
        };
        visitFieldSpec(tree, { path }, undefined, object.tree.origin, (node, holder, key) =>
          rewrite(node, holder, key, context),
        );
      }
    }
    // A tree without a reference rewritten stays shared with whoever else holds it (and printed once).
    return tree === undefined || !written.any ? object : { ...object, tree };
  });
};

interface ReferenceContext {
  referrer: Candidate;
  visible: Candidate[];
  target: GvkSelector;
  path: string;
  level: Level;
  /** Set when a reference of the object's copy was rewritten. */
  written: { any: boolean };
}

/** kustomize's `SubsetThatCouldBeReferencedByResource`. */
function visibleTo(referrer: Candidate, all: Candidate[]): Candidate[] {
  if (referrer.clusterScoped) return all;
  const own = effectiveNamespace(referrer.namespace, false);
  const bound = new Set<string>();
  if (gvkOf(referrer.object.tree).kind === 'RoleBinding') {
    const subjects = entryOf(referrer.object.tree, 'subjects')?.value;
    if (subjects?.type === 'seq')
      for (const subject of subjects.items) {
        if (subject.type !== 'map' || textOf(entryOf(subject, 'kind')?.value) !== 'ServiceAccount') continue;
        const namespace = textOf(entryOf(subject, 'namespace')?.value);
        if (namespace !== undefined) bound.add(namespace);
      }
  }
  return all.filter(
    (candidate) =>
      candidate.clusterScoped ||
      effectiveNamespace(candidate.namespace, false) === own ||
      bound.has(candidate.namespace ?? ''),
  );
}

function rewrite(
  node: RNode,
  holder: RMap | undefined,
  key: string | undefined,
  context: ReferenceContext,
): void {
  if (node.type === 'scalar') {
    if (holder && key !== undefined)
      rewriteScalar(node, (value) => setEntry(holder, key, value, node.origin), context);
  } else if (node.type === 'map') rewriteMapping(node, context);
  else
    node.items.forEach((item, index) => {
      if (item.type === 'scalar') rewriteScalar(item, (value) => (node.items[index] = value), context);
      else if (item.type === 'map') rewriteMapping(item, context);
    });
}

function rewriteScalar(node: RNode, replace: (value: RNode) => void, context: ReferenceContext): void {
  const old = textOf(node);
  if (old === undefined) return;
  const referral = selectReferral(old, context.visible, context, false);
  if (referral === undefined || referral.name === old) return;
  replace(scalar(referral.name ?? '', node.origin));
  context.written.any = true;
}

/** A reference written as a map with `name` (and maybe `namespace`): RoleBinding subjects, webhook services. */
function rewriteMapping(map: RMap, context: ReferenceContext): void {
  const nameEntry = entryOf(map, 'name');
  const old = textOf(nameEntry?.value);
  if (nameEntry === undefined || old === undefined) return;
  const namespace = textOf(entryOf(map, 'namespace')?.value);
  let pool = context.visible;
  if (namespace !== undefined) {
    const namespaced = context.visible.filter((candidate) => !candidate.clusterScoped);
    const original = namespaced.filter(
      (candidate) => effectiveNamespace(originalNamespace(candidate), false) === namespace,
    );
    pool =
      original.length > 0
        ? original
        : namespaced.filter((candidate) => effectiveNamespace(candidate.namespace, false) === namespace);
  }
  const referral = selectReferral(old, pool, context, true);
  if (referral === undefined) return;
  if (referral.name === old && !referral.namespace) return;
  nameEntry.value = scalar(referral.name ?? '', nameEntry.value.origin);
  context.written.any = true;
  if (!referral.namespace) return;
  const namespaceNode = entryOf(referral.object.tree, 'metadata')?.value;
  const source: Origin =
    (namespaceNode?.type === 'map' ? entryOf(namespaceNode, 'namespace')?.value.origin : undefined) ??
    nameEntry.value.origin;
  const existing = entryOf(map, 'namespace');
  setEntry(map, 'namespace', scalar(referral.namespace, existing ? existing.value.origin : source), source);
}

function originalNamespace(candidate: Candidate): string | undefined {
  const [first] = candidate.object.history;
  return first ? first.namespace : candidate.namespace;
}

/** kustomize's `selectReferral`, narrowing the candidates step by step. */
function selectReferral(
  oldName: string,
  pool: Candidate[],
  context: ReferenceContext,
  compareNamespaces: boolean,
): Candidate | undefined {
  const { referrer, target } = context;
  let found = pool.filter(
    (candidate) =>
      candidate.object.history.some((identity) => identity.name === oldName) &&
      gvkSelected(gvkOf(candidate.object.tree), target),
  );
  if (context.path.endsWith('roleRef/name')) {
    const roleRef = entryOf(referrer.object.tree, 'roleRef')?.value;
    const group = roleRef?.type === 'map' ? textOf(entryOf(roleRef, 'apiGroup')?.value) : undefined;
    const kind = roleRef?.type === 'map' ? textOf(entryOf(roleRef, 'kind')?.value) : undefined;
    if (group !== undefined && kind !== undefined)
      found = found.filter((candidate) => gvkSelected(gvkOf(candidate.object.tree), { group, kind }));
  }
  if (!referrer.clusterScoped) {
    const own = effectiveNamespace(referrer.namespace, false);
    found = found.filter(
      (candidate) =>
        candidate.clusterScoped ||
        gvkOf(candidate.object.tree).kind === 'ServiceAccount' ||
        effectiveNamespace(candidate.namespace, false) === own,
    );
  }
  if (found.length === 1) return found[0];
  found = found.filter((candidate) => sameAffixes(candidate.object, referrer.object, true));
  if (found.length > 1)
    found = found.filter((candidate) => sameAffixes(candidate.object, referrer.object, false));
  const [first] = found;
  if (found.length <= 1 || first === undefined) return first;
  const identical = found.every(
    (candidate) =>
      candidate.name === first.name && (!compareNamespaces || candidate.namespace === first.namespace),
  );
  if (identical) return first;
  reportError(
    context.level,
    referrer.object.tree.origin,
    undefined,
    `\`${oldName}\` in ${context.path} could refer to several renamed objects (${found
      .map((candidate) => candidate.name ?? '')
      .join(', ')}), which kustomize refuses`,
  );
  return undefined;
}

/** kustomize's `PrefixesSuffixesEquals`: the shorter list of affixes ends the longer one. */
function sameAffixes(left: RenderedObject, right: RenderedObject, allowEmpty: boolean): boolean {
  const l = left.nameAffixes ?? { prefixes: [], suffixes: [] };
  const r = right.nameAffixes ?? { prefixes: [], suffixes: [] };
  const check = (a: string[], b: string[]): boolean =>
    (allowEmpty && (a.length === 0 || b.length === 0)) || sameEnding(a, b);
  return check(l.prefixes, r.prefixes) && check(l.suffixes, r.suffixes);
}

function sameEnding(a: string[], b: string[]): boolean {
  const [shortest, longest] = a.length <= b.length ? [a, b] : [b, a];
  const offset = longest.length - shortest.length;
  if (shortest.length === 0) return offset === 0;
  return shortest.every((item, index) => longest[index + offset] === item);
}
