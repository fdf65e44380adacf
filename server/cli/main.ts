// The command-line interface: the same engine and rules as the editor, for CI and terminals.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigLocator } from '../config/discovery';
import { layerSettings } from '../engine/config';
import { RULES } from '../../rules';
import { analyseText } from '../engine/engine';
import { ruleHref } from '../engine/explain';
import { computeLineStarts, offsetToPosition } from '../engine/positions';
import { normaliseSettings, SEVERITY_ORDER } from '../engine/settings';
import { EVIDENCE_LABELS } from '../engine/story';
import type { Finding, Severity } from '../engine/types';
import { VERSION } from '../engine/version';

const USAGE = `Usage: kube-hindsight check [--format text|json] [--fail-on error|warning|info|none] <file|dir|->...

Checks Kubernetes manifests for shapes that caused real outages, and tells the war story behind each finding.

  <file|dir|->          YAML files, directories (searched for *.yaml and *.yml, skipping node_modules
                        and .git), or - for standard input
  --format text|json    output format (default text); json follows a stable contract
  --fail-on LEVEL       exit 1 when a finding is at or above LEVEL: error, warning (default), info, none
  --version             print the version
  --help                print this help

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or I/O error.`;

/** An error the user can act on: printed as one line on stderr, exit code 2. */
class UsageError extends Error {}

interface Options {
  format: 'text' | 'json';
  failOn: Severity | 'none';
  inputs: string[];
}

export interface JsonFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  object: { apiVersion: string; kind: string; name: string | null; namespace: string | null };
  story: { title: string; url: string | null; evidence: string } | null;
}

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  if (argv.includes('--version')) return 'version';
  const [command, ...rest] = argv;
  if (command !== 'check') {
    throw new UsageError(
      command ? `unknown command "${command}" (try: kube-hindsight check <files>)` : 'no command given',
    );
  }
  const options: Options = { format: 'text', failOn: 'warning', inputs: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/, 2) : [arg, undefined];
    const value = (): string => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'json') throw new UsageError(`--format must be text or json, not "${v}"`);
      options.format = v;
    } else if (flag === '--fail-on') {
      const v = value();
      if (!['error', 'warning', 'info', 'none'].includes(v)) {
        throw new UsageError(`--fail-on must be error, warning, info or none, not "${v}"`);
      }
      options.failOn = v as Options['failOn'];
    } else if (arg === '-' || !arg.startsWith('-')) {
      options.inputs.push(arg);
    } else {
      throw new UsageError(`unknown option "${arg}"`);
    }
  }
  if (options.inputs.length === 0)
    throw new UsageError('no input given (a file, a directory, or - for stdin)');
  return options;
}

