import { defineInputRule } from '../../server/engine/rule';
import type { NoticeKind } from '../../server/engine/types';
import story from './story.md';

const MESSAGE_IDS: Partial<Record<NoticeKind, string>> = {
  'kustomize-unsupported': 'unsupported',
  'kustomize-error': 'error',
  'kustomize-unused-patch': 'unusedPatch',
};

export default defineInputRule(
  {
    id: 'kustomization-not-rendered',
    title: 'Kustomization not rendered',
    category: 'input',
    concern: 'validity',
    defaultSeverity: 'warning',
    description:
      'A kustomization that Kube Hindsight did not render: it uses a field the renderer does not cover (remote bases, `helmCharts`, plugins, `replacements`, `vars`…), or `kustomize build` itself would fail on it (a missing file, a cycle). Its resources are then checked one by one as written, and its patches not at all. A patch that only an unused Component names is not checked either, and says so.',
    rationale:
      'Findings on a Kustomize tree are only right on what will be applied, the rendered output. When that ' +
      'output cannot be produced, the files are checked as written, which can both miss what an overlay ' +
      'breaks and flag what it fixes; the finding says so at the field responsible, so that a quiet report ' +
      'is never mistaken for a checked one.',
    remediation:
      'For an unsupported field, check the output with `kustomize build <dir> | kube-hindsight check -` in CI, ' +
      'or replace the field by a supported one (`images:` instead of an `ImageTagTransformer` plugin). For ' +
      'an error, fix the kustomization: `kubectl kustomize <dir>` fails on it too.',
    messages: {
      unusedPatch:
        '{reason} Nothing renders it, so it is not checked (a fragment cannot be checked on its own): include the component in an overlay to check what it patches.',
      unsupported:
        '{reason} Its resources are checked one by one as written, and its patches are not checked.',
      error: 'kustomize build would fail here: {reason}',
    },
    story,
  },
  ({ notices }, report) => {
    for (const notice of notices) {
      const messageId = MESSAGE_IDS[notice.kind];
      if (messageId === undefined) continue;
      report({
        messageId,
        data: { reason: notice.message },
        span: notice.span,
      });
    }
  },
);
