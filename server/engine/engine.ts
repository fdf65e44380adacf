// Runs the rules over a parsed file. Pure: text and settings in, findings out.
import { parseAllDocuments } from 'yaml';
import { applyEdits } from './edits';
import {
  formatMessage,
  type InputFacts,
  type InputReport,
  type Report,
  type Rule,
  type RuleContext,
  MAX_RELATED,
} from './rule';
import type { EnabledRule, RuleSet } from './rule-set';
import { limitSetting, NoticeList } from './limits';
import { parseFile, partInFile, partView, withDefaults, type ParseLimits } from './parse';
import { isDropped } from './parse-cache';
import type {
  Analysis,
  EngineSettings,
  Finding,
  FindingGroup,
  Fix,
  K8sObject,
  ParsedChunk,
  ParsedFile,
  PartInFile,
  RuleFailure,
  Span,
  TextEdit,
} from './types';
import { isBuiltInApiVersion } from './api-groups';
import { relatedViewOf, type RelatedObjects } from './related-index';
import type { RelatedView } from './related-view';
import { shifted } from './positions';
import { objectNameSpan } from './report-spans';
import { DEFAULT_SETTINGS } from './settings';
import { chunkHolding, ignoreComments, suppressionOf } from './suppression';
import {
  crossReads,
  readsTouched,
  type ChunkReads,
  type KeptChunk,
  type KeptFinding,
  type ReuseOptions,
  type SuppressedFinding,
} from './chunk-reuse';

export interface AnalyseOptions {
  settings?: EngineSettings;
  /** Bounds for this analysis, instead of `settings.limits` (bounds left out take their defaults). */
  limits?: ParseLimits;
  /**
   * The related-object index of the workspace or the CLI run, kept across analyses: cross-object rules relate
   * the file to the objects of its deployment unit there. The file's own objects always take part, and replace
   * whatever the index holds for the same `uri`.
   */
  index?: RelatedObjects;
  /**
   * Objects from elsewhere, for a one-off analysis without an index (tests, a single file): an index is made
   * of them for this analysis (units by folder). Ignored when `index` is given.
   */
  related?: readonly K8sObject[];
  /** The file's identifier (URI or path), carried into its objects' `source`. */
  uri?: string;
  /**
   * Take the findings of parts that did not change from the analysis before (chunk-reuse.ts), and keep
   * this analysis's for the next one: the language server's keystrokes. Left out, nothing is kept.
   */
  reuse?: ReuseOptions;
}

export function analyseText(text: string, rules: RuleSet, options: AnalyseOptions = {}): Analysis {
  const limits = options.limits ?? options.settings?.limits;
  const bodyKinds = rules.bodyKinds(options.settings);
  return analyseFile(parseFile(text, limits, options.uri, { bodyKinds }), rules, options);
}

/**
 * Checks every object of the file with every enabled rule that applies to its kind. A rule that throws (or
 * reports a span outside the text) is recorded as a failure for that document and the other rules carry on:
 * one buggy rule must never hide the others' findings or take the server down. Each document gets the time
 * budget for its rules; past it, the document's remaining checks are skipped with a notice.
 *
 * Rules run on each part of the file (ParsedChunk) with that part as `context.file`, so they work in the
 * part's offsets; the findings, their fixes and related locations come out in offsets of the file.
 */
