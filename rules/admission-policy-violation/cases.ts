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

/** A policy limiting `spec.size` of Widgets (example.com), by resource name and with `scope`. */
export function widgetPolicy(resources = '["widgets"]', scope?: string): string[] {
  return [
    'apiVersion: admissionregistration.k8s.io/v1',
    'kind: ValidatingAdmissionPolicy',
    'metadata:',
    '  name: small-widgets',
    'spec:',
    '  matchConstraints:',
    '    resourceRules:',
    '    - apiGroups: ["example.com"]',
    '      apiVersions: ["*"]',
    '      operations: ["CREATE"]',
    `      resources: ${resources}`,
    ...(scope ? [`      scope: ${scope}`] : []),
    '  validations:',
    '  - expression: "object.spec.size <= 3"',
    '    message: Widgets hold at most 3.',
    '---',
    'apiVersion: admissionregistration.k8s.io/v1',
    'kind: ValidatingAdmissionPolicyBinding',
    'metadata:',
    '  name: small-widgets',
    'spec:',
    '  policyName: small-widgets',
    '  validationActions: [Deny]',
  ];
}

/** The CustomResourceDefinition of Widget (example.com/v1, plural widgets) with `scope`. */
export function widgetCrd(scope = 'Namespaced'): string[] {
  return [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata:',
    '  name: widgets.example.com',
    'spec:',
    '  group: example.com',
    `  scope: ${scope}`,
    '  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}',
    '  versions:',
    '  - name: v1',
    '    served: true',
    '    storage: true',
    '    schema:',
    '      openAPIV3Schema:',
    '        type: object',
    '        properties:',
    '          spec: {type: object, properties: {size: {type: integer}}}',
  ];
}

/**
 * A policy on Widgets at example.com/v2 only, with `matchPolicy` (absent: the API server's default,
 * Equivalent); its message tells which version the policy saw the object in.
 */
export function widgetV2Policy(matchPolicy?: string): string[] {
  return [
    'apiVersion: admissionregistration.k8s.io/v1',
    'kind: ValidatingAdmissionPolicy',
    'metadata:',
    '  name: small-widgets',
    'spec:',
    '  matchConstraints:',
    ...(matchPolicy ? [`    matchPolicy: ${matchPolicy}`] : []),
    '    resourceRules:',
    '    - apiGroups: ["example.com"]',
    '      apiVersions: ["v2"]',
    '      operations: ["CREATE"]',
    '      resources: ["widgets"]',
    '  validations:',
    '  - expression: "object.spec.size <= 3"',
    `    messageExpression: "'seen as ' + object.apiVersion + ' (request.kind ' + request.kind.version + ', requestKind ' + request.requestKind.version + ')'"`,
    '---',
    'apiVersion: admissionregistration.k8s.io/v1',
    'kind: ValidatingAdmissionPolicyBinding',
    'metadata:',
    '  name: small-widgets',
    'spec:',
    '  policyName: small-widgets',
    '  validationActions: [Deny]',
  ];
}

/** Widget's CRD serving v1 and v2, converting with `strategy` (absent: None, apiVersion alone). */
export function widgetCrdTwoVersions(strategy?: string): string[] {
  const version = (name: string, storage: boolean): string[] => [
    `  - name: ${name}`,
    '    served: true',
    `    storage: ${storage}`,
    '    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}',
  ];
  return [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata:',
    '  name: widgets.example.com',
    'spec:',
    '  group: example.com',
    '  scope: Namespaced',
    '  names: {kind: Widget, plural: widgets}',
    ...(strategy ? ['  conversion:', `    strategy: ${strategy}`] : []),
    '  versions:',
    ...version('v1', true),
    ...version('v2', false),
  ];
}

/** A HorizontalPodAutoscaler at autoscaling/v1 and a policy on HPAs at `versions` only. */
export function hpaV1AndPolicy(versions: string, matchPolicy?: string): string[] {
  return [
    'apiVersion: admissionregistration.k8s.io/v1',
    'kind: ValidatingAdmissionPolicy',
    'metadata:',
    '  name: hpa-floor',
    'spec:',
    '  matchConstraints:',
    ...(matchPolicy ? [`    matchPolicy: ${matchPolicy}`] : []),
    '    resourceRules:',
    '    - apiGroups: ["autoscaling"]',
    `      apiVersions: ${versions}`,
    '      operations: ["CREATE"]',
    '      resources: ["horizontalpodautoscalers"]',
    '  validations:',
    '  - expression: "object.spec.minReplicas >= 2"',
    '---',
    'apiVersion: admissionregistration.k8s.io/v1',
    'kind: ValidatingAdmissionPolicyBinding',
    'metadata:',
    '  name: hpa-floor',
    'spec:',
    '  policyName: hpa-floor',
    '  validationActions: [Deny]',
    '---',
    'apiVersion: autoscaling/v1',
    'kind: HorizontalPodAutoscaler',
    'metadata:',
    '  name: web',
    'spec:',
    '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}',
    '  minReplicas: 1',
    '  maxReplicas: 4',
  ];
}

