// The command-line interface: the same engine and rules as the editor, for CI and terminals.
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { isMainThread, workerData } from 'node:worker_threads';
import { checkTeamRuleIds, parseArgs, USAGE, UsageError, type CheckOptions, type Command } from './args';
import { check, type CheckIo, type CheckReport } from './check';
import { configForCommand } from './check-config';
import { CHECK_WORKER, checkInParallel, runCheckWorker, type CheckWorkerData } from './parallel-check';
import { runFix } from './fix';
import { formatGithub } from './format-github';
import { formatJson, jsonPieces } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { runKustomize } from './kustomize';
import { explainRule, listRules } from './rules-info';
import { ProgressLine } from './progress';
import { RULES } from '../../rules';
import type { Rule } from '../engine/rule';
import { RuleSet } from '../engine/rule-set';
import { SEVERITY_ORDER } from '../engine/settings';
import { VERSION } from '../engine/version';

export type { JsonFinding } from './format-json';

export interface RunResult {
  stdout: string;
  /**
   * The same output in pieces, where a report can be written as it is made: `main` writes these, so that a
   * large run never holds its whole report as one string. Reading `stdout` instead makes that string.
   */
  pieces?: () => Iterable<string>;
  stderr: string;
  code: number;
}

/** Runs one command line with `rules`, the built-in rules (the configuration in use adds its team rules). */
export function run(argv: string[], io: CheckIo, rules: RuleSet): RunResult {
  let command: ReturnType<typeof parseArgs>;
  try {
    command = parseArgs(argv, rules);
  } catch (error) {
    if (error instanceof UsageError) {
      const help = error.pointToHelp ? ' (see kube-hindsight --help)' : '';
      return { stdout: '', stderr: `kube-hindsight: ${error.message}${help}\n`, code: 2 };
    }
    throw error;
  }
  try {
    return runCommand(command, io, rules);
  } catch (error) {
    if (error instanceof UsageError)
      return { stdout: '', stderr: `kube-hindsight: ${error.message}\n`, code: 2 };
    throw error;
  }
}

function runCommand(command: Command, io: CheckIo, rules: RuleSet): RunResult {
  switch (command.command) {
    case 'help':
      return { stdout: USAGE + '\n', stderr: '', code: 0 };
    case 'version':
      return { stdout: VERSION + '\n', stderr: '', code: 0 };
    case 'kustomize':
      return runKustomize(command.dir, io.cwd);
    case 'list-rules':
      return {
        stdout: listRules(command.format, rules, teamRulesOf(command.config, io.cwd, rules)),
        stderr: '',
        code: 0,
      };
    case 'explain': {
      const teamRules = teamRulesOf(command.config, io.cwd, rules);
      checkTeamRuleIds(
        [command.ruleId],
        teamRules.map((rule) => rule.meta.id),
        '--explain',
      );
      return { stdout: explainRule(command.ruleId, rules, teamRules), stderr: '', code: 0 };
    }
    case 'check': {
      if (command.fix !== 'off') return runFixCommand(command, io, rules);
      return checkResult(command, check(command, io, rules), io, rules);
    }
  }
}

function checkResult(command: CheckOptions, report: CheckReport, io: CheckIo, rules: RuleSet): RunResult {
  const pieces = (): Iterable<string> =>
    command.format === 'json'
      ? jsonPieces(report.findings, report.errors)
      : [render(command, report, io.cwd, rules)];
  return {
    get stdout() {
      return [...pieces()].join('');
    },
    pieces,
    stderr: report.errors.map((line) => `kube-hindsight: ${line}\n`).join(''),
    code: exitCode(command, report),
  };
}

/**
 * Runs one command line as `run` does, except that a large check analyses its files in a worker thread
 * running `workerScript` (this bundle) as well as in this one (parallel-check.ts).
 */
