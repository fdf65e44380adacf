// The findings that depend on the target Kubernetes release: a folder of its own (fixtures/workspace/upgrade)
// whose .kube-hindsight.yaml targets 1.21, so that an API version the default target (1.36) calls removed is
// deprecated there. Together with the other fixtures, every registered rule is proven in a real editor. Used by
// the extension-host suite (suite/extension.test.ts).
//
// Written out by hand from `node dist/cli.js check --fail-on none test/e2e/fixtures/workspace` (its 1-based
// line:column minus one gives the 0-based ranges), on purpose rather than computed at run time: a regression in
// the engine must not be able to move both the product and the expectation at once.
import type { InputFixture } from './input-findings';

export const TARGET_FIXTURES: readonly InputFixture[] = [
  {
    // A beta Ingress: 1.21 serves it, deprecated, and serves networking.k8s.io/v1 too. The backend's shape
    // changed in v1, so the rule offers no fix of its own, only the central actions.
    file: 'upgrade/ingress.yaml',
    findings: [
      {
        code: 'deprecated-api-version',
        severity: 'info',
        range: [1, 12, 1, 37],
        message:
          'Ingress "shop" uses networking.k8s.io/v1beta1, deprecated since Kubernetes 1.19 and removed in 1.22: move to networking.k8s.io/v1, which your target 1.21 already serves (backends are written service.name and service.port, spec.backend becomes spec.defaultBackend, and every path needs a pathType).',
        fix: null,
        story:
          'Helm issue 7604: a planned upgrade to Kubernetes 1.16 left releases that could not be upgraded',
        evidence: 'Public report',
      },
    ],
  },
];
