import { admissionOutcomes, severityOf, type AdmissionAction } from '../../server/engine/admission/evaluate';
import { compilePolicy } from '../../server/engine/admission/policy';
import { ADMISSION_KINDS, BUILT_IN_RESOURCES } from '../../server/engine/admission/resources';
import { CUSTOM_RESOURCES } from '../../server/engine/api-groups';
import { minorOf } from '../../server/engine/kubernetes-version';
import { keySpanAt } from '../../server/engine/nodes';
import { objectNameSpan } from '../../server/engine/report-spans';
import { defineRule, type RuleContext } from '../../server/engine/rule';
import type { K8sObject } from '../../server/engine/types';
import { WORKLOAD_KINDS } from '../../server/engine/workloads';
import story from './story.md';

const VERB: Record<AdmissionAction, string> = {
  Deny: 'deny',
  Warn: 'warn',
  Audit: 'audit',
};

export default defineRule(
  {
    id: 'admission-policy-violation',
    title: 'Object that a ValidatingAdmissionPolicy in view refuses',
    category: 'control-plane',
    concern: 'validity',
    // Each finding's own severity follows the binding's validationActions (Deny: error, Warn: warning,
    // Audit: info); this is what the catalogue shows and what a configured severity replaces.
    defaultSeverity: 'error',
    description:
      'A ValidatingAdmissionPolicy and its ValidatingAdmissionPolicyBinding in the workspace (or the CLI\u2019s ' +
      'inputs, or the folders listed under `admissionPolicies:` in `.kube-hindsight.yaml`) match an object ' +
      'and one of the policy\u2019s validations fails for it, evaluated offline in CEL as the API server ' +
      'would for a request creating the object. A custom resource is matched by the plural and scope of the ' +
      'CustomResourceDefinition in view that defines its kind, and through another version of its resource ' +
      'under `matchPolicy: Equivalent` as the API server matches it. A policy is not evaluated, and a notice ' +
      'says why, when it uses a CEL function Kube Hindsight does not support, when it may match a custom ' +
      'resource whose CRD is not in view or another version it cannot convert the object to, when its ' +
      'namespaceSelector reads labels of a Namespace that is not in view, or when its rules cover the ' +
      'object\u2019s UPDATE but not its CREATE.',
    rationale:
      'A platform team\u2019s policy lives in another repository or folder than the manifests it governs, so ' +
      'the first sign of a violation is `kubectl apply` or a GitOps sync failing with "denied request", or ' +
      'for a Deployment a ReplicaSet that cannot create its pods. Evaluating the policy where the manifest is ' +
      'written shows the policy\u2019s own message before the rollout stalls.',
    remediation:
      'Change the object so that the validation holds (the message is the policy\u2019s own), or, if the ' +
      'policy should not apply to it, narrow the binding\u2019s `matchResources` or the policy\u2019s ' +
      '`matchConditions` with the platform team.',
    messages: {
      deny: '{kind} "{name}" is denied by ValidatingAdmissionPolicy "{policy}" (binding "{binding}"): {message}',
      warn: '{kind} "{name}" gets a warning from ValidatingAdmissionPolicy "{policy}" (binding "{binding}"): {message}',
      audit:
        '{kind} "{name}" is recorded in the audit log by ValidatingAdmissionPolicy "{policy}" (binding "{binding}"): {message}',
      notEvaluated:
        'ValidatingAdmissionPolicy "{policy}" (binding "{binding}") matches {kind} "{name}" but could not be evaluated offline: {reason}.',
      mayMatch:
        'ValidatingAdmissionPolicy "{policy}" (binding "{binding}") may match {kind} "{name}": {reason}. The policy is not evaluated for it.',
      updateOnly:
        'ValidatingAdmissionPolicy "{policy}" (binding "{binding}") checks {kind} "{name}" only when it is updated (its rules list UPDATE, not CREATE), and whether it already exists in the cluster is not known offline{oldObject}: the policy is not evaluated.',
      unsupported:
        'ValidatingAdmissionPolicy "{policy}" uses {functions}, which Kube Hindsight does not evaluate offline: the policy is not checked against the objects it matches.',
      invalid:
        'ValidatingAdmissionPolicy "{policy}" has an expression that does not compile ({problem}): the policy is not checked against the objects it matches.',
    },
    fixable: false,
    kinds: [...Object.keys(BUILT_IN_RESOURCES), CUSTOM_RESOURCES],
    // Other objects are read whole only when a binding matches them (bodies.ts), so their documents may stay
    // header-only; the policies are read to compile them, and workloads and custom resources (which other
    // rules, custom-resource-schema among them, read in full anyway) so that a finding can sit at the key a
    // validation reads.
    readsBodyOf: [...ADMISSION_KINDS, ...WORKLOAD_KINDS, CUSTOM_RESOURCES],
    cross: true,
    relatedKinds: [...ADMISSION_KINDS, 'Namespace'],
    // CRDs say which resource a custom resource's kind is filed under, which rules match by name.
    relatedKindsOnDemand: ['ConfigMap', 'CustomResourceDefinition', CUSTOM_RESOURCES],
    story,
  },
  (object, context) => {
    if (object.kind === 'ValidatingAdmissionPolicy') reportPolicyProblems(object, context.report);
    const name = object.name ?? '(unnamed)';
    for (const found of admissionOutcomes(object, context.related, minorOf(context.kubernetesVersion))) {
      const data = {
        kind: object.kind,
        name,
        policy: found.policy.name,
        binding: found.binding.name ?? '(unnamed)',
      };
      const related = [
        {
          object: found.policy.object,
          message: `ValidatingAdmissionPolicy "${found.policy.name}"`,
          span: keySpanAt(found.policy.object.node, found.policyPath),
        },
        { object: found.binding, message: `its binding "${data.binding}"` },
      ];
      // A document read header-only holds only apiVersion, kind and metadata: a key elsewhere is not in its tree.
      const at = found.at && (!object.headerOnly || found.at[0] === 'metadata') ? found.at : undefined;
      const span = (at && keySpanAt(object.node, at)) ?? objectNameSpan(object);
      if ('updateOnly' in found.outcome) {
        // Said only when the policy reads it: the object the cluster holds is a second thing not known.
        const oldObject = found.policy.readsOldObject
          ? ', nor the object there, which the policy reads as oldObject'
          : '';
        context.report({
          messageId: 'updateOnly',
          data: { ...data, oldObject },
          span,
          severity: 'info',
          related,
        });
      } else if ('mayMatch' in found.outcome) {
        context.report({
          messageId: 'mayMatch',
          data: { ...data, reason: found.outcome.mayMatch },
          span,
          severity: 'info',
          related,
        });
      } else if ('notEvaluated' in found.outcome) {
        context.report({
          messageId: 'notEvaluated',
          data: { ...data, reason: found.outcome.notEvaluated },
          span,
          severity: 'info',
          related,
        });
      } else {
        const { action, message } = found.outcome;
        context.report({
          messageId: VERB[action],
          data: { ...data, message },
          span,
          severity: severityOf(action),
          related,
        });
      }
    }
  },
);

/** One notice per policy naming the functions it uses that we do not support; one per other expression that does not compile. */
function reportPolicyProblems(policy: K8sObject, report: RuleContext['report']): void {
  const compiled = compilePolicy(policy);
  if (!compiled || compiled.problems.length === 0) return;
  const unsupported = compiled.problems.filter((p) => p.unsupported !== undefined);
  if (unsupported.length > 0) {
    const names = [...new Set(unsupported.map((p) => p.unsupported!))];
    const functions = names
      .map((n) => (n === 'authorizer' ? '`authorizer` (it asks the cluster)' : `the CEL function ${n}()`))
      .join(', ');
    report({
      messageId: 'unsupported',
      data: { policy: compiled.name, functions },
      span: keySpanAt(policy.node, unsupported[0]!.path),
      severity: 'info',
    });
  }
  for (const problem of compiled.problems.filter((p) => p.unsupported === undefined)) {
    report({
      messageId: 'invalid',
      data: { policy: compiled.name, problem: problem.problem },
      span: keySpanAt(policy.node, problem.path),
      severity: 'info',
    });
  }
}
