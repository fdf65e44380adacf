// The API versions Kubernetes has stopped serving, by release.
//
// Source: the Kubernetes "Deprecated API Migration Guide",
// https://kubernetes.io/docs/reference/using-api/deprecation-guide/ (kubernetes/website,
// content/en/docs/reference/using-api/deprecation-guide.md), sections v1.16, v1.22, v1.25, v1.26, v1.27, v1.29
// and v1.32. `sameFields` is true exactly where the guide says "No notable changes" (or lists none) for the
// migration, so that changing `apiVersion` alone keeps the manifest valid with the same meaning; `change` is
// our summary of the guide's "notable changes" otherwise. Alpha versions are not listed (the guide does not
// cover them), and neither are kinds that never appear in manifests (the *List kinds).
//
// `deprecatedIn` is the release that deprecated the version, as Pluto's table records it
// (https://github.com/FairwindsOps/pluto, versions.yaml, `deprecated-in`); for the versions it does not list
// (authorization v1beta1, flowcontrol), the release that introduced the replacement, which is when Kubernetes
// deprecated them (the guide's "available since"). `replacement` answers for every target from `deprecatedIn`
// on with a version that the target serves (a test checks this against the table itself).

export interface Removal {
  apiVersion: string;
  kinds: readonly string[];
  /** The minor release of Kubernetes 1.x that deprecated this version. */
  deprecatedIn: number;
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
const INGRESS_V1_CHANGE =
  'backends are written service.name and service.port, spec.backend becomes spec.defaultBackend, and every ' +
  'path needs a pathType';
const to = (apiVersion: string) => (): string => apiVersion;
/**
 * FlowSchema and PriorityLevelConfiguration: the newest version a target serves, v1beta2 (1.23 to 1.28),
 * v1beta3 (1.26 to 1.31) or v1 (since 1.29).
 */
const flowcontrol = (target: number): string =>
  target >= 29
    ? 'flowcontrol.apiserver.k8s.io/v1'
    : target >= 26
      ? 'flowcontrol.apiserver.k8s.io/v1beta3'
      : 'flowcontrol.apiserver.k8s.io/v1beta2';

export const REMOVALS: readonly Removal[] = [
  // v1.16
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['NetworkPolicy'],
    deprecatedIn: 9,
    removedIn: 16,
    replacement: to('networking.k8s.io/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['DaemonSet'],
    deprecatedIn: 9,
    removedIn: 16,
    replacement: to('apps/v1'),
    change: () => 'spec.selector becomes required and updateStrategy now defaults to RollingUpdate',
    fix: 'never',
  },
  {
    apiVersion: 'apps/v1beta2',
    kinds: ['DaemonSet'],
    deprecatedIn: 9,
    removedIn: 16,
    replacement: to('apps/v1'),
    change: () => 'spec.selector becomes required and updateStrategy now defaults to RollingUpdate',
    fix: 'never',
  },
  ...['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'].map((apiVersion): Removal => ({
    apiVersion,
    kinds: ['Deployment'],
    deprecatedIn: 9,
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
    deprecatedIn: 9,
    removedIn: 16,
    replacement: to('apps/v1'),
    change: () => 'spec.selector becomes required and updateStrategy now defaults to RollingUpdate',
    fix: 'never',
  })),
  ...['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'].map((apiVersion): Removal => ({
    apiVersion,
    kinds: ['ReplicaSet'],
    deprecatedIn: 9,
    removedIn: 16,
    replacement: to('apps/v1'),
    change: () => 'spec.selector becomes required',
    fix: 'never',
  })),
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['PodSecurityPolicy'],
    deprecatedIn: 10,
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
    deprecatedIn: 16,
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
    deprecatedIn: 16,
    removedIn: 22,
    replacement: to('apiextensions.k8s.io/v1'),
    change: () => 'scope must be explicit and every version needs a structural schema under spec.versions',
    fix: 'never',
  },
  {
    apiVersion: 'apiregistration.k8s.io/v1beta1',
    kinds: ['APIService'],
    deprecatedIn: 10,
    removedIn: 22,
    replacement: to('apiregistration.k8s.io/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'authentication.k8s.io/v1beta1',
    kinds: ['TokenReview'],
    deprecatedIn: 6,
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
    deprecatedIn: 19,
    removedIn: 22,
    replacement: to('authorization.k8s.io/v1'),
    change: () => 'spec.group is renamed spec.groups',
    fix: 'never',
  },
  {
    apiVersion: 'certificates.k8s.io/v1beta1',
    kinds: ['CertificateSigningRequest'],
    deprecatedIn: 19,
    removedIn: 22,
    replacement: to('certificates.k8s.io/v1'),
    change: () => 'spec.signerName and spec.usages become required',
    fix: 'never',
  },
  {
    apiVersion: 'coordination.k8s.io/v1beta1',
    kinds: ['Lease'],
    deprecatedIn: 14,
    removedIn: 22,
    replacement: to('coordination.k8s.io/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['Ingress'],
    deprecatedIn: 14,
    removedIn: 22,
    // networking.k8s.io/v1beta1 (since 1.14, the same fields) until networking.k8s.io/v1 arrived in 1.19.
    replacement: (target) => (target >= 19 ? 'networking.k8s.io/v1' : 'networking.k8s.io/v1beta1'),
    change: (target) => (target >= 19 ? INGRESS_V1_CHANGE : 'same fields'),
    fix: (target) => target < 19,
  },
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kinds: ['Ingress'],
    deprecatedIn: 19,
    removedIn: 22,
    replacement: to('networking.k8s.io/v1'),
    change: () => INGRESS_V1_CHANGE,
    fix: 'never',
  },
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kinds: ['IngressClass'],
    deprecatedIn: 19,
    removedIn: 22,
    replacement: to('networking.k8s.io/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1',
    kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    deprecatedIn: 17,
    removedIn: 22,
    replacement: to('rbac.authorization.k8s.io/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'scheduling.k8s.io/v1beta1',
    kinds: ['PriorityClass'],
    deprecatedIn: 14,
    removedIn: 22,
    replacement: to('scheduling.k8s.io/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIDriver'],
    deprecatedIn: 19,
    removedIn: 22,
    replacement: to('storage.k8s.io/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSINode'],
    deprecatedIn: 17,
    removedIn: 22,
    replacement: to('storage.k8s.io/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['StorageClass', 'VolumeAttachment'],
    // StorageClass in 1.6 and VolumeAttachment in 1.13, both before the oldest target accepted.
    deprecatedIn: 13,
    removedIn: 22,
    replacement: to('storage.k8s.io/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  // v1.25
  {
    apiVersion: 'batch/v1beta1',
    kinds: ['CronJob'],
    deprecatedIn: 21,
    removedIn: 25,
    replacement: to('batch/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'discovery.k8s.io/v1beta1',
    kinds: ['EndpointSlice'],
    deprecatedIn: 21,
    removedIn: 25,
    replacement: to('discovery.k8s.io/v1'),
    change: () => 'per-endpoint topology is replaced by the nodeName and zone fields',
    fix: 'never',
  },
  {
    apiVersion: 'events.k8s.io/v1beta1',
    kinds: ['Event'],
    deprecatedIn: 19,
    removedIn: 25,
    replacement: to('events.k8s.io/v1'),
    change: () =>
      'involvedObject becomes regarding, several fields are renamed, and reporting fields become required',
    fix: 'never',
  },
  {
    apiVersion: 'autoscaling/v2beta1',
    kinds: ['HorizontalPodAutoscaler'],
    deprecatedIn: 22,
    removedIn: 25,
    // autoscaling/v2 arrived in 1.23; a 1.22 target moves to v2beta2, which writes targets the same way.
    replacement: (target) => (target >= 23 ? 'autoscaling/v2' : 'autoscaling/v2beta2'),
    change: () =>
      'metric targets are written target.type with target.averageUtilization or target.averageValue',
    fix: 'never',
  },
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodDisruptionBudget'],
    deprecatedIn: 21,
    removedIn: 25,
    replacement: to('policy/v1'),
    change: () => 'an empty selector {} now selects every pod in the namespace instead of none',
    fix: 'non-empty-selector',
  },
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodSecurityPolicy'],
    deprecatedIn: 21,
    removedIn: 25,
    replacement: () => undefined,
    change: () => 'enforce pod security with Pod Security Admission namespace labels or a policy webhook',
    fix: 'never',
  },
  {
    apiVersion: 'node.k8s.io/v1beta1',
    kinds: ['RuntimeClass'],
    deprecatedIn: 22,
    removedIn: 25,
    replacement: to('node.k8s.io/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  // v1.26
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1',
    kinds: ['FlowSchema'],
    deprecatedIn: 23,
    removedIn: 26,
    replacement: flowcontrol,
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1',
    kinds: ['PriorityLevelConfiguration'],
    deprecatedIn: 23,
    removedIn: 26,
    replacement: flowcontrol,
    // v1beta2 (the replacement of targets before 1.26) has the same fields; v1beta3 renamed one.
    change: (target) =>
      target < 26
        ? 'same fields'
        : 'spec.limited.assuredConcurrencyShares is renamed nominalConcurrencyShares',
    fix: (target) => target < 26,
  },
  {
    apiVersion: 'autoscaling/v2beta2',
    kinds: ['HorizontalPodAutoscaler'],
    deprecatedIn: 23,
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
    deprecatedIn: 24,
    removedIn: 27,
    replacement: to('storage.k8s.io/v1'),
    change: SAME_FIELDS,
    fix: 'always',
  },
  // v1.29
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2',
    kinds: ['FlowSchema'],
    deprecatedIn: 26,
    removedIn: 29,
    replacement: flowcontrol,
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2',
    kinds: ['PriorityLevelConfiguration'],
    deprecatedIn: 26,
    removedIn: 29,
    replacement: flowcontrol,
    change: (target) =>
      'spec.limited.assuredConcurrencyShares is renamed nominalConcurrencyShares' +
      (target >= 29 ? ', and an explicit 0 is no longer raised to 30' : ''),
    fix: 'never',
  },
  // v1.32
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3',
    kinds: ['FlowSchema'],
    deprecatedIn: 29,
    removedIn: 32,
    replacement: flowcontrol,
    change: SAME_FIELDS,
    fix: 'always',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3',
    kinds: ['PriorityLevelConfiguration'],
    deprecatedIn: 29,
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
