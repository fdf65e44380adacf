// The Pod Security Standards checks, one per check of the official `pod-security-admission` library
// (kubernetes/pod-security-admission, policy/check_*.go, read at commit 8f84a87 for Kubernetes 1.37), with
// the same ids, levels, minimum versions and overrides. Each check reads the decoded pod spec as the library
// does and returns one violation per offending field (the library aggregates them into one message per
// check; an editor needs each at its own key).
import type { PathSegment } from '../nodes';

export type CheckLevel = 'baseline' | 'restricted';

export type CheckId =
  | 'allowPrivilegeEscalation'
  | 'appArmorProfile'
  | 'capabilities_baseline'
  | 'capabilities_restricted'
  | 'hostNamespaces'
  | 'hostPathVolumes'
  | 'hostPorts'
  | 'hostProbesAndHostLifecycle'
  | 'privileged'
  | 'procMount'
  | 'procMount_restricted'
  | 'restrictedVolumes'
  | 'runAsNonRoot'
  | 'runAsUser'
  | 'seLinuxOptions'
  | 'seccompProfile_baseline'
  | 'seccompProfile_restricted'
  | 'sysctls'
  | 'windowsHostProcess';

export type ContainerListName = 'initContainers' | 'containers' | 'ephemeralContainers';

export interface PodContainer {
  list: ContainerListName;
  index: number;
  /** Path from the object to the container's mapping. */
  path: PathSegment[];
  value: Record<string, unknown>;
  name: string;
}

/** A pod as the checks read it: its metadata and spec as plain values, and where they are in the object. */
export interface PodFacts {
  metadataPath: PathSegment[];
  specPath: PathSegment[];
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
  /** Init containers, then containers, then ephemeral containers: the library's visiting order. */
  containers: PodContainer[];
}

/** The mechanical fixes a violation can offer: each adds one field to a container's securityContext. */
export type FixKind = 'allowPrivilegeEscalation' | 'runAsNonRoot' | 'seccompProfile' | 'dropAll';

export interface Violation {
  check: CheckId;
  /**
   * Where the squiggle goes: the path of the offending key or list item from the object. For a required
   * field that is missing, the container (`missing`), whose name the finding points at.
   */
  at: PathSegment[];
  missing?: boolean;
  /** What is wrong, as a clause after the subject ("must set securityContext.runAsNonRoot=true"). */
  detail: string;
  /** The container (or pod) the violation is about, for the message. */
  subject: string;
  fix?: { kind: FixKind; container: PathSegment[] };
}

export interface VersionedCheck {
  /** The first policy version (Kubernetes 1.x minor) this revision applies to. */
  min: number;
  run(pod: PodFacts): Violation[];
  /** Baseline checks this restricted revision replaces while it applies. */
  overrides?: CheckId[];
}