export async function runInParallel(
  argv: string[],
  io: CheckIo,
  rules: RuleSet,
  workerScript: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunResult> {
  let command: Command;
  try {
    command = parseArgs(argv, rules);
  } catch {
    // A usage error, said as `run` says it.
    return run(argv, io, rules);
  }
  if (command.command !== 'check' || command.fix !== 'off') return run(argv, io, rules);
  try {
    const report = await checkInParallel(command, argv, io, rules, workerScript, env);
    return checkResult(command, report, io, rules);
  } catch (error) {
    if (error instanceof UsageError)
      return { stdout: '', stderr: `kube-hindsight: ${error.message}\n`, code: 2 };
    throw error;
  }
}

/**
 * `check --fix` and `--fix-dry-run`: a dry run prints the diff on stdout and the report of what would remain
 * on stderr; standard input's fixed text takes stdout (for a pipe), so the report goes to stderr then too.
 */
function runFixCommand(command: CheckOptions, io: CheckIo, rules: RuleSet): RunResult {
  const { report, notes, diff, stdinText } = runFix(command, io, rules);
  const rendered = render(command, report, io.cwd, rules);
  const errors = report.errors.map((line) => `kube-hindsight: ${line}\n`).join('');
  const noted = notes.map((line) => `kube-hindsight: ${line}\n`).join('');
  const code = exitCode(command, report);
  if (command.fix === 'dry-run') return { stdout: diff, stderr: noted + rendered + errors, code };
  if (stdinText !== undefined) return { stdout: stdinText, stderr: noted + rendered + errors, code };
  return { stdout: rendered, stderr: noted + errors, code };
}

/** The team rules of the configuration found from the working folder, or of `--config`. */
function teamRulesOf(config: string | undefined, cwd: string, rules: RuleSet): readonly Rule[] {
  return configForCommand(cwd, config, rules)?.config.teamRules ?? [];
}

function render(options: CheckOptions, report: CheckReport, cwd: string, rules: RuleSet): string {
  switch (options.format) {
    case 'json':
      return formatJson(report.findings, report.errors);
    case 'sarif':
      return formatSarif(report, cwd, rules);
    case 'github':
      return formatGithub(report.findings, report.errors);
    case 'text':
      return formatText(report.findings, report.fileCount);
  }
}

/** 2 for anything that makes the result untrustworthy, else 1 when the findings cross a threshold, else 0. */
export function exitCode(options: CheckOptions, report: CheckReport): number {
  if (report.errors.length > 0) return 2;
  const { failOn, maxWarnings } = options;
  const failing =
    failOn !== 'none' &&
    report.findings.some((f) => SEVERITY_ORDER[f.finding.severity] >= SEVERITY_ORDER[failOn]);
  const warnings = report.findings.filter((f) => f.finding.severity === 'warning').length;
  return failing || (maxWarnings !== undefined && warnings > maxWarnings) ? 1 : 0;
}

/**
 * Writes a report in pieces: writing a whole report of tens of megabytes at once has Node encode all of it
 * into one more buffer of that size, which was the largest step of a large run's peak memory.
 */
function writeInPieces(text: string): void {
  let at = 0;
  while (at < text.length) {
    let end = Math.min(at + WRITE_PIECE, text.length);
    // Each piece is encoded alone: one that ended between the halves of a surrogate pair would print both
    // halves as replacement characters.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    process.stdout.write(text.slice(at, end));
    at = end;
  }
}

/** UTF-16 code units per write. */
const WRITE_PIECE = 1 << 16;

/**
 * How far the heap may grow past what survived the last full collection before the next one: 100%, twice
 * that. Left to itself, V8 lets a heap whose collections are cheap grow to about four times its live data,
 * and a check run, whose data is small but which leaves each file's YAML trees behind as garbage, peaked at
 * over 400 MB over a 1,000-file workspace whose live data stays under 90 MB. At twice, the same run peaks
 * under 300 MB; the few more full collections cost about as much CPU as run-to-run noise (a lower bound,
 * 50%, saved 30 MB more but cost about a tenth more CPU). The flag is read at every collection, so it holds
 * although set after start-up; it is this process's alone (a batch run, no editor's server).
 */
const HEAP_GROWING_PERCENT = 100;

async function main(): Promise<void> {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  // A closed pipe (`| head`) is the reader's choice, not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  const progress = new ProgressLine(process.stderr);
  try {
    // The only place the CLI meets the rule registry: everything below receives the rules.
    const rules = new RuleSet(RULES);
    const result = await runInParallel(
      process.argv.slice(2),
      {
        cwd: process.cwd(),
        readStdin: () => readFileSync(0, 'utf8'),
        onProgress: (phase, done, total) =>
          progress.update(`kube-hindsight: ${phase} ${done}/${total} files`),
      },
      rules,
      // This bundle is also the check's worker (see the end of this file).
      __filename,
    );
    progress.done();
    for (const piece of result.pieces?.() ?? [result.stdout]) writeInPieces(piece);
    process.stderr.write(result.stderr);
    process.exitCode = result.code;
  } catch (error) {
    progress.done();
    process.stderr.write(`kube-hindsight: internal error: ${String(error)}\n`);
    process.exitCode = 2;
  }
}

// The same bundle runs the main thread and the check's worker threads (parallel-check.ts), so the package
// ships one file and the worker can never be of another version than the command that starts it.
if (!isMainThread && (workerData as CheckWorkerData | undefined)?.kind === CHECK_WORKER) {
  runCheckWorker(workerData as CheckWorkerData, new RuleSet(RULES));
} else {
  void main();
}
