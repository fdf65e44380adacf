// `kube-hindsight check`: reads every input, then analyses each file with the objects of all the others, so
// that cross-object rules see the whole set of manifests a CI job is about to apply (a PodDisruptionBudget in
// pdb.yaml satisfies missing-pdb for deploy.yaml), then locates each finding for the reports.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ConfigLocator, includedFiles, listFiles, readText, type LoadedConfig } from '../config/discovery';
import { layerSettings, parseConfig } from '../engine/config';
import { analyseFile, findingOrder } from '../engine/engine';
import { parseFile } from '../engine/parse';
import { computeLineStarts, lineEndOf, offsetToPosition } from '../engine/positions';
import { normaliseSettings } from '../engine/settings';
import type { RuleSet } from '../engine/rule-set';
import type { EngineSettings, Finding, K8sObject, ParsedFile, Span } from '../engine/types';
import { isPlainObject } from '../engine/values';
import { checkTeamRuleIds, UsageError, type CheckOptions } from './args';
import {
  documentIndexAt,
  renderedFromNote,
  resolveTemplates,
  templateSources,
  type TemplateSource,
} from './helm';
import { expandInputs } from './inputs';

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
  finding: Finding;
  location: Location;
  /** The flagged line's text without its indentation, a fallback identity for fingerprints. */
  lineText: string;
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
}

export interface CheckIo {
  cwd: string;
  readStdin(): string;
  /** Called after each file is read and after each is analysed, for the progress line. */
  onProgress?(phase: 'reading' | 'analysing', done: number, total: number): void;
}

/** One input once read: its text parsed, its configuration and how to name it. */
interface Source {
  display: string;
  absolute: string | undefined;
  settings: EngineSettings;
  /** The built-in rules and the governing configuration's team rules. */
  rules: RuleSet;
  parsed: ParsedFile;
  templates: (TemplateSource | undefined)[];
}

const STDIN = '<stdin>';

/** Checks the inputs with `rules` (the built-in ones) and the team rules of each input's configuration. */
export function check(options: CheckOptions, io: CheckIo, rules: RuleSet): CheckReport {
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
    return { results: [], findings: [], errors, fileCount: 0 };
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
        rules: ruleOverrides(config, options),
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
      text = input.kind === 'stdin' ? io.readStdin() : readFileSync(absolute!, 'utf8');
    } catch (error) {
      errors.push(`cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      return;
    }
    // The identifier keeps files apart in the engine's related objects, so it must be unique per input.
    const sourceRules = config?.config.ruleSet ?? rules;
    const parsed = parseFile(text, settings.limits, absolute ?? STDIN, {
      bodyKinds: sourceRules.bodyKinds(settings),
    });
    sources.push({
      display: shown,
      absolute,
      settings,
      rules: sourceRules,
      parsed,
      // Findings move to a template only where its file exists; committed rendered output keeps them.
      templates: resolveTemplates(templateSources(parsed), absolute, cwd),
    });
  });

  // A `--rule team/<id>` must name a team rule of a configuration in use; a typo would otherwise do nothing.
  const teamIds = [...usedConfigs].flatMap((config) => config.config.teamRules.map((rule) => rule.meta.id));
  try {
    checkTeamRuleIds(Object.keys(options.rules), teamIds, '--rule');
  } catch (error) {
    errors.push((error as Error).message);
    return { results: [], findings: [], errors, fileCount: 0 };
  }

  const allObjects: K8sObject[] = sources.flatMap((source) => source.parsed.objects);
  const byUri = new Map(sources.map((source) => [source.parsed.uri, source]));
  const results: ReportedFinding[] = [];
  sources.forEach((source, i) => {
    io.onProgress?.('analysing', i + 1, sources.length);
    const analysis = analyseFile(source.parsed, source.rules, {
      settings: source.settings,
      related: allObjects,
    });
    for (const failure of analysis.failures) {
      errors.push(`rule ${failure.ruleId} failed on ${source.display}: ${failure.error}`);
    }
    const report = (finding: Finding): ReportedFinding => ({
      finding: withTemplateNote(source, finding),
      location: locate(source, finding.span, cwd),
      lineText: lineText(source.parsed.text, finding.span.start),
      related: finding.related.flatMap((related) => {
        const other = byUri.get(related.source.uri);
        return other ? [{ ...locate(other, related.span, cwd), message: related.message }] : [];
      }),
    });
    // The engine sorted all findings by position before setting the suppressed ones apart; merging them back
    // keeps each result's place (and so its fingerprint's occurrence count) whether or not it is suppressed.
    const fileResults = [
      ...analysis.findings.map(report),
      ...analysis.suppressed.map(({ finding, kind, reason }) => ({
        ...report(finding),
        suppression: { kind, reason },
      })),
    ].sort((a, b) => findingOrder(a.finding, b.finding));
    results.push(...fileResults);
  });
  return {
    results,
    findings: results.filter((result) => !result.suppression),
    errors,
    fileCount: sources.length,
  };
}

/** Reads a `--config` file (relative to `cwd`) with its included files, or says why it cannot. */
export function readConfigFile(cwd: string, file: string, rules: RuleSet): LoadedConfig | string {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? `no such configuration file: ${file}`
      : `cannot read configuration file ${file}: ${code ?? String(error)}`;
  }
  return {
    path,
    text,
    ...parseConfig(text, rules, (globs) => includedFiles(dirname(path), globs, readText, listFiles)),
  };
}

/**
 * The configuration `--list-rules` and `--explain` describe: `--config`, else the one found from `cwd`.
 * Throws a usage error when `--config` cannot be read.
 */
export function configForCommand(
  cwd: string,
  file: string | undefined,
  rules: RuleSet,
): LoadedConfig | undefined {
  if (file === undefined) return new ConfigLocator(rules).forFolder(cwd);
  const loaded = readConfigFile(cwd, file, rules);
  if (typeof loaded === 'string') throw new UsageError(loaded, false);
  return loaded;
}

/**
 * `--rule` severities over the configuration's entries. A rule the configuration gives options keeps them:
 * the command line changes how loud a rule is, not how it is tuned.
 */
function ruleOverrides(config: LoadedConfig | undefined, options: CheckOptions): Record<string, unknown> {
  const repoRules = config?.config.settings.rules ?? {};
  const out: Record<string, unknown> = {};
  for (const [id, severity] of Object.entries(options.rules)) {
    const entry = repoRules[id];
    out[id] = isPlainObject(entry) ? { ...entry, severity } : severity;
  }
  return out;
}

/** The Helm template the document at `offset` was rendered from, if its `# Source:` names one. */
function templateAt(source: Source, offset: number): TemplateSource | undefined {
  const documentIndex = documentIndexAt(source.parsed, offset);
  return documentIndex === undefined ? undefined : source.templates[documentIndex];
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
function locate(source: Source, span: Span, cwd: string): Location {
  const { lineStarts } = source.parsed;
  const start = offsetToPosition(lineStarts, span.start);
  const end = offsetToPosition(lineStarts, span.end);
  const file = templateAt(source, span.start)?.file;
  const template = file === undefined ? undefined : templateAt(source, span.start);
  const shift = template ? Math.min(template.lineShift, start.line) : 0;
  const shown = file === undefined ? undefined : relative(cwd, file);
  return {
    file:
      file === undefined
        ? source.display
        : shown && !shown.startsWith('..') && !isAbsolute(shown)
          ? shown.split(sep).join('/')
          : file,
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