export interface CheckDefinition {
  id: CheckId;
  level: CheckLevel;
  /** The control's name in the published standard (kubernetes.io/docs/concepts/security/pod-security-standards). */
  control: string;
  versions: VersionedCheck[];
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/** How a message names a container, as the library's messages do ("container \"web\""). */
export function containerSubject(container: PodContainer): string {
  const kind =
    container.list === 'initContainers'
      ? 'init container'
      : container.list === 'ephemeralContainers'
        ? 'ephemeral container'
        : 'container';
  return container.name ? `${kind} "${container.name}"` : `${kind} #${container.index + 1}`;
}

const POD = 'pod';

function securityContext(container: PodContainer): Record<string, unknown> | undefined {
  return record(container.value.securityContext);
}

function podSecurityContext(pod: PodFacts): Record<string, unknown> | undefined {
  return record(pod.spec.securityContext);
}

/** `spec.os.name: windows`: from policy version 1.25 some restricted checks do not apply to Windows pods. */
function isWindows(pod: PodFacts): boolean {
  return str(record(pod.spec.os)?.name) === 'windows';
}

/** `spec.hostUsers: false` (a user namespace): from 1.35 the root-related checks relax for such pods. */
function inUserNamespace(pod: PodFacts): boolean {
  return pod.spec.hostUsers === false;
}

function skipWhen(test: (pod: PodFacts) => boolean, run: (pod: PodFacts) => Violation[]) {
  return (pod: PodFacts): Violation[] => (test(pod) ? [] : run(pod));
}

// ---- baseline ----

const HOST_NAMESPACE = { hostNetwork: 'network', hostPID: 'process ID', hostIPC: 'IPC' } as const;

function hostNamespaces(pod: PodFacts): Violation[] {
  return (['hostNetwork', 'hostPID', 'hostIPC'] as const)
    .filter((key) => pod.spec[key] === true)
    .map((key) => ({
      check: 'hostNamespaces' as const,
      at: [...pod.specPath, key],
      subject: POD,
      detail: `must not set ${key}=true: it shares the node's ${HOST_NAMESPACE[key]} namespace`,
    }));
}

function privileged(pod: PodFacts): Violation[] {
  return pod.containers
    .filter((c) => securityContext(c)?.privileged === true)
    .map((c) => ({
      check: 'privileged' as const,
      at: [...c.path, 'securityContext', 'privileged'],
      subject: containerSubject(c),
      detail: 'must not set securityContext.privileged=true',
    }));
}

/** The capabilities a container runtime grants by default, which baseline lets a container add. */
const DEFAULT_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

function addedCapabilities(
  check: CheckId,
  forbidden: (capability: string) => boolean,
): (pod: PodFacts) => Violation[] {
  return (pod) =>
    pod.containers.flatMap((c) =>
      list(record(securityContext(c)?.capabilities)?.add).flatMap((capability, index) =>
        forbidden(str(capability))
          ? [
              {
                check,
                at: [...c.path, 'securityContext', 'capabilities', 'add', index],
                subject: containerSubject(c),
                detail: `must not add capability ${str(capability)} in securityContext.capabilities.add`,
              },
            ]
          : [],
      ),
    );
}

function hostPathVolumes(pod: PodFacts): Violation[] {
  return list(pod.spec.volumes).flatMap((volume, index) => {
    const v = record(volume);
    if (!v || v.hostPath === undefined || v.hostPath === null) return [];
    return [
      {
        check: 'hostPathVolumes' as const,
        at: [...pod.specPath, 'volumes', index, 'hostPath'],
        subject: `volume "${str(v.name)}"`,
        detail: 'must not be a hostPath volume',
      },
    ];
  });
}

function hostPorts(pod: PodFacts): Violation[] {
  return pod.containers.flatMap((c) =>
    list(c.value.ports).flatMap((port, index) => {
      const hostPort = record(port)?.hostPort;
      if (hostPort === undefined || hostPort === null || Number(hostPort) === 0) return [];
      return [
        {
          check: 'hostPorts' as const,
          at: [...c.path, 'ports', index, 'hostPort'],
          subject: containerSubject(c),
          detail: `must not use hostPort ${str(hostPort)}`,
        },
      ];
    }),
  );
}

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function appArmorProfile(pod: PodFacts): Violation[] {
  const out: Violation[] = [];
  const profile = (owner: Record<string, unknown> | undefined, path: PathSegment[], subject: string) => {
    const value = record(owner?.appArmorProfile);
    if (!owner || owner.appArmorProfile === undefined || owner.appArmorProfile === null) return;
    const type = str(value?.type);
    if (type === 'RuntimeDefault' || type === 'Localhost') return;
    out.push({
      check: 'appArmorProfile',
      at:
        value && value.type !== undefined
          ? [...path, 'appArmorProfile', 'type']
          : [...path, 'appArmorProfile'],
      subject,
      detail: `must not set AppArmor profile type to "${type}"`,
    });
  };
  profile(podSecurityContext(pod), [...pod.specPath, 'securityContext'], POD);
  for (const c of pod.containers)
    profile(securityContext(c), [...c.path, 'securityContext'], containerSubject(c));
  const annotations = record(pod.metadata.annotations) ?? {};
  for (const [key, raw] of Object.entries(annotations)) {
    if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX)) continue;
    const value = str(raw);
    if (value === '' || value === 'runtime/default' || value.startsWith('localhost/')) continue;
    out.push({
      check: 'appArmorProfile',
      at: [...pod.metadataPath, 'annotations', key],
      subject: 'pod annotation',
      detail: `must not set AppArmor profile ${key}="${value}"`,
    });
  }
  return out;
}

