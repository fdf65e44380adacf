// Settings shared by the editor (`kubeHindsight.*`) and the CLI. The descriptors below are the single source
// of the settings schema that scripts/generate.ts writes into package.json.
import { DEFAULT_LIMITS, LIMIT_SETTING_DESCRIPTORS } from './limits';
import { DEFAULT_KUBERNETES_VERSION, parseKubernetesVersion } from './kubernetes-version';
import { DEFAULT_PROFILE, readProfiles } from './profiles';
import { isPlainObject } from './values';
import type {
  AnalysisLimits,
  EngineSettings,
  FixSettings,
  PodSecurityLevelSetting,
  Severity,
  SeveritySetting,
} from './types';

export { DEFAULT_LIMITS, LIMIT_SETTING_DESCRIPTORS, type LimitSettingDescriptor } from './limits';

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'error', 'warning', 'info', 'hint'];

export const DEFAULT_FIX_SETTINGS: FixSettings = {
  memoryLimit: '512Mi',
  memoryRequest: '256Mi',
  cpuRequest: '100m',
  antiAffinityWeight: 100,
  antiAffinityTopologyKey: 'kubernetes.io/hostname',
  pdbMaxUnavailable: 1,
  pdbMinAvailable: null,
};

export { DEFAULT_KUBERNETES_VERSION } from './kubernetes-version';

/**
 * The Pod Security level assumed enforced where no Namespace label says otherwise (`podSecurity.level`).
 * `privileged`, Kubernetes' own default, so that the Pod Security rules speak only when a Namespace in view
 * or the team says what the cluster enforces: a manifest without either may well be meant for a namespace
 * that allows it (a node agent's), and a guess would repeat `privileged-container` and `sensitive-host-path`.
 */
export const DEFAULT_POD_SECURITY_LEVEL: PodSecurityLevelSetting = 'privileged';
export const POD_SECURITY_LEVEL_SETTINGS: readonly PodSecurityLevelSetting[] = [
  'privileged',
  'baseline',
  'restricted',
];

/** A `podSecurity.level` value, when it is one. */
export function normalisePodSecurityLevel(raw: unknown): PodSecurityLevelSetting | undefined {
  return typeof raw === 'string' && (POD_SECURITY_LEVEL_SETTINGS as readonly string[]).includes(raw)
    ? (raw as PodSecurityLevelSetting)
    : undefined;
}

/**
 * How long the editor waits after the last keystroke before analysing again (`kubeHindsight.analysis.debounceMs`):
 * long enough to skip the intermediate states of a word, short enough to feel immediate.
 */
export const DEFAULT_DEBOUNCE_MS = 150;
export const MAX_DEBOUNCE_MS = 5000;

/** The debounce a raw `analysis.debounceMs` value asks for: an integer in range, else the default. */
export function normaliseDebounce(raw: unknown): number {
  return Number.isInteger(raw) && (raw as number) >= 0 && (raw as number) <= MAX_DEBOUNCE_MS
    ? (raw as number)
    : DEFAULT_DEBOUNCE_MS;
}

/**
 * `kubeHindsight.reportSyntaxErrors`: whether the editor shows `invalid-yaml`. Other YAML extensions (Red
 * Hat's yaml-language-server among them) report syntax errors too; this lets their users see each error
 * once without turning the rule off for the CLI, which never reads this setting. On by default: a file that
 * does not parse must never look clean, and an editor without another YAML extension would show nothing.
 */
export const REPORT_SYNTAX_ERRORS_SETTING = {
  key: 'reportSyntaxErrors',
  default: true,
  description:
    'Show YAML syntax errors (rule `invalid-yaml`) in the editor. Turn it off when another YAML extension, such as Red Hat YAML, already reports them, to see each error once; the CLI and `.kube-hindsight.yaml` are not affected.',
} as const;

export const DEFAULT_SETTINGS: EngineSettings = {
  rules: {},
  profiles: [DEFAULT_PROFILE],
  ruleOptions: {},
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
  podSecurityLevel: DEFAULT_POD_SECURITY_LEVEL,
  fix: DEFAULT_FIX_SETTINGS,
  limits: DEFAULT_LIMITS,
};

export interface FixSettingDescriptor {
  key: keyof FixSettings;
  type: 'string' | 'integer' | ['string', 'integer'] | ['string', 'integer', 'null'];
  description: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
}

const QUANTITY = '^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$';
const INT_OR_PERCENT = '^[0-9]+%?$';

