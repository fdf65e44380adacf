// The repository configuration file, `.kube-hindsight.yaml`, shared by the editor and the CLI:
//
//   extends: recommended               # a profile (profiles.ts) or a list of them
//   kubernetesVersion: "1.30"          # the minor the manifests target
//   podSecurity:                       # the Pod Security level the cluster enforces by default
//     level: baseline                  # privileged (the default: no checks) | baseline | restricted
//   rules:
//     missing-memory-limit: off        # a severity: off | hint | info | warning | error
//     missing-startup-probe:           # or a severity with options
//       severity: warning
//       options: { minStartupSeconds: 90 }
//   ignore:                            # globs, relative to this file, of manifests not to analyse
//     - generated/**
//   limits:                            # the analysis bounds (limits.ts), e.g. for a large generated bundle
//     maxFileBytes: 20971520
//   teamRules:                         # the team's own rules, from its postmortems (team-rules.ts)
//     - id: team/payments-need-pdb
//       …
//   include:                           # globs, relative to this file, of more files of team rules
//     - .kube-hindsight/rules/*.yaml
//   admissionPolicies:                 # folders (or files, globs), relative to this file, of the cluster's
//     - ../platform/policies           # ValidatingAdmissionPolicies and bindings (CLI and editor)
//
// Parsing is pure: text in, settings and located problems out. Invalid entries are reported and skipped,
// never fatal: one typo must not switch off a team's whole configuration.
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import { closest } from './distance';
import { cachedGlob, describeGlobError, GlobError, matchesGlob } from './glob';
import { PROFILE_NAMES, isProfileName, readProfiles, type ProfileName } from './profiles';
import { optionValueIsValid, type Rule } from './rule';
import type { RuleSet } from './rule-set';
import {
  LIMIT_SETTING_DESCRIPTORS,
  normalisePodSecurityLevel,
  normaliseSeverity,
  POD_SECURITY_LEVEL_SETTINGS,
} from './settings';
import { kubernetesVersionProblem, parseKubernetesVersion } from './kubernetes-version';
import { readTeamRules } from './team-rules';
import type { PodSecurityLevelSetting, Span } from './types';

export const CONFIG_FILE_NAMES = ['.kube-hindsight.yaml', '.kube-hindsight.yml'] as const;

export interface RepoConfig {
  /** Raw settings in the shape `normaliseSettings` accepts (rules, kubernetesVersion, limits). */
  settings: {
    rules: Record<string, unknown>;
    /** The profiles `extends:` names, under the file's `rules:` entries. */
    profile?: ProfileName[];
    kubernetesVersion?: string;
    podSecurity?: { level: PodSecurityLevelSetting };
    limits?: Record<string, number>;
  };
  /** Glob patterns relative to the config file's folder. */
  ignore: string[];
  /** The team's own rules (`teamRules` and the files `include` names), to run after the built-in ones. */
  teamRules: Rule[];
  /** The rules that run under this file: the rules it was read against, then its team rules. */
  ruleSet: RuleSet;
  /** Glob patterns, relative to the config file's folder, of files with more team rules. */
  include: string[];
  /**
   * Deployment units the team declares (`units:`): each a list of globs relative to the config file's
   * folder, for an app whose manifests live in several folders. A file in none keeps the default unit.
   */
  units: string[][];
  /**
   * Folders, files or globs relative to the config file's folder (`admissionPolicies:`) whose
   * ValidatingAdmissionPolicies and bindings apply to every manifest: the CLI and the language server read
   * them beside the manifests (server/config/admission-sources.ts), and each entry keeps its place in the
   * file, where a folder that cannot be read is reported.
   */
  admissionPolicies: AdmissionPolicyEntry[];
}

/** One entry of `admissionPolicies:` and where it is in the configuration file. */
export interface AdmissionPolicyEntry {
  path: string;
  span: Span;
}

export interface ConfigProblem {
  message: string;
  span: Span;
  /** The included team rule file the problem is in; absent for the configuration file itself. */
  path?: string;
}

/** An included file of team rules, read by the caller (the engine reads no files). */
export interface IncludedFile {
  path: string;
  text: string;
}

const TOP_LEVEL_KEYS = [
  'extends',
  'kubernetesVersion',
  'podSecurity',
  'rules',
  'ignore',
  'limits',
  'units',
  'teamRules',
  'include',
  'admissionPolicies',
];

