// The findings of fixtures/workspace/kustomize/, a base that two overlays render (prod with a namePrefix and a
// patch that adds a sidecar, staging with a namePrefix of its own), as the editor shows them once the overlays
// are rendered: each file shows the findings of the rendered output whose cure is written in it, with the
// overlay they hold for. Used by the extension-host suite (suite/extension.test.ts), which applies one quick
// fix in the base and one in the patch and waits for the finding to go from every overlay it held for.
//
// Written out by hand from `node dist/cli.js check --fail-on none test/e2e/fixtures/workspace` (its 1-based
// line:column minus one gives the 0-based ranges; the CLI names the overlays from the current folder, the editor
// from the workspace folder), on purpose rather than computed at run time: a regression in the renderer must
// not be able to move both the product and the expectation at once. The text after each fix is
// fixtures/expected/kustomize/<file>.<code>.yaml, the same as `check --fix --fix-rule <code>` writes.
import type { CatalogueFinding } from './catalogue-findings';

/** One diagnostic as the `vscode` API reports it. */
export type KustomizeFinding = Pick<CatalogueFinding, 'code' | 'severity' | 'range' | 'message'>;

export interface KustomizeFixture {
  /** Relative to the workspace folder. */
  readonly file: string;
  /** Every diagnostic of ours the file shows once the overlays are rendered, in the order of their ranges. */
  readonly findings: readonly KustomizeFinding[];
  /** The rule whose fix the suite applies to the first of its diagnostics, and the fix's title. */
  readonly fix: { readonly code: string; readonly title: string };
  /** What the hover of the fixed diagnostic says of the Kustomize outputs it was found in. */
  readonly hover: string;
  /** The file's comments, which the fix must keep. */
  readonly comments: readonly string[];
}

const antiAffinity = (overlay: string): KustomizeFinding => ({
  code: 'missing-anti-affinity',
  severity: 'warning',
  range: [6, 2, 6, 10],
  message: `Deployment "${overlay}-invoices" runs 3 replicas with no anti-affinity or topology spread: one node failure can take them all. (in kustomize build of kustomize/overlays/${overlay})`,
});

/** The hover's note on a finding that every output including the file shares, so that a fix there cures all. */
function everyOutput(outputs: string): string {
  return (
    `**Kustomize.** Found in the output of ${outputs}, from what this file writes; every output that includes ` +
    'this file has it here, so a fix here cures them all.'
  );
}

export const KUSTOMIZE_FIXTURES: readonly KustomizeFixture[] = [
  {
    // Both overlays render the base's three replicas without anti-affinity, each under its own prefixed name:
    // the cure is the base's, and one fix there clears the finding of both.
    file: 'kustomize/base/deploy.yaml',
    findings: [antiAffinity('prod'), antiAffinity('staging')],
    fix: {
      code: 'missing-anti-affinity',
      title: 'Add preferred pod anti-affinity on kubernetes.io/hostname (weight 100)',
    },
    hover: everyOutput(
      '`kustomize build kustomize/overlays/prod`, `kustomize build kustomize/overlays/staging`',
    ),
    comments: [
      '# The invoices API, shared by every environment; overlays set its image tag.',
      '- name: api # serves /invoices',
    ],
  },
  {
    // The sidecar exists only in prod's rendering, and only prod's patch can give it a limit. Nothing the patch
    // leaves out (a selector, the replicas, the api container) is its finding.
    file: 'kustomize/overlays/prod/sidecar.yaml',
    findings: [
      {
        code: 'missing-memory-limit',
        severity: 'warning',
        range: [11, 10, 11, 19],
        message:
          'Container "proxy" has no memory limit: a leak can exhaust the node’s memory and take its neighbours down. (in kustomize build of kustomize/overlays/prod)',
      },
    ],
    fix: { code: 'missing-memory-limit', title: 'Add memory limit 512Mi to "proxy"' },
    // Only prod includes the patch, so its one output is every output that includes it.
    hover: everyOutput('`kustomize build kustomize/overlays/prod`'),
    comments: ['# Production pods get a TLS proxy in front of the API.'],
  },
];
