// Runs the rules over a parsed file. Pure: text and settings in, findings out.
import { parseAllDocuments } from 'yaml';
import { applyEdits } from './edits';
import { formatMessage, MAX_RELATED, resolveOptions, type Report, type Rule, type RuleContext } from './rule';
import { limitSetting, NoticeList } from './limits';
import { parseFile, partView, withDefaults, type ParseLimits } from './parse';
import type {
  Analysis,
  BodyKinds,
  EngineSettings,
  Finding,
  Fix,
  K8sObject,
  ParsedFile,
  RuleFailure,
  Span,
  TextEdit,
} from './types';
import { CUSTOM_RESOURCES } from './api-groups';
import { relatedViewOf, type RelatedObjects } from './related-index';
import { shifted } from './positions';
import { objectNameSpan } from './report-spans';
import { DEFAULT_SETTINGS } from './settings';
import { ignoreComments, suppressionOf } from './suppression';

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
}

export function analyseText(text: string, rules: readonly Rule[], options: AnalyseOptions = {}): Analysis {
  const limits = options.limits ?? options.settings?.limits;
  const bodyKinds = bodyKindsOf(rules, options.settings);
  return analyseFile(parseFile(text, limits, options.uri, { bodyKinds }), rules, options);
}

/**
 * The kinds whose documents the rules read beyond `apiVersion`, `kind` and `metadata`: the kinds the
 * enabled ones check (`readsBodyOf`, where a rule needs only the header of some) and the kinds cross rules read from other
 * objects; with
 * scope `related`, only the latter (what the workspace index keeps of files that are not being checked).
 * Undefined (read every document in full) when a cross rule does not say which kinds it reads.
 */
export function bodyKindsOf(
  rules: readonly Rule[],
  settings: EngineSettings = DEFAULT_SETTINGS,
  scope: 'checked' | 'related' = 'checked',
): BodyKinds | undefined {
  const kinds = new Set<string>();
  for (const { meta } of rules) {
    const checks = scope === 'checked' && settings.rules[meta.id] !== 'off';
    if (checks) for (const kind of meta.readsBodyOf ?? meta.kinds) kinds.add(kind);
    // Whatever a cross rule reads is kept even when the rule is off here: the objects of this file are the
    // related objects of other files, whose settings may have the rule on.
    if (meta.cross) {
      if (!meta.relatedKinds) return undefined;
      for (const kind of meta.relatedKinds) kinds.add(kind);
    }
  }
  const customResources = kinds.delete(CUSTOM_RESOURCES);
  return { kinds, customResources };
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
export function analyseFile(
  file: ParsedFile,
  rules: readonly Rule[],
  options: AnalyseOptions = {},
): Analysis {
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
  rules: readonly Rule[],
  options: AnalyseOptions = {},
): Generator<void, Analysis, void> {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const budgetMs = withDefaults(options.limits ?? settings.limits).timeBudgetMs;
  // The file's current objects win over any stale copy of the same file in the index.
  const related = relatedViewOf(file, options);
  const enabled = rules.flatMap((rule) => {
    const configured = settings.rules[rule.meta.id];
    if (configured === 'off') return [];
    return [
      {
        rule,
        severity: configured ?? rule.meta.defaultSeverity,
        kinds: new Set(rule.meta.kinds),
        options: resolveOptions(rule.meta, settings.ruleOptions[rule.meta.id]),
      },
    ];
  });
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
  for (const chunk of file.chunks) {
    const part = partView(file, chunk);
    const textLength = part.text.length;
    const local: Finding[] = [];
    let remembered = rememberedChecks.get(chunk.file);
    if (!remembered || remembered.key !== checksKey || remembered.rules !== rules) {
      remembered = { key: checksKey, rules, results: [] };
      rememberedChecks.set(chunk.file, remembered);
    }
    const { results } = remembered;
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
      for (const [ruleIndex, { rule, severity, kinds, options: ruleOptions }] of enabled.entries()) {
        if (!kinds.has(object.kind)) continue;
        // The same settings and rules give the same list of enabled rules, so an index into it is a key.
        const key = objectIndex * enabled.length + ruleIndex;
        let result = rule.meta.cross ? undefined : results[key];
        if (!result) {
          if (performance.now() - documentStarted > budgetMs) {
            outOfTime = true;
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
          local.push({
            ruleId: rule.meta.id,
            meta: rule.meta,
            severity,
            message: (result.messages[reportIndex] ??= formatMessage(
              rule.meta.messages[report.messageId]!,
              report.data,
            )),
            span: report.span!,
            object: identity,
            target: object,
            // Related spans are the other object's, so they move with its part of its file. A handful is
            // enough to follow; each costs the other object's YAML tree when it comes from the index.
            related: (report.related ?? [])
              .slice(0, MAX_RELATED)
              .flatMap(({ object: other, message, span }) => {
                const at = span ?? objectNameSpan(other);
                return at ? [{ source: other.source, span: shifted(at, other.source.offset), message }] : [];
              }),
            getFixes: memoFixes(report.fix, part, chunk.offset),
          });
        }
        if (result.error !== undefined) {
          failures.push({ ruleId: rule.meta.id, documentIndex: object.documentIndex, error: result.error });
        }
      }
    }
    if (local.length === 0) continue;
    // Suppression reads the part's ignore comments and its objects' annotations, in the part's offsets.
    const comments = ignoreComments(part);
    for (const finding of local) {
      const suppression = suppressionOf(part, comments, finding, finding.target);
      const placed = { ...finding, span: shifted(finding.span, chunk.offset) };
      if (suppression) suppressed.push({ finding: placed, ...suppression });
      else findings.push(placed);
    }
  }
  findings.sort(findingOrder);
  suppressed.sort((a, b) => findingOrder(a.finding, b.finding));
  return { file, findings, suppressed, failures, notices: notices.list() };
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
 * The results of the rules that read only their object (not `cross`), per part's parse, under the settings
 * and rules they ran with. A part whose text is unchanged since the previous version keeps its parse
 * (ParseCache), and so its results: a keystroke re-runs these rules on the edited document alone.
 */
const rememberedChecks = new WeakMap<
  ParsedFile,
  { key: string; rules: readonly Rule[]; results: (CheckResult | undefined)[] }
>();

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