/**
 * Parses the configuration against `rules` (the built-in ones: the ids `rules:` may name, and the ids team
 * rules may not take). `readIncluded` returns the files matching the `include` globs (the discovery layer
 * reads them); their team rules join the file's own, and their problems carry the file's path.
 */
export function parseConfig(
  text: string,
  rules: RuleSet,
  readIncluded?: (globs: readonly string[]) => IncludedFile[],
): { config: RepoConfig; problems: ConfigProblem[] } {
  const config: RepoConfig = {
    settings: { rules: {} },
    ignore: [],
    teamRules: [],
    ruleSet: rules,
    include: [],
    units: [],
    admissionPolicies: [],
  };
  const problems: ConfigProblem[] = [];
  const doc = parseDocument(text, { prettyErrors: false, logLevel: 'error' });
  const at = (node: YamlNode | null | undefined): Span =>
    node?.range ? { start: node.range[0], end: node.range[1] } : { start: 0, end: 0 };
  for (const error of doc.errors) {
    problems.push({
      message: `Invalid YAML: ${error.message.split('\n')[0]}`,
      span: { start: error.pos[0], end: error.pos[1] },
    });
  }
  if (doc.errors.length > 0) return { config, problems };
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { config, problems };
  if (!isMap(root)) {
    problems.push({
      message: `The configuration must be a mapping (${TOP_LEVEL_KEYS.join(', ')}).`,
      span: at(root),
    });
    return { config, problems };
  }
  let plain: Record<string, unknown>;
  try {
    plain = (doc.toJS({ maxAliasCount: 20 }) ?? {}) as Record<string, unknown>;
  } catch {
    problems.push({ message: 'The configuration uses too many or broken YAML aliases.', span: at(root) });
    return { config, problems };
  }
  // Team rules first, so that `rules:` may set their severity.
  const taken = new Set(rules.ids());
  for (const item of root.items as Pair<YamlNode, YamlNode | null>[]) {
    const key = isScalar(item.key) ? String(item.key.value) : '';
    if (key === 'teamRules') {
      const read = readTeamRules(item.value, taken);
      config.teamRules.push(...read.rules);
      problems.push(...read.problems);
    } else if (key === 'include') {
      config.include = readGlobs(
        item,
        'include',
        'include must be a list of glob patterns below this folder, such as ".kube-hindsight/rules/*.yaml".',
        (glob) => !glob.includes('..'),
        problems,
        at,
      );
    }
  }
  for (const file of config.include.length > 0 && readIncluded ? readIncluded(config.include) : []) {
    const read = parseTeamRuleFile(file.text, taken);
    config.teamRules.push(...read.rules);
    problems.push(...read.problems.map((p) => ({ ...p, path: file.path })));
  }
  config.ruleSet = rules.with(config.teamRules);
  for (const item of root.items as Pair<YamlNode, YamlNode | null>[]) {
    const key = isScalar(item.key) ? String(item.key.value) : '';
    const value = item.value;
    if (!TOP_LEVEL_KEYS.includes(key)) {
      problems.push({
        message: `Unknown setting "${key}": expected one of ${TOP_LEVEL_KEYS.join(', ')}.`,
        span: at(item.key),
      });
      continue;
    }
    if (key === 'teamRules' || key === 'include') continue;
    if (key === 'extends') {
      const profiles = readExtends(value, problems, at);
      if (profiles.length > 0) config.settings.profile = profiles;
    } else if (key === 'kubernetesVersion') {
      // The text as written, not the value YAML reads: an unquoted `1.30` is the number 1.3, and reading it as
      // Kubernetes 1.3 would be exactly the silent misreading this setting must not have.
      const written = value?.range ? text.slice(value.range[0], value.range[1]).trim() : '';
      const unquoted = written.replace(/^(["'])(.*)\1$/s, '$2');
      const version = isScalar(value) ? parseKubernetesVersion(unquoted) : undefined;
      if (version) config.settings.kubernetesVersion = version;
      else
        problems.push({
          message: `${kubernetesVersionProblem('kubernetesVersion', unquoted)}.`,
          span: at(value ?? item.key),
        });
    } else if (key === 'podSecurity') {
      const level = isMap(value) ? value.get('level', true) : undefined;
      const parsed = normalisePodSecurityLevel(isScalar(level) ? level.value : undefined);
      if (parsed) config.settings.podSecurity = { level: parsed };
      else
        problems.push({
          message: `podSecurity must be a mapping with level: ${POD_SECURITY_LEVEL_SETTINGS.join(', ')}.`,
          span: at((isScalar(level) ? level : undefined) ?? value ?? item.key),
        });
    } else if (key === 'limits') {
      readLimits(value, plain.limits, config, problems, at);
    } else if (key === 'units') {
      config.units = readUnits(value, problems, at);
    } else if (key === 'admissionPolicies') {
      config.admissionPolicies = readLocatedGlobs(
        item,
        'admissionPolicies',
        'admissionPolicies must be a list of folders, files or glob patterns, such as "policies" or "../platform/policies".',
        () => true,
        problems,
        at,
      );
    } else if (key === 'ignore') {
      config.ignore = readGlobs(
        item,
        'ignore',
        'ignore must be a list of glob patterns, such as "generated/**".',
        () => true,
        problems,
        at,
      );
    } else if (value !== null) {
      if (!isMap(value)) {
        problems.push({
          message: 'rules must map rule ids to a severity or { severity, options }.',
          span: at(value),
        });
        continue;
      }
      for (const entry of value.items as Pair<YamlNode, YamlNode | null>[]) {
        const id = isScalar(entry.key) ? String(entry.key.value) : '';
        checkRuleEntry(entry, (plain.rules as Record<string, unknown>)[id] ?? null, config, problems, at);
      }
    }
  }
  return { config, problems };
}

/**
 * `extends:`, a profile or a list of profiles. An unknown name is a problem at its place, with the nearest
 * profile's name; the valid names still apply.
 */
function readExtends(
  value: YamlNode | null,
  problems: ConfigProblem[],
  at: (node: YamlNode | null | undefined) => Span,
): ProfileName[] {
  const usage = `extends must be a profile (${PROFILE_NAMES.join(', ')}) or a list of them.`;
  const entries = isSeq(value) ? (value.items as (YamlNode | null)[]) : [value];
  const profiles: ProfileName[] = [];
  for (const entry of entries) {
    const name = isScalar(entry) && typeof entry.value === 'string' ? entry.value.trim() : undefined;
    if (isProfileName(name)) {
      if (!profiles.includes(name)) profiles.push(name);
      continue;
    }
    const near = name ? closest(name, PROFILE_NAMES) : undefined;
    problems.push({
      message:
        name === undefined
          ? usage
          : `Unknown profile "${name}"${near ? `; did you mean "${near}"?` : ''} (profiles: ${PROFILE_NAMES.join(', ')}).`,
      span: at(entry ?? value),
    });
  }
  return profiles;
}

/**
 * Reads a list of globs (`ignore`, `include`). Each pattern that is not a string, is refused by `allowed` or
 * cannot be read as a glob is a problem at its own entry and is left out; the others apply. A value that is no
 * list at all is one problem at the value.
 */
function readGlobs(
  item: Pair<YamlNode, YamlNode | null>,
  key: string,
  usage: string,
  allowed: (glob: string) => boolean,
  problems: ConfigProblem[],
  at: (node: YamlNode | null | undefined) => Span,
): string[] {
  return readLocatedGlobs(item, key, usage, allowed, problems, at).map((entry) => entry.path);
}

/** readGlobs, with the place of each pattern in the file. */
function readLocatedGlobs(
  item: Pair<YamlNode, YamlNode | null>,
  key: string,
  usage: string,
  allowed: (glob: string) => boolean,
  problems: ConfigProblem[],
  at: (node: YamlNode | null | undefined) => Span,
): AdmissionPolicyEntry[] {
  const value = item.value;
  if (value === null || (isScalar(value) && value.value === null)) return [];
  if (!isSeq(value)) {
    problems.push({ message: usage, span: at(value) });
    return [];
  }
  const globs: AdmissionPolicyEntry[] = [];
  for (const entry of value.items as (YamlNode | null)[]) {
    const glob = isScalar(entry) && typeof entry.value === 'string' ? entry.value.trim() : '';
    if (!glob || !allowed(glob)) {
      problems.push({ message: usage, span: at(entry ?? value) });
      continue;
    }
    const compiled = cachedGlob(glob);
    if (compiled instanceof GlobError) {
      problems.push({ message: `${key}: ${describeGlobError(glob, compiled)}.`, span: at(entry) });
      continue;
    }
    globs.push({ path: glob, span: at(entry) });
  }
  return globs;
}

const UNITS_USAGE =
  'units must be a list whose entries are a glob or a list of globs, such as ["apps/shop/**", "deploy/shop/*"].';

/**
 * `units:`: each entry a glob or a list of globs (one deployment unit). A glob that cannot be read, or an
 * entry of another shape, is a problem at its place and is left out; the other entries apply.
 */
function readUnits(
  value: YamlNode | null,
  problems: ConfigProblem[],
  at: (node: YamlNode | null | undefined) => Span,
): string[][] {
  if (value === null || (isScalar(value) && value.value === null)) return [];
  if (!isSeq(value)) {
    problems.push({ message: UNITS_USAGE, span: at(value) });
    return [];
  }
  const units: string[][] = [];
  for (const entry of value.items as (YamlNode | null)[]) {
    const items = isSeq(entry) ? (entry.items as (YamlNode | null)[]) : [entry];
    const globs: string[] = [];
    for (const item of items) {
      const glob = isScalar(item) && typeof item.value === 'string' ? item.value.trim() : '';
      if (!glob) {
        problems.push({ message: UNITS_USAGE, span: at(item ?? entry ?? value) });
        continue;
      }
      const compiled = cachedGlob(glob);
      if (compiled instanceof GlobError) {
        problems.push({ message: `units: ${describeGlobError(glob, compiled)}.`, span: at(item) });
        continue;
      }
      globs.push(glob);
    }
    if (globs.length > 0) units.push(globs);
  }
  return units;
}

/**
 * `limits:`, the analysis bounds: each a whole number within its setting's range (LIMIT_SETTING_DESCRIPTORS,
 * the same ranges the editor's schema enforces). A wrong entry is a problem at its key and keeps the default.
 */
function readLimits(
  node: YamlNode | null,
  raw: unknown,
  config: RepoConfig,
  problems: ConfigProblem[],
  at: (node: YamlNode | null | undefined) => Span,
): void {
  const names = LIMIT_SETTING_DESCRIPTORS.map((d) => d.key).join(', ');
  if (!isMap(node) || typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({ message: `limits must be a mapping of bounds (${names}).`, span: at(node) });
    return;
  }
  const limits: Record<string, number> = {};
  for (const entry of node.items as Pair<YamlNode, YamlNode | null>[]) {
    const name = isScalar(entry.key) ? String(entry.key.value) : '';
    const value = (raw as Record<string, unknown>)[name];
    const descriptor = LIMIT_SETTING_DESCRIPTORS.find((d) => d.key === name);
    if (!descriptor) {
      const near = closest(
        name,
        LIMIT_SETTING_DESCRIPTORS.map((d) => d.key),
      );
      problems.push({
        message: `Unknown limit "${name}"${near ? `; did you mean "${near}"?` : ''} (limits: ${names}).`,
        span: at(entry.key),
      });
    } else if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < descriptor.minimum ||
      value > descriptor.maximum
    ) {
      problems.push({
        message: `limits.${name} must be a whole number from ${descriptor.minimum} to ${descriptor.maximum}.`,
        span: at(entry.value ?? entry.key),
      });
    } else {
      limits[name] = value;
    }
  }
  config.settings.limits = limits;
}

/** An included file of team rules: a list of rules, or a mapping with `teamRules`. */
export function parseTeamRuleFile(text: string, taken: Set<string>): ReturnType<typeof readTeamRules> {
  const doc = parseDocument(text, { prettyErrors: false, logLevel: 'error' });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    return {
      rules: [],
      problems: [
        {
          message: `Invalid YAML: ${error.message.split('\n')[0]}`,
          span: { start: error.pos[0], end: error.pos[1] },
        },
      ],
    };
  }
  const root = doc.contents;
  const list = isMap(root)
    ? (root.items.find((p) => isScalar(p.key) && p.key.value === 'teamRules')?.value ?? null)
    : root;
  return readTeamRules(list as YamlNode | null, taken);
}

function checkRuleEntry(
  entry: Pair<YamlNode, YamlNode | null>,
  raw: unknown,
  config: RepoConfig,
  problems: ConfigProblem[],
  at: (node: YamlNode | null | undefined) => Span,
): void {
  const id = isScalar(entry.key) ? String(entry.key.value) : '';
  const rule = config.ruleSet.get(id);
  if (!rule) {
    const near = closest(id, config.ruleSet.ids());
    problems.push({
      message: `Unknown rule "${id}"${near ? `; did you mean "${near}"?` : '.'}`,
      span: at(entry.key),
    });
    return;
  }
  const object =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  const severityValue = object ? object.severity : raw;
  if (severityValue !== undefined && !normaliseSeverity(severityValue)) {
    problems.push({
      message: `Rule "${id}": severity must be off, hint, info, warning or error, not ${JSON.stringify(severityValue)}.`,
      span: at(entry.value ?? entry.key),
    });
    return;
  }
  const options: Record<string, unknown> = {};
  if (object) {
    for (const key of Object.keys(object)) {
      if (key !== 'severity' && key !== 'options') {
        problems.push({
          message: `Rule "${id}": unknown key "${key}" (expected severity, options).`,
          span: at(entry.value),
        });
      }
    }
    const rawOptions = object.options;
    if (rawOptions !== undefined) {
      if (typeof rawOptions !== 'object' || rawOptions === null || Array.isArray(rawOptions)) {
        problems.push({ message: `Rule "${id}": options must be a mapping.`, span: at(entry.value) });
      } else {
        for (const [name, value] of Object.entries(rawOptions)) {
          const spec = rule.meta.options?.[name];
          const known = Object.keys(rule.meta.options ?? {});
          if (!spec) {
            problems.push({
              message: `Rule "${id}" has no option "${name}"${known.length ? ` (options: ${known.join(', ')})` : ''}.`,
              span: at(entry.value),
            });
          } else if (!optionValueIsValid(spec, value)) {
            problems.push({
              message: `Rule "${id}": option "${name}" must be ${spec.enum ? `one of ${spec.enum.join(', ')}` : `a ${spec.type}`}${spec.minimum !== undefined ? ` of at least ${spec.minimum}` : ''}.`,
              span: at(entry.value),
            });
          } else {
            options[name] = value;
          }
        }
      }
    }
  }
  config.settings.rules[id] = {
    ...(severityValue !== undefined ? { severity: severityValue } : {}),
    ...(Object.keys(options).length ? { options } : {}),
  };
}

/**
 * Layers editor settings over the repository configuration: the editor's per-rule entries replace the
 * file's entries for the same rule, an editor `kubernetesVersion` or `podSecurity.level` replaces the file's, an
 * editor `profile` replaces the file's `extends`, and so does each bound the editor sets under `limits` (the
 * CLI's `--profile` and `--max-file-bytes` come in the same way). Per-rule entries, wherever they come from,
 * win over every profile.
 */
export function layerSettings(
  repo: RepoConfig | undefined,
  editor: Record<string, unknown>,
): Record<string, unknown> {
  const editorRules =
    typeof editor.rules === 'object' && editor.rules !== null
      ? (editor.rules as Record<string, unknown>)
      : {};
  return {
    ...editor,
    // Only a version the editor really set counts: an editor may send "" for an unset string setting.
    kubernetesVersion:
      (typeof editor.kubernetesVersion === 'string' && parseKubernetesVersion(editor.kubernetesVersion)) ||
      repo?.settings.kubernetesVersion,
    // Only a level the editor really set counts (the setting is null until the user picks one).
    podSecurity: {
      level:
        normalisePodSecurityLevel(
          typeof editor.podSecurity === 'object' && editor.podSecurity !== null
            ? (editor.podSecurity as Record<string, unknown>).level
            : undefined,
        ) ?? repo?.settings.podSecurity?.level,
    },
    // Only a profile the editor really set counts: the setting is unset (null) until a user picks one.
    profile: readProfiles(editor.profile) ?? repo?.settings.profile,
    rules: { ...(repo?.settings.rules ?? {}), ...editorRules },
    limits: { ...(repo?.settings.limits ?? {}), ...numbersOf(editor.limits) },
  };
}

/**
 * The bounds an editor really set: whole numbers within each bound's range. A client may send unset bounds
 * as null, and VS Code sends 0 for an integer setting without a default; neither may override the file.
 */
function numbersOf(value: unknown): Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, number] => {
      const descriptor = LIMIT_SETTING_DESCRIPTORS.find((d) => d.key === entry[0]);
      const bound = entry[1];
      return (
        descriptor !== undefined &&
        typeof bound === 'number' &&
        Number.isInteger(bound) &&
        bound >= Math.max(descriptor.minimum, 1) &&
        bound <= descriptor.maximum
      );
    }),
  );
}

/** Whether a path relative to the config folder (with `/` separators) is ignored by the configuration. */
export function isIgnoredPath(config: RepoConfig, relativePath: string): boolean {
  return config.ignore.some((glob) => matchesGlob(glob, relativePath));
}
