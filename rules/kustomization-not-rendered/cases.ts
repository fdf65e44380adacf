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
  ],
};

export default cases;
