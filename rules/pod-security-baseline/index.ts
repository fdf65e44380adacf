import { reportPodSecurity } from '../../server/engine/pod-security/assess';
import { POD_SECURITY_MESSAGES } from '../../server/engine/pod-security/messages';
import { defineRule } from '../../server/engine/rule';
import { WORKLOAD_KINDS } from '../../server/engine/workloads';
import story from './story.md';

export default defineRule(
  {
    id: 'pod-security-baseline',
    title: 'Pod breaks the Pod Security Standards baseline level',
    category: 'security',
    concern: 'security',
    // The finding's own severity follows the namespace's mode (enforce: error, warn: warning, audit: info);
    // this is what the catalogue shows and what a configured severity replaces.
    defaultSeverity: 'error',
    description:
      'A workload\u2019s pods break a check of the `baseline` level (host namespaces, privileged, added ' +
      'capabilities, hostPath volumes, host ports, AppArmor, SELinux, /proc mount, seccomp, sysctls, ' +
      'Windows hostProcess, probe hosts) while its Namespace (or the `podSecurity.level` setting) enforces, ' +
      'warns or audits `baseline` or `restricted`.',
    rationale:
      'Pod Security Admission checks pods, not the Deployment or DaemonSet that makes them: `kubectl apply` ' +
      'succeeds, and then the controller cannot create a single pod (`FailedCreate` events that only ' +
      '`kubectl describe` shows), so the rollout stalls or, with `Recreate`, the service goes down. The checks ' +
      'are the official `pod-security-admission` library\u2019s, version by version, so the prediction is the ' +
      'API server\u2019s own.',
    remediation:
      'Remove what the check names (privileged mode, host namespaces, hostPath volumes, non-default ' +
      'capabilities\u2026). A node agent that truly needs it belongs in a namespace labelled `privileged`, with ' +
      '`warn`/`audit` kept at `baseline` so the exception stays visible.',
    messages: POD_SECURITY_MESSAGES,
    fixable: false,
    kinds: WORKLOAD_KINDS,
    cross: true,
    // The Namespace's labels are in its header, which the index keeps for every object; listing the kind
    // makes a change of those labels re-check the workloads of that namespace.
    relatedKinds: ['Namespace'],
    story,
  },
  (object, context) => reportPodSecurity(object, context, 'baseline'),
);
