import { isScalar } from 'yaml';
import { ensureEntries } from '../../server/engine/edits';
import { pairAt, spanOf } from '../../server/engine/nodes';
import { objectNameSpan } from '../../server/engine/report-spans';
import { defineRule } from '../../server/engine/rule';
import story from './story.md';

export default defineRule(
  {
    id: 'storageclass-no-expansion',
    title: 'StorageClass whose volumes cannot be grown',
    category: 'resources',
    concern: 'reliability',
    defaultSeverity: 'info',
    description: 'A StorageClass without `allowVolumeExpansion: true` (unset or false).',
    rationale:
      'A volume fills up at the worst moment: a database, a queue or etcd stops writing when its disk is full. ' +
      'If its StorageClass does not allow expansion, the API server refuses to enlarge the claim, and the way out ' +
      'is a new volume and a data migration under pressure instead of a one-line change to the claim.',
    remediation:
      'Set `allowVolumeExpansion: true` on StorageClasses whose provisioner supports expansion (most CSI drivers ' +
      'and cloud disks do), so that a claim can be grown in place when it runs short.',
    messages: {
      unset:
        'StorageClass "{name}" does not set allowVolumeExpansion: claims it provisions cannot be enlarged when ' +
        'their volumes fill up.',
      disabled:
        'StorageClass "{name}" sets allowVolumeExpansion: false: claims it provisions cannot be enlarged when their ' +
        'volumes fill up.',
    },
    fixable: true,
    kinds: ['StorageClass'],
    options: {
      ignoreProvisioners: {
        type: 'string[]',
        default: ['kubernetes.io/no-provisioner', 'rancher.io/local-path'],
        description:
          'Provisioners that cannot expand volumes anyway (local volumes); their classes are not flagged.',
      },
    },
    story,
  },
  (object, context) => {
    const provisioner = object.value.provisioner;
    if (typeof provisioner === 'string' && context.options.ignoreProvisioners.includes(provisioner)) return;
    const allow = object.value.allowVolumeExpansion;
    if (allow === true) return;
    const name = object.name ?? '(unnamed)';
    const pair = pairAt(object.node, ['allowVolumeExpansion']);
    if (pair && allow === false && isScalar(pair.value) && pair.value.range) {
      const valueRange = pair.value.range;
      context.report({
        messageId: 'disabled',
        data: { name },
        span: spanOf(pair.key),
        fix: () => [
          {
            title: 'Set allowVolumeExpansion: true',
            edits: [{ start: valueRange[0], end: valueRange[1], newText: 'true' }],
            isPreferred: true,
          },
        ],
      });
      return;
    }
    // A value that is neither true nor false is for the API server to reject, not for this rule.
    if (pair) return;
    context.report({
      messageId: 'unset',
      data: { name },
      span: objectNameSpan(object),
      fix: () => {
        const edits = ensureEntries(context.file, object.node, [], { allowVolumeExpansion: true });
        return edits ? [{ title: 'Add allowVolumeExpansion: true', edits, isPreferred: true }] : [];
      },
    });
  },
);
