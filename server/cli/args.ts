// Command-line arguments: what the user asked for, validated before any file is read, so that a typo costs
// one line on stderr and exit code 2 rather than a half-finished run.
import type { RuleSet } from '../engine/rule-set';
import { DEFAULT_LIMITS, LIMIT_SETTING_DESCRIPTORS, normaliseSeverity } from '../engine/settings';
import { formatBytes } from '../engine/limits';
import {
  DEFAULT_KUBERNETES_VERSION,
  kubernetesVersionProblem,
  parseKubernetesVersion,
} from '../engine/kubernetes-version';
import type { Severity, SeveritySetting } from '../engine/types';
import { closest } from '../engine/distance';
import { PROFILE_NAMES, isProfileName, type ProfileName } from '../engine/profiles';

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];
export type FailOn = Severity | 'none';

export const USAGE = `Usage: kube-hindsight check [options] <file|dir|glob|->...
       kube-hindsight kustomize <dir>
       kube-hindsight --list-rules [--format text|json]
       kube-hindsight --explain <rule-id>

Checks Kubernetes manifests for shapes that caused real outages, and tells the war story behind each finding.
All inputs are analysed together: a PodDisruptionBudget in one file counts for a Deployment in another.

Inputs:
  <file>                  a YAML file (multi-document files and kind: List included)
  <dir>                   searched for *.yaml and *.yml, skipping node_modules, .git and config files
  <glob>                  a quoted pattern such as 'manifests/**/*.yaml' (**, *, ?, {a,b}), expanded here
  -                       standard input, e.g. helm template ./chart | kube-hindsight check -

Options:
  --format FORMAT         text (default), json (stable contract), sarif (SARIF 2.1.0, for code scanning)
                          or github (workflow commands that annotate a GitHub pull request)
  --fail-on LEVEL         exit 1 when a finding is at or above LEVEL: error, warning (default), info,
                          hint or none
  --max-warnings N        also exit 1 when there are more than N warnings
  --config FILE           use this .kube-hindsight.yaml for every input instead of the nearest one
  --profile NAME          the rules and severities to start from, over the configuration's extends:
                          recommended (default: informational rules as hints), strict (everything),
                          security or reliability; repeatable (their union)
  --rule ID=LEVEL         set a rule's severity (off, hint, info, warning, error) over the configuration;
                          repeatable
  --stdin-filename PATH   report standard input as PATH, and find its configuration from there
  --fix                   apply the safe fixes (and those of --fix-rule) to the files in place, keeping
                          comments, line endings and a BOM, then report what remains; standard input's
                          fixed text goes to stdout and the report to stderr
  --fix-dry-run           print the fixes --fix would apply as a unified diff, and change nothing
  --fix-rule ID           with --fix or --fix-dry-run, also apply this rule's first fix even where it
                          changes runtime behaviour (as kubeHindsight.fixOnSave does); repeatable
  --kubernetes-version V  the Kubernetes release the manifests target, such as 1.30 (default: the
                          configuration's kubernetesVersion, else ${DEFAULT_KUBERNETES_VERSION}); overrides kubernetesVersion
  --max-file-bytes SIZE   analyse files up to SIZE (bytes, or with KiB, MiB or GiB; default ${formatBytes(DEFAULT_LIMITS.maxFileBytes)}) instead of
                          reporting larger ones as file-skipped; overrides limits.maxFileBytes
  --list-rules            list the rules: id, default severity, category, quick fix, war story
  --explain RULE          print a rule's document: what it flags, why, the stories, how to configure it
  --version               print the version
  --help                  print this help

kube-hindsight kustomize <dir> prints the objects the Kustomize renderer makes of the folder's
kustomization, as \`kustomize build <dir>\` would (same documents, same order); notices go to stderr, and
exit code 1 means the folder could not be rendered.

A '# Source: chart/templates/x.yaml' comment (as helm template writes before each document) reports the
findings of that document against the template file, counting lines from the line after the comment.

With --fix, fixes that would create a new file (such as a PodDisruptionBudget) are not applied, and a file
whose fixed text would not parse or would lose a comment is left as it is, with a message on stderr. The
report and the exit code are those of the findings that remain.

Exit codes:
  0  no finding at or above --fail-on, and no more warnings than --max-warnings
  1  findings at or above --fail-on, or more warnings than --max-warnings
  2  usage error, configuration error, unreadable input, or a rule that failed`;

/** An error the user can act on: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {
  /** Whether to point at --help; messages that already say where to look do not need it. */
  constructor(
    message: string,
    readonly pointToHelp = true,
  ) {
    super(message);
  }
}