export function analyseFile(file: ParsedFile, rules: RuleSet, options: AnalyseOptions = {}): Analysis {
  const steps = analysisSteps(file, rules, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * analyseFile, one check at a time: the generator pauses after each rule it runs on an object and returns the
 * analysis when done. The language server runs it in slices between turns of the event loop, so that the
 * first analysis of a megabyte bundle never holds up the editor's other requests for long; analyseFile runs
 * it through at once. A pause does not count against a document's time budget.
 */
export function* analysisSteps(
  file: ParsedFile,
  rules: RuleSet,
  options: AnalyseOptions = {},
): Generator<void, Analysis, void> {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const budgetMs = withDefaults(options.limits ?? settings.limits).timeBudgetMs;
  // The file's current objects win over any stale copy of the same file in the index.
  const related = relatedViewOf(file, options);
  const enabled = rules.enabled(settings);
  yield* prepareRelated(file, enabled, related);
  const findings: Finding[] = [];
  const suppressed: Analysis['suppressed'] = [];
  const failures: RuleFailure[] = [];
  const notices = new NoticeList();
  for (const notice of file.notices ?? []) notices.add(notice.kind, notice.span, notice.message);
  // Rules that read nothing but the object reported the same on an unchanged part of the file last time.
  const checksKey = JSON.stringify([
    settings.rules,
    settings.ruleOptions,
    settings.kubernetesVersion,
    settings.fix,
  ]);
  const { reuse } = options;
  /** This analysis, for the next one to recognise the findings it kept (see chunk-reuse.ts). */
  const token = {};
  const groups: FindingGroup[] = [];
  const work = { partsChecked: 0, partsKept: 0, objectsChecked: 0 };
  for (const chunk of file.chunks) {
    const part = partView(file, chunk);
    const textLength = part.text.length;
    const local: Finding[] = [];
    let remembered = chunk.file.memo.checks;
    if (!remembered || remembered.key !== checksKey || remembered.rules !== rules) {
      remembered = { key: checksKey, rules, results: [] };
      chunk.file.memo.checks = remembered;
    }
    const { results } = remembered;
    // What this file keeps about the part (a part can be in several files: see ParseMemo.files).
    const inFile = reuse ? partInFile(chunk.file, file.uri) : undefined;
    if (reuse) {
      const kept = inFile!.kept;
      if (
        kept &&
        kept.token === reuse.previous &&
        kept.key === checksKey &&
        kept.rules === rules &&
        kept.objects === chunk.objects &&
        !readsTouched(readsOf(chunk, inFile!, enabled, checksKey, rules), reuse.touched) &&
        // A related location in a part of the file that is gone is made again from the part that came.
        !kept.findings.some((finding) => finding.related.some(({ source }) => isDropped(source)))
      ) {
        kept.token = token;
        placeKept(kept, chunk, part, { findings, suppressed, failures, groups });
        work.partsKept++;
        continue;
      }
    }
    const failuresBefore = failures.length;
    /** Whether some document of the part ran out of time (then its findings are not kept). */
    let timedOut = false;
    const keptFindings: KeptFinding[] = [];
    // Objects come in document order, so each document's checks run together and share its time budget.
    let documentIndex = -1;
    let documentStarted = 0;
    let outOfTime = false;
    for (const [objectIndex, object] of chunk.objects.entries()) {
      if (object.documentIndex !== documentIndex) {
        documentIndex = object.documentIndex;
        documentStarted = performance.now();
        outOfTime = false;
      }
      if (outOfTime) continue;
      const identity = {
        apiVersion: object.apiVersion,
        kind: object.kind,
        name: object.name,
        namespace: object.namespace,
      };
      const custom = !isBuiltInApiVersion(object.apiVersion);
      for (const [
        ruleIndex,
        { rule, severity, configured, kinds, customResources, options: ruleOptions },
      ] of enabled.entries()) {
        // CUSTOM_RESOURCES among a rule's kinds stands for every kind of an API group outside Kubernetes.
        if (!kinds.has(object.kind) && !(customResources && custom)) continue;
        // The same settings and rules give the same list of enabled rules, so an index into it is a key.
        const key = objectIndex * enabled.length + ruleIndex;
        let result = rule.meta.cross ? undefined : results[key];
        if (!result) {
          if (performance.now() - documentStarted > budgetMs) {
            outOfTime = true;
            timedOut = true;
            const at = file.documents[object.documentIndex]?.span.start ?? 0;
            notices.add(
              'time-budget',
              { start: at, end: at },
              `Kube Hindsight stopped checking this document after ${budgetMs} ms (${limitSetting('timeBudgetMs')}); its findings may be incomplete.`,
            );
            break;
          }
          const context: RuleContext = {
            file: part,
            options: ruleOptions,
            kubernetesVersion: settings.kubernetesVersion,
            podSecurityLevel: settings.podSecurityLevel,
            related,
            fixSettings: settings.fix,
            report: () => undefined,
          };
          result = runCheck(rule, object, context, textLength);
          // A cross rule reads other objects, which change without this part changing: it runs every time.
          if (!rule.meta.cross) results[key] = result;
          // A pause after each check that ran: in a large workspace one object's cross rules together
          // can take longer than a slice should.
          const pausedAt = performance.now();
          yield;
          documentStarted += performance.now() - pausedAt;
        }
        for (const [reportIndex, report] of result.reports.entries()) {
          // Related spans are the other object's, so they move with its part of its file. A handful is
          // enough to follow; each costs the other object's YAML tree when it comes from the index.
          const related = relatedOf(report.related);
          const finding: Finding = {
            ruleId: rule.meta.id,
            meta: rule.meta,
            // A guess stays a hint (Report.hedged); else a severity that depends on the surroundings, unless
            // the user configured one.
            severity: report.hedged ? 'hint' : !configured && report.severity ? report.severity : severity,
            message: (result.messages[reportIndex] ??= formatMessage(
              rule.meta.messages[report.messageId]!,
              report.data,
            )),
            span: report.span!,
            object: identity,
            target: object,
            related: related.map(({ source, span, message }) => ({
              source,
              span: shifted(span, source.offset),
              message,
            })),
            getFixes: memoFixes(report.fix, part, chunk.offset),
          };
          local.push(finding);
          if (reuse) {
            keptFindings.push({
              local: finding,
              related,
              fix: report.fix,
              suppression: undefined,
            });
          }
        }
        if (result.error !== undefined) {
          failures.push({ ruleId: rule.meta.id, documentIndex: object.documentIndex, error: result.error });
        }
      }
    }
    // Suppression reads the part's ignore comments and its objects' annotations, in the part's offsets.
    const comments = local.length === 0 ? [] : ignoreComments(part);
    const placedFindings: Finding[] = [];
    const placedSuppressed: SuppressedFinding[] = [];
    for (const [index, finding] of local.entries()) {
      const suppression = suppressionOf(part, comments, finding, finding.target);
      const placed = { ...finding, span: shifted(finding.span, chunk.offset) };
      if (suppression) placedSuppressed.push({ finding: placed, ...suppression });
      else placedFindings.push(placed);
      const kept = keptFindings[index];
      if (kept) kept.suppression = suppression;
    }
    findings.push(...placedFindings);
    suppressed.push(...placedSuppressed);
    if (reuse) {
      work.partsChecked++;
      work.objectsChecked += chunk.objects.length;
      // Checked again with the same findings (a cross rule's reads were touched, its answer was not): the
      // group keeps its key, so that its diagnostics are taken again too.
      const before = inFile!.kept;
      const groupKey =
        before && before.objects === chunk.objects && sameFindings(before.findings, keptFindings)
          ? before.groupKey
          : {};
      groups.push({ key: groupKey, findings: placedFindings, chunk });
      // A part whose checks ran out of time is checked again next time, as it would be from scratch.
      if (!timedOut)
        inFile!.kept = {
          token,
          groupKey,
          key: checksKey,
          rules,
          objects: chunk.objects,
          findings: keptFindings,
          failures: failures.slice(failuresBefore),
          placed: { offset: chunk.offset, findings: placedFindings, suppressed: placedSuppressed },
        };
    }
  }
  // The input rules come last: they report what the parse could not read and what the bounds left out, and
  // the rules' own time budget has just had its say.
  const skipped = notices.list();
  const inputFindings: Finding[] = [];
  for (const { rule, severity } of enabled) {
    if (!rule.checkInput) continue;
    const result = runInputCheck(rule, { file, notices: skipped }, file.textLength);
    if (result.error !== undefined) {
      failures.push({ ruleId: rule.meta.id, documentIndex: -1, error: result.error });
    }
    for (const report of result.reports) {
      const finding: Finding = {
        ruleId: rule.meta.id,
        meta: rule.meta,
        severity,
        message: formatMessage(rule.meta.messages[report.messageId]!, report.data),
        span: report.span,
        related: [],
        getFixes: () => [],
      };
      const suppression = inputSuppression(file, finding);
      if (suppression) suppressed.push({ finding, ...suppression });
      else {
        findings.push(finding);
        inputFindings.push(finding);
      }
    }
  }
  findings.sort(findingOrder);
  suppressed.sort((a, b) => findingOrder(a.finding, b.finding));
  return {
    file,
    findings,
    suppressed,
    failures,
    notices: skipped,
    // The input rules' findings are a group of their own, made anew each time (they are few).
    ...(reuse ? { token, groups: [...groups, { key: {}, findings: inputFindings }], work } : {}),
  };
}

/** A report's related locations in their objects' own offsets (a finding moves them with their parts). */
function relatedOf(related: Report['related']): KeptFinding['related'] {
  const out: KeptFinding['related'] = [];
  for (const { object: other, message, span } of (related ?? []).slice(0, MAX_RELATED)) {
    const at = span ?? objectNameSpan(other);
    if (at) out.push({ source: other.source, span: at, message });
  }
  return out;
}

/** The reads of the cross rules on a part's objects, kept with its objects (see chunk-reuse.ts). */
function readsOf(
  chunk: ParsedChunk,
  memo: PartInFile,
  enabled: readonly EnabledRule[],
  key: string,
  rules: RuleSet,
): ChunkReads {
  const known = memo.reads;
  if (known?.objects !== chunk.objects || known.key !== key || known.rules !== rules)
    memo.reads = { objects: chunk.objects, key, rules, reads: crossReads(chunk.objects, enabled) };
  return memo.reads!.reads;
}

/**
 * Hands out the findings a part kept from the analysis before: the very same ones while the part has not
 * moved (so that their diagnostics are the same too), else placed again at its new offset.
 */
function placeKept(
  kept: KeptChunk,
  chunk: ParsedChunk,
  part: ParsedFile,
  into: {
    findings: Finding[];
    suppressed: Analysis['suppressed'];
    failures: RuleFailure[];
    groups: FindingGroup[];
  },
): void {
  // Related locations are other objects' places, which move with their own parts.
  const moved = kept.findings.some((f) => f.related.length > 0);
  if (!kept.placed || kept.placed.offset !== chunk.offset || moved) {
    const findings: Finding[] = [];
    const suppressed: SuppressedFinding[] = [];
    for (const { local, related, fix, suppression } of kept.findings) {
      const placed: Finding = {
        ...local,
        span: shifted(local.span, chunk.offset),
        related: related.map(({ source, span, message }) => ({
          source,
          span: shifted(span, source.offset),
          message,
        })),
        getFixes: memoFixes(fix, part, chunk.offset),
      };
      if (suppression) suppressed.push({ finding: placed, ...suppression });
      else findings.push(placed);
    }
    kept.placed = { offset: chunk.offset, findings, suppressed };
  }
  into.findings.push(...kept.placed.findings);
  into.suppressed.push(...kept.placed.suppressed);
  into.failures.push(...kept.failures);
  into.groups.push({ key: kept.groupKey, findings: kept.placed.findings, chunk });
}

/** Whether two checks of a part found the same (as diagnostics show them: no related locations to move). */
function sameFindings(a: readonly KeptFinding[], b: readonly KeptFinding[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, index) => {
      const y = b[index]!;
      return (
        x.related.length === 0 &&
        y.related.length === 0 &&
        x.local.ruleId === y.local.ruleId &&
        x.local.severity === y.local.severity &&
        x.local.message === y.local.message &&
        x.local.span.start === y.local.span.start &&
        x.local.span.end === y.local.span.end &&
        x.suppression?.kind === y.suppression?.kind &&
        x.suppression?.reason === y.suppression?.reason
      );
    })
  );
}

