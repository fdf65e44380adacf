// The rule registry: every built-in rule, in the order of the catalogue (and of the README's table). Only the
// entry points import it (the language server's and the CLI's, the bench, the scripts, the tests); they build
// a RuleSet from it once and hand that to the engine (ESLint enforces this, see eslint.config.mjs).
import type { Rule } from '../server/engine/rule';
import admissionPolicyViolation from './admission-policy-violation';
import cpuLimitThrottling from './cpu-limit-throttling';
import customResourceSchema from './custom-resource-schema';
import defaultDenyBlocksDns from './default-deny-blocks-dns';
import deprecatedApiVersion from './deprecated-api-version';
import defaultDenyWithoutAllows from './default-deny-without-allows';
import etcdNoAutoCompaction from './etcd-no-auto-compaction';
import etcdSmallQuota from './etcd-small-quota';
import evenQuorumReplicas from './even-quorum-replicas';
import fileSkipped from './file-skipped';
import hpaMissingBehavior from './hpa-missing-behavior';
import hpaTargetMissing from './hpa-target-missing';
import hpaTargetWithoutRequests from './hpa-target-without-requests';
import identicalLivenessReadiness from './identical-liveness-readiness';
import imagePullAlways from './image-pull-always';
import invalidEnumValue from './invalid-enum-value';
import invalidYaml from './invalid-yaml';
import jobWithoutLimits from './job-without-limits';
import kubeletNoLogRotation from './kubelet-no-log-rotation';
import kustomizationNotRendered from './kustomization-not-rendered';
import metadataApiReachable from './metadata-api-reachable';
import misplacedField from './misplaced-field';
import missingAntiAffinity from './missing-anti-affinity';
import missingEphemeralStorageLimit from './missing-ephemeral-storage-limit';
import missingGracefulShutdown from './missing-graceful-shutdown';
import missingMemoryLimit from './missing-memory-limit';
import missingPdb from './missing-pdb';
import missingReadinessProbe from './missing-readiness-probe';
import missingRequiredField from './missing-required-field';
import missingResourceRequests from './missing-resource-requests';
import missingStartupProbe from './missing-startup-probe';
import namespaceWithoutLimitrange from './namespace-without-limitrange';
import namespaceWithoutPodSecurity from './namespace-without-pod-security';
import pdbBlocksEviction from './pdb-blocks-eviction';
import pdbMatchesNothing from './pdb-matches-nothing';
import podSecurityBaseline from './pod-security-baseline';
import podSecurityRestricted from './pod-security-restricted';
import podsecuritypolicyRemoved from './podsecuritypolicy-removed';
import priorityclassPreempts from './priorityclass-preempts';
import privilegedContainer from './privileged-container';
import removedApiVersion from './removed-api-version';
import replicasWithHpa from './replicas-with-hpa';
import requiredAntiAffinity from './required-anti-affinity';
import sensitiveHostPath from './sensitive-host-path';
import serviceAccountTokenAutomount from './service-account-token-automount';
import serviceSelectsNothing from './service-selects-nothing';
import spreadDoNotSchedule from './spread-do-not-schedule';
import storageclassNoExpansion from './storageclass-no-expansion';
import tolerationTypo from './toleration-typo';
import unrenderedTemplate from './unrendered-template';
import unknownField from './unknown-field';
import webhookFailClosedClusterWide from './webhook-fail-closed-cluster-wide';
import wrongType from './wrong-type';

export const RULES: readonly Rule[] = [
  missingMemoryLimit,
  missingResourceRequests,
  cpuLimitThrottling,
  missingEphemeralStorageLimit,
  namespaceWithoutLimitrange,
  missingPdb,
  pdbBlocksEviction,
  pdbMatchesNothing,
  missingAntiAffinity,
  requiredAntiAffinity,
  spreadDoNotSchedule,
  missingGracefulShutdown,
  missingReadinessProbe,
  missingStartupProbe,
  identicalLivenessReadiness,
  hpaMissingBehavior,
  hpaTargetMissing,
  hpaTargetWithoutRequests,
  replicasWithHpa,
  defaultDenyBlocksDns,
  defaultDenyWithoutAllows,
  metadataApiReachable,
  serviceSelectsNothing,
  privilegedContainer,
  sensitiveHostPath,
  podsecuritypolicyRemoved,
  namespaceWithoutPodSecurity,
  podSecurityBaseline,
  podSecurityRestricted,
  admissionPolicyViolation,
  serviceAccountTokenAutomount,
  webhookFailClosedClusterWide,
  tolerationTypo,
  priorityclassPreempts,
  jobWithoutLimits,
  imagePullAlways,
  etcdSmallQuota,
  etcdNoAutoCompaction,
  evenQuorumReplicas,
  kubeletNoLogRotation,
  storageclassNoExpansion,
  removedApiVersion,
  deprecatedApiVersion,
  unknownField,
  misplacedField,
  wrongType,
  invalidEnumValue,
  missingRequiredField,
  customResourceSchema,
  // The input rules: findings about the text itself (what did not parse, what the bounds or a template left
  // unanalysed), reported by the engine for every file so that nothing is skipped in silence.
  invalidYaml,
  fileSkipped,
  unrenderedTemplate,
  kustomizationNotRendered,
];
