// configMapGenerator and secretGenerator (kustomize v5.5.0: api/internal/generators, api/kv, and the
// accumulator's `appendReplaceOrMerge`). A generated object is built as kustomize builds it (apiVersion, kind,
// metadata with name, namespace, labels and annotations; a Secret's `type`; data under sorted keys; `immutable`
// last), then joins the objects accumulated so far: `behavior: create` (the default) adds it, `merge` and
// `replace` swap it for the one object that has or had the same kind, name and namespace (a base's generated
// object keeps its name, namespace, history and place; merge keeps the base's data too).
//
// Origins: the generated object points at the generator's list entry; its name at the generator's `name`;
// each data value at the literal, or the `files:`/`envs:` entry, that produced it. The content-hash suffix is
// not added here: kustomize adds it once, at the very end of the whole rendering (see names.ts).
import type { Origin, RMap, RNode } from './tree';
import { entryOf } from './tree';
import type { Level, RenderedObject, Step } from './model';
import {
  cloneNode,
  compareKeys,
  emptyMap,
  mapAt,
  removeEntry,
  scalar,
  setEntry,
  stringPairs,
  textOf,
} from './edit';
import { hasHadIdentity, nameOf, namespaceOf } from './identity';
import {
  envPairs,
  goBase64,
  KvError,
  literalPair,
  parseFileSource,
  readGeneratorFile,
  type KvPair,
} from './kv';
import { checkStringValues, fieldEntry, listItems, reportError, stringOf } from './kustomization-fields';

type GeneratorField = 'configMapGenerator' | 'secretGenerator';
type Behavior = NonNullable<RenderedObject['generated']>['behavior'];

function generatorStep(fields: readonly GeneratorField[]): Step {
  return (objects, level) => {
    let result = objects;
    for (const field of fields) {
      for (const item of listItems(level, field)) {
        if (item.type !== 'map') continue;
        try {
          const generated = generate(field, item, level);
          result = absorb(result, generated, level, field, item);
        } catch (error) {
          if (error instanceof InvalidKustomization) continue;
          if (!(error instanceof KvError)) throw error;
          reportError(level, error.origin, field, error.message);
        }
      }
    }
    return result;
  };
}

/** kustomize's ConfigMapGenerator: every configMapGenerator entry, in order (generatorOptions applied). */
export const runConfigMapGenerator: Step = generatorStep(['configMapGenerator']);
/** kustomize's SecretGenerator, which runs after every ConfigMap generator. */
export const runSecretGenerator: Step = generatorStep(['secretGenerator']);
/** Both generators in kustomize's order, as one step. */
export const runGenerators: Step = generatorStep(['configMapGenerator', 'secretGenerator']);

/** Thrown once a value kustomize cannot decode has been reported: the entry generates nothing. */
class InvalidKustomization extends Error {}

/** A string field of a generator entry; a value kustomize cannot decode is reported and ends the entry. */
function strictString(level: Level, node: RNode | undefined, field: GeneratorField): string | undefined {
  const before = level.notices.length;
  const text = stringOf(level, node, field);
  if (level.notices.length > before) throw new InvalidKustomization();
  return text;
}

interface Options {
  labels: Map<string, { value: string; origin: Origin; keyOrigin: Origin }>;
  annotations: Map<string, { value: string; origin: Origin; keyOrigin: Origin }>;
  disableNameSuffixHash: boolean;
  immutable: boolean;
}

/** The entry's `options` with the kustomization's `generatorOptions` merged in (local labels win). */
function optionsOf(item: RMap, level: Level): Options {
  const options: Options = {
    labels: new Map(),
    annotations: new Map(),
    disableNameSuffixHash: false,
    immutable: false,
  };
  const global = fieldEntry(level, 'generatorOptions')?.value;
  for (const source of [entryOf(item, 'options')?.value, global]) {
    if (source?.type !== 'map') continue;
    for (const key of ['labels', 'annotations'] as const) {
      if (!checkStringValues(level, entryOf(source, key)?.value, key)) throw new InvalidKustomization();
      for (const pair of stringPairs(entryOf(source, key)?.value)) {
        if (!options[key].has(pair.key))
          options[key].set(pair.key, {
            value: pair.value,
            origin: pair.entry.value.origin,
            keyOrigin: pair.entry.keyOrigin,
          });
      }
    }
    if (textOf(entryOf(source, 'disableNameSuffixHash')?.value) === 'true')
      options.disableNameSuffixHash = true;
    if (textOf(entryOf(source, 'immutable')?.value) === 'true') options.immutable = true;
  }
  return options;
}