/**
 * Runs an input rule on the whole file. As with runCheck, a report outside the text or naming an unknown
 * message is a bug in the rule and fails it; the reports made before the throw are kept.
 */
function runInputCheck(
  rule: Rule,
  input: InputFacts,
  textLength: number,
): { reports: InputReport[]; error: string | undefined } {
  const reports: InputReport[] = [];
  try {
    rule.checkInput!(input, (report) => {
      if (!spanWithin(report.span, textLength)) {
        throw new Error(`span ${report.span.start}-${report.span.end} outside the text (${textLength})`);
      }
      if (rule.meta.messages[report.messageId] === undefined) {
        throw new Error(`unknown messageId "${report.messageId}"`);
      }
      reports.push(report);
    });
    return { reports, error: undefined };
  } catch (error) {
    return { reports, error: String(error) };
  }
}

/**
 * The ignore comment that silences an input rule's finding, read from the part of the file the finding is
 * in, as for any rule (an object's annotation cannot: there is no object). A finding outside every part (a
 * file skipped for its size is never cut into parts, nor read for comments) can only be turned off in the
 * configuration.
 */
function inputSuppression(file: ParsedFile, finding: Finding): ReturnType<typeof suppressionOf> {
  const chunk = chunkHolding(file.chunks, finding.span.start);
  if (!chunk) return undefined;
  const part = partView(file, chunk);
  return suppressionOf(
    part,
    ignoreComments(part),
    { ...finding, span: shifted(finding.span, -chunk.offset) },
    undefined,
  );
}

