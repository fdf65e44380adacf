// `kube-hindsight check`: reads every input into one related-object index, then analyses each file against
// it, so that cross-object rules see the manifests of the file's deployment unit that a CI job is about to
// apply (a PodDisruptionBudget in pdb.yaml satisfies missing-pdb for deploy.yaml in the same folder), then
// locates each finding for the reports. The index keeps objects as plain values (read with js-yaml, as the
// editor's workspace index does); each file's YAML trees are built when it is analysed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ConfigLocator, readText, type LoadedConfig } from '../config/discovery';
import { admissionPolicySources } from '../config/admission-sources';
import { layerSettings } from '../engine/config';
import { applyEdits } from '../engine/edits';
import { analyseFile, findingOrder } from '../engine/engine';
import { fixAllOnSave } from '../engine/fix-plan';
import { withDefaults } from '../engine/limits';
import { parseFile } from '../engine/parse';
import { computeLineStarts, lineEndOf, offsetToPosition } from '../engine/positions';
import { RelatedObjects } from '../engine/related-index';
import type { FileNamer } from '../engine/related-view';
import type { RelationStats } from '../engine/related-groups';
import { normaliseSettings } from '../engine/settings';
import type { RuleSet } from '../engine/rule-set';
import type { BodyKinds, EngineSettings, Finding, ParsedFile, RelatedLocation, Span } from '../engine/types';
import { UnitLocator } from '../config/units';
import { readConfigFile, ruleOverrides } from './check-config';
import { Detacher } from './detached';
import { objectsOf, relatedBodyKinds } from '../workspace/index';
import { readObjects } from '../workspace/read-objects';
import { packed } from '../workspace/reader';
import { checkTeamRuleIds, type CheckOptions } from './args';
import {
  documentIndexAt,
  renderedFromNote,
  resolveTemplates,
  templatePathAt,
  templateSources,
  type TemplateSource,
} from './helm';
import { keyPath } from './key-path';
import { expandInputs } from './inputs';
import { kustomizeNotices, withRenderedFindings } from '../engine/kustomize/own-findings';
import { kustomizeRenderer, type KustomizeProject, type Render } from '../workspace/kustomize-project';
import { runProject } from './kustomize-scope';

