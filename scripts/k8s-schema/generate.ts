// Builds the compact structural schema of Kubernetes' built-in kinds that the schema rules read
// (server/engine/schema/). It runs at build time only, never in the product, and reads two npm packages:
//
// - `kubernetes-models` 5.1.0 (MIT), whose declarations are generated from the official Kubernetes 1.36
//   OpenAPI definitions: every field of every kind, which fields are required (not optional), the scalar
//   types, and the enum values as literal unions. It is the source of the schema: the newest release we can
//   read offline, so that no field of a current cluster is taken for a typo.
// - `kubernetes-types` 1.30.0 (Apache-2.0), generated from the Kubernetes 1.30 OpenAPI definitions: only to
//   mark the fields that 1.30 did not have yet, so that a user who targets an older release hears about a
//   field their API server does not know.
//
// Only the syntax of the declaration files is read (TypeScript's parser, no type checker): every type is
// an interface or a type alias whose properties name other types by their exported alias, which is enough
// and keeps the generator fast enough for the drift test to run it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** A field's type, encoded as in the data: see server/engine/schema/k8s-schema.ts. */
type Code = string;

interface TypeEntry {
  /** Short name, `group.version.Kind` without the `io.k8s.api` prefix (`apps.v1.DeploymentSpec`). */
  n: string;
  /** Field name to type code. */
  f: Record<string, Code>;
  /** Required fields. */
  r?: string[];
  /** Fields that Kubernetes 1.30 did not have (its API server drops or rejects them). */
  x?: string[];
}

export interface SchemaData {
  provenance: Record<string, string>;
  /** `apiVersion kind` to the index of its type. */
  kinds: Record<string, number>;
  /** Kinds Kubernetes 1.30 did not serve, as `apiVersion kind`. */
  newKinds: string[];
  types: TypeEntry[];
  enums: string[][];
}

/** A declared interface or alias of one declaration file, before codes are assigned. */
interface Declared {
  file: string;
  /** The package-wide alias (`IIoK8sApiAppsV1DeploymentSpec`). */
  alias: string;
  node: ts.InterfaceDeclaration | ts.TypeAliasDeclaration;
  /** The group/version folder it belongs to (`apps/v1`, `v1`, `meta/v1`). */
  groupVersion: string;
  localName: string;
}

/**
 * Fields the API server's validation requires although the OpenAPI definitions mark them optional (they are
 * optional there only so that tools may fill them in later). A container without an image is rejected with
 * "spec.containers[0].image: Required value".
 */
const VALIDATION_REQUIRED: Record<string, string[]> = {
  'core.v1.Container': ['image'],
};

/**
 * Types whose declarations list no fields but which hold any JSON (RawExtension, apiextensions' JSON, the
 * managed fields' FieldsV1): they are open, never checked below.
 */
const OPEN = 'a';

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (entry === '_schemas' || entry === 'node_modules') continue;
    if (statSync(path).isDirectory()) walk(path, out);
    else if (entry.endsWith('.d.ts') && entry !== 'index.d.ts') out.push(path);
  }
  return out;
}

function parse(path: string): ts.SourceFile {
  // Parent pointers let a member find its file (and so its leading documentation comment).
  return ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
}

function propertyName(member: ts.TypeElement): string | undefined {
  const name = member.name;
  if (!name) return undefined;
  if (ts.isStringLiteral(name) || ts.isIdentifier(name)) return name.text;
  return undefined;
}

/** Declarations of `kubernetes-models` and `@kubernetes-models/apimachinery`, by their exported alias. */
function readModels(root: string): Map<string, Declared> {
  const byAlias = new Map<string, Declared>();
  const packages = [
    { dir: join(root, 'node_modules', 'kubernetes-models'), prefix: '' },
    { dir: join(root, 'node_modules', '@kubernetes-models', 'apimachinery'), prefix: 'machinery:' },
  ];
  for (const { dir, prefix } of packages) {
    for (const file of walk(dir)) {
      const source = parse(file);
      const rel = relative(dir, file).split('\\').join('/');
      const groupVersion = prefix + rel.split('/').slice(0, -1).join('/');
      const local = new Map<string, ts.InterfaceDeclaration | ts.TypeAliasDeclaration>();
      for (const statement of source.statements) {
        if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
          local.set(statement.name.text, statement);
        }
      }
      for (const statement of source.statements) {
        // export type { IDeployment as IIoK8sApiAppsV1Deployment, … }
        if (!ts.isExportDeclaration(statement) || !statement.isTypeOnly) continue;
        const clause = statement.exportClause;
        if (!clause || !ts.isNamedExports(clause)) continue;
        for (const element of clause.elements) {
          const localName = (element.propertyName ?? element.name).text;
          const node = local.get(localName);
          if (!node || !localName.startsWith('I')) continue;
          byAlias.set(element.name.text, { file, alias: element.name.text, node, groupVersion, localName });
        }
      }
    }
  }
  return byAlias;
}

