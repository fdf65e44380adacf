// The Kubernetes release the manifests target (`kubernetesVersion` in `.kube-hindsight.yaml`, the editor's
// `kubeHindsight.kubernetesVersion`, the CLI's `--kubernetes-version`): one reading of the value for all three,
// so that a value one front end accepts is never silently ignored by another.

/**
 * The release the rules assume when the user names none: the release whose API the bundled schema describes
 * (server/engine/schema/, Kubernetes 1.36), so that the default target and the schema agree. A test keeps the
 * two equal when the schema is regenerated from a newer release.
 */
export const DEFAULT_KUBERNETES_VERSION = '1.36';

/**
 * The oldest target accepted. The table of removed APIs (api-removals.ts) starts with the removals of 1.16, so
 * for an older target the version rules would call APIs current that its own API server no longer served, and
 * a version rule that is silently wrong is worse than a clear refusal.
 */
export const OLDEST_KUBERNETES_MINOR = 16;

/** The pattern of the editor setting, the same reading as {@link parseKubernetesVersion}. */
export const KUBERNETES_VERSION_PATTERN = '^v?1\\.(1[6-9]|[2-9][0-9]|[1-9][0-9]{2,})(\\.[0-9]+)?$';

/** What the editor's settings UI and the error messages say about a value that is not a release. */
export const KUBERNETES_VERSION_HINT = `a Kubernetes release such as "1.30" (or "v1.30.2"), 1.${OLDEST_KUBERNETES_MINOR} or later`;

/**
 * `1.30`, `v1.30` or `1.30.2` as the release `1.30`; undefined for anything else, including releases older
 * than {@link OLDEST_KUBERNETES_MINOR}. The patch level is accepted because clusters report it (`kubectl
 * version`), and dropped because API availability changes only between minor releases.
 */
export function parseKubernetesVersion(text: string): string | undefined {
  const match = /^v?1\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  if (!match) return undefined;
  const minor = Number(match[1]);
  return minor >= OLDEST_KUBERNETES_MINOR ? `1.${minor}` : undefined;
}

/** The message (without a final period) for a value {@link parseKubernetesVersion} refuses, naming its source. */
export function kubernetesVersionProblem(where: string, text: string): string {
  return `${where} must be ${KUBERNETES_VERSION_HINT}, not "${text}"`;
}

/** The minor release of a version {@link parseKubernetesVersion} produced (`1.30` → 30). */
export function minorOf(version: string): number {
  const minor = Number(version.split('.')[1]);
  return Number.isInteger(minor) ? minor : Number(DEFAULT_KUBERNETES_VERSION.split('.')[1]);
}