/** The pairs of an entry: envs (and the legacy `env`), then literals, then files, as kustomize loads them. */
function pairsOf(item: RMap, level: Level, field: GeneratorField): KvPair[] {
  const strings = (key: string): { text: string; origin: Origin }[] => {
    const node = entryOf(item, key)?.value;
    const nodes: RNode[] = node?.type === 'seq' ? node.items : node?.type === 'scalar' ? [node] : [];
    return nodes.flatMap((each) => {
      const text = strictString(level, each, field);
      return text === undefined ? [] : [{ text, origin: each.origin }];
    });
  };
  const pairs: KvPair[] = [];
  for (const env of [...strings('envs'), ...strings('env')])
    pairs.push(...envPairs(readGeneratorFile(level, env.text, env.origin), env.origin));
  for (const literal of strings('literals')) pairs.push(literalPair(literal.text, literal.origin));
  for (const file of strings('files')) {
    const { key, path } = parseFileSource(file.text, file.origin);
    pairs.push({ key, value: readGeneratorFile(level, path, file.origin), origin: file.origin });
  }
  return pairs;
}

const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

function generate(field: GeneratorField, item: RMap, level: Level): RenderedObject {
  const kind = field === 'configMapGenerator' ? 'ConfigMap' : 'Secret';
  const nameNode = entryOf(item, 'name')?.value;
  const name = strictString(level, nameNode, field);
  if (name === undefined || name === '' || nameNode === undefined)
    throw new KvError(`a ${kind} generator entry must have a name`, item.origin);
  const namespaceNode = entryOf(item, 'namespace')?.value;
  const namespace = strictString(level, namespaceNode, field);
  const options = optionsOf(item, level);
  const pairs = pairsOf(item, level, field);
  const seen = new Set<string>();
  for (const pair of pairs) {
    if (!DATA_KEY.test(pair.key) || pair.key === '.' || pair.key === '..' || pair.key.length > 253)
      throw new KvError(`\`${pair.key}\` is not a valid ${kind} key`, pair.origin);
    if (seen.has(pair.key))
      throw new KvError(`${kind} ${name} illegally repeats the key \`${pair.key}\``, pair.origin);
    seen.add(pair.key);
  }

  const origin = item.origin;
  const tree = emptyMap(origin);
  setEntry(tree, 'apiVersion', scalar('v1', origin), origin);
  setEntry(tree, 'kind', scalar(kind, origin), origin);
  const metadata = emptyMap(origin);
  setEntry(tree, 'metadata', metadata, origin);
  setEntry(metadata, 'name', scalar(name, nameNode.origin), origin);
  if (namespace !== undefined && namespace !== '' && namespaceNode)
    setEntry(metadata, 'namespace', scalar(namespace, namespaceNode.origin), origin);
  if (kind === 'Secret') {
    const typeNode = entryOf(item, 'type')?.value;
    const type = strictString(level, typeNode, field);
    setEntry(tree, 'type', scalar(type || 'Opaque', type ? (typeNode?.origin ?? origin) : origin), origin);
  }
  const sorted = [...pairs].sort((left, right) => compareKeys(left.key, right.key));
  // A Secret always has `data`, even empty; a ConfigMap only when some pair exists.
  if (kind === 'Secret') mapAt(tree, 'data', origin);
  for (const pair of sorted) {
    const data = mapAt(tree, 'data', origin);
    const value = kind === 'Secret' ? goBase64(pair.value) : pair.value;
    if (data) setEntry(data, pair.key, scalar(value, pair.origin), pair.origin);
  }
  for (const key of ['labels', 'annotations'] as const) {
    const entries = [...options[key].entries()].sort(([left], [right]) => compareKeys(left, right));
    if (entries.length === 0) continue;
    const map = mapAt(metadata, key, origin);
    for (const [entryKey, entry] of entries)
      if (map) setEntry(map, entryKey, scalar(entry.value, entry.origin), entry.keyOrigin);
  }
  if (options.immutable) setEntry(tree, 'immutable', scalar(true, origin), origin);

  const behaviorText = textOf(entryOf(item, 'behavior')?.value);
  const behavior: Behavior = behaviorText === 'merge' || behaviorText === 'replace' ? behaviorText : 'create';
  return {
    tree,
    base: { generator: origin },
    patches: [],
    history: [],
    generated: { behavior, hashSuffix: !options.disableNameSuffixHash },
  };
}