/** A place in a file, 1-based, columns in UTF-16 code units (as the engine and LSP count them). */
export interface Location {
  /** The path shown to people: relative to the working folder when inside it, `<stdin>` for unnamed input. */
  file: string;
  /** The absolute path the location refers to, or undefined for unnamed standard input. */
  absolute: string | undefined;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ReportedFinding {
  /**
   * The finding, detached from its file's YAML trees (see detached): its target keeps its identity and
   * place but no node or value, it offers no fixes, and its related locations are in `related` below.
   */
  finding: Finding;
  location: Location;
  /** The flagged line's text without its indentation, a fallback identity for fingerprints. */
  lineText: string;
  /**
   * The path of the flagged key inside its object (`spec.template.spec.containers[web].resources`, '' where
   * no key holds the span), read while the file's trees were at hand: an identity for fingerprints.
   */
  keyPath?: string;
  related: (Location & { message: string })[];
  /** Set for findings an ignore comment or annotation silenced; only SARIF reports those. */
  suppression?: { kind: 'line' | 'file' | 'annotation'; reason: string | undefined };
}

export interface CheckReport {
  /** Every finding, suppressed or not, file by file in input order and by position within a file. */
  results: ReportedFinding[];
  /** The findings no ignore comment or annotation silenced: what the reports show and exit codes count. */
  findings: ReportedFinding[];
  /**
   * One line each: unreadable inputs, configuration problems, failing rules. Any of them means exit 2. What
   * the engine skipped or could not parse is not here: those are findings (file-skipped, invalid-yaml,
   * unrendered-template), in every format and counted for `--fail-on`.
   */
  errors: string[];
  /** Files (and standard input) analysed, after `ignore`. */
  fileCount: number;
  /** With `--fix` or `--fix-dry-run`: each analysed file's planned fixes, in input order. */
  fixPlans?: FilePlan[];
}

/** What `--fix` would do to one input: its text before and after the planned fixes. */
export interface FilePlan {
  display: string;
  /** The absolute path, or undefined for standard input. */
  absolute: string | undefined;
  text: string;
  fixed: string;
  /** How many findings the planned fixes address. */
  fixCount: number;
  /** Findings left unfixed that offer a fix creating a new file, which `--fix` does not apply. */
  newFileFixes: number;
  /** Findings left unfixed whose fixes change other files (a Kustomize overlay's patch and kustomization). */
  otherFileFixes: number;
}

export interface CheckIo {
  cwd: string;
  readStdin(): string;
  /** Called after each file is read and after each is analysed, for the progress line. */
  onProgress?(phase: 'reading' | 'analysing', done: number, total: number): void;
  /** Counts what the cross rules' questions cost (tests hold it to the size of the input). */
  relationStats?: RelationStats;
  /**
   * Texts to analyse instead of the files' contents, by absolute path: `--fix` re-analyses the fixed texts
   * before it writes any of them, so that what it reports is what the files will hold.
   */
  texts?: ReadonlyMap<string, string>;
}

/** One input once read: its configuration and how to name it. */
interface Source {
  /** The identifier of its objects' `source`: the absolute path, or `<stdin>`. */
  uri: string;
  display: string;
  absolute: string | undefined;
  /**
   * Its text, held only where it cannot be read again (standard input). A file's text is read when it is
   * indexed, again when it is analysed and again if a related location points into it, and not held in
   * between: holding every input's text from the first read to the last report made the run's memory grow
   * with the repository (see textOf).
   */
  text: string | undefined;
  /** Whether its text has a `# Source:` comment, so that a related object in it may be named by its template. */
  namesTemplates: boolean;
  settings: EngineSettings;
  /** The built-in rules and the governing configuration's team rules. */
  rules: RuleSet;
  /** Where its lines and documents are, once it has been analysed (see placementOf). */
  placement?: Placement;
}

/**
 * What locating a span in a file needs of its parse, kept once the parse itself is let go. Its line starts
 * are not kept (a few megabytes over a large run): they are counted again from the text when needed.
 */
export interface Placement {
  /** The documents' indexes and spans, in order, for documentIndexAt (their trees are not kept). */
  documents: Pick<ParsedFile['documents'][number], 'index' | 'span'>[];
  templates: (TemplateSource | undefined)[];
}

const STDIN = '<stdin>';

/** Checks the inputs with `rules` (the built-in ones) and the team rules of each input's configuration. */
export function check(options: CheckOptions, io: CheckIo, rules: RuleSet): CheckReport {
  const started = startCheck(options, io, rules);
  if ('report' in started) return started.report;
  const { run } = started;
  const outcomes: FileOutcome[] = [];
  for (let i = 0; i < run.files; i++) {
    io.onProgress?.('analysing', i + 1, run.files);
    outcomes.push(run.analyse(i));
  }
  return run.finish(outcomes);
}

/**
 * What analysing one input gave, before the run puts the files together: its findings in the order the
 * report lists them, with their related locations still unplaced (they may point into files analysed later,
 * or by another thread), its fix plan, and the error lines it adds.
 */
export interface FileOutcome {
  /** Where its documents and templates are; undefined when the file could not be read again. */
  placement: Placement | undefined;
  results: ReportedFinding[];
  unplaced: { reported: ReportedFinding; related: readonly Unplaced[] }[];
  fixPlan?: FilePlan;
  /** In order; `once` marks a line the report gives only once however many files add it. */
  errors: { line: string; once?: boolean }[];
}

/**
 * A check whose inputs are read and indexed: its files can be analysed in any order, each on its own (by
 * this thread, or by another thread that read the same inputs, see parallel-check.ts), and the outcomes put
 * together in input order make the report.
 */
export interface CheckRun {
  /** How many inputs it analyses. */
  readonly files: number;
  /** The identifier of input `i` (its absolute path, or `<stdin>`). */
  uriOf(i: number): string;
  /** The rules input `i` is checked with: the built-in ones and its configuration's team rules. */
  rulesOf(i: number): RuleSet;
  analyse(i: number): FileOutcome;
  /** Keeps one copy of each string the run's findings hold, whichever thread analysed them. */
  readonly detacher: Detacher;
  /** The report, from every input's outcome in input order. */
  finish(outcomes: readonly FileOutcome[]): CheckReport;
}

/**
 * Reads every input into the related-object index (and renders the inputs' kustomizations): what a check
 * does before it analyses any file. A problem that leaves nothing to analyse (an unreadable `--config`, an
 * unknown team rule) is the report at once.
 */
export function startCheck(
  options: CheckOptions,
  io: CheckIo,
  rules: RuleSet,
): { report: CheckReport } | { run: CheckRun } {
  const { cwd } = io;
  const errors: string[] = [];
  const display = (path: string): string => {
    const absolute = resolve(cwd, path);
    const rel = relative(cwd, absolute);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  };

  // An explicit --config replaces discovery; when it cannot be read, no result would mean what the user asked.
  const fixed = options.config === undefined ? undefined : readConfigFile(cwd, options.config, rules);
  if (typeof fixed === 'string') {
    errors.push(fixed);
    return { report: { results: [], findings: [], errors, fileCount: 0 } };
  }
  const fixedConfig = fixed;

  const locator = new ConfigLocator(rules);
  const usedConfigs = new Set<LoadedConfig>();
  const reportedConfigs = new Set<string>();
  const settingsByConfig = new Map<string, EngineSettings>();
  const settingsFor = (config: LoadedConfig | undefined): EngineSettings => {
    const key = config?.path ?? '';
    let settings = settingsByConfig.get(key);
    if (!settings) {
      // The command line layers over the configuration, as the editor's settings do.
      const overrides = {
        ...(options.profiles.length > 0 ? { profile: options.profiles } : {}),
        rules: ruleOverrides(config, options),
        ...(options.kubernetesVersion !== undefined ? { kubernetesVersion: options.kubernetesVersion } : {}),
        ...(options.maxFileBytes !== undefined ? { limits: { maxFileBytes: options.maxFileBytes } } : {}),
      };
      settings = normaliseSettings(layerSettings(config?.config, overrides));
      settingsByConfig.set(key, settings);
    }
    if (config && !reportedConfigs.has(config.path)) {
      reportedConfigs.add(config.path);
      const starts = computeLineStarts(config.text);
      for (const problem of config.problems) {
        const problemStarts = problem.path ? computeLineStarts(readText(problem.path) ?? '') : starts;
        const at = offsetToPosition(problemStarts, problem.span.start);
        errors.push(
          `${display(problem.path ?? config.path)}:${at.line + 1}:${at.character + 1}: ${problem.message}`,
        );
      }
    }
    return settings;
  };

  const inputs = expandInputs(options.inputs, cwd, errors);
  const sources: Source[] = [];
  // Standard input without a name belongs with the working folder, as for its configuration.
  // The governing configuration's `units:` group folders into one unit before folders and charts decide.
  // The kustomizations of the inputs' folders are known only once every input is read (below); until then no
  // file is in an unrendered kustomization's unit, and the index files them again once they are known.
  let unrenderedUnitOf = (_path: string): string | undefined => undefined;
  const units = new UnitLocator(
    existsSync,
    (path) => {
      const config = fixedConfig ?? locator.forFile(path);
      return config && { folder: dirname(config.path), units: config.config.units };
    },
    (path) => unrenderedUnitOf(path),
  );
  const relatedKinds = relatedBodyKinds(rules);
  // Every input once read, by its identifier: messages name a related object's file as the reports do.
  const byUri = new Map<string, Source>();
  const index = new RelatedObjects(
    (uri) => units.unitOf(uri === STDIN ? join(cwd, STDIN) : uri),
    io.relationStats,
    fileNamer(byUri, cwd, io),
  );
  inputs.forEach((input, i) => {
    io.onProgress?.('reading', i + 1, inputs.length);
    const named = input.kind === 'file' ? input.path : options.stdinFilename;
    const absolute = named === undefined ? undefined : resolve(cwd, named);
    const shown = named === undefined ? STDIN : display(named);
    // Standard input without a name follows the working folder's configuration.
    const config = fixedConfig ?? locator.forFile(absolute ?? join(cwd, STDIN));
    if (config) usedConfigs.add(config);
    const settings = settingsFor(config);
    if (absolute !== undefined && locator.isIgnored(absolute, config)) return;
    let text: string;
    try {
      // A BOM stays in the text (Node keeps it when decoding), so a fixed file is written back with it.
      text =
        input.kind === 'stdin'
          ? io.readStdin()
          : (io.texts?.get(absolute!) ?? readFileSync(absolute!, 'utf8'));
    } catch (error) {
      errors.push(`cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      return;
    }
    // The identifier keeps files apart in the related-object index, so it must be unique per input.
    const uri = absolute ?? STDIN;
    const source: Source = {
      uri,
      display: shown,
      absolute,
      text: input.kind === 'stdin' ? text : undefined,
      namesTemplates: text.includes('Source:'),
      settings,
      rules: config?.config.ruleSet ?? rules,
    };
    index.set(
      uri,
      relatedObjectsOf(text, uri, settings, relatedKinds, () => textOf(source, io) ?? ''),
    );
    sources.push(source);
    byUri.set(uri, source);
  });

  // The folders of admission policies the configurations in use name (`admissionPolicies:`): their objects
  // join the index, as cluster-wide objects every input relates to, but are not checked themselves.
  const context = new Map<string, Source>();
  const inputUris = new Set(sources.map((source) => source.uri));
  for (const config of usedConfigs) {
    const { files, problems } = admissionPolicySources(config);
    // An entry that names nothing readable is a problem of the configuration, at the entry, as the editor
    // shows it in the configuration file.
    const starts = computeLineStarts(config.text);
    for (const problem of problems) {
      const at = offsetToPosition(starts, problem.span.start);
      errors.push(`${display(config.path)}:${at.line + 1}:${at.character + 1}: ${problem.message}`);
    }
    for (const absolute of files) {
      if (inputUris.has(absolute) || context.has(absolute)) continue;
      const text = readText(absolute);
      if (text === undefined) {
        errors.push(`cannot read ${display(absolute)} (admissionPolicies of ${display(config.path)})`);
        continue;
      }
      const settings = settingsFor(config);
      // Not analysed: its related locations are placed by lines alone, as a file without Helm templates.
      const source: Source = {
        uri: absolute,
        display: display(absolute),
        absolute,
        text: undefined,
        namesTemplates: false,
        settings,
        rules,
        placement: { documents: [], templates: [] },
      };
      index.set(
        absolute,
        relatedObjectsOf(text, absolute, settings, relatedKinds, () => textOf(source, io) ?? ''),
      );
      context.set(absolute, source);
      byUri.set(absolute, source);
    }
  }

  // A `--rule team/<id>` must name a team rule of a configuration in use; a typo would otherwise do nothing.
  const teamIds = [...usedConfigs].flatMap((config) => config.config.teamRules.map((rule) => rule.meta.id));
  try {
    checkTeamRuleIds(Object.keys(options.rules), teamIds, '--rule');
    checkTeamRuleIds(options.fixRules, teamIds, '--fix-rule');
  } catch (error) {
    errors.push((error as Error).message);
    return { report: { results: [], findings: [], errors, fileCount: 0 } };
  }

  const project = renderScope(kustomizeRenderer(), sources, cwd, io, (file) => {
    const config = fixedConfig ?? locator.forFile(file);
    return { rules: config?.config.ruleSet ?? rules, settings: settingsFor(config) };
  });
  if (project.files().length > 0) {
    unrenderedUnitOf = (path) => project.unrenderedUnitOf(path);
    index.refile();
  }

  const detacher = new Detacher();
  const analyse = (i: number): FileOutcome => {
    const source = sources[i]!;
    const outcome: FileOutcome = { placement: undefined, results: [], unplaced: [], errors: [] };
    const text = textOf(source, io);
    if (text === undefined) {
      outcome.errors.push({
        line: `cannot read ${source.display} any more: it was readable when the check started`,
      });
      return outcome;
    }
    const parsed = parseFile(text, source.settings.limits, source.uri, {
      bodyKinds: source.rules.bodyKinds(source.settings),
    });
    const role = project.roleOf(source.uri);
    // What rendering its kustomization could not do is the file's to report (kustomization-not-rendered).
    parsed.notices.push(...kustomizeNotices(role.notices));
    source.placement = outcome.placement = {
      documents: parsed.documents.map(({ index, span }) => ({ index, span })),
      // Findings move to a template only where its file exists; committed rendered output keeps them.
      templates: resolveTemplates(templateSources(parsed), source.absolute, cwd),
    };
    const { lineStarts } = parsed;
    const own = analyseFile(parsed, source.rules, { settings: source.settings, index });
    // A file that Kustomize renders (or patches) shows what the rendered output says about it instead.
    const analysis = withRenderedFindings(own, {
      replaced: role.patch || role.rendered,
      findings: role.findings,
    });
    for (const { entry, failure } of role.failures) {
      const line = `rule ${failure.ruleId} failed on the kustomize output of ${entry}: ${failure.error}`;
      outcome.errors.push({ line, once: true });
    }
    if (options.fix !== 'off') outcome.fixPlan = planFile(source, text, analysis.findings, options.fixRules);
    for (const failure of analysis.failures) {
      outcome.errors.push({ line: `rule ${failure.ruleId} failed on ${source.display}: ${failure.error}` });
    }
    detacher.nextFile();
    const report = (finding: Finding, suppression?: ReportedFinding['suppression']): ReportedFinding => {
      const reported: ReportedFinding = {
        finding: detacher.finding(withTemplateNote(source, finding)),
        location: locate(source, lineStarts, finding.span, cwd),
        lineText: detacher.shared(lineText(text, finding.span.start)),
        keyPath: finding.target ? detacher.shared(keyPath(finding.target, finding.span.start)) : '',
        related: NO_RELATED,
        ...(suppression ? { suppression } : {}),
      };
      if (finding.related.length > 0) {
        outcome.unplaced.push({ reported, related: finding.related.map((at) => placeOf(at, detacher)) });
      }
      return reported;
    };
    // The engine sorted all findings by position before setting the suppressed ones apart; merging them back
    // keeps each result's place (and so its fingerprint's occurrence count) whether or not it is suppressed.
    outcome.results = [
      ...analysis.findings.map((finding) => report(finding)),
      ...analysis.suppressed.map(({ finding, kind, reason }) => report(finding, { kind, reason })),
    ].sort((a, b) => findingOrder(a.finding, b.finding));
    return outcome;
  };

  const finish = (outcomes: readonly FileOutcome[]): CheckReport => {
    const results: ReportedFinding[] = [];
    const fixPlans: FilePlan[] = [];
    // Related locations may be in files analysed later: they are placed once every file has been.
    const unplaced: { reported: ReportedFinding; related: readonly Unplaced[] }[] = [];
    outcomes.forEach((outcome, i) => {
      if (outcome.placement) sources[i]!.placement = outcome.placement;
      for (const { line, once } of outcome.errors) if (!once || !errors.includes(line)) errors.push(line);
      if (outcome.fixPlan) fixPlans.push(outcome.fixPlan);
      results.push(...outcome.results);
      unplaced.push(...outcome.unplaced);
    });
    placeRelated(unplaced, byUri, cwd, io);
    return {
      results,
      findings: results.filter((result) => !result.suppression),
      errors,
      fileCount: sources.length,
      ...(options.fix !== 'off' ? { fixPlans } : {}),
    };
  };

  return {
    run: {
      files: sources.length,
      uriOf: (i) => sources[i]!.uri,
      rulesOf: (i) => sources[i]!.rules,
      analyse,
      detacher,
      finish,
    },
  };
}

/**
 * Renders the kustomizations of the inputs' folders and adds, as inputs, the files outside them that hold
 * findings of the rendered output (a base that `check overlays/prod` renders).
 */
function renderScope(
  render: Render,
  sources: Source[],
  cwd: string,
  io: CheckIo,
  configFor: (file: string) => { rules: RuleSet; settings: EngineSettings },
): KustomizeProject {
  const files = sources.flatMap((source) => (source.absolute === undefined ? [] : [source.absolute]));
  const project = runProject(files, cwd, render, configFor, io.texts);
  const known = new Set(files);
  for (const uri of project.filesWithFindings()) {
    if (known.has(uri)) continue;
    // Read here to know it can be; like every input file, it is read again when it is analysed.
    const text = io.texts?.get(uri) ?? readText(uri);
    if (text === undefined) continue;
    const shown = relative(cwd, uri);
    sources.push({
      uri,
      display: shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown.split(sep).join('/') : uri,
      absolute: uri,
      text: undefined,
      namesTemplates: text.includes('Source:'),
      ...configFor(uri),
    });
  }
  return project;
}

/**
 * The fixes `--fix` applies to one file: the same plan as the editor's `source.fixAll.kube-hindsight` (safe
 * fixes, plus the first fix of each `--fix-rule`), over the findings no ignore comment silenced.
 */
function planFile(
  source: Source,
  text: string,
  findings: readonly Finding[],
  fixRules: readonly string[],
): FilePlan {
  const plan = fixAllOnSave(text, findings, fixRules);
  const planned = new Set(plan.fixes.map(({ finding }) => finding));
  // A finding left unfixed that offers a fix creating a file: the report says --fix does not create files.
  const newFileFixes = findings.filter(
    (finding) => !planned.has(finding) && finding.getFixes().some((fix) => fix.newFile),
  ).length;
  // One whose fixes are in a Kustomize overlay's files: the report says --fix leaves those to the editor.
  const otherFileFixes = findings.filter(
    (finding) => !planned.has(finding) && finding.getFixes().some((fix) => fix.files),
  ).length;
  return {
    display: source.display,
    absolute: source.absolute,
    text,
    fixed: plan.fixes.length > 0 ? applyEdits(text, plan.edits) : text,
    fixCount: plan.fixes.length,
    newFileFixes,
    otherFileFixes,
  };
}

/**
 * Sets the related locations of the findings that have some, file by file of the places they point at, so
 * that each file's lines are counted once and no file's are kept.
 */
function placeRelated(
  unplaced: readonly { reported: ReportedFinding; related: readonly Unplaced[] }[],
  byUri: ReadonlyMap<string, Source>,
  cwd: string,
  io: CheckIo,
): void {
  type Placed = ReportedFinding['related'][number];
  const slots = unplaced.map(({ reported, related }) => ({
    reported,
    related,
    placed: new Array<Placed | undefined>(related.length),
  }));
  const byTarget = new Map<string, { placed: (Placed | undefined)[]; i: number; at: Unplaced }[]>();
  for (const { related, placed } of slots) {
    related.forEach((at, i) => {
      const list = byTarget.get(at.uri);
      if (list) list.push({ placed, i, at });
      else byTarget.set(at.uri, [{ placed, i, at }]);
    });
  }
  for (const [uri, list] of byTarget) {
    const other = byUri.get(uri);
    const text = other && textOf(other, io);
    if (!other || text === undefined) continue;
    const lineStarts = computeLineStarts(text);
    for (const { placed, i, at } of list) {
      // Written out rather than spread: V8 gave each object spread from a location and extended by a
      // message a hidden class of its own, which over tens of thousands of related locations weighed more
      // than the locations themselves.
      const { file, absolute, line, column, endLine, endColumn } = locate(other, lineStarts, at.span, cwd);
      placed[i] = { file, absolute, line, column, endLine, endColumn, message: at.message };
    }
  }
  // A location in a file that is no input of the run has no place to be shown.
  for (const { reported, placed } of slots) reported.related = placed.filter((p): p is Placed => !!p);
}

/** A related location until it is placed: where it points, without its file's source (and line starts). */
export interface Unplaced {
  uri: string;
  span: Span;
  message: string;
}

function placeOf({ source, span, message }: RelatedLocation, detacher: Detacher): Unplaced {
  return { uri: source.uri, span: { start: span.start, end: span.end }, message: detacher.shared(message) };
}

/** Shared by every finding without any: nothing adds to these. */
const NO_RELATED: ReportedFinding['related'] = [];

/**
 * The objects of a file as the related-object index keeps them: plain values, each document's tree built
 * only if a rule asks for a range in it. A file the engine would not parse (too large) relates nothing, and
 * documents past the engine's bound are left out, as its parse leaves them out.
 */
function relatedObjectsOf(
  text: string,
  uri: string,
  settings: EngineSettings,
  bodyKinds: BodyKinds,
  readAgain: () => string,
) {
  const { maxFileBytes, maxDocuments } = withDefaults(settings.limits);
  if (text.length > maxFileBytes || Buffer.byteLength(text, 'utf8') > maxFileBytes) return [];
  const parts = packed(readObjects(text, uri, bodyKinds));
  // Each part's text is had again from the file only where it is the file's text at the part's offset.
  const sliced = parts.every((part) => text.startsWith(part.text, part.offset));
  return objectsOf(uri, parts, sliced ? readAgain : undefined).filter(
    (object) => object.documentIndex < maxDocuments,
  );
}

/**
 * How messages name the file of a related object: as the reports name files (relative to the working folder,
 * `<stdin>` for unnamed input), and for rendered Helm output the template its `# Source:` comment names when
 * that file exists, where the report of a finding in it would point too. Never a path that does not exist.
 */
function fileNamer(byUri: ReadonlyMap<string, Source>, cwd: string, io: CheckIo): FileNamer {
  const named = new Map<string, string>();
  return (object) => {
    const source = byUri.get(object.source.uri);
    if (!source) return '';
    if (!source.namesTemplates) return source.display;
    const key = `${object.source.uri}\0${object.source.offset}`;
    let name = named.get(key);
    if (name === undefined) {
      // Rendered Helm output only: its text is read again here, once per object named.
      const path = templatePathAt(textOf(source, io) ?? '', object.source.offset);
      const [found] =
        path === undefined ? [] : resolveTemplates([{ path, lineShift: 0 }], source.absolute, cwd);
      name = found?.file === undefined ? source.display : shownPath(found.file, cwd);
      named.set(key, name);
    }
    return name;
  };
}

/** An absolute path as reports show it: relative to the working folder when inside it, with `/`. */
function shownPath(file: string, cwd: string): string {
  const shown = relative(cwd, file);
  return shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown.split(sep).join('/') : file;
}

/**
 * An input's text: as held (standard input), else as `--fix` is about to write it, else as read from its
 * file now; undefined when the file cannot be read any more.
 */
function textOf(source: Source, io: CheckIo): string | undefined {
  if (source.text !== undefined) return source.text;
  const override = io.texts?.get(source.absolute!);
  if (override !== undefined) return override;
  try {
    return readFileSync(source.absolute!, 'utf8');
  } catch {
    return undefined;
  }
}

/** The Helm template the document at `offset` was rendered from, if its `# Source:` names one. */
function templateAt(source: Source, offset: number): TemplateSource | undefined {
  const { documents, templates } = source.placement!;
  const documentIndex = documentIndexAt({ documents }, offset);
  return documentIndex === undefined ? undefined : templates[documentIndex];
}

/** A finding in rendered output whose template is not on disk says which template it came from. */
function withTemplateNote(source: Source, finding: Finding): Finding {
  const template = templateAt(source, finding.span.start);
  return template && !template.file
    ? { ...finding, message: finding.message + renderedFromNote(template) }
    : finding;
}

/**
 * Where a span is, for people: in the Helm template when the document came from one whose file exists,
 * else in the input.
 */
function locate(source: Source, lineStarts: readonly number[], span: Span, cwd: string): Location {
  const start = offsetToPosition(lineStarts, span.start);
  const end = offsetToPosition(lineStarts, span.end);
  const found = templateAt(source, span.start);
  const file = found?.file;
  const template = file === undefined ? undefined : found;
  const shift = template ? Math.min(template.lineShift, start.line) : 0;
  return {
    file: file === undefined ? source.display : shownPath(file, cwd),
    absolute: file ?? source.absolute,
    line: start.line - shift + 1,
    column: start.character + 1,
    endLine: end.line - shift + 1,
    endColumn: end.character + 1,
  };
}

function lineText(text: string, offset: number): string {
  return text.slice(text.lastIndexOf('\n', offset - 1) + 1, lineEndOf(text, offset)).trim();
}
