// The content hash kustomize appends to generated names (api/hasher, v5.5.0). It hashes a small JSON document
// (`kind`, `name`, `data`, plus `binaryData` for a ConfigMap, `type` and `stringData` for a Secret) encoded the
// way Go's encoding/json does (keys sorted, `<`, `>`, `&` escaped), takes the first ten hex digits of its
// SHA-256 and swaps the characters that could spell words. kustomize looks the name up under the literal key
// `metadata/name`, which never exists, so the name in the document is always empty: only content counts.
import { createHash } from 'node:crypto';
import { entryOf, toValue, type RMap } from './tree';
import { textOf } from './edit';

/** The ten-character suffix for a generated ConfigMap or Secret as it is at the end of the rendering. */
export function contentHash(tree: RMap): string {
  const kind = textOf(entryOf(tree, 'kind')?.value);
  const field = (key: string): unknown => {
    const node = entryOf(tree, key)?.value;
    if (node === undefined) return '';
    return node.type === 'scalar' ? (textOf(node) ?? '') : toValue(node);
  };
  const isMap = (value: unknown): boolean =>
    value !== null && typeof value === 'object' && !Array.isArray(value);
  let document: Record<string, unknown>;
  if (kind === 'Secret') {
    document = { kind: 'Secret', type: field('type'), name: '', data: field('data') };
    const stringData = field('stringData');
    if (isMap(stringData)) document.stringData = stringData;
  } else if (kind === 'ConfigMap') {
    document = { kind: 'ConfigMap', name: '', data: field('data') };
    const binaryData = field('binaryData');
    if (isMap(binaryData)) document.binaryData = binaryData;
  } else {
    document = toValue(tree) as Record<string, unknown>;
  }
  return encode(createHash('sha256').update(goJson(document), 'utf8').digest('hex'));
}

function encode(hex: string): string {
  const swaps: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((char) => swaps[char] ?? char).join('');
}

/** JSON as Go's `json.Marshal` writes a `map[string]interface{}`: sorted keys, HTML characters escaped. */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort(compareBytes);
    return `{${keys.map((key) => `${goString(key)}:${goJson(record[key])}`).join(',')}}`;
  }
  if (typeof value === 'string') return goString(value);
  return JSON.stringify(value);
}

function goString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (
      code < 0x20 ||
      char === '<' ||
      char === '>' ||
      char === '&' ||
      code === 0x2028 ||
      code === 0x2029
    )
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/** Go sorts map keys by their UTF-8 bytes. */
function compareBytes(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'));
}
