// The API versions Kubernetes has stopped serving, by release.
//
// Source: the Kubernetes "Deprecated API Migration Guide",
// https://kubernetes.io/docs/reference/using-api/deprecation-guide/ (kubernetes/website,
// content/en/docs/reference/using-api/deprecation-guide.md), sections v1.16, v1.22, v1.25, v1.26, v1.27, v1.29
// and v1.32. `sameFields` is true exactly where the guide says "No notable changes" (or lists none) for the
// migration, so that changing `apiVersion` alone keeps the manifest valid with the same meaning; `change` is
// our summary of the guide's "notable changes" otherwise. Alpha versions are not listed (the guide does not
// cover them), and neither are kinds that never appear in manifests (the *List kinds).

export interface Removal {
  apiVersion: string;
  kinds: readonly string[];
  /** The minor release of Kubernetes 1.x that stopped serving this version. */
  removedIn: number;
  /** What to migrate to when targeting Kubernetes 1.`target`; undefined when nothing replaces it. */
  replacement: (target: number) => string | undefined;
  /** How the replacement differs, or, without a replacement, what to do instead. */
  change: (target: number) => string;
  /**
   * When changing `apiVersion` alone is a complete and safe migration: `always`, `never`, or a guard:
   * `non-empty-selector` (policy/v1 reads an empty selector differently) and `v2-metric-targets` (v2beta1-style
   * target fields would be invalid).
   */
  fix: 'always' | 'never' | 'non-empty-selector' | 'v2-metric-targets' | ((target: number) => boolean);
}

const SAME_FIELDS = (): string => 'same fields';
const to = (apiVersion: string) => (): string => apiVersion;
/** FlowSchema and PriorityLevelConfiguration: v1beta2 (until 1.28), v1beta3 (1.26 to 1.31), v1 (since 1.29). */
const flowcontrol = (target: number): string =>
  target >= 29 ? 'flowcontrol.apiserver.k8s.io/v1' : 'flowcontrol.apiserver.k8s.io/v1beta3';