const SELINUX_TYPES_1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
const SELINUX_TYPES_1_31 = [...SELINUX_TYPES_1_0, 'container_engine_t'];

function seLinuxOptions(allowedTypes: readonly string[]) {
  return (pod: PodFacts): Violation[] => {
    const out: Violation[] = [];
    const options = (owner: Record<string, unknown> | undefined, path: PathSegment[], subject: string) => {
      const opts = record(owner?.seLinuxOptions);
      if (!opts) return;
      const at = [...path, 'seLinuxOptions'];
      const type = str(opts.type);
      if (!allowedTypes.includes(type)) {
        out.push({
          check: 'seLinuxOptions',
          at: [...at, 'type'],
          subject,
          detail: `must not set securityContext.seLinuxOptions.type to "${type}"`,
        });
      }
      for (const key of ['user', 'role'] as const) {
        if (str(opts[key]).length > 0) {
          out.push({
            check: 'seLinuxOptions',
            at: [...at, key],
            subject,
            detail: `must not set securityContext.seLinuxOptions.${key}`,
          });
        }
      }
    };
    options(podSecurityContext(pod), [...pod.specPath, 'securityContext'], POD);
    for (const c of pod.containers)
      options(securityContext(c), [...c.path, 'securityContext'], containerSubject(c));
    return out;
  };
}

