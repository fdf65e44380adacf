// Which documents are read in full, and where a document's header ends when it need not be. A document of a
// kind no enabled rule reads beyond `apiVersion`, `kind` and `metadata` (a CustomResourceDefinition's
// schema, a ConfigMap's data) is parsed up to its header only; the scan here decides how much to parse,
// never what the text means (parse-part.ts checks the header's parse again).
import { isBuiltInApiVersion } from './api-groups';
import type { BodyKinds } from './types';

/** A text that is equal for two plans exactly when they parse the same documents in full. */
export function bodyKindsKey(bodyKinds: BodyKinds | undefined): string {
  return bodyKinds ? `${[...bodyKinds.kinds].sort().join(',')}|${bodyKinds.customResources}` : '*';
}

/**
 * Whether a document of this kind and API version must be parsed in full. A kind ending in `List` may hold its
 * objects in `items` (objects.ts, isListKind), which only the full parse can tell.
 */
export function needsBody(bodyKinds: BodyKinds | undefined, apiVersion: string, kind: string): boolean {
  if (!bodyKinds || kind.endsWith('List') || bodyKinds.kinds.has(kind)) return true;
  return bodyKinds.customResources && !isBuiltInApiVersion(apiVersion);
}

/** Top-level keys every header-only object keeps. */
const HEADER_KEYS = new Set(['apiVersion', 'kind', 'metadata']);
const TOP_LEVEL_KEY = /^([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*:(?:[ \t]|$)/;
const KIND_LINE = /^kind:[ \t]*(["']?)([A-Za-z][A-Za-z0-9]*)\1[ \t]*(?:#.*)?\r?$/m;
const API_VERSION_LINE = /^apiVersion:[ \t]*(["']?)([A-Za-z0-9./-]+)\1[ \t]*(?:#.*)?\r?$/m;

/**
 * Where the header of a document ends, when the document can be read header-only: its kind (from its
 * `kind:` line) is one no rule needs in full, its top-level keys are plain block-mapping keys, every one of
 * `apiVersion`, `kind` and `metadata` comes before the first other key, and nothing after that looks like a
 * template (`{{`) or repeats a header key. The cut is the start of the first other key's line. Anything
 * unusual returns undefined and the document is parsed in full; the parse of the header is checked again by
 * parsePart, so the scan only ever decides how much to parse, never what it means.
 */
export function headerCut(text: string, bodyKinds: BodyKinds): number | undefined {
  const kind = KIND_LINE.exec(text)?.[2];
  const apiVersion = API_VERSION_LINE.exec(text)?.[2];
  if (!kind || !apiVersion || needsBody(bodyKinds, apiVersion, kind)) return undefined;
  const seen = new Set<string>();
  let line = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (line < text.length) {
    const next = text.indexOf('\n', line);
    const end = next === -1 ? text.length : next;
    const c = text.charCodeAt(line);
    // Indented lines, comments and blank lines belong to the key above (or to nothing).
    const continues = c === 0x20 || c === 0x09 || c === 0x23 || c === 0x0a || c === 0x0d;
    if (!continues) {
      const content = text.slice(line, end).replace(/\r$/, '');
      if (content.startsWith('---')) {
        // Only a bare marker: content on the marker line is not a block mapping's key.
        if (!/^---[ \t]*(#.*)?$/.test(content)) return undefined;
      } else {
        const key = TOP_LEVEL_KEY.exec(content)?.[1];
        if (key === undefined) return undefined;
        if (!HEADER_KEYS.has(key)) {
          if (!seen.has('apiVersion') || !seen.has('kind')) return undefined;
          const rest = text.slice(line);
          if (rest.includes('{{') || /\n(apiVersion|kind|metadata)[ \t]*:/.test(rest)) return undefined;
          return line;
        }
        seen.add(key);
      }
    }
    if (next === -1) break;
    line = next + 1;
  }
  return undefined;
}