export const widget = [
  'apiVersion: example.com/v1',
  'kind: Widget',
  'metadata:',
  '  name: big',
  'spec:',
  '  size: 5',
];

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
    {
      name: 'rules listing CREATE and UPDATE are evaluated for a CREATE: oldObject is null, request.operation is CREATE',
      code: lines(
        ...teamLabelPolicy("oldObject == null && request.operation == 'CREATE'"),
        '---',
        ...teamLabelBinding(),
        '---',
        ...deployment(),
      ),
    },
    {
      name: 'a policy for DELETE only says nothing about an object being applied',
      code: lines(
        ...teamLabelPolicy().map((l) => l.replace('["CREATE", "UPDATE"]', '["DELETE"]')),
        '---',
        ...teamLabelBinding(),
        '---',
        ...deployment(),
      ),
    },
    {
      name: 'a custom resource: the CRD in view files Widget under widgets, which a rule on gadgets does not name',
      code: lines(...widgetPolicy('["gadgets"]'), '---', ...widgetCrd(), '---', ...widget),
    },
    {
      name: 'a custom resource: a rule for cluster-scoped resources does not match a kind the CRD makes namespaced',
      code: lines(...widgetPolicy('["widgets"]', 'Cluster'), '---', ...widgetCrd(), '---', ...widget),
    },
    {
      name: 'matchPolicy Exact: a rule on widgets at v2 does not match a v1 Widget',
      code: lines(...widgetV2Policy('Exact'), '---', ...widgetCrdTwoVersions(), '---', ...widget),
    },
    {
      name: 'matchPolicy Equivalent across versions needs the other version served: a CRD serving only v1',
      code: lines(...widgetV2Policy(), '---', ...widgetCrd(), '---', ...widget),
    },
    {
      name: 'matchPolicy Equivalent applies to exclusions too: widgets excluded at v2 are excluded at v1',
      code: lines(
        ...widgetPolicy().flatMap((l) =>
          l === '  validations:'
            ? [
                '    excludeResourceRules:',
                '    - {apiGroups: ["example.com"], apiVersions: ["v2"], operations: ["*"], resources: ["widgets"]}',
                l,
              ]
            : [l],
        ),
        '---',
        ...widgetCrdTwoVersions(),
        '---',
        ...widget,
      ),
    },
    {
      name: 'matchPolicy Exact: a rule on HPAs at autoscaling/v2 does not match an autoscaling/v1 HPA',
      code: lines(...hpaV1AndPolicy('["v2"]', 'Exact')),
    },
    {
      name: 'a rule on HPAs at autoscaling/v2beta1, which Kubernetes 1.25 stopped serving: no equivalent in 1.36',
      code: lines(...hpaV1AndPolicy('["v2beta1"]')),
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
    {
      name: 'a custom resource matched by name: the CRD in view says Widget is filed under widgets',
      code: lines(...widgetPolicy(), '---', ...widgetCrd(), '---', ...widget),
      errors: [
        {
          message:
            'Widget "big" is denied by ValidatingAdmissionPolicy "small-widgets" (binding "small-widgets"): Widgets hold at most 3.',
          line: 47,
          column: 3,
          endLine: 47,
          endColumn: 7,
        },
      ],
    },
    {
      name: 'a rule on a resource and its subresources (widgets/*) matches the resource itself, as the API server matches it',
      code: lines(...widgetPolicy('["widgets/*"]'), '---', ...widgetCrd(), '---', ...widget),
      errors: [
        {
          message: /is denied by ValidatingAdmissionPolicy "small-widgets"/,
          line: 47,
          column: 3,
          endLine: 47,
          endColumn: 7,
        },
      ],
    },
    {
      name: 'a custom resource without its CRD in view: the policy may match, and the notice says why it is not evaluated',
      code: lines(...widgetPolicy(), '---', ...widget),
      errors: [
        {
          message:
            'ValidatingAdmissionPolicy "small-widgets" (binding "small-widgets") may match Widget "big": its rules name resources "widgets", and no CustomResourceDefinition in view defines kind Widget of example.com (its spec.names.plural and spec.scope), so whether the rules cover it is unknown. The policy is not evaluated for it.',
          line: 27,
          column: 9,
          endLine: 27,
          endColumn: 12,
        },
      ],
    },
    {
      name: 'rules listing CREATE and UPDATE are evaluated for a CREATE: a validation that needs an oldObject fails',
      code: lines(
        ...teamLabelPolicy('oldObject != null'),
        '---',
        ...teamLabelBinding(),
        '---',
        ...deployment(),
      ),
      errors: [{ message: DENIED, line: 28, column: 9, endLine: 28, endColumn: 12 }],
    },
    {
      name: 'rules listing UPDATE alone: a notice at the object, linking to the operations of the rule',
      code: lines(
        ...teamLabelPolicy().map((l) => l.replace('["CREATE", "UPDATE"]', '["UPDATE"]')),
        '---',
        ...teamLabelBinding(),
        '---',
        ...deployment(),
      ),
      errors: [
        {
          message:
            'ValidatingAdmissionPolicy "require-team" (binding "require-team-binding") checks Deployment "web" only when it is updated (its rules list UPDATE, not CREATE), and whether it already exists in the cluster is not known offline: the policy is not evaluated.',
          line: 28,
          column: 9,
          endLine: 28,
          endColumn: 12,
        },
      ],
    },
    {
      name: 'rules listing UPDATE alone, and the policy reads oldObject: the notice says it is not in view either',
      code: lines(
        ...teamLabelPolicy('object.spec.replicas >= oldObject.spec.replicas').map((l) =>
          l.replace('["CREATE", "UPDATE"]', '["UPDATE"]'),
        ),
        '---',
        ...teamLabelBinding(),
        '---',
        ...deployment(),
      ),
      errors: [
        {
          message:
            'ValidatingAdmissionPolicy "require-team" (binding "require-team-binding") checks Deployment "web" only when it is updated (its rules list UPDATE, not CREATE), and whether it already exists in the cluster is not known offline, nor the object there, which the policy reads as oldObject: the policy is not evaluated.',
          line: 28,
          column: 9,
          endLine: 28,
          endColumn: 12,
        },
      ],
    },
    {
      name: 'matchPolicy Equivalent (the default): a rule on widgets at v2 matches a v1 Widget, seen converted to v2',
      code: lines(...widgetV2Policy(), '---', ...widgetCrdTwoVersions(), '---', ...widget),
      errors: [
        {
          message:
            'Widget "big" is denied by ValidatingAdmissionPolicy "small-widgets" (binding "small-widgets"): seen as example.com/v2 (request.kind v2, requestKind v1)',
          line: 47,
          column: 3,
          endLine: 47,
          endColumn: 7,
        },
      ],
    },
    {
      name: 'matchPolicy Equivalent with a conversion webhook: the policy may match, not evaluated',
      code: lines(...widgetV2Policy(), '---', ...widgetCrdTwoVersions('Webhook'), '---', ...widget),
      errors: [
        {
          message:
            'ValidatingAdmissionPolicy "small-widgets" (binding "small-widgets") may match Widget "big": under matchPolicy Equivalent (the default) its rules cover Widget at example.com/v2, and the CustomResourceDefinition converts objects between versions with a webhook, which is not run offline. The policy is not evaluated for it.',
          line: 47,
          column: 9,
          endLine: 47,
          endColumn: 12,
        },
      ],
    },
    {
      name: 'matchPolicy Equivalent for a built-in kind: a rule on HPAs at autoscaling/v2 may match an autoscaling/v1 HPA',
      code: lines(...hpaV1AndPolicy('["v2"]')),
      errors: [
        {
          message:
            'ValidatingAdmissionPolicy "hpa-floor" (binding "hpa-floor") may match HorizontalPodAutoscaler "web": its rules name autoscaling/v2; under matchPolicy Equivalent (the default) the API server applies them to autoscaling/v1 HorizontalPodAutoscaler too if it serves that version, converting the object first, which Kube Hindsight does not do offline. The policy is not evaluated for it.',
          line: 26,
          column: 9,
          endLine: 26,
          endColumn: 12,
        },
      ],
    },
    {
      name: 'a rule on HPAs at autoscaling/v2beta1 may match when the target release (1.24) still serves it',
      code: lines(...hpaV1AndPolicy('["v2beta1"]')),
      settings: { kubernetesVersion: '1.24' },
      errors: [
        {
          message: /its rules name autoscaling\/v2beta1; under matchPolicy Equivalent/,
          line: 26,
          column: 9,
          endLine: 26,
          endColumn: 12,
        },
      ],
    },
  ],
};

export default cases;
