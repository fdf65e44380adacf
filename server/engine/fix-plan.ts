// The plan behind "Fix all" in the editor and `kube-hindsight check --fix`, as pure helpers over the engine's
// findings and fixes (no editor protocol here, so both share one implementation): pick one fix per finding, keep the first of any fixes whose edits overlap, and merge the rest into one list of edits. The
// merged edits are applied and parsed before they are offered: a combination that would break YAML which
// parsed (two fixes adding the same key to one mapping) is cut back fix by fix, so "fix all" never corrupts
// the text. Editor protocol types stay in the language server (lsp/fix-all.ts, lsp/code-action-edits.ts).
import { parseAllDocuments } from 'yaml';
import { applyEdits } from './edits';
import type { Finding, Fix, TextEdit } from './types';

export interface ChosenFix {
  finding: Finding;
  fix: Fix;
}

export interface FixAllPlan {
  /** The fixes kept, in finding order. */
  fixes: ChosenFix[];
  /** Their edits, merged into one list (same-offset insertions in fix order). */
  edits: TextEdit[];
}

/** The fix a finding contributes to a "fix all": its first in-file fix that `accept`s, if any. */
export function fixFor(finding: Finding, accept: (fix: Fix) => boolean = () => true): Fix | undefined {
  return finding.getFixes().find((fix) => !fix.newFile && fix.edits.length > 0 && accept(fix));
}

/** One fix per finding that has one, in finding order. */
export function collectFixes(
  findings: readonly Finding[],
  choose: (finding: Finding) => Fix | undefined = (finding) => fixFor(finding),
): ChosenFix[] {
  return findings.flatMap((finding) => {
    const fix = choose(finding);
    return fix ? [{ finding, fix }] : [];
  });
}

/** A new YAML document appended at the end of the text (`---` and an object, as `appendDocument` writes). */
function appendsDocument(edit: TextEdit, textLength: number): boolean {
  return edit.start === textLength && edit.end === textLength && /^(\r?\n)?---\r?\n/.test(edit.newText);
}

/**
 * Whether two edits (of different fixes) may not be applied together: their spans overlap or touch, since
 * two insertions at one offset usually add to the same mapping. A new document appended at the end of the
 * text conflicts with nothing: `mergeEdits` puts it after whatever else is inserted there.
 */
export function editsConflict(a: TextEdit, b: TextEdit, textLength: number): boolean {
  if (appendsDocument(a, textLength) || appendsDocument(b, textLength)) return false;
  return a.start <= b.end && b.start <= a.end;
}

/** Keeps the first fix of any that conflict: a fix is dropped when an edit of it meets an already kept one. */
export function dropOverlapping(candidates: readonly ChosenFix[], textLength: number): ChosenFix[] {
  const kept: ChosenFix[] = [];
  const taken: TextEdit[] = [];
  for (const candidate of candidates) {
    if (candidate.fix.edits.some((edit) => taken.some((other) => editsConflict(edit, other, textLength))))
      continue;
    kept.push(candidate);
    taken.push(...candidate.fix.edits);
  }
  return kept;
}

/**
 * The edits of the fixes as one list, in fix order (an LSP client applies same-offset insertions in array
 * order), except that new documents appended at the end come last, after lines inserted into the last one.
 */
export function mergeEdits(fixes: readonly ChosenFix[], textLength: number): TextEdit[] {
  const edits = fixes.flatMap(({ fix }) => fix.edits);
  return [
    ...edits.filter((edit) => !appendsDocument(edit, textLength)),
    ...edits.filter((edit) => appendsDocument(edit, textLength)),
  ];
}

function parseErrors(text: string): number {
  try {
    return parseAllDocuments(text, { logLevel: 'error' }).reduce((n, doc) => n + doc.errors.length, 0);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Plans a "fix all" over `text`: drops conflicting fixes, then checks that the merged result parses with no
 * more errors than the text had; when it does not, fixes are added one at a time and each that breaks the
 * parse is left out. Each fix alone was already checked by the engine.
 */
export function planFixAll(text: string, candidates: readonly ChosenFix[]): FixAllPlan {
  const chosen = dropOverlapping(candidates, text.length);
  const baseline = parseErrors(text);
  const fits = (fixes: readonly ChosenFix[]): boolean => {
    try {
      return parseErrors(applyEdits(text, mergeEdits(fixes, text.length))) <= baseline;
    } catch {
      return false;
    }
  };
  if (chosen.length === 0 || fits(chosen)) return { fixes: chosen, edits: mergeEdits(chosen, text.length) };
  const kept: ChosenFix[] = [];
  for (const candidate of chosen) if (fits([...kept, candidate])) kept.push(candidate);
  return { fixes: kept, edits: mergeEdits(kept, text.length) };
}

/** "Fix all <rule> problems in this file": the first fix of every finding of the rule. */
export function fixAllOfRule(text: string, findings: readonly Finding[], ruleId: string): FixAllPlan {
  return planFixAll(text, collectFixes(findings.filter((f) => f.ruleId === ruleId)));
}

/**
 * `source.fixAll`: every safe fix (`isPreferred`), and for the rules the user opted in (`fixOnSave`) their
 * first fix even when it changes runtime behaviour.
 */
export function fixAllOnSave(
  text: string,
  findings: readonly Finding[],
  optIn: readonly string[],
): FixAllPlan {
  const listed = new Set(optIn);
  return planFixAll(
    text,
    collectFixes(
      findings,
      (finding) =>
        fixFor(finding, (fix) => fix.isPreferred === true) ??
        (listed.has(finding.ruleId) ? fixFor(finding) : undefined),
    ),
  );
}
