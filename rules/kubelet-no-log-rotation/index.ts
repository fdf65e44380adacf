import { ensureEntries } from '../../server/engine/edits';
import { nodeAt, spanOf } from '../../server/engine/nodes';
import { defineRule } from '../../server/engine/rule';
import story from './story.md';

/** The kubelet's own defaults in kubelet.config.k8s.io/v1beta1. */
const KUBELET_DEFAULT_SIZE = '10Mi';
const KUBELET_DEFAULT_FILES = 5;

export default defineRule(
  {
    id: 'kubelet-no-log-rotation',
    title: 'Kubelet configuration leaves container log rotation implicit',
    category: 'resources',
    concern: 'reliability',
    defaultSeverity: 'info',
    description: 'A `KubeletConfiguration` (kubelet.config.k8s.io) does not set `containerLogMaxSize`.',
    rationale:
      'Container logs live on the node’s disk, and a chatty or misbehaving container can write gigabytes an hour. ' +
      'When the node’s file system fills, the kubelet evicts pods and can stop reporting status, and the evicted ' +
      'pods carry the same logging to the next node. Without `containerLogMaxSize` the cap on each container’s ' +
      'logs is whatever the kubelet version or the distribution defaults to, which nobody reviews.',
    remediation:
      'Set `containerLogMaxSize` and `containerLogMaxFiles` explicitly, sized so that the largest number of ' +
      'containers a node runs times size times files fits comfortably on its disk, and alert on node disk usage: ' +
      'rotation runs periodically, so a container that writes very fast can still overshoot the limit.',
    messages: {
      missing:
        '{config} does not set containerLogMaxSize: how large each container’s logs may grow on the node is left ' +
        'to the kubelet’s built-in default ({defaultSize} and {defaultFiles} files in v1beta1), unseen in review. ' +
        'Set it explicitly, sized for the node’s disk.',
    },
    fixable: true,
    kinds: ['KubeletConfiguration'],
    options: {
      maxSize: {
        type: 'string',
        default: KUBELET_DEFAULT_SIZE,
        description: 'The `containerLogMaxSize` the fix writes (a quantity such as 10Mi).',
      },
      maxFiles: {
        type: 'integer',
        default: KUBELET_DEFAULT_FILES,
        minimum: 2,
        description: 'The `containerLogMaxFiles` the fix writes when the configuration has none.',
      },
    },
    story,
  },
  (object, context) => {
    if (!object.apiVersion.startsWith('kubelet.config.k8s.io/')) return;
    if (object.value.containerLogMaxSize !== undefined) return;
    const kindNode = nodeAt(object.node, ['kind']);
    const { maxSize, maxFiles } = context.options;
    context.report({
      messageId: 'missing',
      data: {
        config: object.name ? `KubeletConfiguration "${object.name}"` : 'KubeletConfiguration',
        defaultSize: KUBELET_DEFAULT_SIZE,
        defaultFiles: KUBELET_DEFAULT_FILES,
      },
      span: kindNode && spanOf(kindNode),
      fix: () => {
        const entries: Record<string, string | number> = { containerLogMaxSize: maxSize };
        if (object.value.containerLogMaxFiles === undefined) entries.containerLogMaxFiles = maxFiles;
        const edits = ensureEntries(context.file, object.node, [], entries);
        if (!edits) return [];
        const title =
          entries.containerLogMaxFiles === undefined
            ? `Add containerLogMaxSize: ${maxSize}`
            : `Add containerLogMaxSize: ${maxSize} and containerLogMaxFiles: ${maxFiles}`;
        // Writing the kubelet's own defaults down changes nothing at run time.
        const unchanged =
          maxSize === KUBELET_DEFAULT_SIZE &&
          (entries.containerLogMaxFiles ?? KUBELET_DEFAULT_FILES) === KUBELET_DEFAULT_FILES;
        return [{ title, edits, isPreferred: unchanged }];
      },
    });
  },
);