function procMount(check: CheckId) {
  return (pod: PodFacts): Violation[] =>
    pod.containers.flatMap((c) => {
      const value = securityContext(c)?.procMount;
      if (value === undefined || value === null || value === 'Default') return [];
      return [
        {
          check,
          at: [...c.path, 'securityContext', 'procMount'],
          subject: containerSubject(c),
          detail: `must not set securityContext.procMount to "${str(value)}"`,
        },
      ];
    });
}

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function seccompAnnotations(pod: PodFacts): Violation[] {
  const annotations = record(pod.metadata.annotations) ?? {};
  const keys = [
    SECCOMP_POD_ANNOTATION,
    ...pod.containers.map((c) => SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name),
  ];
  return [...new Set(keys)].flatMap((key) => {
    if (!Object.prototype.hasOwnProperty.call(annotations, key)) return [];
    const value = str(annotations[key]);
    if (value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/'))
      return [];
    return [
      {
        check: 'seccompProfile_baseline' as const,
        at: [...pod.metadataPath, 'annotations', key],
        subject: 'pod annotation',
        detail: `must not set ${key}="${value}"`,
      },
    ];
  });
}

function validSeccompType(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

/** The explicit seccomp profiles of a pod and its containers that are neither RuntimeDefault nor Localhost. */
function badSeccompTypes(check: CheckId, pod: PodFacts): Violation[] {
  const out: Violation[] = [];
  const profile = (owner: Record<string, unknown> | undefined, path: PathSegment[], subject: string) => {
    if (!owner || owner.seccompProfile === undefined || owner.seccompProfile === null) return;
    const value = record(owner.seccompProfile);
    const type = str(value?.type);
    if (validSeccompType(type)) return;
    out.push({
      check,
      at:
        value && value.type !== undefined ? [...path, 'seccompProfile', 'type'] : [...path, 'seccompProfile'],
      subject,
      detail: `must not set securityContext.seccompProfile.type to "${type}"`,
    });
  };
  profile(podSecurityContext(pod), [...pod.specPath, 'securityContext'], POD);
  for (const c of pod.containers)
    profile(securityContext(c), [...c.path, 'securityContext'], containerSubject(c));
  return out;
}

function seccompRestricted(pod: PodFacts): Violation[] {
  const explicit = badSeccompTypes('seccompProfile_restricted', pod);
  const podProfile = podSecurityContext(pod)?.seccompProfile;
  const podSet =
    podProfile !== undefined && podProfile !== null && validSeccompType(str(record(podProfile)?.type));
  if (podSet) return explicit;
  const implicit = pod.containers.flatMap((c): Violation[] => {
    const own = securityContext(c)?.seccompProfile;
    if (own !== undefined && own !== null) return [];
    return [
      {
        check: 'seccompProfile_restricted',
        at: c.path,
        missing: true,
        subject: containerSubject(c),
        detail:
          'must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost" (or the pod must)',
        fix: { kind: 'seccompProfile', container: c.path },
      },
    ];
  });
  return [...explicit, ...implicit];
}

const SYSCTLS_1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const SYSCTLS_1_27 = [...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports'];
const SYSCTLS_1_29 = [
  ...SYSCTLS_1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const SYSCTLS_1_32 = [...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const SYSCTLS_1_37 = [...SYSCTLS_1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

function sysctls(allowed: readonly string[]) {
  return (pod: PodFacts): Violation[] =>
    list(podSecurityContext(pod)?.sysctls).flatMap((sysctl, index) => {
      const name = str(record(sysctl)?.name);
      if (allowed.includes(name)) return [];
      return [
        {
          check: 'sysctls' as const,
          at: [...pod.specPath, 'securityContext', 'sysctls', index, 'name'],
          subject: POD,
          detail: `must not set sysctl ${name}: it is not in the safe set`,
        },
      ];
    });
}

function windowsHostProcess(pod: PodFacts): Violation[] {
  const out: Violation[] = [];
  const check = (owner: Record<string, unknown> | undefined, path: PathSegment[], subject: string) => {
    if (record(owner?.windowsOptions)?.hostProcess !== true) return;
    out.push({
      check: 'windowsHostProcess',
      at: [...path, 'windowsOptions', 'hostProcess'],
      subject,
      detail: 'must not set securityContext.windowsOptions.hostProcess=true',
    });
  };
  for (const c of pod.containers)
    check(securityContext(c), [...c.path, 'securityContext'], containerSubject(c));
  check(podSecurityContext(pod), [...pod.specPath, 'securityContext'], POD);
  return out;
}

function hostProbesAndHostLifecycle(pod: PodFacts): Violation[] {
  return pod.containers.flatMap((c) => {
    const handlers: [PathSegment[], unknown][] = [
      ...(['livenessProbe', 'readinessProbe', 'startupProbe'] as const).map(
        (key): [PathSegment[], unknown] => [[key], c.value[key]],
      ),
      ...(['postStart', 'preStop'] as const).map((key): [PathSegment[], unknown] => [
        ['lifecycle', key],
        record(c.value.lifecycle)?.[key],
      ]),
    ];
    return handlers.flatMap(([path, handler]) =>
      (['httpGet', 'tcpSocket'] as const).flatMap((action): Violation[] => {
        const host = str(record(record(handler)?.[action])?.host);
        if (host === '') return [];
        return [
          {
            check: 'hostProbesAndHostLifecycle',
            at: [...c.path, ...path, action, 'host'],
            subject: containerSubject(c),
            detail: `must not set ${[...path, action].join('.')}.host ("${host}")`,
          },
        ];
      }),
    );
  });
}

// ---- restricted ----

function allowPrivilegeEscalation(pod: PodFacts): Violation[] {
  return pod.containers.flatMap((c): Violation[] => {
    const value = securityContext(c)?.allowPrivilegeEscalation;
    if (value === false) return [];
    const subject = containerSubject(c);
    const detail = 'must set securityContext.allowPrivilegeEscalation=false';
    return value === undefined || value === null
      ? [
          {
            check: 'allowPrivilegeEscalation',
            at: c.path,
            missing: true,
            subject,
            detail,
            fix: { kind: 'allowPrivilegeEscalation', container: c.path },
          },
        ]
      : [
          {
            check: 'allowPrivilegeEscalation',
            at: [...c.path, 'securityContext', 'allowPrivilegeEscalation'],
            subject,
            detail,
          },
        ];
  });
}

function capabilitiesRestricted(pod: PodFacts): Violation[] {
  return pod.containers.flatMap((c): Violation[] => {
    const capabilities = record(securityContext(c)?.capabilities);
    const out: Violation[] = [];
    if (!list(capabilities?.drop).some((d) => d === 'ALL')) {
      const hasDrop = capabilities?.drop !== undefined && capabilities.drop !== null;
      out.push({
        check: 'capabilities_restricted',
        at: hasDrop ? [...c.path, 'securityContext', 'capabilities', 'drop'] : c.path,
        missing: !hasDrop,
        subject: containerSubject(c),
        detail: 'must set securityContext.capabilities.drop=["ALL"]',
        fix: { kind: 'dropAll', container: c.path },
      });
    }
    list(capabilities?.add).forEach((capability, index) => {
      if (capability === 'NET_BIND_SERVICE') return;
      out.push({
        check: 'capabilities_restricted',
        at: [...c.path, 'securityContext', 'capabilities', 'add', index],
        subject: containerSubject(c),
        detail: `must not add capability ${str(capability)}: only NET_BIND_SERVICE may be added`,
      });
    });
    return out;
  });
}

/** The inline volume sources restricted allows; every other source is refused. */
const RESTRICTED_VOLUME_SOURCES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

function restrictedVolumes(pod: PodFacts): Violation[] {
  return list(pod.spec.volumes).flatMap((volume, index): Violation[] => {
    const v = record(volume) ?? {};
    const sources = Object.keys(v).filter((key) => key !== 'name' && v[key] !== undefined && v[key] !== null);
    // A volume with no source is defaulted to emptyDir by the API server before admission sees it.
    if (sources.length === 0 || sources.some((key) => RESTRICTED_VOLUME_SOURCES.has(key))) return [];
    const source = sources[0]!;
    return [
      {
        check: 'restrictedVolumes',
        at: [...pod.specPath, 'volumes', index, source],
        subject: `volume "${str(v.name)}"`,
        detail: `must not use the volume type ${source}: restricted allows only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret`,
      },
    ];
  });
}

function runAsNonRoot(pod: PodFacts): Violation[] {
  const out: Violation[] = [];
  const podValue = podSecurityContext(pod)?.runAsNonRoot;
  if (podValue === false) {
    out.push({
      check: 'runAsNonRoot',
      at: [...pod.specPath, 'securityContext', 'runAsNonRoot'],
      subject: POD,
      detail: 'must not set securityContext.runAsNonRoot=false',
    });
  }
  for (const c of pod.containers) {
    const own = securityContext(c)?.runAsNonRoot;
    if (own === false) {
      out.push({
        check: 'runAsNonRoot',
        at: [...c.path, 'securityContext', 'runAsNonRoot'],
        subject: containerSubject(c),
        detail: 'must not set securityContext.runAsNonRoot=false',
      });
    } else if ((own === undefined || own === null) && podValue !== true) {
      out.push({
        check: 'runAsNonRoot',
        at: c.path,
        missing: true,
        subject: containerSubject(c),
        detail: 'must set securityContext.runAsNonRoot=true (or the pod must)',
        fix: { kind: 'runAsNonRoot', container: c.path },
      });
    }
  }
  return out;
}

function runAsUser(pod: PodFacts): Violation[] {
  const out: Violation[] = [];
  const check = (owner: Record<string, unknown> | undefined, path: PathSegment[], subject: string) => {
    const value = owner?.runAsUser;
    if (value === undefined || value === null || Number(value) !== 0) return;
    out.push({ check: 'runAsUser', at: [...path, 'runAsUser'], subject, detail: 'must not set runAsUser=0' });
  };
  check(podSecurityContext(pod), [...pod.specPath, 'securityContext'], POD);
  for (const c of pod.containers)
    check(securityContext(c), [...c.path, 'securityContext'], containerSubject(c));
  return out;
}

/** Every check of the library, in its order (baseline ids sorted, then restricted ids sorted). */
export const CHECKS: readonly CheckDefinition[] = [
  {
    id: 'appArmorProfile',
    level: 'baseline',
    control: 'AppArmor',
    versions: [{ min: 0, run: appArmorProfile }],
  },
  {
    id: 'capabilities_baseline',
    level: 'baseline',
    control: 'Capabilities',
    versions: [
      { min: 0, run: addedCapabilities('capabilities_baseline', (c) => !DEFAULT_CAPABILITIES.has(c)) },
    ],
  },
  {
    id: 'hostNamespaces',
    level: 'baseline',
    control: 'Host Namespaces',
    versions: [{ min: 0, run: hostNamespaces }],
  },
  {
    id: 'hostPathVolumes',
    level: 'baseline',
    control: 'HostPath Volumes',
    versions: [{ min: 0, run: hostPathVolumes }],
  },
  { id: 'hostPorts', level: 'baseline', control: 'Host Ports', versions: [{ min: 0, run: hostPorts }] },
  {
    id: 'hostProbesAndHostLifecycle',
    level: 'baseline',
    control: 'Host Probes / Lifecycle Hooks',
    versions: [{ min: 34, run: hostProbesAndHostLifecycle }],
  },
  {
    id: 'privileged',
    level: 'baseline',
    control: 'Privileged Containers',
    versions: [{ min: 0, run: privileged }],
  },
  {
    id: 'procMount',
    level: 'baseline',
    control: '/proc Mount Type',
    versions: [
      { min: 0, run: procMount('procMount') },
      { min: 35, run: skipWhen(inUserNamespace, procMount('procMount')) },
    ],
  },
  {
    id: 'seLinuxOptions',
    level: 'baseline',
    control: 'SELinux',
    versions: [
      { min: 0, run: seLinuxOptions(SELINUX_TYPES_1_0) },
      { min: 31, run: seLinuxOptions(SELINUX_TYPES_1_31) },
    ],
  },
  {
    id: 'seccompProfile_baseline',
    level: 'baseline',
    control: 'Seccomp',
    versions: [
      { min: 0, run: seccompAnnotations },
      { min: 19, run: (pod) => badSeccompTypes('seccompProfile_baseline', pod) },
    ],
  },
  {
    id: 'sysctls',
    level: 'baseline',
    control: 'Sysctls',
    versions: [
      { min: 0, run: sysctls(SYSCTLS_1_0) },
      { min: 27, run: sysctls(SYSCTLS_1_27) },
      { min: 29, run: sysctls(SYSCTLS_1_29) },
      { min: 32, run: sysctls(SYSCTLS_1_32) },
      { min: 37, run: sysctls(SYSCTLS_1_37) },
    ],
  },
  {
    id: 'windowsHostProcess',
    level: 'baseline',
    control: 'HostProcess',
    versions: [{ min: 0, run: windowsHostProcess }],
  },
  {
    id: 'allowPrivilegeEscalation',
    level: 'restricted',
    control: 'Privilege Escalation',
    versions: [
      { min: 8, run: allowPrivilegeEscalation },
      { min: 25, run: skipWhen(isWindows, allowPrivilegeEscalation) },
    ],
  },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    control: 'Capabilities',
    versions: [
      { min: 22, run: capabilitiesRestricted, overrides: ['capabilities_baseline'] },
      { min: 25, run: skipWhen(isWindows, capabilitiesRestricted), overrides: ['capabilities_baseline'] },
    ],
  },
  {
    id: 'procMount_restricted',
    level: 'restricted',
    control: '/proc Mount Type',
    versions: [{ min: 35, run: procMount('procMount_restricted'), overrides: ['procMount'] }],
  },
  {
    id: 'restrictedVolumes',
    level: 'restricted',
    control: 'Volume Types',
    versions: [{ min: 0, run: restrictedVolumes, overrides: ['hostPathVolumes'] }],
  },
  {
    id: 'runAsNonRoot',
    level: 'restricted',
    control: 'Running as Non-root',
    versions: [
      { min: 0, run: runAsNonRoot },
      { min: 35, run: skipWhen(inUserNamespace, runAsNonRoot) },
    ],
  },
  {
    id: 'runAsUser',
    level: 'restricted',
    control: 'Running as Non-root user',
    versions: [
      { min: 23, run: runAsUser },
      { min: 35, run: skipWhen(inUserNamespace, runAsUser) },
    ],
  },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    control: 'Seccomp',
    versions: [
      { min: 19, run: seccompRestricted, overrides: ['seccompProfile_baseline'] },
      { min: 25, run: skipWhen(isWindows, seccompRestricted), overrides: ['seccompProfile_baseline'] },
    ],
  },
];
