import { defineInputRule } from '../../server/engine/rule';
import story from './story.md';

export default defineInputRule(
  {
    id: 'unrendered-template',
    title: 'Helm or Go template not analysed',
    category: 'input',
    concern: 'validity',
    defaultSeverity: 'info',
    description:
      'A file holds Helm or Go template actions (`{{ }}`) where YAML sees structure or a plain value, so its template documents were not analysed. `{{` inside quoted strings, block scalars and comments is ordinary text and does not count.',
    rationale:
      'A template is not the manifest the cluster receives: `replicas: {{ .Values.n }}` has no value until it ' +
      'is rendered, and reading it as YAML would give a cascade of false findings. Skipping it silently would ' +
      'be worse, a clean report for documents nobody checked; this finding says they were left out.',
    remediation:
      'Check the rendered output instead, for example `helm template ./chart | kube-hindsight check -`, whose ' +
      'findings are reported against the templates. Where templates are checked that way already, turn this ' +
      'rule off or leave the templates out with `ignore:` in `.kube-hindsight.yaml`.',
    messages: {
      template:
        'This file looks like a Helm or Go template: documents with {{ }} outside quoted strings, block scalars and comments were not analysed. Check the output of helm template instead (helm template ./chart | kube-hindsight check -).',
    },
    story,
  },
  ({ notices }, report) => {
    for (const notice of notices) {
      if (notice.kind === 'helm-template') report({ messageId: 'template', span: notice.span });
    }
  },
);