export interface CheckOptions {
  command: 'check';
  format: Format;
  failOn: FailOn;
  /** Exit 1 when the warnings outnumber this; undefined means no limit. */
  maxWarnings: number | undefined;
  /** A configuration file that replaces discovery for every input. */
  config: string | undefined;
  /** `--profile`: the profiles over the configuration's `extends:` (none given: the configuration's). */
  profiles: ProfileName[];
  /** Severities from `--rule`, layered over the configuration. */
  rules: Record<string, SeveritySetting>;
  /** The path standard input is reported as and configured from. */
  stdinFilename: string | undefined;
  /** `--kubernetes-version`, read as `1.N`: the target release over the configuration's `kubernetesVersion`. */
  kubernetesVersion: string | undefined;
  /** `--max-file-bytes`: the size bound over the configuration's `limits.maxFileBytes`. */
  maxFileBytes: number | undefined;
  /** `--fix` writes the planned fixes, `--fix-dry-run` prints them as a diff; 'off' only reports. */
  fix: 'off' | 'write' | 'dry-run';
  /** `--fix-rule`: rules whose first fix is applied even when it is not marked safe. */
  fixRules: string[];
  inputs: string[];
}

export type Command =
  | CheckOptions
  | { command: 'help' }
  | { command: 'kustomize'; dir: string }
  | { command: 'version' }
  | { command: 'list-rules'; format: 'text' | 'json'; config: string | undefined }
  | { command: 'explain'; ruleId: string; config: string | undefined };

const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'hint', 'none'];

