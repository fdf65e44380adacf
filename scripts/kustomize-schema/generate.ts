// Turns the Kubernetes OpenAPI bundle that kustomize embeds (../shared/openapi/kubernetes-openapi-v1.21.2.json.gz)
// into the compact data the Kustomize renderer's strategic merge reads: for each built-in kind, the path of
// fields down to every list that has a patch strategy, with that strategy and its merge keys. Nothing else of
// the schema matters to kustomize's merge (kyaml's walk/merge2): a list without a strategy is replaced, a map
// is merged whatever its schema, so every definition that leads to no such list is left out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

interface OpenApiSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: OpenApiSchema | boolean;
  items?: OpenApiSchema;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-list-map-keys'?: string[];
}

interface Bundle {
  definitions: Record<string, OpenApiSchema>;
  resources: { apiVersion: string; kind: string; definition: string }[];
}

/**
 * One field of a definition, as a tuple to keep the data small: the definition its value (or each item of
 * its list, or each value of its map) follows, `''` when none matters; then, for a list with a patch strategy,
 * the strategy and the merge keys (kyaml takes `x-kubernetes-list-map-keys` over `x-kubernetes-patch-merge-key`).
 */
export type FieldData = [next: string] | [next: string, strategy: string, keys: string[]];

export interface MergeSchemaData {
  source: string;
  /** `apiVersion kind` → definition. */
  kinds: Record<string, string>;
  /** definition → field (`*` for the values of a map) → what the merge needs there. */
  definitions: Record<string, Record<string, FieldData>>;
}

export const BUNDLE_PATH = join('..', 'shared', 'openapi', 'kubernetes-openapi-v1.21.2.json.gz');

const refName = (schema: OpenApiSchema | undefined): string | undefined =>
  schema?.$ref?.replace('#/definitions/', '');

export function generateMergeSchema(root: string): MergeSchemaData {
  const bundle = JSON.parse(gunzipSync(readFileSync(join(root, BUNDLE_PATH))).toString('utf8')) as Bundle;
  const defs = bundle.definitions;
  const fieldsOf = (schema: OpenApiSchema): [string, OpenApiSchema][] => {
    const fields = Object.entries(schema.properties ?? {});
    if (typeof schema.additionalProperties === 'object') fields.push(['*', schema.additionalProperties]);
    return fields;
  };
  // The definition a field's value leads to: its own reference, its items' (kyaml's Elements() only for
  // `type: array`), or the values' of an inline map.
  const nextOf = (schema: OpenApiSchema): string | undefined => {
    if (schema.$ref) return refName(schema);
    const isArray = schema.type === 'array' || (Array.isArray(schema.type) && schema.type[0] === 'array');
    if (isArray) return refName(schema.items);
    if (typeof schema.additionalProperties === 'object') return refName(schema.additionalProperties);
    return undefined;
  };
  const memo = new Map<string, Record<string, FieldData> | null>();
  const visiting = new Set<string>();
  const visit = (name: string): boolean => {
    if (memo.has(name)) return memo.get(name) !== null;
    if (visiting.has(name)) return false;
    visiting.add(name);
    const result: Record<string, FieldData> = {};
    for (const [field, schema] of fieldsOf(defs[name] ?? {})) {
      const next = nextOf(schema);
      const leads = next !== undefined && visit(next);
      const strategy = schema['x-kubernetes-patch-strategy'];
      if (strategy !== undefined) {
        const keys =
          schema['x-kubernetes-list-map-keys'] ??
          (schema['x-kubernetes-patch-merge-key'] ? [schema['x-kubernetes-patch-merge-key']] : []);
        result[field] = [leads ? next : '', strategy, keys];
      } else if (leads) {
        result[field] = [next];
      }
    }
    visiting.delete(name);
    // A definition inside a cycle is memoised only once its walk ends, so an inner visit that returned early
    // does not freeze an incomplete answer.
    const found = Object.keys(result).length > 0;
    memo.set(name, found ? result : null);
    return found;
  };
  const kinds: Record<string, string> = {};
  for (const resource of bundle.resources) {
    if (visit(resource.definition)) kinds[`${resource.apiVersion} ${resource.kind}`] = resource.definition;
  }
  const definitions: Record<string, Record<string, FieldData>> = {};
  for (const [name, fields] of [...memo.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (fields !== null) definitions[name] = fields;
  }
  return {
    source:
      'kustomize kyaml/openapi/kubernetesapi/data/kubernetes-openapi-union-v1.21.2.bundle-v1.json.gz ' +
      '(Kubernetes v1.21.2 OpenAPI, Apache-2.0), as copied to ../shared/openapi',
    kinds: Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => (a < b ? -1 : 1))),
    definitions,
  };
}

/** The TypeScript module committed as server/engine/kustomize/merge-schema-data.ts. */
export function mergeSchemaModule(data: MergeSchemaData): string {
  const lines = Object.entries(data.definitions).map(([name, fields]) => JSON.stringify([name, fields]));
  const head = JSON.stringify({ source: data.source, kinds: data.kinds });
  for (const text of [head, ...lines]) {
    if (/['\\\n]/.test(text)) throw new Error('the merge data needs escaping; quote it differently');
  }
  return [
    '// Generated by scripts/kustomize-schema/generate.ts (npm run generate:kustomize-schema) from the Kubernetes',
    '// OpenAPI bundle kustomize embeds (../shared/openapi/kubernetes-openapi-v1.21.2.json.gz); do not edit.',
    '// test/unit/kustomize-merge-schema.test.ts fails when this file differs from what the generator writes.',
    '// Strings, parsed with JSON.parse on first use: cheaper to load than object literals of the same size.',
    `export const MERGE_SCHEMA_HEAD =\n  '${head}';`,
    '',
    '/** One definition per line: `[name, {field: [next definition, patch strategy?, merge keys?]}]`. */',
    `export const MERGE_SCHEMA_DEFINITIONS =\n  '${lines.join('\\n')}';`,
    '',
  ].join('\n');
}
