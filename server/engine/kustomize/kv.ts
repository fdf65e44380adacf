// The key/value sources of configMapGenerator and secretGenerator, read exactly as kustomize's api/kv reads
// them: `literals` (`key=value`, one pair of matching quotes around the value removed), `files` (`path` keyed
// by the file's base name, or `key=path`), and `envs` (KEY=value lines; `#` comments and blank lines skipped;
// a line without `=` gives an empty value). Every pair remembers the kustomization node it came from, so the
// generated data points at the literal or the file entry that produced it.
import type { Origin } from './tree';
import type { Level } from './model';
import { resolvePath } from './paths';

export interface KvPair {
  key: string;
  value: string;
  /** The literal, or the `files:`/`envs:` entry, that produced the pair. */
  origin: Origin;
}

/** A source that kustomize would refuse, with kustomize's reason. */
export class KvError extends Error {
  constructor(
    message: string,
    readonly origin: Origin,
  ) {
    super(message);
  }
}

export function literalPair(source: string, origin: Origin): KvPair {
  const equals = source.indexOf('=');
  if (equals <= 0) throw new KvError(`invalid literal source \`${source}\`, expected key=value`, origin);
  return { key: source.slice(0, equals), value: removeQuotes(source.slice(equals + 1)), origin };
}

function removeQuotes(text: string): string {
  if (text.length < 2 || text[0] !== text[text.length - 1]) return text;
  return text[0] === '"' || text[0] === "'" ? text.slice(1, -1) : text;
}

/** kustomize's `ParseFileSource`: the key and the path of a `files:` entry. */
export function parseFileSource(source: string, origin: Origin): { key: string; path: string } {
  const separators = source.split('=').length - 1;
  if (separators === 0) return { key: baseName(source), path: source };
  if (separators === 1 && source.startsWith('='))
    throw new KvError(`missing key name for file path in \`${source}\``, origin);
  if (separators === 1 && source.endsWith('='))
    throw new KvError(`missing file path for key name in \`${source}\``, origin);
  if (separators > 1) throw new KvError(`key name or file path in \`${source}\` contains '='`, origin);
  const [key = '', path = ''] = source.split('=');
  return { key, path };
}

function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return path === '' ? '.' : '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** The pairs of an env file's text (kustomize's `keyValuesFromLines`). */
export function envPairs(text: string, origin: Origin): KvPair[] {
  const pairs: KvPair[] = [];
  // Go's line scanner splits at \n and drops one \r before it.
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, index) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (index === 0 && line.startsWith('\uFEFF')) line = line.slice(1);
    line = line.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const equals = line.indexOf('=');
    const key = equals < 0 ? line : line.slice(0, equals);
    if (!ENV_NAME.test(key))
      throw new KvError(`\`${key}\` in line ${index + 1} is not a valid environment variable name`, origin);
    pairs.push({ key, value: equals < 0 ? '' : line.slice(equals + 1), origin });
  });
  return pairs;
}

/**
 * The file a generator names, relative to the kustomization's folder. kustomize's default load restrictor
 * refuses a file outside that folder; so does this reader, with the same consequence (no output).
 */
export function readGeneratorFile(level: Level, relative: string, origin: Origin): string {
  const path = resolvePath(level.dir, relative);
  if (path !== level.dir && !path.startsWith(level.dir.endsWith('/') ? level.dir : `${level.dir}/`))
    throw new KvError(
      `\`${relative}\` is outside the kustomization's folder, which kustomize refuses to read by default`,
      origin,
    );
  const text = level.host.readFile(path);
  if (text === undefined) throw new KvError(`\`${relative}\` cannot be read`, origin);
  level.files.add(path);
  return text;
}

/**
 * Base64 as kyaml writes it for Secrets and binary ConfigMap data: lines of 70 characters, each ending with a
 * newline as soon as the encoding is 70 characters or longer.
 */
export function goBase64(text: string): string {
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  const lineLength = 70;
  if (Math.floor(encoded.length / lineLength) + 1 <= 1) return encoded;
  let out = '';
  for (let index = 0; index < encoded.length; index += lineLength)
    out += `${encoded.slice(index, index + lineLength)}\n`;
  return out;
}
