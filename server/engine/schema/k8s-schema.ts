// The structural schema of Kubernetes' built-in kinds, as scripts/k8s-schema/generate.ts wrote it into
// k8s-schema-data.ts: which fields each type has, their types, which are required, and the enum values.
// The data is one string in the bundle and is parsed the first time a rule asks for it, so that a session
// that never validates a manifest (or the workspace index's workers, which never import it) pays nothing.
//
// A field's type is a short code: `s` string, `n` number, `b` boolean, `q` quantity, `o` int-or-string,
// `a` anything (RawExtension, JSON, FieldsV1: open), `e<k>` one of enum k's strings, a number the index of
// an object type, `[` + code a list of it, `{` + code a map from strings to it.
import { SCHEMA_TEXT, SCHEMA_TYPES } from './k8s-schema-data';

export type TypeCode = string;

export interface SchemaType {
  /** `apps.v1.DeploymentSpec`: group, version and the Go type's name. */
  name: string;
  fields: ReadonlyMap<string, TypeCode>;
  required: readonly string[];
  /** Fields that Kubernetes 1.30 did not have. */
  added: ReadonlySet<string>;
}

interface RawType {
  n: string;
  f: Record<string, TypeCode>;
  r?: string[];
  x?: string[];
}

interface RawSchema {
  provenance: Record<string, string>;
  kinds: Record<string, number>;
  newKinds: string[];
  enums: string[][];
}

export interface KubernetesSchema {
  provenance: Record<string, string>;
  /** The type of a kind at an API version, when the schema has it. */
  kindType(apiVersion: string, kind: string): SchemaType | undefined;
  type(index: number): SchemaType;
  enumValues(index: number): readonly string[];
  /** Every built-in kind name the schema knows, at any API version. */
  kindNames: readonly string[];
}

let loaded: KubernetesSchema | undefined;

/** The schema, parsed on first use. */
export function kubernetesSchema(): KubernetesSchema {
  return (loaded ??= load(JSON.parse(SCHEMA_TEXT) as RawSchema, SCHEMA_TYPES.split('\n')));
}

function load(raw: RawSchema, typeLines: readonly string[]): KubernetesSchema {
  // Types are parsed and decoded one at a time as the walk reaches them: most manifests touch a few dozen.
  const decoded: (SchemaType | undefined)[] = new Array(typeLines.length);
  const type = (index: number): SchemaType => {
    let found = decoded[index];
    if (!found) {
      const entry = JSON.parse(typeLines[index] ?? '{"n":"unknown","f":{}}') as RawType;
      found = {
        name: entry.n,
        fields: new Map(Object.entries(entry.f)),
        required: entry.r ?? [],
        added: new Set(entry.x ?? []),
      };
      decoded[index] = found;
    }
    return found;
  };
  const kindNames = [...new Set(Object.keys(raw.kinds).map((key) => key.split(' ')[1]!))].sort();
  return {
    provenance: raw.provenance,
    kindType(apiVersion, kind) {
      const index = raw.kinds[`${apiVersion} ${kind}`];
      return index === undefined ? undefined : type(index);
    },
    type,
    enumValues: (index) => raw.enums[index] ?? [],
    kindNames,
  };
}

/** What a type code describes, decoded one level. */
export type Shape =
  | { kind: 'string' | 'number' | 'boolean' | 'quantity' | 'int-or-string' | 'open' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'object'; type: SchemaType }
  | { kind: 'list'; items: TypeCode }
  | { kind: 'map'; values: TypeCode };

export function shapeOf(code: TypeCode, schema: KubernetesSchema = kubernetesSchema()): Shape {
  switch (code[0]) {
    case 's':
      return { kind: 'string' };
    case 'n':
      return { kind: 'number' };
    case 'b':
      return { kind: 'boolean' };
    case 'q':
      return { kind: 'quantity' };
    case 'o':
      return { kind: 'int-or-string' };
    case 'e':
      return { kind: 'enum', values: schema.enumValues(Number(code.slice(1))) };
    case '[':
      return { kind: 'list', items: code.slice(1) };
    case '{':
      return { kind: 'map', values: code.slice(1) };
    case 'a':
    case undefined:
      return { kind: 'open' };
    default:
      return { kind: 'object', type: schema.type(Number(code)) };
  }
}

/** The object type a code names directly or as the items of a list (`containers` → Container). */
export function elementType(
  code: TypeCode,
  schema: KubernetesSchema = kubernetesSchema(),
): SchemaType | undefined {
  const shape = shapeOf(code, schema);
  if (shape.kind === 'object') return shape.type;
  if (shape.kind === 'list') {
    const items = shapeOf(shape.items, schema);
    return items.kind === 'object' ? items.type : undefined;
  }
  return undefined;
}

/** `apps.v1.DeploymentSpec` → `DeploymentSpec`, for messages. */
export function typeLabel(type: SchemaType): string {
  return type.name.slice(type.name.lastIndexOf('.') + 1);
}