export const FIX_SETTING_DESCRIPTORS: readonly FixSettingDescriptor[] = [
  {
    key: 'memoryLimit',
    type: 'string',
    pattern: QUANTITY,
    description: 'Memory limit the "add memory limit" fix writes (a Kubernetes quantity such as 512Mi).',
  },
  {
    key: 'memoryRequest',
    type: 'string',
    pattern: QUANTITY,
    description: 'Memory request the resource fixes write when a container has none (never above its limit).',
  },
  {
    key: 'cpuRequest',
    type: 'string',
    pattern: QUANTITY,
    description:
      'CPU request the "add requests" fix writes when a container has none (never above its limit).',
  },
  {
    key: 'antiAffinityWeight',
    type: 'integer',
    minimum: 1,
    maximum: 100,
    description: 'Weight of the preferred pod anti-affinity term the anti-affinity fixes write (1-100).',
  },
  {
    key: 'antiAffinityTopologyKey',
    type: 'string',
    description: 'Topology key of the anti-affinity the fixes write: spread over nodes (default) or zones.',
  },
  {
    key: 'pdbMaxUnavailable',
    type: ['string', 'integer'],
    pattern: INT_OR_PERCENT,
    description:
      '`maxUnavailable` of the PodDisruptionBudget the "add PDB" fix writes (a count or a percentage).',
  },
  {
    key: 'pdbMinAvailable',
    type: ['string', 'integer', 'null'],
    pattern: INT_OR_PERCENT,
    description:
      'When set, the "add PDB" fix writes `minAvailable` with this value instead of `maxUnavailable`.',
  },
];

/**
 * Turns untrusted settings (from the editor or a config file) into engine settings. Unknown rule ids and
 * values of the wrong type are ignored rather than rejected: a typo in a setting must not switch analysis off.
 */
export function normaliseSettings(raw: unknown): EngineSettings {
  const input = isPlainObject(raw) ? raw : {};
  const rules: Record<string, SeveritySetting> = {};
  const ruleOptions: Record<string, Record<string, unknown>> = {};
  if (isPlainObject(input.rules)) {
    // A rule's entry is a severity ("off", "warning"…) or { severity, options }.
    for (const [id, value] of Object.entries(input.rules)) {
      const entry = isPlainObject(value) ? value : { severity: value };
      const severity = normaliseSeverity(entry.severity);
      if (severity) rules[id] = severity;
      if (isPlainObject(entry.options)) ruleOptions[id] = { ...entry.options };
    }
  }
  // The editor's switch for syntax errors wins over a severity for the rule: it says where they are shown.
  if (input[REPORT_SYNTAX_ERRORS_SETTING.key] === false) rules['invalid-yaml'] = 'off';
  const version =
    (typeof input.kubernetesVersion === 'string' && parseKubernetesVersion(input.kubernetesVersion)) ||
    DEFAULT_KUBERNETES_VERSION;
  const fix: FixSettings = { ...DEFAULT_FIX_SETTINGS };
  const rawFix = isPlainObject(input.fix) ? input.fix : {};
  for (const descriptor of FIX_SETTING_DESCRIPTORS) {
    const value = rawFix[descriptor.key];
    if (value === undefined) continue;
    const types: readonly string[] = Array.isArray(descriptor.type) ? descriptor.type : [descriptor.type];
    const ok =
      (value === null && types.includes('null')) ||
      (typeof value === 'string' &&
        types.includes('string') &&
        (!descriptor.pattern || new RegExp(descriptor.pattern).test(value))) ||
      (typeof value === 'number' &&
        Number.isInteger(value) &&
        types.includes('integer') &&
        (descriptor.minimum === undefined || value >= descriptor.minimum) &&
        (descriptor.maximum === undefined || value <= descriptor.maximum));
    if (ok) (fix as unknown as Record<string, unknown>)[descriptor.key] = value;
  }
  const podSecurityLevel =
    normalisePodSecurityLevel(isPlainObject(input.podSecurity) ? input.podSecurity.level : undefined) ??
    DEFAULT_POD_SECURITY_LEVEL;
  return {
    rules,
    profiles: readProfiles(input.profile) ?? [DEFAULT_PROFILE],
    ruleOptions,
    kubernetesVersion: version,
    podSecurityLevel,
    fix,
    limits: normaliseLimits(input.limits),
  };
}

/** Each bound is an integer within its descriptor's range; anything else keeps the default. */
function normaliseLimits(raw: unknown): AnalysisLimits {
  const limits: AnalysisLimits = { ...DEFAULT_LIMITS };
  if (!isPlainObject(raw)) return limits;
  for (const { key, minimum, maximum } of LIMIT_SETTING_DESCRIPTORS) {
    const value = raw[key];
    if (typeof value === 'number' && Number.isInteger(value) && value >= minimum && value <= maximum) {
      limits[key] = value;
    }
  }
  return limits;
}

/** Accepts the severities users write, including VS Code's "information" and "warn". */
export function normaliseSeverity(value: unknown): SeveritySetting | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  const aliases: Record<string, SeveritySetting> = {
    off: 'off',
    none: 'off',
    error: 'error',
    warning: 'warning',
    warn: 'warning',
    info: 'info',
    information: 'info',
    hint: 'hint',
  };
  return aliases[v];
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };
