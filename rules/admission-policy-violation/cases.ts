// Each case holds the policy, its binding and the object in one file; test/unit/admission-policies.test.ts
// checks severities, related locations, policies in another folder and the CLI.
import { lines, type RuleCases } from '../../test/rule-cases';

/** A policy requiring a `team` label on Deployments (lines 1-15), with `extra` lines appended to its spec. */
export function teamLabelPolicy(
  expression = "has(object.metadata.labels) && 'team' in object.metadata.labels",
): string[] {
  return [
    'apiVersion: admissionregistration.k8s.io/v1',
    'kind: ValidatingAdmissionPolicy',
    'metadata:',
    '  name: require-team',
    'spec:',
    '  failurePolicy: Fail',
    '  matchConstraints:',
    '    resourceRules:',
    '    - apiGroups: ["apps"]',
    '      apiVersions: ["v1"]',
    '      operations: ["CREATE", "UPDATE"]',
    '      resources: ["deployments"]',
    '  validations:',
    `  - expression: "${expression}"`,
    '    message: Every Deployment needs a team label.',
  ];
}

/** The binding of `require-team` with `actions` (lines 1-7 of its document). */
export function teamLabelBinding(actions = '[Deny]', extra: string[] = []): string[] {
  return [
    'apiVersion: admissionregistration.k8s.io/v1',
    'kind: ValidatingAdmissionPolicyBinding',
    'metadata:',
    '  name: require-team-binding',
    'spec:',
    '  policyName: require-team',
    `  validationActions: ${actions}`,
    ...extra,
  ];
}

export function deployment(labels: string[] = [], namespace?: string): string[] {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    ...(namespace ? [`  namespace: ${namespace}`] : []),
    ...(labels.length ? ['  labels:', ...labels.map((l) => `    ${l}`)] : []),
    'spec:',
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec: {containers: [{name: web, image: nginx:1.27}]}',
  ];
}

const DENIED =
  'Deployment "web" is denied by ValidatingAdmissionPolicy "require-team" (binding "require-team-binding"): Every Deployment needs a team label.';

const cases: RuleCases = {
  valid: [
    {
      name: 'a Deployment with the team label passes the policy',
      code: lines(
        ...teamLabelPolicy(),
        '---',
        ...teamLabelBinding(),
        '---',
        ...deployment(['team: payments']),
      ),
    },
    {
      name: 'a policy without a binding is not enforced',
      code: lines(...teamLabelPolicy(), '---', ...deployment()),
    },
    {
      name: 'the policy matches deployments only: a StatefulSet without the label passes',
      code: lines(
        ...teamLabelPolicy(),
        '---',
        ...teamLabelBinding(),
        '---',
        ...deployment().map((l) => l.replace('kind: Deployment', 'kind: StatefulSet')),
      ),
    },
    {
      name: "the binding's matchResources excludes the Deployment's namespace (only its name label is needed)",
      code: lines(
        ...teamLabelPolicy(),
        '---',
        ...teamLabelBinding('[Deny]', [
          '  matchResources:',
          '    namespaceSelector:',
          '      matchExpressions:',
          '      - {key: kubernetes.io/metadata.name, operator: NotIn, values: [sandbox]}',
        ]),
        '---',
        ...deployment([], 'sandbox'),
      ),
    },
    {
      name: 'a matchCondition that is false leaves the object out',
      code: lines(
        ...teamLabelPolicy(),
        '  matchConditions:',
        '  - name: not-system',
        '    expression: "!object.metadata.name.startsWith(\'web\')"',
        '---',
        ...teamLabelBinding(),
        '---',
        ...deployment(),
      ),
    },
  ],
  invalid: [
    {
      name: 'Deny: a Deployment without labels gets the policy message at metadata',
      code: lines(...teamLabelPolicy(), '---', ...teamLabelBinding(), '---', ...deployment()),
      errors: [{ message: DENIED, line: 27, column: 1, endLine: 27, endColumn: 9 }],
    },
    {
      name: 'Deny: labels without team: the finding is at labels',
      code: lines(...teamLabelPolicy(), '---', ...teamLabelBinding(), '---', ...deployment(['app: web'])),
      errors: [{ message: DENIED, line: 29, column: 3, endLine: 29, endColumn: 9 }],
    },
    {
      name: 'Warn: the same failure as a warning',
      code: lines(...teamLabelPolicy(), '---', ...teamLabelBinding('[Warn]'), '---', ...deployment()),
      errors: [
        {
          message:
            'Deployment "web" gets a warning from ValidatingAdmissionPolicy "require-team" (binding "require-team-binding"): Every Deployment needs a team label.',
          line: 27,
          column: 1,
          endLine: 27,
          endColumn: 9,
        },
      ],
    },
    {
      name: 'messageExpression and variables: the message is computed from the object',
      code: lines(
        ...teamLabelPolicy('variables.replicas <= 3'),
        '    messageExpression: "\'replicas must be at most 3, not \' + string(variables.replicas)"',
        '  variables:',
        '  - name: replicas',
        '    expression: object.spec.replicas',
        '---',
        ...teamLabelBinding(),
        '---',
        ...deployment().map((l) => (l === 'spec:' ? 'spec:\n  replicas: 5' : l)),
      ),
      errors: [
        {
          message:
            'Deployment "web" is denied by ValidatingAdmissionPolicy "require-team" (binding "require-team-binding"): replicas must be at most 3, not 5',
          line: 32,
          column: 9,
          endLine: 32,
          endColumn: 12,
        },
      ],
    },
    {
      name: 'a simple path test puts the finding at the key it reads',
      code: lines(
        ...teamLabelPolicy('object.spec.replicas <= 3'),
        '---',
        ...teamLabelBinding(),
        '---',
        ...deployment().map((l) => (l === 'spec:' ? 'spec:\n  replicas: 5' : l)),
      ),
      errors: [
        {
          message: DENIED,
          line: 30,
          column: 3,
          endLine: 30,
          endColumn: 11,
        },
      ],
    },
    {
      name: 'an unsupported CEL function: one notice on the policy naming it, and no verdict on the Deployment',
      code: lines(
        ...teamLabelPolicy("isURL(object.metadata.name) && url(object.metadata.name).getHost() != ''"),
        '---',
        ...teamLabelBinding(),
        '---',
        ...deployment(),
      ),
      errors: [
        {
          message:
            'ValidatingAdmissionPolicy "require-team" uses the CEL function isURL(), which Kube Hindsight does not evaluate offline: the policy is not checked against the objects it matches.',
          line: 14,
          column: 5,
          endLine: 14,
          endColumn: 15,
        },
      ],
    },
  ],
};

export default cases;