/** Expands directories into their YAML files, sorted so output is stable across machines. */
function expandInputs(inputs: string[], errors: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (error) {
      errors.push(`cannot read directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      return;
    }
    for (const entry of entries) {
      if (entry === 'node_modules' || entry === '.git') continue;
      const path = join(dir, entry);
      let stats;
      try {
        stats = statSync(path);
      } catch {
        continue; // A dangling link inside a directory is not the user's input; skip it.
      }
      if (stats.isDirectory()) walk(path);
      else if (/\.ya?ml$/i.test(entry)) files.push(path);
    }
  };
  for (const input of inputs) {
    if (input === '-') {
      files.push('-');
      continue;
    }
    try {
      if (statSync(input).isDirectory()) walk(input);
      else files.push(input);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      errors.push(
        code === 'ENOENT' ? `no such file or directory: ${input}` : `cannot read ${input}: ${code}`,
      );
    }
  }
  return files;
}

function displayPath(file: string): string {
  if (file === '-') return '<stdin>';
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

function toJsonFinding(file: string, lineStarts: number[], finding: Finding): JsonFinding {
  const start = offsetToPosition(lineStarts, finding.span.start);
  const end = offsetToPosition(lineStarts, finding.span.end);
  const story = RULES.find((r) => r.meta.id === finding.ruleId)?.meta.stories[0];
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    file: displayPath(file),
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    object: {
      apiVersion: finding.object.apiVersion,
      kind: finding.object.kind,
      name: finding.object.name ?? null,
      namespace: finding.object.namespace ?? null,
    },
    story: story ? { title: story.title, url: story.url ?? null, evidence: story.evidence } : null,
  };
}

function formatText(findings: JsonFinding[], fileCount: number): string {
  const out: string[] = [];
  for (const f of findings) {
    out.push(`${f.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId} ${f.message}`);
    if (f.story) {
      const rule = RULES.find((r) => r.meta.id === f.ruleId);
      const link = f.story.url ?? (rule ? ruleHref(rule.meta) : '');
      const evidence = EVIDENCE_LABELS[f.story.evidence as keyof typeof EVIDENCE_LABELS] ?? f.story.evidence;
      out.push(`    war story: ${f.story.title} (${evidence}) ${link}`.trimEnd());
    }
  }
  const counts = (['error', 'warning', 'info', 'hint'] as const)
    .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}${n === 1 ? '' : s === 'info' ? '' : 's'}`);
  // Each rule's story once, after the findings: the reason to care, told where the findings are read.
  const ruleIds = [...new Set(findings.map((f) => f.ruleId))];
  if (ruleIds.length > 0) out.push('', 'The stories behind these findings:');
  for (const id of ruleIds) {
    const story = RULES.find((r) => r.meta.id === id)?.meta.stories[0];
    if (story) out.push('', `  ${id}: ${story.title}`, ...wrap(story.summary, 96).map((l) => `    ${l}`));
  }
  if (ruleIds.length > 0) out.push('');
  const files = `${fileCount} file${fileCount === 1 ? '' : 's'}`;
  out.push(findings.length === 0 ? `No findings in ${files}.` : `${counts.join(', ')} in ${files}.`);
  return out.join('\n') + '\n';
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export function run(
  argv: string[],
  readStdin: () => string,
): { stdout: string; stderr: string; code: number } {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError)
      return { stdout: '', stderr: `kube-hindsight: ${error.message}\n${USAGE}\n`, code: 2 };
    throw error;
  }
  if (options === 'help') return { stdout: USAGE + '\n', stderr: '', code: 0 };
  if (options === 'version') return { stdout: VERSION + '\n', stderr: '', code: 0 };

  const errors: string[] = [];
  const configs = new ConfigLocator();
  const reportedConfigs = new Set<string>();
  const files = expandInputs(options.inputs, errors);
  const findings: JsonFinding[] = [];
  let analysed = 0;
  for (const file of files) {
    let text: string;
    try {
      text = file === '-' ? readStdin() : readFileSync(file, 'utf8');
    } catch (error) {
      errors.push(
        `cannot read ${displayPath(file)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
      continue;
    }
    // Each file follows the .kube-hindsight.yaml nearest to it (stdin: the working directory's).
    const absolute = resolve(file === '-' ? join(process.cwd(), '<stdin>') : file);
    const config = configs.forFile(absolute);
    if (config && !reportedConfigs.has(config.path)) {
      reportedConfigs.add(config.path);
      const starts = computeLineStarts(config.text);
      for (const problem of config.problems) {
        const at = offsetToPosition(starts, problem.span.start);
        errors.push(`${displayPath(config.path)}:${at.line + 1}:${at.character + 1}: ${problem.message}`);
      }
    }
    if (file !== '-' && configs.isIgnored(absolute, config)) continue;
    analysed++;
    const analysis = analyseText(text, RULES, {
      settings: normaliseSettings(layerSettings(config?.config, {})),
    });
    for (const failure of analysis.failures) {
      errors.push(`rule ${failure.ruleId} failed on ${displayPath(file)}: ${failure.error}`);
    }
    for (const finding of analysis.findings) {
      findings.push(toJsonFinding(file, analysis.file.lineStarts, finding));
    }
  }
  const stdout =
    options.format === 'json'
      ? JSON.stringify({ tool: 'kube-hindsight', version: VERSION, findings }, null, 2) + '\n'
      : formatText(findings, analysed);
  const stderr = errors.map((e) => `kube-hindsight: ${e}\n`).join('');
  if (errors.length > 0) return { stdout, stderr, code: 2 };
  const threshold = options.failOn;
  const failing =
    threshold !== 'none' && findings.some((f) => SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER[threshold]);
  return { stdout, stderr, code: failing ? 1 : 0 };
}

function main(): void {
  // A closed pipe (`| head`) is the reader's choice, not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  try {
    const result = run(process.argv.slice(2), () => readFileSync(0, 'utf8'));
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.code;
  } catch (error) {
    process.stderr.write(`kube-hindsight: internal error: ${String(error)}\n`);
    process.exitCode = 2;
  }
}

main();
