// The Pod Security Admission policy a namespace asks for, read from its labels exactly as the API server's
// `pod-security-admission` library reads them (api.PolicyToEvaluate): one level and version per mode
// (enforce, warn, audit), an invalid enforce level failing closed and an invalid warn or audit level failing
// open.

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';
export type PodSecurityMode = 'enforce' | 'warn' | 'audit';

export const POD_SECURITY_MODES: readonly PodSecurityMode[] = ['enforce', 'warn', 'audit'];
export const POD_SECURITY_LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];

/** A policy version: a minor of Kubernetes 1.x, or `latest` (the newest checks the cluster knows). */
export type PolicyVersion = number | 'latest';

export interface ModePolicy {
  level: PodSecurityLevel;
  version: PolicyVersion;
  /** Whether a label of the namespace set the level (else it is the cluster's default). */
  labelled: boolean;
}

export type NamespacePolicy = Record<PodSecurityMode, ModePolicy>;

export const LABEL_PREFIX = 'pod-security.kubernetes.io/';

const RANK: Record<PodSecurityLevel, number> = { privileged: 0, baseline: 1, restricted: 2 };

/** Whether `a` is a stricter level than `b`. */
export function stricter(a: PodSecurityLevel, b: PodSecurityLevel): boolean {
  return RANK[a] > RANK[b];
}

function parseLevel(value: string): PodSecurityLevel | undefined {
  return (POD_SECURITY_LEVELS as readonly string[]).includes(value) ? (value as PodSecurityLevel) : undefined;
}

/** `latest` or `v1.<minor>`; anything else is read as `latest`, as the library does. */
export function parseVersion(value: string): PolicyVersion {
  const match = /^v1\.(0|[1-9][0-9]*)$/.exec(value);
  return match ? Number(match[1]) : 'latest';
}

/**
 * The policy of a namespace with `labels`, over the cluster's defaults: `defaultEnforce` for the enforce mode
 * and privileged for warn and audit, each at version latest. As in the library: an enforce level that is not a level means restricted, an invalid
 * warn or audit level means privileged, and without a warn label the warn mode follows a stricter enforce
 * level (and its version, unless a warn version is set).
 */
export function namespacePolicy(
  labels: Record<string, unknown>,
  defaultEnforce: PodSecurityLevel = 'privileged',
): NamespacePolicy {
  const label = (name: string): string | undefined => {
    const value = labels[LABEL_PREFIX + name];
    return typeof value === 'string'
      ? value
      : value === undefined || value === null
        ? undefined
        : String(value);
  };
  const policy: NamespacePolicy = {
    enforce: { level: defaultEnforce, version: 'latest', labelled: false },
    warn: { level: 'privileged', version: 'latest', labelled: false },
    audit: { level: 'privileged', version: 'latest', labelled: false },
  };
  let enforceLevelValid = false;
  for (const mode of POD_SECURITY_MODES) {
    const level = label(mode);
    if (level !== undefined) {
      const parsed = parseLevel(level);
      policy[mode].level = parsed ?? (mode === 'enforce' ? 'restricted' : 'privileged');
      policy[mode].labelled = true;
      if (mode === 'enforce') enforceLevelValid = parsed !== undefined;
    }
    const version = label(`${mode}-version`);
    if (version !== undefined) policy[mode].version = parseVersion(version);
  }
  if (label('warn') === undefined && enforceLevelValid && stricter(policy.enforce.level, policy.warn.level)) {
    policy.warn.level = policy.enforce.level;
    policy.warn.labelled = false;
    if (label('warn-version') === undefined) policy.warn.version = policy.enforce.version;
  }
  return policy;
}

/**
 * The minor whose checks apply: `latest` means the newest checks of the cluster's own release (the project's
 * `kubernetesVersion`), and a version newer than the cluster's is read as the cluster's, as the library caps
 * a version at the newest it knows.
 */
export function effectiveMinor(version: PolicyVersion, clusterMinor: number): number {
  return version === 'latest' ? clusterMinor : Math.min(version, clusterMinor);
}

export function versionText(version: PolicyVersion): string {
  return version === 'latest' ? 'latest' : `v1.${version}`;
}
