import { lines, type RuleCases } from '../../test/rule-cases';

const kustomization = lines(
  'apiVersion: kustomize.config.k8s.io/v1beta1',
  'kind: Kustomization',
  'resources:',
  '  - deployment.yaml',
  'helmCharts:',
  '  - name: redis',
);

const HELM =
  '`helmCharts` is not rendered by Kube Hindsight (charts are rendered by Helm, not by this renderer).';

const cases: RuleCases = {
  valid: [
    { name: 'a kustomization that was rendered has no notice', code: kustomization },
    {
      name: 'rule turned off',
      code: kustomization,
      settings: { rules: { 'kustomization-not-rendered': 'off' } },
      notices: [{ kind: 'kustomize-unsupported', message: HELM, at: 'helmCharts' }],
    },
    {
      name: 'notices of other kinds belong to other rules',
      code: kustomization,
      notices: [{ kind: 'helm-template', message: 'a template', at: 'helmCharts' }],
    },
  ],
  invalid: [
    {
      name: 'an unsupported field: at its key',
      code: kustomization,
      notices: [{ kind: 'kustomize-unsupported', message: HELM, at: 'helmCharts' }],
      errors: [
        {
          message: `${HELM} Its resources are checked one by one as written, and its patches are not checked.`,
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 11,
        },
      ],
      output: null,
    },
    {
      name: 'a missing resource: kustomize build would fail',
      code: kustomization,
      notices: [
        { kind: 'kustomize-error', message: 'deployment.yaml does not exist.', at: 'deployment.yaml' },
      ],
      errors: [
        {
          message: 'kustomize build would fail here: deployment.yaml does not exist.',
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 20,
        },
      ],
      output: null,
    },
    {
      name: 'a patch that only an unused Component names: said so at its first line',
      code: lines(
        '# Drops the load generator.',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: loadgenerator}',
        '$patch: delete',
      ),
      notices: [
        {
          kind: 'kustomize-unused-patch',
          message: 'This patch belongs to the Component components/no-load, which no kustomization includes.',
          at: 'apiVersion',
        },
      ],
      errors: [
        {
          message:
            'This patch belongs to the Component components/no-load, which no kustomization includes. Nothing renders it, so it is not checked (a fragment cannot be checked on its own): include the component in an overlay to check what it patches.',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 11,
        },
      ],
      output: null,
    },
  ],
};

export default cases;