/** Parses the command line; `rules` are the built-in rules, whose ids `--rule` and `--explain` may name. */
export function parseArgs(argv: readonly string[], rules: RuleSet): Command {
  if (argv.includes('--help') || argv.includes('-h')) return { command: 'help' };
  if (argv.includes('--version')) return { command: 'version' };
  const [first, ...afterFirst] = argv;
  // `kube-hindsight explain <id>` reads as naturally as `--explain <id>`; both are accepted.
  if (first === 'explain') {
    if (afterFirst.length !== 1) throw new UsageError('explain needs exactly one rule id');
    return { command: 'explain', ruleId: checkRuleId(afterFirst[0]!, 'explain', rules), config: undefined };
  }
  if (first === 'kustomize') {
    if (afterFirst.length !== 1 || afterFirst[0]!.startsWith('-')) {
      throw new UsageError('kustomize needs exactly one folder');
    }
    return { command: 'kustomize', dir: afterFirst[0]! };
  }
  const rest = first === 'check' ? afterFirst : argv;
  const options: CheckOptions = {
    command: 'check',
    format: 'text',
    failOn: 'warning',
    maxWarnings: undefined,
    config: undefined,
    profiles: [],
    rules: {},
    stdinFilename: undefined,
    kubernetesVersion: undefined,
    maxFileBytes: undefined,
    fix: 'off',
    fixRules: [],
    inputs: [],
  };
  let fixRuleGiven = false;
  let listRules = false;
  let explain: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? (arg.split(/=(.*)/s, 2) as [string, string])
        : [arg, undefined];
    const value = (): string => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--format': {
        const v = value();
        if (!(FORMATS as readonly string[]).includes(v)) {
          throw new UsageError(`--format must be text, json, sarif or github, not "${v}"`);
        }
        options.format = v as Format;
        break;
      }
      case '--fail-on': {
        const v = value();
        if (!(FAIL_ON as readonly string[]).includes(v)) {
          throw new UsageError(`--fail-on must be error, warning, info, hint or none, not "${v}"`);
        }
        options.failOn = v as FailOn;
        break;
      }
      case '--max-warnings': {
        const v = value();
        if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings must be a whole number, not "${v}"`);
        options.maxWarnings = Number(v);
        break;
      }
      case '--config':
        options.config = value();
        break;
      case '--profile': {
        const v = value();
        if (!isProfileName(v)) {
          throw new UsageError(`--profile must be ${PROFILE_NAMES.join(', ')}, not "${v}"`);
        }
        if (!options.profiles.includes(v)) options.profiles.push(v);
        break;
      }
      case '--rule': {
        const [id, level] = parseRuleOverride(value(), rules);
        options.rules[id] = level;
        break;
      }
      case '--stdin-filename':
        options.stdinFilename = value();
        break;
      case '--kubernetes-version': {
        const v = value();
        const version = parseKubernetesVersion(v);
        if (!version) throw new UsageError(kubernetesVersionProblem('--kubernetes-version', v), false);
        options.kubernetesVersion = version;
        break;
      }
      case '--max-file-bytes':
        options.maxFileBytes = parseSize(value());
        break;
      case '--fix':
      case '--fix-dry-run': {
        if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
        const mode = flag === '--fix' ? 'write' : 'dry-run';
        if (options.fix !== 'off' && options.fix !== mode) {
          throw new UsageError('--fix and --fix-dry-run cannot be given together');
        }
        options.fix = mode;
        break;
      }
      case '--fix-rule':
        options.fixRules.push(checkRuleId(value(), '--fix-rule', rules));
        fixRuleGiven = true;
        break;
      case '--list-rules':
        if (inline !== undefined) throw new UsageError('--list-rules takes no value');
        listRules = true;
        break;
      case '--explain':
        explain = checkRuleId(value(), '--explain', rules);
        break;
      default:
        if (arg === '-' || !arg.startsWith('-')) options.inputs.push(arg);
        else throw new UsageError(`unknown option "${arg}"`);
    }
  }
  if (listRules) {
    if (options.format !== 'text' && options.format !== 'json') {
      throw new UsageError('--list-rules prints text or json');
    }
    return { command: 'list-rules', format: options.format, config: options.config };
  }
  if (explain !== undefined) return { command: 'explain', ruleId: explain, config: options.config };
  if (first !== 'check') {
    throw new UsageError(
      first && !first.startsWith('-')
        ? `unknown command "${first}" (try: kube-hindsight check <files>)`
        : 'no command given (try: kube-hindsight check <files>)',
    );
  }
  if (options.inputs.length === 0) {
    throw new UsageError('no input given (a file, a directory, a glob, or - for stdin)');
  }
  // A --fix-rule alone would silently do nothing; the user meant one of the fix modes.
  if (fixRuleGiven && options.fix === 'off') {
    throw new UsageError('--fix-rule needs --fix or --fix-dry-run');
  }
  const stdinCount = options.inputs.filter((input) => input === '-').length;
  if (stdinCount > 1) throw new UsageError('- (standard input) can be given only once');
  if (options.stdinFilename !== undefined && stdinCount === 0) {
    throw new UsageError('--stdin-filename names standard input, but - is not among the inputs');
  }
  return options;
}

const SIZE_UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/**
 * A size for `--max-file-bytes`: bytes, or a number with K, M or G (optionally followed by B or iB; all
 * multiples of 1,024, as the finding's own "5 MiB" counts), within the bound's documented range.
 */
function parseSize(text: string): number {
  const { minimum, maximum } = LIMIT_SETTING_DESCRIPTORS.find((d) => d.key === 'maxFileBytes')!;
  const match = /^(\d+(?:\.\d+)?)\s*([KMG]?)(?:i?B)?$/i.exec(text.trim());
  const bytes = match ? Math.round(Number(match[1]) * SIZE_UNITS[match[2]!.toUpperCase()]!) : NaN;
  if (!(bytes >= minimum && bytes <= maximum)) {
    throw new UsageError(
      `--max-file-bytes must be a size from ${formatBytes(minimum)} to ${formatBytes(maximum)}, such as 20MiB or 20971520, not "${text}"`,
      false,
    );
  }
  return bytes;
}

/** `missing-pdb=off` → the rule id and severity, or a usage error that names the valid choices. */
function parseRuleOverride(text: string, rules: RuleSet): [string, SeveritySetting] {
  const match = /^([^=\s]+)=(.*)$/.exec(text.trim());
  if (!match) throw new UsageError(`--rule expects ID=LEVEL, such as missing-pdb=off, not "${text}"`);
  const id = checkRuleId(match[1]!, '--rule', rules);
  const level = normaliseSeverity(match[2]);
  if (!level) {
    throw new UsageError(
      `--rule ${id}: the level must be off, hint, info, warning or error, not "${match[2]}"`,
    );
  }
  return [id, level];
}

/**
 * A built-in rule's id, or a `team/` id: team rules live in the configuration, which is not read yet, so
 * those are checked once it is (see {@link checkTeamRuleIds}).
 */
function checkRuleId(id: string, where: string, rules: RuleSet): string {
  if (rules.has(id) || isTeamRuleId(id)) return id;
  const near = closest(id, rules.ids());
  throw new UsageError(
    `${where}: unknown rule "${id}"${near ? `; did you mean "${near}"?` : ''} (kube-hindsight --list-rules lists them)`,
    false,
  );
}

export function isTeamRuleId(id: string): boolean {
  return /^team\/[^\s/]+$/.test(id);
}

/** A usage error for the first `team/` id that none of `defined` (the configuration's team rules) names. */
export function checkTeamRuleIds(ids: readonly string[], defined: readonly string[], where: string): void {
  for (const id of ids) {
    if (!isTeamRuleId(id) || defined.includes(id)) continue;
    const near = closest(id, defined);
    throw new UsageError(
      `${where}: unknown rule "${id}"${near ? `; did you mean "${near}"?` : ''} (no team rule of that id in the configuration; kube-hindsight --list-rules lists them)`,
      false,
    );
  }
}
