import { replicasSpan } from '../../server/engine/report-spans';
import { defineRule } from '../../server/engine/rule';
import type { K8sObject } from '../../server/engine/types';
import { podTemplateOf, replicasOf } from '../../server/engine/workloads';
import story from './story.md';

export default defineRule(
  {
    id: 'even-quorum-replicas',
    title: 'Quorum store with an even number of replicas',
    category: 'availability',
    concern: 'reliability',
    defaultSeverity: 'warning',
    description:
      'A StatefulSet whose name or image looks like a quorum-based store (etcd, ZooKeeper, Consul, KRaft ' +
      'controllers…) runs an even number of replicas.',
    rationale:
      'A quorum store only accepts writes while a strict majority of its members agree. Four members need three, ' +
      'so they survive one failure, exactly as three do, while offering one more machine that can fail; and a ' +
      'network split into two equal halves leaves neither side with a majority, so the whole store stops.',
    remediation:
      'Run 3 or 5 replicas (7 at most): an odd count gets the full fault tolerance out of every member and ' +
      'guarantees that one side of any two-way split keeps a majority.',
    messages: {
      even:
        'StatefulSet "{name}" looks like a quorum store ({match}) but runs {replicas} replicas: a majority of ' +
        '{replicas} is {majority}, so it survives only {tolerated} failure(s), no more than {fewer} replicas ' +
        'would, and an even split leaves neither side a majority. Use an odd count.',
    },
    fixable: false,
    kinds: ['StatefulSet'],
    options: {
      quorumStores: {
        type: 'string[]',
        default: ['etcd', 'zookeeper', 'zk', 'consul', 'kraft', 'kafka-controller', 'clickhouse-keeper'],
        description:
          'Names that mark a quorum store: a StatefulSet matches when one of these appears as a whole word (words ' +
          'are separated by `-`, `_` or `.`) in its name or in the image name of its first container.',
      },
    },
    story,
  },
  (object, context) => {
    const replicas = replicasOf(object);
    if (replicas === undefined || replicas < 2 || replicas % 2 !== 0) return;
    const match = quorumMatch(object, context.options.quorumStores);
    if (!match) return;
    const majority = replicas / 2 + 1;
    context.report({
      messageId: 'even',
      data: {
        name: object.name ?? '(unnamed)',
        match,
        replicas,
        majority,
        tolerated: replicas - majority,
        fewer: replicas - 1,
      },
      span: replicasSpan(object),
    });
  },
);

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[-_.]+/)
    .filter(Boolean);
}

/** Whether `pattern` (itself possibly several words) occurs as consecutive whole words of `text`. */
function containsWords(text: string, pattern: string): boolean {
  const haystack = words(text);
  const needle = words(pattern);
  if (needle.length === 0) return false;
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((word, j) => haystack[i + j] === word)) return true;
  }
  return false;
}

/** The repository name of an image, without registry, path, tag or digest: `quay.io/coreos/etcd:v3` → `etcd`. */
function imageName(image: string): string {
  const withoutDigest = image.split('@')[0] ?? '';
  const last = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  return last.split(':')[0] ?? '';
}

/** What made the StatefulSet look like a quorum store: `name "etcd-main"` or `image "bitnami/zookeeper:3.9"`. */
function quorumMatch(object: K8sObject, patterns: readonly string[]): string | undefined {
  const name = object.name ?? '';
  if (patterns.some((p) => containsWords(name, p))) return `name "${name}"`;
  // The first app container is the store itself; sidecars (a Consul dataplane, an exporter) say nothing.
  const main = podTemplateOf(object)?.containers.find((c) => c.list === 'containers');
  const image = typeof main?.value.image === 'string' ? main.value.image : '';
  if (image && patterns.some((p) => containsWords(imageName(image), p))) return `image "${image}"`;
  return undefined;
}
