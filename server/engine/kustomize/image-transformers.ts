// `images` and `replicas` (kustomize v5.5.0: api/filters/imagetag, api/internal/image, api/filters/
// replicacount and their builtins). An image entry rewrites every matching image in the `containers` and
// `initContainers` lists found anywhere in an object (kustomize's legacy walk) and at the images field specs;
// the new value points at the `images:` entry. A replicas entry sets `spec.replicas` of the workloads that have
// or had its name; the new count points at the `replicas:` entry.
import type { Origin, RMap, RNode } from './tree';
import { entryOf } from './tree';
import type { Level, Step } from './model';
import { cloneNode, scalar, textOf } from './edit';
import { IMAGE_FIELDS, REPLICA_FIELDS, visitFieldSpec } from './fieldspecs';
import { gvkOf, hasHadIdentity } from './identity';
import { listItems, reportError, stringOf } from './kustomization-fields';

interface ImageEntry {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  tagSuffix?: string;
  origin: Origin;
  pattern: RegExp | undefined;
}

function imageEntry(node: RNode, level: Level): ImageEntry | undefined {
  if (node.type !== 'map') return undefined;
  const text = (key: string): string | undefined =>
    stringOf(level, entryOf(node, key)?.value, 'images') || undefined;
  const name = text('name');
  if (name === undefined) return undefined;
  const before = level.notices.length;
  const [newName, newTag, digest, tagSuffix] = ['newName', 'newTag', 'digest', 'tagSuffix'].map(text);
  // kustomize would not build at all; the entry is reported and not applied.
  if (level.notices.length > before) return undefined;
  let pattern: RegExp | undefined;
  try {
    // kustomize builds the pattern from the name unescaped, so a `.` in the name matches any character.
    pattern = new RegExp(`^${name}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`);
  } catch {
    pattern = undefined;
  }
  return {
    name,
    newName,
    newTag,
    digest,
    tagSuffix,
    origin: node.origin,
    pattern,
  };
}

/** kustomize's `image.Split`: name, tag and digest of a reference, a registry port not taken for a tag. */
export function splitImage(image: string): { name: string; tag: string; digest: string } {
  const slash = image.indexOf('/');
  const offset = slash > 0 ? slash : 0;
  const searched = image.slice(offset);
  let at = searched.indexOf('@');
  let colon = searched.indexOf(':');
  if (colon < 0 && at < 0) return { name: image, tag: '', digest: '' };
  if (at >= 0 && (at < colon || colon < 0)) {
    at += offset;
    return { name: image.slice(0, at), tag: '', digest: image.slice(at + 1) };
  }
  if (at >= 0 && colon >= 0) {
    at += offset;
    colon += offset;
    return { name: image.slice(0, colon), tag: image.slice(colon + 1, at), digest: image.slice(at + 1) };
  }
  colon += offset;
  return { name: image.slice(0, colon), tag: image.slice(colon + 1), digest: '' };
}

/** The new reference for `image` under an entry, or undefined when the entry does not match it. */
export function rewriteImage(image: string, entry: ImageEntry): string | undefined {
  if (entry.pattern === undefined || !entry.pattern.test(image)) return undefined;
  let { name, tag, digest } = splitImage(image);
  if (entry.newName) name = entry.newName;
  if (entry.newTag && entry.digest) [tag, digest] = [entry.newTag, entry.digest];
  else if (entry.newTag) [tag, digest] = [entry.newTag, ''];
  else if (entry.digest) [tag, digest] = ['', entry.digest];
  else if (entry.tagSuffix) [tag, digest] = [tag + entry.tagSuffix, ''];
  return name + (tag ? `:${tag}` : '') + (digest ? `@${digest}` : '');
}

function updateImageIn(map: RMap, entry: ImageEntry): void {
  const field = entryOf(map, 'image');
  if (field?.value.type !== 'scalar') return;
  const image = textOf(field.value);
  if (image === undefined) return;
  const rewritten = rewriteImage(image, entry);
  if (rewritten !== undefined) field.value = scalar(rewritten, entry.origin);
}

