import { isMap, isSeq } from 'yaml';
import { getPair, nodeAt, scalarText, spanOf } from '../../server/engine/nodes';
import { isPlainObject } from '../../server/engine/values';
import { defineRule } from '../../server/engine/rule';
import { podTemplatesOf, WORKLOAD_KINDS } from '../../server/engine/workloads';
import story from './story.md';

/**
 * The sensitive host paths by what they give a container that mounts them, in the words the finding uses.
 * The option `paths` starts from all of them; a path a team adds has no class of its own.
 */
const PATH_CLASSES: readonly { paths: readonly string[]; why: string }[] = [
  { paths: ['/'], why: 'the node\u2019s whole file system' },
  { paths: ['/etc'], why: 'the node\u2019s configuration and credentials, the kubelet\u2019s among them' },
  { paths: ['/root'], why: 'the administrator\u2019s home directory and keys' },
  { paths: ['/boot'], why: 'the kernel and boot loader the node starts from' },
  { paths: ['/proc', '/sys'], why: 'the host\u2019s processes and the kernel\u2019s settings' },
  { paths: ['/dev'], why: 'the node\u2019s devices, its disks and memory included' },
  { paths: ['/lib', '/usr'], why: 'the programs and libraries the node itself runs' },
  {
    paths: ['/var/run/docker.sock', '/run/containerd', '/var/run/containerd', '/var/run/crio'],
    why: 'the container runtime\u2019s control socket',
  },
  {
    paths: ['/var/lib/docker', '/var/lib/containerd'],
    why: 'every container\u2019s files and the runtime\u2019s state',
  },
  {
    paths: ['/var/lib/kubelet'],
    why: 'the kubelet\u2019s credentials and every pod\u2019s volumes, Secrets included',
  },
  { paths: ['/var/lib/etcd'], why: 'the cluster\u2019s whole state, every Secret included' },
  { paths: ['/var/log'], why: 'logs the kubelet serves by following symbolic links' },
];

const DEFAULT_PATHS = PATH_CLASSES.flatMap((c) => c.paths);

/** Why a sensitive path (as the option writes it) is dangerous. */
function whyOf(path: string): string {
  const found = PATH_CLASSES.find((c) => c.paths.some((p) => canonical(p) === canonical(path)));
  return found?.why ?? 'a path your configuration marks as sensitive';
}

/** Host files that live under /etc but are mounted for harmless reasons: the time zone, CA bundles, an id. */
const DEFAULT_ALLOWED = [
  '/etc/localtime',
  '/etc/timezone',
  '/etc/machine-id',
  '/etc/ssl/certs',
  '/etc/pki/tls/certs',
  '/etc/pki/ca-trust',
  '/etc/ca-certificates',
  '/usr/share/zoneinfo',
  '/usr/share/ca-certificates',
];

export default defineRule<{ paths: string[]; allowedPaths: string[] }>(
  {
    id: 'sensitive-host-path',
    title: 'hostPath volume on a sensitive host directory',
    category: 'security',
    concern: 'security',
    defaultSeverity: 'warning',
    description:
      'A workload\u2019s pod declares a `hostPath` volume whose path is one of the sensitive host paths (the root ' +
      'directory; /etc, /root and /boot; /proc, /sys and /dev; /lib and /usr; the container runtime\u2019s ' +
      'sockets and /var/lib/docker or /var/lib/containerd; /var/lib/kubelet; /var/lib/etcd; /var/log), lies under ' +
      'one, or contains one; harmless files such as /etc/localtime and the CA certificate bundle are allowed.',
    rationale:
      'Each of these paths hands a container part of the node. /etc, /root and /boot hold the node\u2019s ' +
      'credentials, its configuration and the kernel it boots, so a write there outlives the pod. /proc, /sys ' +
      'and /dev reach past the container\u2019s isolation to the host\u2019s processes, kernel settings and raw ' +
      'disks. /lib and /usr are the code the node runs: replace a library and the kubelet runs it. The runtime ' +
      'socket starts privileged containers on request, and /var/lib/docker or /var/lib/containerd holds every ' +
      'container\u2019s files. /var/lib/kubelet has the kubelet\u2019s client keys and every pod\u2019s mounted ' +
      'Secrets, /var/lib/etcd the whole cluster\u2019s state. /var/log looks harmless, but the kubelet serves the ' +
      'files under it to anyone allowed to read pod logs and follows symbolic links while doing so: a pod that ' +
      'can write a link there can read any file of the host. So a compromise of the pod becomes a compromise of ' +
      'the node.',
    remediation:
      'Mount the narrowest path the process really needs, read-only where it can be; prefer a ConfigMap, Secret, ' +
      'emptyDir or CSI volume to a host directory; and keep node agents that truly need such access in their own ' +
      'locked-down namespace.',
    messages: {
      exact:
        'Volume "{volume}" of {kind} "{name}" mounts the sensitive host path "{path}" ({why}): a compromised ' +
        'container can use it to take over the node.',
      inside:
        'Volume "{volume}" of {kind} "{name}" mounts host path "{path}", inside the sensitive "{sensitive}" ' +
        '({why}): a compromised container can use it to take over the node.',
      contains:
        'Volume "{volume}" of {kind} "{name}" mounts host path "{path}", which contains the sensitive ' +
        '"{sensitive}" ({why}): a compromised container can use it to take over the node.',
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
    const sensitive = context.options.paths
      .filter((p) => typeof p === 'string' && p.startsWith('/'))
      .map((p) => ({ text: p, path: canonical(p) }));
    const allowed = context.options.allowedPaths.filter((p) => typeof p === 'string').map(canonical);
    // Every pod template: a LeaderWorkerSet's workers may mount what its leader does not.
    for (const template of podTemplatesOf(object)) {
      const volumes = template.specNode && getPair(template.specNode, 'volumes')?.value;
      if (!isSeq(volumes)) continue;
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
            why: whyOf(match.text),
          },
          span: spanOf(pathNode),
        });
      });
    }
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
