// The promises every quick fix keeps on any manifest, checked by applying it and analysing the result:
// shared by `npm run check:fixes` (scripts/check-fixes.ts, the whole real-world corpus) and the bounded
// unit test (test/unit/corpus-fixes.test.ts).
//
// For each fix that edits the file the output must
//   - parse with no more errors than the input had (none when the input parsed),
//   - no longer have the targeted finding, and no other finding may appear or disappear (but the same
//     cross rule's findings on sibling objects may go with it),
//   - keep every comment of the input (full-line and trailing),
//   - leave the text outside the edited spans byte-identical, and every other YAML document untouched,
//   - offer no fix for the targeted finding when analysed again.
// A fix that creates a file instead (checkFix; checkFixes on the corpus skips them) must edit nothing, and
// its file must parse cleanly and, once next to the input, clear the targeted finding and change no other.
import { Lexer, parseAllDocuments } from 'yaml';
import { applyEdits } from '../server/engine/edits';
import { analyseFile } from '../server/engine/engine';
import { parseFile } from '../server/engine/parse';
import type { Rule } from '../server/engine/rule';
import type { EngineSettings, Finding, Fix, K8sObject, ParsedFile, TextEdit } from '../server/engine/types';

export interface FixInput {
  /** The file's identifier (a path), also the objects' `source.uri`. */
  path: string;
  text: string;
}

export interface FixFailure {
  path: string;
  ruleId: string;
  message: string;
  fix: string;
  problems: string[];
}

export interface FixReport {
  files: number;
  tried: number;
  passed: number;
  failures: FixFailure[];
  /** Fixes that also resolved or narrowed another finding of the same object (allowed; counted). */
  sideEffects: number;
}

