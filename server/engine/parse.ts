import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type YAMLMap } from 'yaml';
import { computeLineStarts } from './positions';
import type { K8sObject, ParsedDocument, ParsedFile, SourceRef } from './types';

/** Limits that keep parsing bounded on hostile input (alias bombs, pathological files). */
export interface ParseLimits {
  /** Passed to `yaml`'s toJS: a "billion laughs" document is rejected instead of expanded. */
  maxAliasCount: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxAliasCount: 100 };

/**
 * Parses every YAML document of a file and finds the Kubernetes objects in them.
 *
 * A document with syntax errors is kept out of `objects`: its tree may be partial and its ranges wrong, and
 * reporting syntax errors is the YAML extension's job, not ours. A document without both `apiVersion` and
 * `kind` is not a Kubernetes object and is skipped silently. Items of a `kind: List` are objects too.
 * This function never throws on any input text.
 */
export function parseFile(text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS, uri = ''): ParsedFile {
  const lineCounter = new LineCounter();
  const documents: ParsedDocument[] = [];
  const objects: K8sObject[] = [];
  let parsed: ReturnType<typeof parseAllDocuments>;
  try {
    // logLevel 'error' keeps the library from printing process warnings (e.g. on Helm's `{{ }}`) to stderr.
    parsed = parseAllDocuments(text, {
      keepSourceTokens: true,
      lineCounter,
      prettyErrors: false,
      logLevel: 'error',
    });
  } catch {
    // The parser is designed not to throw; this guards against a library bug taking the server down.
    parsed = [];
  }
  // parseAllDocuments returns an EmptyStream (an empty array with extra members) for empty input.
  const docs = Array.isArray(parsed) ? parsed : [];
  const lineStarts = lineStartsOf(text, lineCounter);
  const source = { uri, lineStarts };
  docs.forEach((doc, index) => {
    const range = doc.range ?? [0, 0, 0];
    documents.push({ index, doc: doc as ParsedDocument['doc'], span: { start: range[0], end: range[2] } });
    if (doc.errors.length > 0 || !isMap(doc.contents)) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    } catch {
      // Too many aliases, or an alias to nothing: treat the document as not analysable.
      return;
    }
    collectObjects(doc.contents, value, index, [], objects, true, source);
  });
  return { uri, text, eol: detectEol(text), documents, objects, lineStarts };
}

function collectObjects(
  node: YAMLMap,
  value: unknown,
  documentIndex: number,
  basePath: (string | number)[],
  out: K8sObject[],
  allowList: boolean,
  source: SourceRef,
): void {
  if (!isPlainObject(value)) return;
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) return;
  if (allowList && kind === 'List') {
    const items = node.get('items', true);
    if (!isSeq(items) || !Array.isArray(value.items)) return;
    items.items.forEach((item, i) => {
      if (isMap(item)) {
        collectObjects(item, (value.items as unknown[])[i], documentIndex, ['items', i], out, false, source);
      }
    });
    return;
  }
  const metadata = isPlainObject(value.metadata) ? value.metadata : {};
  out.push({
    source,
    apiVersion,
    kind,
    name: scalarString(metadata.name),
    namespace: scalarString(metadata.namespace),
    node,
    value,
    documentIndex,
    basePath,
  });
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalarString(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

function detectEol(text: string): '\n' | '\r\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}

function lineStartsOf(text: string, lineCounter: LineCounter): number[] {
  // The LineCounter only saw the lines the parser reached; recompute when it stopped early.
  if (lineCounter.lineStarts.length > 0) {
    const last = lineCounter.lineStarts[lineCounter.lineStarts.length - 1] ?? 0;
    if (text.indexOf('\n', last) === -1) return lineCounter.lineStarts;
  }
  return computeLineStarts(text);
}

export { isScalar };