/** kustomize's legacy image walk: each container of every `containers`/`initContainers` list at any depth. */
function legacyWalk(node: RNode, visit: (container: RMap) => void): void {
  if (node.type === 'seq') for (const item of node.items) legacyWalk(item, visit);
  if (node.type !== 'map') return;
  for (const field of node.entries) {
    legacyWalk(field.value, visit);
    if ((field.key === 'containers' || field.key === 'initContainers') && field.value.type === 'seq')
      for (const container of field.value.items) if (container.type === 'map') visit(container);
  }
}

/** Each map whose `image` an entry rewrites: the legacy walk's containers, then those of the field specs. */
function imageHolders(tree: RMap, visit: (holder: RMap) => void): void {
  legacyWalk(tree, visit);
  // Without a kind to create, the field specs' walk only reads the tree.
  for (const spec of IMAGE_FIELDS)
    visitFieldSpec(tree, spec, undefined, tree.origin, (node, holder) => {
      if (node.type === 'scalar' && holder) visit(holder);
    });
}

/**
 * Whether some entry matches an image of the tree. When none does, the step changes nothing in it (an entry
 * rewrites only what it matches, so a later entry meets only the images the tree had).
 */
function anyImageMatches(tree: RMap, entries: readonly ImageEntry[]): boolean {
  let found = false;
  imageHolders(tree, (holder) => {
    const field = entryOf(holder, 'image');
    const image = field?.value.type === 'scalar' ? textOf(field.value) : undefined;
    if (!found && image !== undefined)
      found = entries.some((entry) => rewriteImage(image, entry) !== undefined);
  });
  return found;
}

/** `images` (and the deprecated `imageTags`): each entry in order, on every object but CRDs. */
export const applyImages: Step = (objects, level) => {
  // `imageTags` is the deprecated name of `images`; kustomize appends its entries after those of `images`.
  const entries = [...listItems(level, 'images'), ...listItems(level, 'imageTags')].flatMap(
    (node) => imageEntry(node, level) ?? [],
  );
  if (entries.length === 0) return objects;
  return objects.map((object) => {
    if (gvkOf(object.tree).kind === 'CustomResourceDefinition') return object;
    // A tree without a matching image stays shared with whoever else holds it (and printed once).
    if (!anyImageMatches(object.tree, entries)) return object;
    const tree = cloneNode(object.tree);
    for (const entry of entries) imageHolders(tree, (holder) => updateImageIn(holder, entry));
    return { ...object, tree };
  });
};

/** `replicas`: sets `spec.replicas` (created when missing) of the workloads with that current or earlier name. */
export const applyReplicas: Step = (objects, level) => {
  let result = objects;
  for (const item of listItems(level, 'replicas')) {
    if (item.type !== 'map') continue;
    const name = stringOf(level, entryOf(item, 'name')?.value, 'replicas') ?? '';
    const countNode = entryOf(item, 'count')?.value;
    if (countNode !== undefined && (countNode.type !== 'scalar' || typeof countNode.value !== 'number')) {
      reportError(
        level,
        countNode.origin,
        'replicas',
        'kustomize refuses a `count` that is not a whole number',
      );
      continue;
    }
    const count = countNode?.value ?? 0;
    let found = false;
    for (const spec of REPLICA_FIELDS) {
      result = result.map((object) => {
        if (!hasHadIdentity(object, name, spec)) return object;
        found = true;
        const tree = cloneNode(object.tree);
        visitFieldSpec(tree, spec, 'scalar', item.origin, (node, holder, key) => {
          const field = holder && key !== undefined ? entryOf(holder, key) : undefined;
          if (field && node.type === 'scalar') field.value = scalar(count, item.origin);
        });
        return { ...object, tree };
      });
    }
    if (!found)
      reportError(
        level,
        item.origin,
        'replicas',
        `no Deployment, ReplicationController, ReplicaSet or StatefulSet is named \`${name}\``,
      );
  }
  return result;
};
