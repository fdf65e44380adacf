// The promises every quick fix keeps on any manifest, checked by applying it and analysing the result:
// shared by `npm run check:fixes` (scripts/check-fixes.ts, any folder), the unit test that runs them on the
// whole real-world corpus (test/unit/corpus-fixes.test.ts) and the rule tester (every case's fix).
//
// For each fix the output must
//   - come from edits of which no two start at the same offset (clients order such insertions differently),
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
import { ParseCache, parseFile, type ParseOptions } from '../server/engine/parse';
import type { RuleSet } from '../server/engine/rule-set';
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
  /** Findings of every rule on every file, fixable or not. */
  findings: number;
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
  // Findings of input rules have no object: their rule and message identify them.
  const { kind = '', namespace, name } = finding.object ?? {};
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
 * The part of a text that an edit between `from` and `to` can affect: from the start of the last column-0
 * document marker line (`---`, `...`) before `from` to the start of the second one after `to` (or the text's
 * ends). YAML forbids those lines inside content, so no document outside the region parses differently
 * after edits inside it; the text outside is checked byte for byte anyway. A file with directives (`%YAML`)
 * is one region: its documents depend on the directives at the top.
 */
function regionAround(
  text: string,
  from: number,
  to: number,
  directives: boolean,
): { start: number; end: number } {
  if (directives) return { start: 0, end: text.length };
  const marker = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
  let start = 0;
  let end = text.length;
  let after = 0;
  for (let match = marker.exec(text); match; match = marker.exec(text)) {
    if (match.index < from) start = match.index;
    else if (match.index > to && ++after === 2) {
      end = match.index;
      break;
    }
  }
  return { start, end };
}

/**
 * Edits whose result depends on the order a client applies them. LSP lets several edits start at one
 * offset (inserts in array order, then at most one replacement), but clients and formats differ: SARIF's
 * replacements have no order, and tools that apply edits from the end of the text backwards reverse
 * insertions at one place. So a fix inserts at most once per offset, and an insertion never follows a
 * replacement that starts where it does.
 */
function orderProblem(edits: readonly TextEdit[]): string | undefined {
  for (const [i, edit] of edits.entries()) {
    if (edit.start !== edit.end) continue;
    for (const [j, other] of edits.entries()) {
      if (i === j || other.start !== edit.start) continue;
      if (other.end === other.start && j < i) {
        return `edits insert twice at the offset ${edit.start}: the result would depend on the order a client applies them`;
      }
      if (other.end > other.start && j < i) {
        return `an insertion at ${edit.start} follows a replacement that starts there: LSP clients would apply them the other way round`;
      }
    }
  }
  return undefined;
}

/**
 * Checks fixes of one analysed file. What the checks read of the input is computed once per file; each
 * output is parsed with a ParseCache holding the input's parts, so only the documents a fix changed are
 * parsed and checked again by the rules that read nothing but their object (the cross rules run on every
 * object, as they must: another document's finding may depend on the changed one). Without this, the two
 * megabyte bundles of the corpus took 1.5 s per fix.
 */
export class FileFixChecker {
  private readonly cache = new ParseCache();
  private readonly counts: Map<string, number>;
  /** Whether the text has a directive line, which makes the whole text one region. */
  private directives: boolean | undefined;
  readonly parsed: ParsedFile;

  constructor(
    text: string,
    uri: string,
    readonly findings: readonly Finding[],
    private readonly rules: RuleSet,
    private readonly related: readonly K8sObject[],
    private readonly settings?: EngineSettings,
    parsed?: ParsedFile,
  ) {
    // The cache must hold the input's parts before the first output is parsed against it.
    const own = parseFile(text, settings?.limits ?? {}, uri, this.parseOptions());
    this.parsed = parsed ?? own;
    this.counts = multiset(findings);
  }

  /**
   * Parses as the CLI does: documents of kinds no rule reads (a CustomResourceDefinition's schema, a
   * dashboard ConfigMap) header-only, which keeps the corpus's megabyte bundles from filling the heap.
   */
  private parseOptions(): ParseOptions {
    return { cache: this.cache, bodyKinds: this.rules.bodyKinds(this.settings) };
  }