export const REMOVALS: readonly Removal[] = [
  // v1.16
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['NetworkPolicy'],
    removedIn: 16,
    replacement: to('networking.k8s.io/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['DaemonSet'],
    removedIn: 16,
    replacement: to('apps/v1'),
    change: () => 'spec.selector becomes required and updateStrategy now defaults to RollingUpdate',
    fix: 'never',
  },
  {
    apiVersion: 'apps/v1beta2',
    kinds: ['DaemonSet'],
    removedIn: 16,
    replacement: to('apps/v1'),
    change: () => 'spec.selector becomes required and updateStrategy now defaults to RollingUpdate',
    fix: 'never',
  },
  ...['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'].map((apiVersion): Removal => ({
    apiVersion,
    kinds: ['Deployment'],
    removedIn: 16,
    replacement: to('apps/v1'),
    change: () =>
      'spec.selector becomes required, rollbackTo is gone, and the defaults of progressDeadlineSeconds, ' +
      'revisionHistoryLimit, maxSurge and maxUnavailable change',
    fix: 'never',
  })),
  ...['apps/v1beta1', 'apps/v1beta2'].map((apiVersion): Removal => ({
    apiVersion,
    kinds: ['StatefulSet'],
    removedIn: 16,
    replacement: to('apps/v1'),
    change: () => 'spec.selector becomes required and updateStrategy now defaults to RollingUpdate',
    fix: 'never',
  })),
  ...['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'].map((apiVersion): Removal => ({
    apiVersion,
    kinds: ['ReplicaSet'],
    removedIn: 16,
    replacement: to('apps/v1'),
    change: () => 'spec.selector becomes required',
    fix: 'never',
  })),
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['PodSecurityPolicy'],
    removedIn: 16,
    // policy/v1beta1 took over until 1.25 removed PodSecurityPolicy altogether.
    replacement: (target) => (target < 25 ? 'policy/v1beta1' : undefined),
    change: (target) =>
      target < 25
        ? 'same fields, until PodSecurityPolicy itself is removed in 1.25'
        : 'PodSecurityPolicy itself was removed in 1.25: enforce pod security with Pod Security Admission ' +
          'namespace labels or a policy webhook',
    fix: (target) => target < 25,
  },
  // v1.22
  {
    apiVersion: 'admissionregistration.k8s.io/v1beta1',
    kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    removedIn: 22,
    replacement: to('admissionregistration.k8s.io/v1'),
    change: () =>
      'sideEffects and admissionReviewVersions become required, and failurePolicy now defaults to Fail and ' +
      'timeoutSeconds to 10s',
    fix: 'never',
  },
  {
    apiVersion: 'apiextensions.k8s.io/v1beta1',
    kinds: ['CustomResourceDefinition'],
    removedIn: 22,
    replacement: to('apiextensions.k8s.io/v1'),
    change: () => 'scope must be explicit and every version needs a structural schema under spec.versions',
    fix: 'never',
  },
  {
    apiVersion: 'apiregistration.k8s.io/v1beta1',
    kinds: ['APIService'],
    removedIn: 22,
    replacement: to('apiregistration.k8s.io/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'authentication.k8s.io/v1beta1',
    kinds: ['TokenReview'],
    removedIn: 22,
    replacement: to('authentication.k8s.io/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'authorization.k8s.io/v1beta1',
    kinds: [
      'LocalSubjectAccessReview',
      'SelfSubjectAccessReview',
      'SubjectAccessReview',
      'SelfSubjectRulesReview',
    ],
    removedIn: 22,
    replacement: to('authorization.k8s.io/v1'),
    change: () => 'spec.group is renamed spec.groups',
    fix: 'never',
  },
  {
    apiVersion: 'certificates.k8s.io/v1beta1',
    kinds: ['CertificateSigningRequest'],
    removedIn: 22,
    replacement: to('certificates.k8s.io/v1'),
    change: () => 'spec.signerName and spec.usages become required',
    fix: 'never',
  },
  {
    apiVersion: 'coordination.k8s.io/v1beta1',
    kinds: ['Lease'],
    removedIn: 22,
    replacement: to('coordination.k8s.io/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  ...['extensions/v1beta1', 'networking.k8s.io/v1beta1'].map((apiVersion): Removal => ({
    apiVersion,
    kinds: ['Ingress'],
    removedIn: 22,
    replacement: to('networking.k8s.io/v1'),
    change: () =>
      'backends are written service.name and service.port, spec.backend becomes spec.defaultBackend, and every ' +
      'path needs a pathType',
    fix: 'never',
  })),
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kinds: ['IngressClass'],
    removedIn: 22,
    replacement: to('networking.k8s.io/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1',
    kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    removedIn: 22,
    replacement: to('rbac.authorization.k8s.io/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'scheduling.k8s.io/v1beta1',
    kinds: ['PriorityClass'],
    removedIn: 22,
    replacement: to('scheduling.k8s.io/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
    removedIn: 22,
    replacement: to('storage.k8s.io/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  // v1.25
  {
    apiVersion: 'batch/v1beta1',
    kinds: ['CronJob'],
    removedIn: 25,
    replacement: to('batch/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'discovery.k8s.io/v1beta1',
    kinds: ['EndpointSlice'],
    removedIn: 25,
    replacement: to('discovery.k8s.io/v1'),
    change: () => 'per-endpoint topology is replaced by the nodeName and zone fields',
    fix: 'never',
  },
  {
    apiVersion: 'events.k8s.io/v1beta1',
    kinds: ['Event'],
    removedIn: 25,
    replacement: to('events.k8s.io/v1'),
    change: () =>
      'involvedObject becomes regarding, several fields are renamed, and reporting fields become required',
    fix: 'never',
  },
  {
    apiVersion: 'autoscaling/v2beta1',
    kinds: ['HorizontalPodAutoscaler'],
    removedIn: 25,
    replacement: to('autoscaling/v2'),
    change: () =>
      'metric targets are written target.type with target.averageUtilization or target.averageValue',
    fix: 'never',
  },
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodDisruptionBudget'],
    removedIn: 25,
    replacement: to('policy/v1'),
    change: () => 'an empty selector {} now selects every pod in the namespace instead of none',
    fix: 'non-empty-selector',
  },
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodSecurityPolicy'],
    removedIn: 25,
    replacement: () => undefined,
    change: () => 'enforce pod security with Pod Security Admission namespace labels or a policy webhook',
    fix: 'never',
  },
  {
    apiVersion: 'node.k8s.io/v1beta1',
    kinds: ['RuntimeClass'],
    removedIn: 25,
    replacement: to('node.k8s.io/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  // v1.26
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1',
    kinds: ['FlowSchema'],
    removedIn: 26,
    replacement: flowcontrol,
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1',
    kinds: ['PriorityLevelConfiguration'],
    removedIn: 26,
    replacement: flowcontrol,
    change: () => 'spec.limited.assuredConcurrencyShares is renamed nominalConcurrencyShares',
    fix: 'never',
  },
  {
    apiVersion: 'autoscaling/v2beta2',
    kinds: ['HorizontalPodAutoscaler'],
    removedIn: 26,
    replacement: to('autoscaling/v2'),
    // The guide repeats the v2beta1 note here; v2beta2 already writes targets the v2 way.
    change: SAME_FIELDS,
    fix: 'v2-metric-targets',
  },
  // v1.27
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIStorageCapacity'],
    removedIn: 27,
    replacement: to('storage.k8s.io/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  // v1.29
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2',
    kinds: ['FlowSchema'],
    removedIn: 29,
    replacement: flowcontrol,
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2',
    kinds: ['PriorityLevelConfiguration'],
    removedIn: 29,
    replacement: flowcontrol,
    change: () =>
      'spec.limited.assuredConcurrencyShares is renamed nominalConcurrencyShares, and an explicit 0 is no longer ' +
      'raised to 30',
    fix: 'never',
  },
  // v1.32
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3',
    kinds: ['FlowSchema'],
    removedIn: 32,
    replacement: flowcontrol,
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3',
    kinds: ['PriorityLevelConfiguration'],
    removedIn: 32,
    replacement: flowcontrol,
    change: () => 'an explicit nominalConcurrencyShares of 0 is no longer raised to 30',
    fix: 'never',
  },
];

/** The removal that applies to an apiVersion and kind, if any (whatever the target version). */
export function removalOf(apiVersion: string, kind: string): Removal | undefined {
  return REMOVALS.find((r) => r.apiVersion === apiVersion && r.kinds.includes(kind));
}

/** Every kind some removal mentions: the kinds the rule looks at. */
export const REMOVED_KINDS: readonly string[] = [...new Set(REMOVALS.flatMap((r) => r.kinds))];

/** The kinds whose fix safety depends on more than the apiVersion (index.ts, fixIsSafe reads their body). */
export const BODY_READING_KINDS: readonly string[] = [
  ...new Set(
    REMOVALS.filter((r) => r.fix === 'non-empty-selector' || r.fix === 'v2-metric-targets').flatMap(
      (r) => r.kinds,
    ),
  ),
];