function errorCount(text: string): number {
  try {
    return parseAllDocuments(text, { logLevel: 'error' }).reduce((n, doc) => n + doc.errors.length, 0);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** A finding's identity across analyses: rule, message and the object it is about. */
export function findingKey(finding: Finding): string {
  const { kind, namespace, name } = finding.object;
  return `${finding.ruleId} | ${finding.message} | ${kind}/${namespace ?? ''}/${name ?? ''}`;
}

const ruleOf = (key: string): string => key.split(' | ')[0]!;
const messageOf = (key: string): string => key.split(' | ').slice(1, -1).join(' | ');
const objectOf = (key: string): string => key.split(' | ').at(-1)!;

function multiset(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(findingKey(f), (counts.get(findingKey(f)) ?? 0) + 1);
  return counts;
}

/** Every comment of the text (full-line and trailing), from the YAML lexer so `#` in strings is no comment. */
function comments(text: string): string[] {
  const out: string[] = [];
  for (const token of new Lexer().lex(text)) if (token.startsWith('#')) out.push(token.trimEnd());
  return out;
}

/** Checks the text outside the edits independently of applyEdits: the same bytes, in the same order. */
function outsideIdentical(text: string, output: string, edits: readonly TextEdit[]): string | undefined {
  const ordered = [...edits].sort((a, b) => a.start - b.start);
  let cursorIn = 0;
  let cursorOut = 0;
  for (const edit of ordered) {
    if (edit.start < cursorIn) return `edits overlap at ${edit.start}`;
    const kept = text.slice(cursorIn, edit.start);
    if (output.slice(cursorOut, cursorOut + kept.length) !== kept) return `text before ${edit.start} changed`;
    cursorOut += kept.length + edit.newText.length;
    cursorIn = edit.end;
  }
  if (output.slice(cursorOut) !== text.slice(cursorIn)) return 'text after the last edit changed';
  return undefined;
}

/** Where an offset of the text before the edits is in the text after them (edits ordered, not overlapping). */
function mapOffset(offset: number, edits: readonly TextEdit[]): number {
  let delta = 0;
  for (const edit of edits) if (edit.end <= offset) delta += edit.newText.length - (edit.end - edit.start);
  return offset + delta;
}

/** Whether an edit inserts whole new documents (a `---` marker line opens its text). */
function insertsDocuments(edit: TextEdit): boolean {
  return edit.start === edit.end && /^(\r?\n)?---[ \t]*\r?\n/.test(edit.newText);
}

/**
 * The documents other than `target` must keep their exact text, and no edit may reach into them. A fix may
 * insert new documents (a PodDisruptionBudget after its Deployment): documents are matched by where their
 * text moved, not by their index.
 */
function otherDocumentsProblems(before: ParsedFile, after: ParsedFile, target: number, edits: TextEdit[]) {
  const problems: string[] = [];
  for (const document of before.documents) {
    if (document.index === target) continue;
    const { start, end } = document.span;
    const touched = edits.some(
      (e) =>
        (e.start < end && e.end > start) ||
        (e.start === e.end && e.start > start && e.start < end) ||
        (e.start === e.end && e.start === end && !insertsDocuments(e)),
    );
    if (touched) problems.push(`an edit reaches into document ${document.index}`);
    const was = before.text.slice(start, end).trimEnd();
    const moved = mapOffset(start, edits);
    const now = after.documents.find((d) => d.span.start === moved);
    const nowText = now ? after.text.slice(now.span.start, now.span.end).trimEnd() : undefined;
    if (nowText !== was) problems.push(`document ${document.index} changed`);
  }
  return problems;
}

/**
 * Applies one fix and lists every promise it breaks (empty when it keeps them all). Findings on the same
 * object that the fix resolved or narrowed as well are listed in `sideEffects`.
 */
export function checkFix(
  parsed: ParsedFile,
  findings: readonly Finding[],
  finding: Finding,
  fix: Fix,
  rules: readonly Rule[],
  related: readonly K8sObject[],
  sideEffects: string[] = [],
  settings?: EngineSettings,
): string[] {
  const problems: string[] = [];
  const text = parsed.text;
  let output: string;
  try {
    output = applyEdits(text, fix.edits);
  } catch (error) {
    return [`edits do not apply: ${String(error)}`];
  }
  // A new file changes what the input is analysed with (its objects become related ones), not the input.
  let relatedAfter = related;
  if (fix.newFile) {
    if (fix.edits.length > 0) problems.push('a fix that creates a file also edits the document');
    const { name, text: created } = fix.newFile;
    if (errorCount(created) > 0) problems.push(`the new file ${name} does not parse`);
    const file = parseFile(created, settings?.limits ?? {}, `${parsed.uri}#new-file/${name}`);
    if (file.objects.length === 0) problems.push(`the new file ${name} holds no object`);
    relatedAfter = [...related, ...file.objects];
  }
  const errorsBefore = errorCount(text);
  const errorsAfter = errorCount(output);
  if (errorsAfter > errorsBefore) problems.push(`parse errors ${errorsBefore} → ${errorsAfter}`);

  const outside = outsideIdentical(text, output, fix.edits);
  if (outside) problems.push(outside);

  const kept = new Map<string, number>();
  for (const line of comments(output)) kept.set(line, (kept.get(line) ?? 0) + 1);
  for (const line of comments(text)) {
    const n = kept.get(line) ?? 0;
    if (n === 0) problems.push(`lost comment ${JSON.stringify(line)}`);
    else kept.set(line, n - 1);
  }

  const reparsed = parseFile(output, settings?.limits ?? {}, parsed.uri);
  problems.push(...otherDocumentsProblems(parsed, reparsed, finding.target.documentIndex, fix.edits));

  // Judged with the same settings as the input: a version- or option-dependent finding must be gone under them.
  const after = analyseFile(reparsed, rules, {
    related: relatedAfter,
    uri: parsed.uri,
    ...(settings ? { settings } : {}),
  });
  if (after.failures.length > 0) {
    problems.push(...after.failures.map((f) => `rule ${f.ruleId} failed after the fix: ${f.error}`));
  }
  const beforeCounts = multiset(findings);
  const afterCounts = multiset(after.findings);
  const targeted = findingKey(finding);
  const appeared: string[] = [];
  const vanished: string[] = [];
  for (const key of new Set([...beforeCounts.keys(), ...afterCounts.keys()])) {
    const was = beforeCounts.get(key) ?? 0;
    const now = afterCounts.get(key) ?? 0;
    if (key === targeted) {
      if (now !== was - 1) problems.push(`targeted finding count ${was} → ${now} (expected ${was - 1})`);
    } else {
      for (let i = now; i < was; i++) vanished.push(key);
      for (let i = was; i < now; i++) appeared.push(key);
    }
  }
  // A fix may do a neighbour's work on the same object too (the memory-limit fix writes a memory request,
  // so "requests no cpu or memory" becomes "requests no cpu", or goes): recorded, not a failure. Anything
  // else that appears, or goes on another object, is.
  const sameObject = (key: string): boolean => objectOf(key) === objectOf(targeted);
  for (const key of appeared) {
    const narrowed = vanished.findIndex((gone) => sameObject(gone) && ruleOf(gone) === ruleOf(key));
    if (narrowed >= 0 && sameObject(key)) {
      sideEffects.push(`narrowed: ${vanished[narrowed]} → ${messageOf(key)}`);
      vanished.splice(narrowed, 1);
    } else problems.push(`new finding: ${key}`);
  }
  // A cross rule's finding is about objects together (a namespace whose policies block DNS): what a fix adds
  // for one object can settle the same question for its siblings, and their findings of that rule go too.
  const cross = rules.find((rule) => rule.meta.id === finding.ruleId)?.meta.cross === true;
  for (const key of vanished) {
    if (sameObject(key)) sideEffects.push(`also resolved: ${key}`);
    else if (cross && ruleOf(key) === finding.ruleId) sideEffects.push(`also resolved elsewhere: ${key}`);
    else problems.push(`other finding disappeared: ${key}`);
  }
  // Again: nothing left to offer for the finding (when several identical findings remain, none may offer
  // this same fix on the same spot, which would mean the fix did not take).
  for (const again of after.findings) {
    if (findingKey(again) !== targeted || (beforeCounts.get(targeted) ?? 0) > 1) continue;
    if (again.getFixes().length > 0) problems.push('the fixed finding still offers a fix');
  }
  return problems;
}

/**
 * Tries every fix of every finding of `inputs`, analysed with every object of every input as `related` (so
 * the cross-object rules see the whole set, as the CLI does for the files of one run).
 */
export function checkFixes(
  inputs: readonly FixInput[],
  rules: readonly Rule[],
  onProgress?: (path: string, report: FixReport) => void,
): FixReport {
  const parsed = inputs.map(({ path, text }) => parseFile(text, {}, path));
  const related = parsed.flatMap((file) => file.objects);
  const report: FixReport = { files: inputs.length, tried: 0, passed: 0, failures: [], sideEffects: 0 };
  for (const file of parsed) {
    const analysis = analyseFile(file, rules, { related, uri: file.uri });
    for (const finding of analysis.findings) {
      for (const fix of finding.getFixes()) {
        if (fix.newFile) continue;
        report.tried++;
        let problems: string[];
        const sideEffects: string[] = [];
        try {
          problems = checkFix(file, analysis.findings, finding, fix, rules, related, sideEffects);
          if (sideEffects.length > 0) report.sideEffects++;
        } catch (error) {
          problems = [
            `check threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          ];
        }
        if (problems.length === 0) report.passed++;
        else {
          report.failures.push({
            path: file.uri,
            ruleId: finding.ruleId,
            message: finding.message,
            fix: fix.title,
            problems,
          });
        }
      }
    }
    onProgress?.(file.uri, report);
  }
  return report;
}

/** One line per failure, for assertion messages and the script's output. */
export function formatFailures(failures: readonly FixFailure[]): string {
  return failures
    .map((f) => `${f.path}: ${f.ruleId} "${f.fix}" (${f.message})\n    ${f.problems.join('\n    ')}`)
    .join('\n');
}