/**
 * Findings in text order, then by rule id. Ids are compared by code unit, not with localeCompare: the order
 * is the same on every machine whatever its locale, and the first localeCompare of a process spends some
 * 20 ms setting up a collator, on the editor's thread.
 */
export function findingOrder(a: Finding, b: Finding): number {
  return a.span.start - b.span.start || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/** What one rule reported on one object (each report checked), and the error it threw, if any. */
interface CheckResult {
  reports: Report[];
  /** Each report's message, formatted when first needed (a remembered result is reported on every edit). */
  messages: (string | undefined)[];
  error: string | undefined;
}

/**
 * The results of the rules that read only their object (not `cross`) on one part's objects, under the
 * settings and rules they ran with. They are kept in the part's parse (its memo): a part whose text is
 * unchanged since the previous version keeps its parse (ParseCache), and so its results, so a keystroke
 * re-runs these rules on the edited document alone.
 */
interface RememberedChecks {
  key: string;
  rules: RuleSet;
  results: (CheckResult | undefined)[];
}

declare module './types' {
  interface ParseMemo {
    /** The results of this part's checks (engine.ts, RememberedChecks). */
    checks?: RememberedChecks;
  }
  interface PartInFile {
    /** This part's findings in the file's analysis before (chunk-reuse.ts), for the file's next one. */
    kept?: KeptChunk;
    /** What the cross rules on this part's objects in the file read (chunk-reuse.ts, crossReads). */
    reads?: { objects: readonly K8sObject[]; key: string; rules: RuleSet; reads: ChunkReads };
  }
}

/**
 * Makes ahead, in steps, what the cross rules' checks of `file` will ask of its deployment unit: the groups
 * of its namespaces (RelatedView.prepare) and each enabled rule's own preparation for the objects it checks.
 * Only time moves: a check asks the same questions and gets the same answers, prepared or not.
 */
function* prepareRelated(
  file: ParsedFile,
  enabled: readonly EnabledRule[],
  related: RelatedView,
): Generator<void, void, void> {
  // Only the cross rules with something to check in this file will ask anything of the unit. The file's kinds
  // are gathered in one pass: this runs on every keystroke, over every object of the file.
  const kinds = new Set<string>();
  let customResources = false;
  for (const object of file.objects) {
    kinds.add(object.kind);
    if (!isBuiltInApiVersion(object.apiVersion)) customResources = true;
  }
  const cross = enabled.filter(
    ({ rule, kinds: checked, customResources: custom }) =>
      rule.meta.cross && ((custom && customResources) || [...checked].some((kind) => kinds.has(kind))),
  );
  if (cross.length === 0) return;
  const checkedBy = ({ kinds: checked, customResources: custom }: EnabledRule) =>
    file.objects.filter(
      (object) => checked.has(object.kind) || (custom && !isBuiltInApiVersion(object.apiVersion)),
    );
  try {
    // A rule that looks in the unit's other namespaces, and has something to check here, asks their groups.
    yield* related.prepare(cross.some((rule) => rule.rule.meta.relatesAcrossNamespaces));
    for (const enabledRule of cross) {
      if (enabledRule.rule.prepare) yield* enabledRule.rule.prepare(checkedBy(enabledRule), related);
    }
  } catch {
    // What failed here fails again in the check that asks for it, which reports it as that rule's failure.
  }
}

/**
 * Runs one rule on one object, collecting its reports. A report outside the part's text or naming an unknown
 * message is a bug in the rule: it fails like a throw instead of misplacing a squiggle.
 */
function runCheck(rule: Rule, object: K8sObject, context: RuleContext, textLength: number): CheckResult {
  const reports: Report[] = [];
  try {
    rule.check(object, {
      ...context,
      report(report) {
        if (!report.span) return;
        if (!spanWithin(report.span, textLength)) {
          throw new Error(`span ${report.span.start}-${report.span.end} outside the text (${textLength})`);
        }
        if (rule.meta.messages[report.messageId] === undefined) {
          throw new Error(`unknown messageId "${report.messageId}"`);
        }
        reports.push(report);
      },
    });
    return { reports, messages: [], error: undefined };
  } catch (error) {
    return { reports, messages: [], error: String(error) };
  }
}

/** Whether a span is well formed and inside a text of `length` UTF-16 units. */
function spanWithin(span: Span, length: number): boolean {
  return (
    Number.isInteger(span.start) &&
    Number.isInteger(span.end) &&
    span.start >= 0 &&
    span.start <= span.end &&
    span.end <= length
  );
}

/** Whether edits apply to a text of `length`: each inside it, none overlapping (as applyEdits orders them). */
function editsApply(edits: readonly TextEdit[], length: number): boolean {
  if (!edits.every((edit) => spanWithin(edit, length) && typeof edit.newText === 'string')) return false;
  const ordered = edits.map((edit, index) => ({ edit, index }));
  ordered.sort((a, b) => a.edit.start - b.edit.start || a.index - b.index);
  let cursor = 0;
  for (const { edit } of ordered) {
    if (edit.start < cursor) return false;
    cursor = edit.end;
  }
  return true;
}

/**
 * The fixes of a finding, computed once on demand, checked against the part of the file they were computed
 * on (`file`, offsets from its start), and handed out in offsets of the file (`offset` added).
 */
function memoFixes(compute: (() => Fix[]) | undefined, file: ParsedFile, offset: number): () => Fix[] {
  let cached: Fix[] | undefined;
  return () => {
    if (cached) return cached;
    try {
      // A fix whose computation fails, whose edits could not apply, or that would break YAML which parsed
      // is simply not offered; the finding itself stands.
      cached = compute
        ? compute().filter(
            (fix) =>
              // A new-file fix edits nothing here; the client creates the file.
              (fix.newFile !== undefined && fix.edits.length === 0) ||
              (fix.edits.length > 0 &&
                editsApply(fix.edits, file.text.length) &&
                keepsYamlValid(file, fix.edits)),
          )
        : [];
      if (offset !== 0)
        cached = cached.map((fix) => ({ ...fix, edits: fix.edits.map((e) => shifted(e, offset)) }));
    } catch {
      cached = [];
    }
    return cached;
  };
}

/**
 * Whether the documents an edit touches still parse after it, when they parsed before. The rules' edit
 * primitives aim for this already; this check keeps a shape they did not foresee (the parser accepts some
 * odd text whose structure an insertion then changes) from turning a quick fix into a syntax error. Only
 * the touched documents are parsed again, so a fix in a large file costs about one small parse.
 */
function keepsYamlValid(file: ParsedFile, edits: readonly TextEdit[]): boolean {
  const first = Math.min(...edits.map((e) => e.start));
  const last = Math.max(...edits.map((e) => e.end));
  // From the first document that reaches the first edit (an insertion at a boundary belongs to the
  // document before it) to the start of the first document after the last edit.
  const start = Math.min(first, file.documents.find(({ span }) => span.end >= first)?.span.start ?? 0);
  const end = Math.max(
    last,
    file.documents.find(({ span }) => span.start > last)?.span.start ?? file.text.length,
  );
  const region = file.text.slice(start, end);
  if (!parsesCleanly(region)) return true;
  return parsesCleanly(
    applyEdits(
      region,
      edits.map((e) => ({ ...e, start: e.start - start, end: e.end - start })),
    ),
  );
}

function parsesCleanly(text: string): boolean {
  try {
    return parseAllDocuments(text, { logLevel: 'error' }).every((doc) => doc.errors.length === 0);
  } catch {
    return false;
  }
}
