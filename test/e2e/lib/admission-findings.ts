// The finding of the team's own admission policy: a folder of its own (fixtures/workspace/admission) with a
// ValidatingAdmissionPolicy and its binding in policy.yaml, and in settings.yaml the one ConfigMap it refuses
// (its matchCondition names that ConfigMap alone, so the other fixtures' ConfigMaps stay out of it). Together
// with the other fixtures, every registered rule is proven in a real editor. Used by the extension-host suite
// (suite/extension.test.ts).
//
// Written out by hand from `node dist/cli.js check --fail-on none test/e2e/fixtures/workspace` (its 1-based
// line:column minus one gives the 0-based ranges), on purpose rather than computed at run time: a regression in
// the engine must not be able to move both the product and the expectation at once.
import type { InputFixture } from './input-findings';

export const ADMISSION_FIXTURES: readonly InputFixture[] = [
  {
    // Denied at the object's name; the policy's validation and the binding are its related information.
    // The rule offers no fix: what the label should say is the team's to decide.
    file: 'admission/settings.yaml',
    findings: [
      {
        code: 'admission-policy-violation',
        severity: 'error',
        range: [2, 0, 2, 8],
        message:
          'ConfigMap "team-settings" is denied by ValidatingAdmissionPolicy "require-team" (binding "require-team"): Every team-settings ConfigMap needs a team label.',
        fix: null,
        story: 'Gateway API rollback refused by the ValidatingAdmissionPolicy its own upgrade installed',
        evidence: 'Public report',
      },
    ],
  },
];
