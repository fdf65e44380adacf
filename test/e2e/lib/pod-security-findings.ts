// The findings of the Pod Security rules, which predict what admission will reject from the labels of the
// Namespace a Pod lands in: fixtures/workspace/pod-security.yaml holds one Namespace per enforced level (each
// with a LimitRange, so that no other namespace rule speaks) and one Pod that the level rejects for exactly one
// reason, so that together with the other fixtures every registered rule is proven in a real editor. Used by
// the extension-host suite (suite/extension.test.ts).
//
// Written out by hand from `node dist/cli.js check --fail-on none test/e2e/fixtures/workspace` (its 1-based
// line:column minus one gives the 0-based ranges), on purpose rather than computed at run time: a regression in
// the engine must not be able to move both the product and the expectation at once. The text after the
// restricted level's fix is fixtures/expected/pod-security.pod-security-restricted.yaml.
import type { InputFixture } from './input-findings';

export const POD_SECURITY_FIXTURES: readonly InputFixture[] = [
  {
    file: 'pod-security.yaml',
    findings: [
      {
        // A host port: baseline forbids it, and no value of it is safe to pick for the user.
        code: 'pod-security-baseline',
        severity: 'error',
        range: [32, 6, 32, 14],
        message:
          'Container "exporter" must not use hostPort 9100 (check hostPorts, Pod Security Standards "baseline"). Namespace "plugins" enforces "baseline" (pod-security.kubernetes.io/enforce: baseline): the API server will reject Pod "node-exporter".',
        fix: null,
        story: 'Grafana Agent Operator: DaemonSets at 0 of 5 pods under a baseline namespace',
        evidence: 'Public report',
      },
      {
        // Everything restricted asks for but allowPrivilegeEscalation: false.
        code: 'pod-security-restricted',
        severity: 'error',
        range: [66, 10, 66, 16],
        message:
          'Container "report" must set securityContext.allowPrivilegeEscalation=false (check allowPrivilegeEscalation, Pod Security Standards "restricted"). Namespace "tenants" enforces "restricted" (pod-security.kubernetes.io/enforce: restricted): the API server will reject Pod "report".',
        fix: 'Set allowPrivilegeEscalation: false on container "report"',
        story: 'Tekton Triggers: the controller could not create a pod in a restricted namespace',
        evidence: 'Public report',
      },
    ],
  },
];
