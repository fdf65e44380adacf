// Suppression, for every rule at once (no rule knows about it):
//
//   # kube-hindsight-ignore <rule-id>[,<rule-id>] [-- reason]    on the line before the flagged line
//   # kube-hindsight-ignore-file <rule-id>[,<rule-id>] [-- reason] anywhere in a YAML document: that document
//   metadata.annotations["kube-hindsight/ignore"]: "<id>,<id>"   on the object, for generated manifests that
//                                                                 lose their comments
//
// and the edits behind the "Ignore … on this line" and "Ignore … for this object" code actions.
import { isScalar } from 'yaml';
import { ensureEntries } from './edits';
import { partView } from './part-view';
import { nodeAt } from './nodes';
import { lineStartOf, offsetToPosition, shifted } from './positions';
import { stringMap, valueAt } from './workloads';
import type { Finding, Fix, K8sObject, ParsedChunk, ParsedFile, TextEdit } from './types';

/** The part of `file` an object of it was parsed from. */
export function chunkOf(file: ParsedFile, object: K8sObject): ParsedChunk | undefined {
  return file.chunks.find((chunk) => chunk.offset === object.source.offset && chunk.objects.includes(object));
}

/**
 * The part whose text holds a file offset (its end included, so that the start of a part that was never
 * parsed belongs to the part before it), by binary search over the parts in file order.
 */
