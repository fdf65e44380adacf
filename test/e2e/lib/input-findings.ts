// The findings of the input rules, whose subject is a file's text rather than an object: each has a fixture file of
// its own, because each is about what could not be analysed (a document that does not parse, one skipped at a
// bound, a Helm template, a kustomization the renderer does not cover), so that together with SHOP_FINDINGS, CATALOGUE_FINDINGS and CROSS_FINDINGS every
// registered rule is proven in a real editor. Used by the extension-host suite (suite/extension.test.ts).
//
// Written out by hand from `node dist/cli.js check --fail-on none test/e2e/fixtures/workspace` (its 1-based
// line:column minus one gives the 0-based ranges), on purpose rather than computed at run time: a regression in
// the engine must not be able to move both the product and the expectation at once. None of these rules has a
// fix of its own: the editor offers only the central actions ("Ignore … on this line", the war story).
import type { CatalogueFinding } from './catalogue-findings';

/** A fixture file and its findings, in the order of the file. */
export interface InputFixture {
  /** The fixture file, relative to the workspace folder. */
  readonly file: string;
  readonly findings: readonly CatalogueFinding[];
}

export const INPUT_FIXTURES: readonly InputFixture[] = [
  {
    // A Service whose port list has a key indented out of line.
    file: 'broken.yaml',
    findings: [
      {
        code: 'invalid-yaml',
        severity: 'error',
        range: [10, 10, 10, 12],
        message:
          'YAML syntax error (BLOCK_AS_IMPLICIT_KEY): This value is on the same line as its key, and the line after it is indented further, so YAML reads that line as part of this value. Align the next line with this key, or move the value to its own lines. Kube Hindsight checks this document once it parses.',
        fix: null,
        story: 'KubeLinter: manifests that failed to parse passed without a word',
        evidence: 'Public report',
      },
    ],
  },
  {
    // A "billion laughs" document: its aliases expand past maxAliasCount. The bound is its documented default
    // (100, when neither the editor nor .kube-hindsight.yaml sets it), which the CLI states too.
    file: 'alias-bomb.yaml',
    findings: [
      {
        code: 'file-skipped',
        severity: 'warning',
        range: [3, 0, 3, 14],
        message:
          'Kube Hindsight skipped this document: its aliases expand beyond 100 (kubeHindsight.limits.maxAliasCount), the shape of an alias bomb. Raise that bound to analyse it, in the editor setting or as limits.maxAliasCount in .kube-hindsight.yaml.',
        fix: null,
        story: 'ferret-scan: a file refused for its size, and a report of a complete, clean scan',
        evidence: 'Public report',
      },
    ],
  },
  {
    // A Helm chart's template, opened in the editor (the workspace index leaves a chart's templates out).
    file: 'chart/templates/deployment.yaml',
    findings: [
      {
        code: 'unrendered-template',
        severity: 'info',
        range: [3, 8, 3, 10],
        message:
          'This file looks like a Helm or Go template: documents with {{ }} outside quoted strings, block scalars and comments were not analysed. Check the output of helm template instead (helm template ./chart | kube-hindsight check -).',
        fix: null,
        story: 'Helm: subchart templates that lint never looked at',
        evidence: 'Public report',
      },
    ],
  },
  {
    // A kustomization that inflates a Helm chart: the renderer leaves helmCharts to Helm, so the kustomization is
    // not rendered, and the finding sits on the field responsible.
    file: 'kustomize/charted/kustomization.yaml',
    findings: [
      {
        code: 'kustomization-not-rendered',
        severity: 'warning',
        range: [3, 0, 3, 10],
        message:
          '`helmCharts` is not supported by the Kustomize renderer yet; the kustomization is not rendered. Its resources are checked one by one as written, and its patches are not checked.',
        fix: null,
        story: 'kube-linter: a kustomization with a transformer plugin gave "no valid objects found"',
        evidence: 'Public report',
      },
    ],
  },
];
