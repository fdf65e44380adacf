import { isMap, isSeq } from 'yaml';
import { getPair, nodeAt, scalarText, spanOf } from '../../server/engine/nodes';
import { isPlainObject } from '../../server/engine/values';
import { defineRule } from '../../server/engine/rule';
import { podTemplateOf, WORKLOAD_KINDS } from '../../server/engine/workloads';
import story from './story.md';

const DEFAULT_PATHS = [
  '/',
  '/etc',
  '/root',
  '/proc',
  '/var/run/docker.sock',
  '/run/containerd',
  '/var/run/containerd',
  '/var/run/crio',
  '/var/lib/kubelet',
];

/** Host files that live under /etc but are mounted for harmless reasons: the time zone, CA bundles, an id. */
const DEFAULT_ALLOWED = [
  '/etc/localtime',
  '/etc/timezone',
  '/etc/machine-id',
  '/etc/ssl/certs',
  '/etc/pki/tls/certs',
  '/etc/pki/ca-trust',
  '/etc/ca-certificates',
];

export default defineRule<{ paths: string[]; allowedPaths: string[] }>(
  {
    id: 'sensitive-host-path',
    title: 'hostPath volume on a sensitive host directory',
    category: 'security',
    defaultSeverity: 'warning',
    description:
      'A workload\u2019s pod declares a `hostPath` volume whose path is one of the sensitive host paths (the root ' +
      'directory, /etc, /root, /proc, container runtime sockets, the kubelet\u2019s directory), lies under one, or ' +
      'contains one; harmless files such as /etc/localtime and the CA certificate bundle are allowed.',
    rationale:
      'These paths hold the node\u2019s credentials, its configuration and the sockets that control every ' +
      'container on it. A pod that mounts one can read the kubelet\u2019s keys or start a privileged container ' +
      'through the runtime socket, so a compromise of that pod becomes a compromise of the node.',
    remediation:
      'Mount the narrowest path the process really needs, read-only where it can be; prefer a ConfigMap, Secret, ' +
      'emptyDir or CSI volume to a host directory; and keep node agents that truly need such access in their own ' +
      'locked-down namespace.',
    messages: {
      exact:
        'Volume "{volume}" of {kind} "{name}" mounts the sensitive host path "{path}": a compromised container can ' +
        'use it to take over the node.',
      inside:
        'Volume "{volume}" of {kind} "{name}" mounts host path "{path}", inside the sensitive "{sensitive}": a ' +
        'compromised container can use it to take over the node.',
      contains:
        'Volume "{volume}" of {kind} "{name}" mounts host path "{path}", which contains the sensitive ' +
        '"{sensitive}": a compromised container can use it to take over the node.',
    },
    fixable: false,
    kinds: WORKLOAD_KINDS,
    options: {
      paths: {
        type: 'string[]',
        default: DEFAULT_PATHS,
        description:
          'Sensitive host paths. A hostPath volume is flagged when its path equals one of them, lies under one ' +
          '(except "/", which only matches itself) or contains one. /var/run and /run are treated as the same ' +
          'directory.',
      },
      allowedPaths: {
        type: 'string[]',
        default: DEFAULT_ALLOWED,
        description:
          'Host paths never flagged, nor anything under them, even inside a sensitive path: files mounted for ' +
          'harmless reasons such as the time zone or the CA certificate bundle.',
      },
    },
    story,
  },
  (object, context) => {
    const template = podTemplateOf(object);
    const volumes = template?.specNode && getPair(template.specNode, 'volumes')?.value;
    if (!template || !isSeq(volumes)) return;
    const sensitive = context.options.paths
      .filter((p) => typeof p === 'string' && p.startsWith('/'))
      .map((p) => ({ text: p, path: canonical(p) }));
    const allowed = context.options.allowedPaths.filter((p) => typeof p === 'string').map(canonical);
    volumes.items.forEach((volume, index) => {
      if (!isMap(volume)) return;
      const pathNode = nodeAt(volume, ['hostPath', 'path']);
      const declared: unknown = template.spec.volumes?.[index];
      const hostPath = isPlainObject(declared) ? declared.hostPath : undefined;
      const written =
        isPlainObject(hostPath) && typeof hostPath.path === 'string' ? hostPath.path : undefined;
      if (!pathNode || written === undefined || !written.startsWith('/')) return;
      const path = canonical(written);
      if (allowed.some((a) => path === a || path.startsWith(a + '/'))) return;
      const match =
        sensitive.find((s) => s.path === path) ??
        sensitive.find((s) => s.path !== '/' && path.startsWith(s.path + '/')) ??
        sensitive.find((s) => s.path.startsWith(path === '/' ? '/' : path + '/'));
      if (!match) return;
      const messageId =
        match.path === path ? 'exact' : path.startsWith(match.path + '/') ? 'inside' : 'contains';
      context.report({
        messageId,
        data: {
          volume: scalarText(getPair(volume, 'name')?.value) ?? `#${index + 1}`,
          kind: object.kind,
          name: object.name ?? 'unnamed',
          path: written,
          sensitive: match.text,
        },
        span: spanOf(pathNode),
      });
    });
  },
);

/** Normalises a host path for comparison: `.`/`..`/`//` resolved, no trailing slash, /var/run read as /run. */
function canonical(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  if (segments[0] === 'var' && segments[1] === 'run') segments.shift();
  return '/' + segments.join('/');
}