export function chunkHolding(chunks: readonly ParsedChunk[], offset: number): ParsedChunk | undefined {
  let low = 0;
  let high = chunks.length - 1;
  let found: ParsedChunk | undefined;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const chunk = chunks[mid]!;
    if (chunk.offset <= offset) {
      found = chunk;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found && offset <= found.offset + found.file.text.length ? found : undefined;
}

export const IGNORE_ANNOTATION = 'kube-hindsight/ignore';

const COMMENT =
  /#\s*kube-hindsight-ignore(-file)?[ \t]+([A-Za-z0-9/_*,\t -]+?)(?:[ \t]+--[ \t]*(.*?))?[ \t]*$/;

export interface IgnoreComment {
  scope: 'line' | 'file';
  ruleIds: string[];
  reason: string | undefined;
  /** Zero-based line of the comment. */
  line: number;
  /** Offsets of the comment's rule-id list, for editing it. */
  idsStart: number;
  idsEnd: number;
}

export interface Suppression {
  kind: 'line' | 'file' | 'annotation';
  reason: string | undefined;
}

/** Finds every ignore comment of the file (cheap: one regular expression per line that has a `#`). */
export function ignoreComments(file: ParsedFile): IgnoreComment[] {
  // A parse's text never changes, so its comments are read once (a keystroke elsewhere reads none).
  return (file.memo.ignoreComments ??= readIgnoreComments(file));
}

declare module './types' {
  interface ParseMemo {
    /** The ignore comments of the text (suppression.ts, ignoreComments). */
    ignoreComments?: IgnoreComment[];
  }
}

function readIgnoreComments(file: ParsedFile): IgnoreComment[] {
  const out: IgnoreComment[] = [];
  const { text, lineStarts } = file;
  if (!text.includes('kube-hindsight-ignore')) return out;
  lineStarts.forEach((start, line) => {
    const end = lineStarts[line + 1] ?? text.length;
    const content = text.slice(start, end).replace(/\r?\n$/, '');
    const hash = content.indexOf('#');
    if (hash === -1) return;
    const match = COMMENT.exec(content.slice(hash));
    if (!match) return;
    const idsText = match[2]!;
    const idsStart = start + hash + match.index + match[0].indexOf(idsText);
    out.push({
      scope: match[1] ? 'file' : 'line',
      ruleIds: idsText
        .split(/[,\s]+/)
        .map((id) => id.trim())
        .filter(Boolean),
      reason: match[3] || undefined,
      line,
      idsStart,
      idsEnd: idsStart + idsText.trimEnd().length,
    });
  });
  return out;
}

function annotationIds(object: K8sObject): string[] {
  const annotations = stringMap(valueAt(object.value, ['metadata', 'annotations']));
  const value = annotations[IGNORE_ANNOTATION];
  return value ? value.split(/[,\s]+/).filter(Boolean) : [];
}

function lineOf(file: ParsedFile, offset: number): number {
  return offsetToPosition(file.lineStarts, offset).line;
}

/** Which of a file's ignore comments and annotations suppress a finding, if any. */
export function suppressionOf(
  file: ParsedFile,
  comments: readonly IgnoreComment[],
  finding: Finding,
  object: K8sObject | undefined,
): Suppression | undefined {
  const matches = (ids: readonly string[]): boolean => ids.includes(finding.ruleId) || ids.includes('*');
  const line = lineOf(file, finding.span.start);
  for (const comment of comments) {
    if (comment.scope === 'line' && comment.line === line - 1 && matches(comment.ruleIds)) {
      return { kind: 'line', reason: comment.reason };
    }
  }
  const document = file.documents.find(
    (d) => d.span.start <= finding.span.start && finding.span.start <= d.span.end,
  );
  if (document) {
    for (const comment of comments) {
      const offset = file.lineStarts[comment.line] ?? 0;
      const inDocument = offset >= lineStartOf(file.text, document.span.start) && offset <= document.span.end;
      if (comment.scope === 'file' && inDocument && matches(comment.ruleIds)) {
        return { kind: 'file', reason: comment.reason };
      }
    }
  }
  if (object && matches(annotationIds(object))) return { kind: 'annotation', reason: undefined };
  return undefined;
}

/**
 * "Ignore <rule> on this line": a comment on the line above, or the rule added to one already there. None
 * for a finding outside every parsed part (a file skipped for its size): its comments are never read.
 */
export function ignoreOnLineFix(file: ParsedFile, finding: Finding): Fix | undefined {
  if (!chunkHolding(file.chunks, finding.span.start)) return undefined;
  const comments = ignoreComments(file);
  const line = lineOf(file, finding.span.start);
  const existing = comments.find((c) => c.scope === 'line' && c.line === line - 1);
  const title = `Ignore ${finding.ruleId} on this line`;
  if (existing) {
    return {
      title,
      edits: [{ start: existing.idsEnd, end: existing.idsEnd, newText: `,${finding.ruleId}` }],
    };
  }
  const start = file.lineStarts[line] ?? 0;
  const indent = /^[ \t]*/.exec(file.text.slice(start))?.[0] ?? '';
  // A sequence item's line starts with "- ": the comment takes the dash's column.
  const edit: TextEdit = {
    start,
    end: start,
    newText: `${indent}# kube-hindsight-ignore ${finding.ruleId}${file.eol}`,
  };
  return { title, edits: [edit] };
}

/**
 * "Ignore <rule> for this object": the rule added to the object's `kube-hindsight/ignore` annotation. The
 * edit is computed on the object's part of `file` and returned in offsets of the file. A finding without an
 * object (an input rule's) gets none.
 */
export function ignoreForObjectFix(
  file: ParsedFile,
  finding: Finding,
  object: K8sObject | undefined,
): Fix | undefined {
  if (!object) return undefined;
  const part = chunkOf(file, object);
  if (!part) return undefined;
  const fix = annotationFix(partView(file, part), finding, object);
  if (!fix || part.offset === 0) return fix;
  return {
    ...fix,
    edits: fix.edits.map((e) => shifted(e, part.offset)),
  };
}

function annotationFix(file: ParsedFile, finding: Finding, object: K8sObject): Fix | undefined {
  const title = `Ignore ${finding.ruleId} for ${object.kind}${object.name ? ` "${object.name}"` : ''}`;
  const current = nodeAt(object.node, ['metadata', 'annotations', IGNORE_ANNOTATION]);
  if (current) {
    if (!isScalar(current) || !current.range) return undefined;
    const ids = annotationIds(object);
    const value = JSON.stringify([...ids, finding.ruleId].join(','));
    return { title, edits: [{ start: current.range[0], end: current.range[1], newText: value }] };
  }
  const edits = ensureEntries(file, object.node, ['metadata', 'annotations'], {
    [IGNORE_ANNOTATION]: finding.ruleId,
  });
  return edits ? { title, edits } : undefined;
}
