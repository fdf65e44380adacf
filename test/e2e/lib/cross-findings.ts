// The findings of fixtures/workspace/cross.yaml: one scenario per cross-object rule, each in a namespace of its
// own, so that together with SHOP_FINDINGS and CATALOGUE_FINDINGS every registered rule is proven in a real
// editor. Used by the extension-host suite (suite/extension.test.ts).
//
// Written out by hand from `node dist/cli.js check --fail-on none test/e2e/fixtures/workspace` (the rules see
// every file of the folder, as they do in the editor through the workspace index; its 1-based line:column minus
// one gives the 0-based ranges), on purpose rather than computed at run time: a regression in the engine must
// not be able to move both the product and the expectation at once. The fix titles are those of each finding's
// first fix; the text after it is fixtures/expected/cross.<code>.yaml. The related locations are the objects
// each finding points at (vscode.Diagnostic.relatedInformation), read off the fixture files.
import type { CatalogueFinding } from './catalogue-findings';

/** One link from a finding to another object involved: where it is, and what it says. */
export interface RelatedLocation {
  /** The fixture file, relative to the workspace folder. */
  readonly file: string;
  /** 0-based [startLine, startCharacter, endLine, endCharacter]. */
  readonly range: readonly [number, number, number, number];
  readonly message: string;
}

export interface CrossFinding extends CatalogueFinding {
  /** The related information, in order. */
  readonly related: readonly RelatedLocation[];
}

