// What kustomize's strategic merge knows of the built-in kinds: which lists merge element by element and by
// which keys (containers by `name`, ports by `containerPort` and `protocol`…). The data is generated from the
// very OpenAPI bundle kustomize embeds (merge-schema-data.ts), so our merges are kustomize's. A kind the
// bundle does not know (a CRD's) has no schema: kustomize then merges its maps and replaces its lists.
import { MERGE_SCHEMA_DEFINITIONS, MERGE_SCHEMA_HEAD } from './merge-schema-data';

type FieldData = [next: string] | [next: string, strategy: string, keys: string[]];

/** The schema at one point of an object: the definition there, by name. */
export interface MergeSchema {
  readonly definition: string;
}

/** How a list with a patch strategy merges. */
export interface ListStrategy {
  /** The strategies, split (`merge`, `retainKeys`, `replace`). */
  strategies: string[];
  /** The merge keys; empty for a list of scalars merged as a set (finalizers). */
  keys: string[];
}

/** The schema of a field: where it leads, and the list strategy when the field is such a list. */
export interface FieldSchema {
  next: MergeSchema | undefined;
  list: ListStrategy | undefined;
}

interface Loaded {
  kinds: Record<string, string>;
  definitions: Map<string, Record<string, FieldData>>;
}

let loaded: Loaded | undefined;

function data(): Loaded {
  if (loaded) return loaded;
  const head = JSON.parse(MERGE_SCHEMA_HEAD) as { kinds: Record<string, string> };
  const definitions = new Map<string, Record<string, FieldData>>();
  for (const line of MERGE_SCHEMA_DEFINITIONS.split('\n')) {
    const [name, fields] = JSON.parse(line) as [string, Record<string, FieldData>];
    definitions.set(name, fields);
  }
  loaded = { kinds: head.kinds, definitions };
  return loaded;
}

/** The schema of a kind at an API version, or undefined for kinds the bundle does not know. */
export function schemaForKind(apiVersion: string, kind: string): MergeSchema | undefined {
  const definition = data().kinds[`${apiVersion} ${kind}`];
  return definition === undefined ? undefined : { definition };
}

/**
 * The schema of a field of a map: a named property, else the schema of the map's values (kyaml's
 * `ResourceSchema.Field`). Undefined when nothing below the field merges by keys.
 */
export function fieldSchema(schema: MergeSchema | undefined, field: string): FieldSchema | undefined {
  if (schema === undefined) return undefined;
  const fields = data().definitions.get(schema.definition);
  const found = fields?.[field] ?? fields?.['*'];
  if (found === undefined) return undefined;
  const [next, strategy, keys] = found;
  return {
    next: next === '' ? undefined : { definition: next },
    list: strategy === undefined ? undefined : { strategies: strategy.split(','), keys: keys ?? [] },
  };
}