  /** Applies one fix and lists every promise it breaks (empty when it keeps them all). */
  check(finding: Finding, fix: Fix, sideEffects: string[] = []): string[] {
    const { parsed, rules, related, settings } = this;
    const problems: string[] = [];
    const text = parsed.text;
    const starts = fix.edits.map((edit) => edit.start);
    const order = orderProblem(fix.edits);
    if (order) problems.push(order);
    let output: string;
    try {
      output = applyEdits(text, fix.edits);
    } catch (error) {
      return [...problems, `edits do not apply: ${String(error)}`];
    }
    const outside = outsideIdentical(text, output, fix.edits);
    if (outside) problems.push(outside);
    // A new file changes what the input is analysed with (its objects become related ones), not the input.
    let relatedAfter = related;
    if (fix.newFile) {
      if (fix.edits.length > 0) problems.push('a fix that creates a file also edits the document');
      const { name, text: created } = fix.newFile;
      if (errorCount(created) > 0) problems.push(`the new file ${name} does not parse`);
      // Beside the input, as the editor creates it: in its folder, and so in its deployment unit.
      const beside = `${parsed.uri.slice(0, parsed.uri.lastIndexOf('/') + 1)}${name}`;
      const file = parseFile(created, settings?.limits ?? {}, beside === parsed.uri ? `new/${name}` : beside);
      if (file.objects.length === 0) problems.push(`the new file ${name} holds no object`);
      relatedAfter = [...related, ...file.objects];
    }

    // Outside the region the text is the same (checked above), so parse errors and comments are compared
    // within it: a fix in a megabyte bundle costs the parse of a few documents, not of the bundle.
    const from = starts.length > 0 ? Math.min(...starts) : 0;
    const to = starts.length > 0 ? Math.max(...fix.edits.map((edit) => edit.end)) : 0;
    const region = regionAround(text, from, to, (this.directives ??= /^%/m.test(text)));
    const delta = output.length - text.length;
    const before = text.slice(region.start, region.end);
    const after = output.slice(region.start, region.end + delta);
    const errorsBefore = errorCount(before);
    const errorsAfter = errorCount(after);
    if (errorsAfter > errorsBefore) problems.push(`parse errors ${errorsBefore} → ${errorsAfter}`);

    const kept = new Map<string, number>();
    for (const line of comments(after)) kept.set(line, (kept.get(line) ?? 0) + 1);
    for (const line of comments(before)) {
      const n = kept.get(line) ?? 0;
      if (n === 0) problems.push(`lost comment ${JSON.stringify(line)}`);
      else kept.set(line, n - 1);
    }

    const reparsed = parseFile(output, settings?.limits ?? {}, parsed.uri, this.parseOptions());
    // Only object rules offer fixes, so a fixed finding always has its object.
    problems.push(...otherDocumentsProblems(parsed, reparsed, finding.target!.documentIndex, fix.edits));

    // Judged with the same settings as the input: a version- or option-dependent finding must be gone under them.
    const analysed = analyseFile(reparsed, rules, {
      related: relatedAfter,
      uri: parsed.uri,
      ...(settings ? { settings } : {}),
    });
    // The cache goes back to the input's parts for the next fix (only the changed documents parse again).
    parseFile(text, settings?.limits ?? {}, parsed.uri, this.parseOptions());
    if (analysed.failures.length > 0) {
      problems.push(...analysed.failures.map((f) => `rule ${f.ruleId} failed after the fix: ${f.error}`));
    }
    const beforeCounts = this.counts;
    const afterCounts = multiset(analysed.findings);
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
    // A cross rule's finding is about objects together (a namespace whose policies block DNS): what a fix
    // adds for one object can settle the same question for its siblings, and their findings of that rule go.
    const cross = rules.get(finding.ruleId)?.meta.cross === true;
    for (const key of vanished) {
      if (sameObject(key)) sideEffects.push(`also resolved: ${key}`);
      else if (cross && ruleOf(key) === finding.ruleId) sideEffects.push(`also resolved elsewhere: ${key}`);
      else problems.push(`other finding disappeared: ${key}`);
    }
    // Again: nothing left to offer for the finding (when several identical findings remain, none may offer
    // this same fix on the same spot, which would mean the fix did not take).
    for (const again of analysed.findings) {
      if (findingKey(again) !== targeted || (beforeCounts.get(targeted) ?? 0) > 1) continue;
      if (again.getFixes().length > 0) problems.push('the fixed finding still offers a fix');
    }
    return problems;
  }
}

/**
 * Applies one fix and lists every promise it breaks (empty when it keeps them all). Findings on the same
 * object that the fix resolved or narrowed as well are listed in `sideEffects`. For many fixes of one file,
 * FileFixChecker shares the work.
 */
export function checkFix(
  parsed: ParsedFile,
  findings: readonly Finding[],
  finding: Finding,
  fix: Fix,
  rules: RuleSet,
  related: readonly K8sObject[],
  sideEffects: string[] = [],
  settings?: EngineSettings,
): string[] {
  return new FileFixChecker(parsed.text, parsed.uri, findings, rules, related, settings, parsed).check(
    finding,
    fix,
    sideEffects,
  );
}

/**
 * Tries every fix of every finding of every rule on every input, analysed with every object of every input
 * as `related` (so the cross-object rules see the whole set, as the CLI does for the files of one run).
 * Each file is re-analysed after each of its fixes; the other files are not (a fix edits its own file only).
 */
export function checkFixes(
  inputs: readonly FixInput[],
  rules: RuleSet,
  onProgress?: (path: string, report: FixReport) => void,
  settings?: EngineSettings,
): FixReport {
  const bodyKinds = rules.bodyKinds(settings);
  const parsed = inputs.map(({ path, text }) => parseFile(text, settings?.limits ?? {}, path, { bodyKinds }));
  const related = parsed.flatMap((file) => file.objects);
  const report: FixReport = {
    files: inputs.length,
    findings: 0,
    tried: 0,
    passed: 0,
    failures: [],
    sideEffects: 0,
  };
  for (const file of parsed) {
    const analysis = analyseFile(file, rules, { related, uri: file.uri, ...(settings ? { settings } : {}) });
    report.findings += analysis.findings.length;
    let checker: FileFixChecker | undefined;
    for (const finding of analysis.findings) {
      for (const fix of finding.getFixes()) {
        if (fix.newFile) continue;
        report.tried++;
        let problems: string[];
        const sideEffects: string[] = [];
        try {
          checker ??= new FileFixChecker(
            file.text,
            file.uri,
            analysis.findings,
            rules,
            related,
            settings,
            file,
          );
          problems = checker.check(finding, fix, sideEffects);
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
