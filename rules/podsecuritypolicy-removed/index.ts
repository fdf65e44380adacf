import { keySpanAt, nodeAt, spanOf } from '../../server/engine/nodes';
import { defineRule } from '../../server/engine/rule';
import story from './story.md';

export default defineRule(
  {
    id: 'podsecuritypolicy-removed',
    title: 'PodSecurityPolicy, removed in Kubernetes 1.25',
    category: 'security',
    concern: 'validity',
    defaultSeverity: 'error',
    description:
      'Any object of kind `PodSecurityPolicy`, an API deprecated in Kubernetes 1.21 and removed in 1.25.',
    rationale:
      'From Kubernetes 1.25 the API server no longer knows the kind: applying the manifest fails, a Helm release ' +
      'that contains it cannot install or upgrade, and whatever the policy used to forbid (privileged pods, host ' +
      'paths, running as root) is no longer checked by anything. On older clusters it is a dependency that breaks ' +
      'on the upgrade.',
    remediation:
      'Delete the PodSecurityPolicy (and the RBAC that grants `use` on it) and enforce the Pod Security Standards ' +
      'with Pod Security Admission: label each namespace with `pod-security.kubernetes.io/enforce` set to ' +
      '`baseline` or `restricted` (and `warn`/`audit` while migrating), keeping `privileged` for the few system ' +
      'namespaces that need it. For rules the standards do not cover, use ValidatingAdmissionPolicy or a policy ' +
      'engine.',
    messages: {
      removed:
        'PodSecurityPolicy "{name}" cannot be applied: the API was removed in Kubernetes 1.25 (you target {version}), ' +
        'so nothing it forbids is enforced. Use pod-security.kubernetes.io namespace labels instead.',
      deprecated:
        'PodSecurityPolicy "{name}" uses an API deprecated since Kubernetes 1.21 and removed in 1.25: after that ' +
        'upgrade it fails to apply and enforces nothing. Move to pod-security.kubernetes.io namespace labels.',
    },
    fixable: false,
    kinds: ['PodSecurityPolicy'],
    // Reads the kind only.
    readsBodyOf: [],
    story,
  },
  (object, context) => {
    const minor = Number(context.kubernetesVersion.split('.')[1]);
    const kind = nodeAt(object.node, ['kind']);
    context.report({
      messageId: Number.isFinite(minor) && minor < 25 ? 'deprecated' : 'removed',
      data: { name: object.name ?? 'unnamed', version: context.kubernetesVersion },
      span: (kind && spanOf(kind)) ?? keySpanAt(object.node, ['kind']),
    });
  },
);