/** The 1.30 field names of each type, keyed like `apps/v1 DeploymentSpec` (core as `v1`, meta as `meta/v1`). */
function readOldTypes(root: string): Map<string, Set<string>> {
  const dir = join(root, 'node_modules', 'kubernetes-types');
  const out = new Map<string, Set<string>>();
  for (const file of walk(dir)) {
    const rel = relative(dir, file)
      .split('\\')
      .join('/')
      .replace(/\.d\.ts$/, '');
    const parts = rel.split('/');
    if (parts.length !== 2) continue;
    const [group, version] = parts as [string, string];
    const groupVersion = group === 'core' ? version : `${group}/${version}`;
    for (const statement of parse(file).statements) {
      if (!ts.isInterfaceDeclaration(statement)) continue;
      const fields = new Set(statement.members.flatMap((m) => propertyName(m) ?? []));
      out.set(`${groupVersion} ${statement.name.text}`, fields);
    }
  }
  return out;
}

/** `apps/v1`, `v1`, `networking.k8s.io/v1`, `machinery:apis/meta/v1` → the key readOldTypes uses. */
function oldGroupVersion(groupVersion: string): string {
  if (groupVersion.startsWith('machinery:apis/')) return groupVersion.slice('machinery:apis/'.length);
  const [group, version] = groupVersion.includes('/') ? groupVersion.split('/') : ['', groupVersion];
  if (!group) return version!;
  const short = group.replace(/\.apiserver\.k8s\.io$|\.authorization\.k8s\.io$|\.k8s\.io$/, '');
  return `${short}/${version}`;
}

/** `apps/v1` + `DeploymentSpec` → `apps.v1.DeploymentSpec`; core types are `core.v1.*`, meta `meta.v1.*`. */
function shortName(declared: Declared): string {
  const gv = oldGroupVersion(declared.groupVersion);
  const prefix = gv.includes('/') ? gv.replace('/', '.') : `core.${gv}`;
  return `${prefix}.${declared.localName.slice(1)}`;
}