/** In the order of the file, which is also the order of their ranges. */
export const CROSS_FINDINGS: readonly CrossFinding[] = [
  {
    code: 'namespace-without-limitrange',
    severity: 'info',
    range: [7, 8, 7, 14],
    message:
      'Namespace "orders" has no LimitRange: containers created there without resources get no requests and no memory limit, so one leak can exhaust a node.',
    fix: 'Add LimitRange "default-limits" (default memory limit 512Mi, default requests 100m CPU and 256Mi memory)',
    story: 'The Black Friday memory leak',
    evidence: 'Scenario',
    related: [],
  },
  {
    code: 'pdb-matches-nothing',
    severity: 'warning',
    range: [38, 2, 38, 10],
    message:
      'PodDisruptionBudget "search" selects no pods: no workload in namespace "search" has pod labels matching app=serach, so drains evict its intended pods without limit.',
    fix: null,
    story: 'Bitnami Mastodon chart: every budget matched a label the pods did not carry',
    evidence: 'Public report',
    related: [
      {
        file: 'cross.yaml',
        range: [14, 8, 14, 14],
        message: 'Deployment "search" has the pod labels app=search',
      },
    ],
  },
  {
    code: 'missing-graceful-shutdown',
    severity: 'info',
    range: [56, 14, 56, 17],
    message:
      'Container "web" of Deployment "web" has no preStop hook, but Service "web" sends it traffic: on every rollout it gets SIGTERM while requests are still routed to it, and those requests fail.',
    fix: 'Add a preStop hook to "web" that sleeps 5 s before SIGTERM',
    story: 'ingress-nginx #3639: 502s and refused connections whenever pods were removed',
    evidence: 'Public report',
    related: [
      { file: 'cross.yaml', range: [69, 8, 69, 11], message: 'Service "web" selects these pods (app=web)' },
    ],
  },
  {
    code: 'missing-readiness-probe',
    severity: 'warning',
    range: [91, 14, 91, 22],
    message:
      'Container "accounts" of Deployment "accounts" has no readiness probe, but Service "accounts" sends it traffic: new and restarted pods get requests before they can answer them.',
    fix: 'Add a TCP readiness probe on port 8443 to "accounts"',
    story: 'kubernetes #38355: a rolling update sent requests to pods that were not ready',
    evidence: 'Public report',
    related: [
      {
        file: 'cross.yaml',
        range: [105, 8, 105, 16],
        message: 'Service "accounts" selects these pods (app=accounts)',
      },
    ],
  },
  {
    code: 'hpa-target-missing',
    severity: 'warning',
    range: [142, 10, 142, 19],
    message:
      'HorizontalPodAutoscaler "inventory" targets Deployment "inventroy", which does not exist in namespace "inventory": the autoscaler never scales anything.',
    fix: null,
    story: 'Mastodon chart: the autoscaler looked for a Deployment that did not exist',
    evidence: 'Public report',
    related: [
      { file: 'cross.yaml', range: [116, 8, 116, 17], message: 'Deployment "inventory" has a similar name' },
    ],
  },
  {
    code: 'hpa-target-without-requests',
    severity: 'warning',
    range: [194, 12, 194, 15],
    message:
      'HorizontalPodAutoscaler "renderer" scales on cpu utilization (75%), but container "log-shipper" of Deployment "renderer" sets no cpu request: utilization cannot be computed, so the autoscaler never acts on it.',
    fix: null,
    story: 'App Mesh injector: an Envoy sidecar without requests switched autoscaling off',
    evidence: 'Public report',
    related: [
      {
        file: 'cross.yaml',
        range: [171, 14, 171, 25],
        message: 'Container "log-shipper" sets no cpu request',
      },
    ],
  },
  {
    code: 'replicas-with-hpa',
    severity: 'info',
    range: [203, 2, 203, 10],
    message:
      'Deployment "payments" sets replicas: 1, but HorizontalPodAutoscaler "payments" scales it: every apply of this manifest resets it to 1 replica until the autoscaler catches up.',
    fix: 'Remove spec.replicas (HorizontalPodAutoscaler "payments" sets the count)',
    story: 'Tekton: re-applying the webhook Deployment scaled it back to one pod',
    evidence: 'Public report',
    related: [
      {
        file: 'cross.yaml',
        range: [221, 8, 221, 16],
        message: 'HorizontalPodAutoscaler "payments" scales this Deployment between 1 and 10 replicas',
      },
    ],
  },
  {
    code: 'default-deny-without-allows',
    severity: 'warning',
    range: [245, 4, 245, 11],
    message:
      'NetworkPolicy "default-deny-ingress" denies all ingress to every pod in namespace "ledger", and no policy there allows any: Service "ledger" can no longer reach its pods.',
    fix: null,
    story: 'UK Government Digital Service platform: a new default-deny broke all ingress',
    evidence: 'Public report',
    related: [
      {
        file: 'cross.yaml',
        range: [250, 8, 250, 14],
        message: 'Service "ledger" sends traffic to pods with app=ledger',
      },
    ],
  },
  {
    // Its related object is in another file: catalogue.yaml's Pod "web-app".
    code: 'service-selects-nothing',
    severity: 'warning',
    range: [264, 2, 264, 10],
    message:
      'Service "web-app" selects no pods: no workload in namespace "default" has the pod labels app=web-app, tier=frontend, so it has no endpoints and every connection to it fails.',
    fix: null,
    story: 'Monzo, October 2017: a Service left with no pods helped take the bank offline',
    evidence: 'Postmortem',
    related: [
      {
        file: 'catalogue.yaml',
        range: [53, 8, 53, 15],
        message: 'Pod "web-app" has the pod labels app=web-app',
      },
    ],
  },
  {
    code: 'toleration-typo',
    severity: 'warning',
    range: [289, 15, 289, 23],
    message:
      'Toleration value "analytcs" for key "dedicated" matches no value used with that key, but is 1 edit from "analytics" (the nodeSelector of Deployment "spark-history"): a misspelled toleration tolerates nothing.',
    fix: 'Change the toleration value to "analytics"',
    story: 'OpenShift docs: tolerations for node.kubernetes.io/notReady, a taint that does not exist',
    evidence: 'Public report',
    related: [
      {
        file: 'cross.yaml',
        range: [285, 19, 285, 28],
        message: '"analytics" is the spelling used by the nodeSelector of Deployment "spark-history"',
      },
    ],
  },
  {
    code: 'custom-resource-schema',
    severity: 'warning',
    range: [332, 2, 332, 10],
    message:
      '`cronspec` is not a field of CronTab.spec at `spec` in the CRD "crontabs.stable.example.com": did you mean `cronSpec`? The API server prunes unknown fields, so this setting never takes effect.',
    fix: 'Rename `cronspec` to `cronSpec`',
    story:
      'Kubernetes issue 94690: a custom resource field at the wrong indentation was pruned without an error',
    evidence: 'Public report',
    related: [
      {
        file: 'cross.yaml',
        range: [302, 8, 302, 35],
        message: 'The CustomResourceDefinition "crontabs.stable.example.com" that defines CronTab',
      },
    ],
  },
];
