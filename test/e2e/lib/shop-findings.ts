// The six findings of fixtures/workspace/shop.yaml, which every real-editor driver expects: the extension-host
// suite (suite/extension.test.ts), the browser UI test (ui.ts) and Neovim over stdio (neovim.ts).
//
// Written out by hand from `node dist/cli.js check test/e2e/fixtures/workspace` (its 1-based line:column minus
// one gives the 0-based ranges), on purpose rather than computed at run time: a regression in the engine must
// not be able to move both the product and the expectation at once.
import type { CatalogueFinding } from './catalogue-findings';

/**
 * One finding as a user sees it (the shape every fixture table shares); shop.yaml's rules all offer a fix and
 * none is an info.
 */
export type ShopFinding = Omit<CatalogueFinding, 'severity' | 'fix'> & {
  readonly severity: 'warning' | 'error';
  /** The title of the quick fix offered for it. */
  readonly fix: string;
};

/** In the order of the file, which is also the order of their ranges. */
export const SHOP_FINDINGS: readonly ShopFinding[] = [
  {
    code: 'missing-pdb',
    severity: 'warning',
    range: [4, 8, 4, 12],
    message:
      'Deployment "cart" runs 3 replicas but no PodDisruptionBudget selects its pods: a drain can evict them all at once.',
    fix: 'Add PodDisruptionBudget "cart-pdb" (maxUnavailable: 1)',
    story: 'GKE docs: without a PDB, a node upgrade can remove every pod at once',
    evidence: 'Public report',
  },
  {
    code: 'required-anti-affinity',
    severity: 'warning',
    range: [20, 10, 20, 56],
    message:
      'Required pod anti-affinity: when nodes are short (drain, failover, zone loss) new pods stay Pending. Prefer it instead.',
    fix: 'Make the pod anti-affinity preferred (weight 100)',
    story: 'Stacker: pods tied to one labelled node stayed unscheduled after a node swap',
    evidence: 'Postmortem',
  },
  {
    code: 'missing-memory-limit',
    severity: 'warning',
    range: [28, 8, 28, 17],
    message:
      'Container "cart" has no memory limit: a leak can exhaust the node\u2019s memory and take its neighbours down.',
    fix: 'Add memory limit 512Mi to "cart"',
    story: 'Blue Matador: two production nodes ran out of memory',
    evidence: 'Postmortem',
  },
  {
    code: 'missing-anti-affinity',
    severity: 'warning',
    range: [41, 2, 41, 10],
    message:
      'Deployment "catalog" runs 2 replicas with no anti-affinity or topology spread: one node failure can take them all.',
    fix: 'Add preferred pod anti-affinity on kubernetes.io/hostname (weight 100)',
    story: 'Moonlight: pods stacked on one node that kept crashing',
    evidence: 'Postmortem',
  },
  {
    code: 'missing-resource-requests',
    severity: 'warning',
    range: [54, 8, 54, 17],
    message: 'Container "catalog" requests no cpu or memory: the scheduler packs it blind.',
    fix: 'Add cpu 100m and memory 256Mi requests to "catalog"',
    story: 'Moonlight: CPU-heavy pods packed onto one node until it panicked',
    evidence: 'Postmortem',
  },
  {
    code: 'default-deny-blocks-dns',
    severity: 'error',
    range: [79, 4, 79, 10],
    message:
      'This policy isolates egress, but nothing in namespace "shop" allows DNS (port 53): every name lookup will fail.',
    fix: 'Add NetworkPolicy "allow-dns" allowing DNS (UDP and TCP 53) to kube-dns',
    story: 'kubernetes/website #38267: a default-deny egress policy silently broke DNS',
    evidence: 'Public report',
  },
];

/** The finding of one rule; a code that is not in the table is a mistake in the driver. */
export function shopFinding(code: string): ShopFinding {
  const finding = SHOP_FINDINGS.find((candidate) => candidate.code === code);
  if (!finding) throw new Error(`shop.yaml has no ${code} finding in SHOP_FINDINGS`);
  return finding;
}