function absorb(
  objects: RenderedObject[],
  generated: RenderedObject,
  level: Level,
  field: GeneratorField,
  item: RMap,
): RenderedObject[] {
  const kind = field === 'configMapGenerator' ? 'ConfigMap' : 'Secret';
  const name = nameOf(generated.tree) ?? '';
  const namespace = namespaceOf(generated.tree);
  const behavior = generated.generated?.behavior ?? 'create';
  const matches = objects.filter((object) =>
    hasHadIdentity(object, name, { version: 'v1', kind }, { value: namespace }),
  );
  const where = entryOf(item, 'behavior')?.value.origin ?? item.origin;
  if (matches.length === 0) {
    if (behavior === 'create') return [...objects, generated];
    reportError(
      level,
      where,
      field,
      `${kind} ${name} does not exist in the resources, so it cannot be ${behavior}d`,
    );
    return objects;
  }
  const [old] = matches;
  if (matches.length > 1 || old === undefined) {
    reportError(level, item.origin, field, `several objects could take the ${behavior} of ${kind} ${name}`);
    return objects;
  }
  if (behavior === 'create') {
    reportError(
      level,
      item.origin,
      field,
      `${kind} ${name} already exists; its behavior must be merge or replace`,
    );
    return objects;
  }
  const merged = combine(old, generated, behavior === 'merge', item.origin);
  return objects.map((object) => (object === old ? merged : object));
}

/**
 * kustomize's `CopyMergeMetaDataFieldsFrom` (labels and annotations merged, the new ones winning, re-written
 * sorted at the end of metadata; the old name and namespace) and, for merge, `MergeDataMapFrom` (the old data
 * under the new, re-written sorted at the end of the object).
 */
function combine(
  old: RenderedObject,
  fresh: RenderedObject,
  mergeData: boolean,
  entryOrigin: Origin,
): RenderedObject {
  const tree = cloneNode(fresh.tree);
  const metadata = mapAt(tree, 'metadata', entryOrigin);
  const oldMetadata = entryOf(old.tree, 'metadata')?.value;
  if (metadata && oldMetadata?.type === 'map') {
    for (const key of ['labels', 'annotations']) {
      rewriteMerged(
        metadata,
        key,
        entryOf(oldMetadata, key)?.value,
        entryOf(metadata, key)?.value,
        entryOrigin,
      );
    }
    const oldName = entryOf(oldMetadata, 'name');
    if (oldName) setEntry(metadata, 'name', cloneNode(oldName.value), oldName.keyOrigin);
    const oldNamespace = entryOf(oldMetadata, 'namespace');
    if (oldNamespace && textOf(oldNamespace.value))
      setEntry(metadata, 'namespace', cloneNode(oldNamespace.value), oldNamespace.keyOrigin);
    else removeEntry(metadata, 'namespace');
  }
  if (mergeData) {
    for (const key of ['data', 'binaryData'])
      rewriteMerged(tree, key, entryOf(old.tree, key)?.value, entryOf(tree, key)?.value, entryOrigin);
  }
  return {
    ...old,
    tree,
    patches: [...old.patches, entryOrigin],
    generated: {
      behavior: fresh.generated?.behavior ?? 'create',
      hashSuffix: (old.generated?.hashSuffix ?? false) && (fresh.generated?.hashSuffix ?? false),
    },
  };
}

/** Replaces `key` of `map` by the union of two string maps (`over` wins), sorted, at the end; none if empty. */
function rewriteMerged(
  map: RMap,
  key: string,
  under: RNode | undefined,
  over: RNode | undefined,
  origin: Origin,
): void {
  const union = new Map<string, { value: RNode; keyOrigin: Origin }>();
  for (const source of [under, over])
    if (source?.type === 'map')
      for (const entry of source.entries)
        union.set(entry.key, {
          // kyaml re-writes merged maps from their string values: a number read from a file becomes a string.
          value: scalar(textOf(entry.value) ?? '', entry.value.origin),
          keyOrigin: entry.keyOrigin,
        });
  const previous = entryOf(map, key);
  removeEntry(map, key);
  if (union.size === 0) return;
  const rewritten: RMap = { type: 'map', origin: previous?.value.origin ?? origin, entries: [] };
  for (const entryKey of [...union.keys()].sort(compareKeys)) {
    const entry = union.get(entryKey);
    if (entry) rewritten.entries.push({ key: entryKey, keyOrigin: entry.keyOrigin, value: entry.value });
  }
  map.entries.push({ key, keyOrigin: previous?.keyOrigin ?? origin, value: rewritten });
}