export function generateSchema(root: string): SchemaData {
  const models = readModels(root);
  const old = readOldTypes(root);
  const types: TypeEntry[] = [];
  const indexOf = new Map<string, number>();
  const enums: string[][] = [];
  const enumIndex = new Map<string, number>();

  const enumCode = (values: string[]): Code => {
    const sorted = [...values].sort();
    const key = sorted.join('\u0000');
    let index = enumIndex.get(key);
    if (index === undefined) {
      index = enums.length;
      enums.push(sorted);
      enumIndex.set(key, index);
    }
    return `e${index}`;
  };

  const codeOf = (type: ts.TypeNode): Code => {
    if (type.kind === ts.SyntaxKind.StringKeyword) return 's';
    if (type.kind === ts.SyntaxKind.NumberKeyword) return 'n';
    if (type.kind === ts.SyntaxKind.BooleanKeyword) return 'b';
    if (type.kind === ts.SyntaxKind.AnyKeyword || type.kind === ts.SyntaxKind.UnknownKeyword) return OPEN;
    if (ts.isParenthesizedTypeNode(type)) return codeOf(type.type);
    if (ts.isUnionTypeNode(type)) {
      const literals = type.types.flatMap((t) =>
        ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? [t.literal.text] : [],
      );
      if (literals.length === type.types.length) return enumCode(literals);
      const kinds = new Set(type.types.map((t) => codeOf(t)));
      // `string | number` is IntOrString's and Quantity's shape; aliases name which one.
      if (kinds.size === 2 && kinds.has('s') && kinds.has('n')) return 'o';
      return OPEN;
    }
    if (ts.isTypeReferenceNode(type)) {
      const name = type.typeName.getText === undefined ? '' : (type.typeName as ts.Identifier).text;
      if (name === 'Array' && type.typeArguments?.length === 1) return '[' + codeOf(type.typeArguments[0]!);
      if (name.endsWith('UtilIntstrIntOrString')) return 'o';
      if (name.endsWith('ApiResourceQuantity')) return 'q';
      return refCode(name);
    }
    if (ts.isTypeLiteralNode(type)) {
      const index = type.members.find(ts.isIndexSignatureDeclaration);
      if (index && type.members.length === 1) return '{' + codeOf(index.type);
      return OPEN;
    }
    if (ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal)) return enumCode([type.literal.text]);
    return OPEN;
  };

  const refCode = (alias: string): Code => {
    const declared = models.get(alias);
    if (!declared) return OPEN;
    const { node } = declared;
    if (ts.isTypeAliasDeclaration(node)) return codeOf(node.type);
    if (node.members.length === 0) return OPEN;
    return String(typeIndex(declared));
  };

  /**
   * Whether a field's own documentation calls it gated, alpha or beta. kubernetes-types 1.30 lacks some
   * fields that 1.30 had (the fields a Go type embeds inline, such as a webhook rule's `resources`, and the
   * `x-kubernetes-*` names): a field counts as added after 1.30 only when 1.30 lacks it and its 1.36
   * documentation corroborates that it is recent, so that a gap in the older package never becomes a finding.
   */
  const gatedOrNew = (member: ts.TypeElement): boolean => {
    const source = member.getSourceFile();
    const comment = source.text.slice(member.pos, member.getStart(source));
    return /feature ?gate|\balpha\b|\bbeta\b/i.test(comment);
  };

  const typeIndex = (declared: Declared): number => {
    const known = indexOf.get(declared.alias);
    if (known !== undefined) return known;
    const entry: TypeEntry = { n: shortName(declared), f: {} };
    const index = types.length;
    types.push(entry);
    indexOf.set(declared.alias, index);
    const node = declared.node as ts.InterfaceDeclaration;
    const required: string[] = [];
    const previous = old.get(`${oldGroupVersion(declared.groupVersion)} ${declared.localName.slice(1)}`);
    const added: string[] = [];
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const name = propertyName(member);
      if (name === undefined) continue;
      // apiVersion and kind of a top-level kind are literal types; any string is their type here, the
      // engine checks them by choosing the type.
      entry.f[name] = name === 'apiVersion' || name === 'kind' ? 's' : codeOf(member.type);
      if (!member.questionToken && name !== 'apiVersion' && name !== 'kind') required.push(name);
      if (previous && !previous.has(name) && gatedOrNew(member)) added.push(name);
    }
    for (const name of VALIDATION_REQUIRED[entry.n] ?? []) if (!required.includes(name)) required.push(name);
    if (required.length > 0) entry.r = required.sort();
    if (added.length > 0) entry.x = added.sort();
    return index;
  };

  const kinds: Record<string, number> = {};
  const newKinds: string[] = [];
  const roots = [...models.values()]
    .filter((d) => !d.groupVersion.startsWith('machinery:') && ts.isInterfaceDeclaration(d.node))
    .sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
  for (const declared of roots) {
    const node = declared.node as ts.InterfaceDeclaration;
    let apiVersion: string | undefined;
    let kind: string | undefined;
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !member.type || !ts.isLiteralTypeNode(member.type)) continue;
      const literal = member.type.literal;
      if (!ts.isStringLiteral(literal)) continue;
      if (propertyName(member) === 'apiVersion') apiVersion = literal.text;
      if (propertyName(member) === 'kind') kind = literal.text;
    }
    // Lists are what the API server answers, not what people apply (a `kind: List` is split into items).
    if (!apiVersion || !kind || kind.endsWith('List')) continue;
    kinds[`${apiVersion} ${kind}`] = typeIndex(declared);
    if (!old.has(`${oldGroupVersion(declared.groupVersion)} ${kind}`)) newKinds.push(`${apiVersion} ${kind}`);
  }
  const version = (name: string): string =>
    (
      JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  return {
    provenance: {
      source: `kubernetes-models ${version('kubernetes-models')} and @kubernetes-models/apimachinery ${version('@kubernetes-models/apimachinery')} (MIT), declarations generated from the Kubernetes 1.36 OpenAPI definitions`,
      older: `kubernetes-types ${version('kubernetes-types')} (Apache-2.0), the Kubernetes 1.30 OpenAPI definitions: fields it lacks are marked as added after 1.30`,
      generator: 'scripts/k8s-schema/generate.ts (npm run generate:schema)',
      kubernetes: '1.36',
      older_kubernetes: '1.30',
    },
    kinds,
    newKinds: newKinds.sort(),
    types,
    enums,
  };
}

/**
 * The generated module's text: the kinds, enums and provenance as one JSON string, and the types as another
 * string with one type's JSON per line, each parsed only when a walk first reaches that type (see
 * k8s-schema.ts): a manifest touches a few dozen of the 800 types.
 */
export function schemaModule(data: SchemaData): string {
  const { types, ...rest } = data;
  const json = JSON.stringify(rest);
  const lines = types.map((type) => JSON.stringify(type));
  for (const text of [json, ...lines]) {
    if (/['\\\n]/.test(text)) throw new Error('the schema data needs escaping; quote it differently');
  }
  return [
    '// Generated by scripts/k8s-schema/generate.ts (npm run generate:schema) from the declarations of',
    '// kubernetes-models (Kubernetes 1.36) and kubernetes-types (Kubernetes 1.30); do not edit.',
    '// test/unit/k8s-schema.test.ts fails when this file differs from what the generator writes.',
    '// Strings, parsed with JSON.parse on first use: cheaper to load than object literals of the same size.',
    `export const SCHEMA_TEXT =\n  '${json}';`,
    '',
    '/** One type per line, in the order of their indexes. */',
    `export const SCHEMA_TYPES =\n  '${lines.join('\\n')}';`,
    '',
    '/** Every kind name the schema knows (at any API version): the schema rules declare them without parsing the data. */',
    'export const KIND_NAMES: readonly string[] = [',
    ...[...new Set(Object.keys(data.kinds).map((key) => key.split(' ')[1]!))]
      .sort()
      .map((kind) => `  '${kind}',`),
    '];',
    '',
  ].join('\n');
}
