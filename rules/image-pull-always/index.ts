import { replaceScalarValue } from '../../server/engine/edits';

import { containerLabel } from '../../server/engine/containers';

import { getPair, spanOf } from '../../server/engine/nodes';

import { defineRule } from '../../server/engine/rule';

import { podContainersOf, WORKLOAD_KINDS } from '../../server/engine/workloads';

import story from './story.md';

export default defineRule(
  {
    id: 'image-pull-always',
    title: 'Every container start depends on the image registry',
    category: 'availability',
    concern: 'reliability',
    defaultSeverity: 'info',
    description:
      'A container sets `imagePullPolicy: Always`, or uses an image tagged `latest` or with no tag (which makes ' +
      'Kubernetes default the pull policy to Always).',
    rationale:
      'With a pull policy of Always the kubelet asks the registry for the image every time the container starts, ' +
      'even when the node already has it. A registry, DNS or network problem then turns routine restarts, ' +
      'reschedules and rollbacks into pods that cannot start, exactly when you need them most.',
    remediation:
      'Pin images to a version tag or a digest and use `imagePullPolicy: IfNotPresent` (the default for pinned ' +
      'images), so a node that already has the image can start the container without the registry.',
    messages: {
      always:
        'Container "{container}" sets imagePullPolicy: Always, so every start of it pulls "{image}" from the ' +
        'registry: if the registry is unreachable, restarts and new pods fail. Use IfNotPresent for a pinned image.',
      alwaysMutable:
        'Container "{container}" sets imagePullPolicy: Always and its image "{image}" has {tagProblem}: every start ' +
        'depends on the registry. Pin a version tag or digest first, then use IfNotPresent (no automatic fix: the ' +
        'right tag is yours to choose).',
      mutable:
        'Container "{container}" uses image "{image}" with {tagProblem}, so Kubernetes defaults its imagePullPolicy ' +
        'to Always: every start depends on the registry. Pin a version tag or digest (no automatic fix: the right ' +
        'tag is yours to choose).',
    },
    fixable: true,
    kinds: WORKLOAD_KINDS,
    story,
  },
  (object, context) => {
    for (const container of podContainersOf(object)) {
      const image = typeof container.value.image === 'string' ? container.value.image.trim() : undefined;
      const written = image === undefined ? 'registry' : referenceKind(image);
      // A build tool's reference (`ko://…`) or a placeholder filled in at deploy time (`${IMAGE}`,
      // `gcr.io/$PROJECT_ID/app`, `<your-image>`, Helm leftovers) is no registry image yet: what reaches the
      // cluster is decided later. Only an explicit `:latest` after a placeholder registry is latest already.
      if (written === 'build' || (written === 'placeholder' && !explicitLatest(image!))) continue;
      const tagProblem = image ? mutableTag(image) : undefined;
      const label = containerLabel(container);
      const policyNode = getPair(container.node, 'imagePullPolicy')?.value ?? undefined;
      const policy = container.value.imagePullPolicy;
      if (policy === 'Always' && policyNode) {
        context.report({
          messageId: tagProblem ? 'alwaysMutable' : 'always',
          data: { container: label, image: image ?? '(no image)', tagProblem: tagProblem ?? '' },
          span: spanOf(policyNode),
          fix: () => {
            // Switching a mutable tag to IfNotPresent would freeze whatever "latest" a node pulled last.
            if (tagProblem || !image) return [];
            const edit = replaceScalarValue(policyNode, 'IfNotPresent');
            return edit
              ? [{ title: 'Use imagePullPolicy: IfNotPresent (the image is pinned)', edits: [edit] }]
              : [];
          },
        });
      } else if (policy === undefined && tagProblem) {
        const imageNode = getPair(container.node, 'image')?.value ?? undefined;
        context.report({
          messageId: 'mutable',
          data: { container: label, image: image ?? '', tagProblem },
          span: (imageNode && spanOf(imageNode)) ?? container.nameSpan,
        });
      }
    }
  },
);

/**
 * How an image reference is written: an image in a registry, a build tool's reference that the tool replaces
 * with a registry image before deploying (ko's `ko://import/path`: a registry reference never has a
 * `scheme://`), or text with a placeholder still in it (`$VAR`, `${VAR}`, `<…>`, `{{ … }}`, spaces).
 */
function referenceKind(image: string): 'registry' | 'build' | 'placeholder' {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(image)) return 'build';
  return /[$}{<>\s]/.test(image) ? 'placeholder' : 'registry';
}

/** Whether the tag itself is written `latest`, whatever placeholders the registry or name hold. */
function explicitLatest(image: string): boolean {
  if (image.includes('@')) return false;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  return colon !== -1 && lastSegment.slice(colon + 1) === 'latest';
}

/**
 * Why an image reference is mutable: "the tag latest" or "no tag" (which means latest). A digest pins the
 * image whatever the tag says; a colon before the last slash belongs to a registry port, not to a tag.
 */
function mutableTag(image: string): string | undefined {
  if (image.includes('@')) return undefined;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  if (colon === -1) return 'no tag';
  return lastSegment.slice(colon + 1) === 'latest' ? 'the tag latest' : undefined;
}
