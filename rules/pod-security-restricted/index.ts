import { reportPodSecurity } from '../../server/engine/pod-security/assess';
import { POD_SECURITY_MESSAGES } from '../../server/engine/pod-security/messages';
import { defineRule } from '../../server/engine/rule';
import { WORKLOAD_KINDS } from '../../server/engine/workloads';
import story from './story.md';

export default defineRule(
  {
    id: 'pod-security-restricted',
    title: 'Pod breaks the Pod Security Standards restricted level',
    category: 'security',
    concern: 'security',
    // As for pod-security-baseline: each finding's severity follows the namespace's mode.
    defaultSeverity: 'error',
    description:
      'A workload\u2019s pods break a check that only the `restricted` level adds (allowPrivilegeEscalation, ' +
      'capabilities drop ALL, volume types, runAsNonRoot, runAsUser 0, seccomp profile, /proc mount in a user ' +
      'namespace) while its Namespace (or the `podSecurity.level` setting) enforces, warns or audits ' +
      '`restricted`.',
    rationale:
      'A namespace that moves to `enforce: restricted`, or a chart installed into one, rejects every pod that ' +
      'does not declare the hardened securityContext, including pods that were fine yesterday: the workload ' +
      'applies cleanly and then runs no pod, with the reason only in the ReplicaSet\u2019s events. The checks ' +
      'are the official library\u2019s, version by version (`enforce-version`), so the prediction is the API ' +
      'server\u2019s own.',
    remediation:
      'Give each container the fields the check names: `allowPrivilegeEscalation: false`, `runAsNonRoot: ' +
      'true`, `seccompProfile: {type: RuntimeDefault}` and `capabilities: {drop: [ALL]}` (the quick fixes add ' +
      'them to the container\u2019s securityContext). Make sure the image runs as a non-root user first, or the ' +
      'kubelet refuses to start it.',
    messages: POD_SECURITY_MESSAGES,
    fixable: true,
    kinds: WORKLOAD_KINDS,
    cross: true,
    relatedKinds: ['Namespace'],
    story,
  },
  (object, context) => reportPodSecurity(object, context, 'restricted'),
);
