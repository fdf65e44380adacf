// Cases marked "spec" restate a case of the official library's own test data (kubernetes/pod-security-admission,
// test/fixtures_<check>.go, which generates test/testdata/<level>/v1.<minor>/{pass,fail}/*.yaml) as the
// manifest a user writes; the others are our judgement (where the squiggle goes, what the message says). The
// library's 4,537 plain-pod cases agree with this implementation at every level and version
// (scripts/pod-security-conformance.ts).
import { lines, type InvalidCase, type RuleCases } from '../../test/rule-cases';

/** A Namespace with Pod Security labels, then a Pod in it with `spec` (lines at an indent of two). */
function podIn(labels: string[], spec: string[], metadata: string[] = []): string {
  return lines(
    'apiVersion: v1',
    'kind: Namespace',
    'metadata:',
    '  name: apps',
    '  labels:',
    ...labels.map((l) => `    pod-security.kubernetes.io/${l}`),
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: p',
    '  namespace: apps',
    ...metadata,
    'spec:',
    ...spec,
  );
}

const ENFORCE = ['enforce: baseline'];

function at(line: number, column: number, endColumn: number, message: string): InvalidCase['errors'][number] {
  return { line, column, endLine: line, endColumn, message };
}

const cases: RuleCases = {
  valid: [
    {
      name: 'no Namespace in view and the default level (privileged): nothing is predicted',
      code: lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p}',
        'spec:',
        '  hostNetwork: true',
        '  containers: [{name: c}]',
      ),
    },
    {
      name: 'a namespace labelled privileged admits anything',
      code: podIn(
        ['enforce: privileged'],
        ['  hostPID: true', '  containers:', '  - name: c', '    securityContext: {privileged: true}'],
      ),
    },
    {
      name: 'spec hostNamespaces: hostNetwork, hostPID and hostIPC false',
      code: podIn(ENFORCE, [
        '  hostNetwork: false',
        '  hostPID: false',
        '  hostIPC: false',
        '  containers: [{name: c}]',
      ]),
    },
    {
      name: 'spec privileged: false',
      code: podIn(ENFORCE, ['  containers:', '  - name: c', '    securityContext: {privileged: false}']),
    },
    {
      name: 'spec capabilities_baseline: the default set may be added',
      code: podIn(ENFORCE, [
        '  containers:',
        '  - name: c',
        '    securityContext:',
        '      capabilities: {add: [CHOWN, NET_BIND_SERVICE, SYS_CHROOT]}',
      ]),
    },
    {
      name: 'spec hostPorts: hostPort 0 is no host port',
      code: podIn(ENFORCE, ['  containers:', '  - name: c', '    ports: [{containerPort: 80, hostPort: 0}]']),
    },
    {
      name: 'spec appArmorProfile: RuntimeDefault, Localhost and allowed annotations',
      code: podIn(
        ENFORCE,
        [
          '  securityContext:',
          '    appArmorProfile: {type: RuntimeDefault}',
          '  containers:',
          '  - name: c',
          '    securityContext:',
          '      appArmorProfile: {type: Localhost, localhostProfile: p}',
        ],
        ['  annotations:', '    container.apparmor.security.beta.kubernetes.io/c: localhost/p'],
      ),
    },
    {
      name: 'spec seLinuxOptions: container_t with a level',
      code: podIn(ENFORCE, [
        '  securityContext:',
        '    seLinuxOptions: {type: container_t, level: "s0:c123,c456"}',
        '  containers: [{name: c}]',
      ]),
    },
    {
      name: 'spec seLinuxOptions v1.31: container_engine_t is allowed from policy version 1.31',
      code: podIn(
        ['enforce: baseline', 'enforce-version: v1.31'],
        ['  securityContext:', '    seLinuxOptions: {type: container_engine_t}', '  containers: [{name: c}]'],
      ),
    },
    {
      name: 'spec procMount: Default',
      code: podIn(ENFORCE, ['  containers:', '  - name: c', '    securityContext: {procMount: Default}']),
    },
    {
      name: 'spec procMount v1.35: Unmasked is allowed in a user namespace (hostUsers: false) on a 1.35 cluster',
      settings: { kubernetesVersion: '1.35' },
      code: podIn(ENFORCE, [
        '  hostUsers: false',
        '  containers:',
        '  - name: c',
        '    securityContext: {procMount: Unmasked}',
      ]),
    },
    {
      name: 'spec seccompProfile_baseline: RuntimeDefault and Localhost',
      code: podIn(ENFORCE, [
        '  securityContext:',
        '    seccompProfile: {type: RuntimeDefault}',
        '  containers:',
        '  - name: c',
        '    securityContext:',
        '      seccompProfile: {type: Localhost, localhostProfile: p.json}',
      ]),
    },
    {
      name: 'spec seccompProfile_baseline v1.19: the alpha annotations are no longer read',
      code: podIn(
        ENFORCE,
        ['  containers: [{name: c}]'],
        ['  annotations:', '    seccomp.security.alpha.kubernetes.io/pod: unconfined'],
      ),
    },
    {
      name: 'spec sysctls: the safe set',
      code: podIn(ENFORCE, [
        '  securityContext:',
        '    sysctls:',
        '    - {name: net.ipv4.ip_local_port_range, value: "1024 65535"}',
        '  containers: [{name: c}]',
      ]),
    },
    {
      name: 'spec sysctls v1.32: tcp_rmem joined the safe set in 1.32',
      code: podIn(
        ['enforce: baseline', 'enforce-version: v1.32'],
        [
          '  securityContext:',
          '    sysctls: [{name: net.ipv4.tcp_rmem, value: "4096 87380 6291456"}]',
          '  containers: [{name: c}]',
        ],
      ),
    },
    {
      name: 'spec windowsHostProcess: false',
      code: podIn(ENFORCE, [
        '  securityContext:',
        '    windowsOptions: {hostProcess: false}',
        '  containers: [{name: c}]',
      ]),
    },
    {
      name: 'spec hostProbesAndHostLifecycle v1.33: probe hosts are checked from policy version 1.34',
      code: podIn(
        ['enforce: baseline', 'enforce-version: v1.33'],
        ['  containers:', '  - name: c', '    livenessProbe: {httpGet: {host: 10.0.0.1, port: 80}}'],
      ),
    },
    {
      name: 'latest on a 1.33 cluster means the 1.33 checks',
      settings: { kubernetesVersion: '1.33' },
      code: podIn(ENFORCE, [
        '  containers:',
        '  - name: c',
        '    livenessProbe: {httpGet: {host: 10.0.0.1, port: 80}}',
      ]),
    },
    {
      name: 'a restricted-only violation is pod-security-restricted\u2019s, not this rule\u2019s',
      code: podIn(['enforce: restricted'], ['  containers: [{name: c}]']),
    },
  ],
  invalid: [
    {
      name: 'spec hostNamespaces: hostPID at its key',
      code: podIn(ENFORCE, ['  hostPID: true', '  containers: [{name: c}]']),
      errors: [
        at(
          14,
          3,
          10,
          'Pod must not set hostPID=true: it shares the node\'s process ID namespace (check hostNamespaces, Pod Security Standards "baseline"). Namespace "apps" enforces "baseline" (pod-security.kubernetes.io/enforce: baseline): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'spec privileged: in an init container',
      code: podIn(ENFORCE, [
        '  initContainers:',
        '  - name: init',
        '    securityContext: {privileged: true}',
        '  containers: [{name: c}]',
      ]),
      errors: [
        at(
          16,
          23,
          33,
          'Init container "init" must not set securityContext.privileged=true (check privileged, Pod Security Standards "baseline"). Namespace "apps" enforces "baseline" (pod-security.kubernetes.io/enforce: baseline): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'spec capabilities_baseline: NET_RAW is beyond the default set, CHOWN is not',
      code: podIn(ENFORCE, [
        '  containers:',
        '  - name: c',
        '    securityContext:',
        '      capabilities:',
        '        add: [CHOWN, NET_RAW]',
      ]),
      errors: [
        at(
          18,
          22,
          29,
          'Container "c" must not add capability NET_RAW in securityContext.capabilities.add (check capabilities_baseline, Pod Security Standards "baseline"). Namespace "apps" enforces "baseline" (pod-security.kubernetes.io/enforce: baseline): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'spec hostPathVolumes',
      code: podIn(ENFORCE, [
        '  volumes:',
        '  - name: logs',
        '    hostPath: {path: /var/log}',
        '  containers: [{name: c}]',
      ]),
      errors: [
        at(
          16,
          5,
          13,
          'Volume "logs" must not be a hostPath volume (check hostPathVolumes, Pod Security Standards "baseline"). Namespace "apps" enforces "baseline" (pod-security.kubernetes.io/enforce: baseline): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'spec hostPorts: in an ephemeral container too',
      code: podIn(ENFORCE, [
        '  containers:',
        '  - name: c',
        '    ports: [{containerPort: 80, hostPort: 8080}]',
        '  ephemeralContainers:',
        '  - name: debug',
        '    ports: [{containerPort: 9, hostPort: 9}]',
      ]),
      errors: [
        at(
          16,
          33,
          41,
          'Container "c" must not use hostPort 8080 (check hostPorts, Pod Security Standards "baseline"). Namespace "apps" enforces "baseline" (pod-security.kubernetes.io/enforce: baseline): the API server will reject Pod "p".',
        ),
        at(
          19,
          32,
          40,
          'Ephemeral container "debug" must not use hostPort 9 (check hostPorts, Pod Security Standards "baseline"). Namespace "apps" enforces "baseline" (pod-security.kubernetes.io/enforce: baseline): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'spec appArmorProfile: Unconfined on the pod, and an unconfined annotation',
      code: podIn(
        ENFORCE,
        ['  securityContext:', '    appArmorProfile: {type: Unconfined}', '  containers: [{name: c}]'],
        ['  annotations:', '    container.apparmor.security.beta.kubernetes.io/c: unconfined'],
      ),
      errors: [
        at(
          14,
          5,
          53,
          'Pod annotation must not set AppArmor profile container.apparmor.security.beta.kubernetes.io/c="unconfined" (check appArmorProfile, Pod Security Standards "baseline"). Namespace "apps" enforces "baseline" (pod-security.kubernetes.io/enforce: baseline): the API server will reject Pod "p".',
        ),
        at(
          17,
          23,
          27,
          'Pod must not set AppArmor profile type to "Unconfined" (check appArmorProfile, Pod Security Standards "baseline"). Namespace "apps" enforces "baseline" (pod-security.kubernetes.io/enforce: baseline): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'spec seLinuxOptions: a custom type and a user',
      code: podIn(ENFORCE, [
        '  containers:',
        '  - name: c',
        '    securityContext:',
        '      seLinuxOptions: {type: spc_t, user: system_u}',
      ]),
      errors: [
        at(
          17,
          24,
          28,
          'Container "c" must not set securityContext.seLinuxOptions.type to "spc_t" (check seLinuxOptions, Pod Security Standards "baseline"). Namespace "apps" enforces "baseline" (pod-security.kubernetes.io/enforce: baseline): the API server will reject Pod "p".',
        ),
        at(
          17,
          37,
          41,
          'Container "c" must not set securityContext.seLinuxOptions.user (check seLinuxOptions, Pod Security Standards "baseline"). Namespace "apps" enforces "baseline" (pod-security.kubernetes.io/enforce: baseline): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'spec seLinuxOptions v1.30: container_engine_t is refused before 1.31',
      code: podIn(
        ['enforce: baseline', 'enforce-version: v1.30'],
        ['  securityContext:', '    seLinuxOptions: {type: container_engine_t}', '  containers: [{name: c}]'],
      ),
      errors: [
        at(
          16,
          22,
          26,
          'Pod must not set securityContext.seLinuxOptions.type to "container_engine_t" (check seLinuxOptions, Pod Security Standards "baseline"). Namespace "apps" enforces "baseline" v1.30 (pod-security.kubernetes.io/enforce: baseline): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'spec procMount: Unmasked',
      code: podIn(ENFORCE, ['  containers:', '  - name: c', '    securityContext: {procMount: Unmasked}']),
      errors: [
        at(
          16,
          23,
          32,
          'Container "c" must not set securityContext.procMount to "Unmasked" (check procMount, Pod Security Standards "baseline"). Namespace "apps" enforces "baseline" (pod-security.kubernetes.io/enforce: baseline): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'spec procMount v1.34: before 1.35 a user namespace does not relax the check',
      code: podIn(
        ['enforce: baseline', 'enforce-version: v1.34'],
        ['  hostUsers: false', '  containers:', '  - name: c', '    securityContext: {procMount: Unmasked}'],
      ),
      settings: { kubernetesVersion: '1.35' },
      errors: [
        at(
          18,
          23,
          32,
          'Container "c" must not set securityContext.procMount to "Unmasked" (check procMount, Pod Security Standards "baseline"). Namespace "apps" enforces "baseline" v1.34 (pod-security.kubernetes.io/enforce: baseline): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'spec seccompProfile_baseline: Unconfined on a container',
      code: podIn(ENFORCE, [
        '  containers:',
        '  - name: c',
        '    securityContext:',
        '      seccompProfile: {type: Unconfined}',
      ]),
      errors: [
        at(
          17,
          24,
          28,
          'Container "c" must not set securityContext.seccompProfile.type to "Unconfined" (check seccompProfile_baseline, Pod Security Standards "baseline"). Namespace "apps" enforces "baseline" (pod-security.kubernetes.io/enforce: baseline): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'spec seccompProfile_baseline v1.18: the alpha annotation is what counts before 1.19',
      code: podIn(
        ['enforce: baseline', 'enforce-version: v1.18'],
        ['  containers: [{name: c}]'],
        ['  annotations:', '    seccomp.security.alpha.kubernetes.io/pod: unconfined'],
      ),
      errors: [
        at(
          15,
          5,
          45,
          'Pod annotation must not set seccomp.security.alpha.kubernetes.io/pod="unconfined" (check seccompProfile_baseline, Pod Security Standards "baseline"). Namespace "apps" enforces "baseline" v1.18 (pod-security.kubernetes.io/enforce: baseline): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'spec sysctls: kernel.msgmax is not in the safe set',
      code: podIn(ENFORCE, [
        '  securityContext:',
        '    sysctls: [{name: kernel.msgmax, value: "65536"}]',
        '  containers: [{name: c}]',
      ]),
      errors: [
        at(
          15,
          16,
          20,
          'Pod must not set sysctl kernel.msgmax: it is not in the safe set (check sysctls, Pod Security Standards "baseline"). Namespace "apps" enforces "baseline" (pod-security.kubernetes.io/enforce: baseline): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'spec sysctls v1.31: tcp_rmem is refused before 1.32',
      code: podIn(
        ['enforce: baseline', 'enforce-version: v1.31'],
        [
          '  securityContext:',
          '    sysctls: [{name: net.ipv4.tcp_rmem, value: "4096 87380 6291456"}]',
          '  containers: [{name: c}]',
        ],
      ),
      errors: [
        at(
          16,
          16,
          20,
          'Pod must not set sysctl net.ipv4.tcp_rmem: it is not in the safe set (check sysctls, Pod Security Standards "baseline"). Namespace "apps" enforces "baseline" v1.31 (pod-security.kubernetes.io/enforce: baseline): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'spec windowsHostProcess',
      code: podIn(ENFORCE, [
        '  securityContext:',
        '    windowsOptions: {hostProcess: true}',
        '  containers: [{name: c}]',
      ]),
      errors: [
        at(
          15,
          22,
          33,
          'Pod must not set securityContext.windowsOptions.hostProcess=true (check windowsHostProcess, Pod Security Standards "baseline"). Namespace "apps" enforces "baseline" (pod-security.kubernetes.io/enforce: baseline): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'spec hostProbesAndHostLifecycle: a probe and a preStop hook with a host',
      code: podIn(ENFORCE, [
        '  containers:',
        '  - name: c',
        '    readinessProbe: {tcpSocket: {host: 10.0.0.1, port: 80}}',
        '    lifecycle:',
        '      preStop: {httpGet: {host: example.com, port: 80}}',
      ]),
      errors: [
        at(
          16,
          34,
          38,
          'Container "c" must not set readinessProbe.tcpSocket.host ("10.0.0.1") (check hostProbesAndHostLifecycle, Pod Security Standards "baseline"). Namespace "apps" enforces "baseline" (pod-security.kubernetes.io/enforce: baseline): the API server will reject Pod "p".',
        ),
        at(
          18,
          27,
          31,
          'Container "c" must not set lifecycle.preStop.httpGet.host ("example.com") (check hostProbesAndHostLifecycle, Pod Security Standards "baseline"). Namespace "apps" enforces "baseline" (pod-security.kubernetes.io/enforce: baseline): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'a warn label makes a warning, an audit label information',
      code: podIn(['warn: baseline', 'audit: baseline'], ['  hostIPC: true', '  containers: [{name: c}]']),
      errors: [
        at(
          15,
          3,
          10,
          'Pod must not set hostIPC=true: it shares the node\'s IPC namespace (check hostNamespaces, Pod Security Standards "baseline"). Namespace "apps" warns at "baseline" (pod-security.kubernetes.io/warn: baseline): kubectl apply prints a warning, and the pods are still admitted.',
        ),
      ],
      output: null,
    },
    {
      name: 'an audit label alone makes information',
      code: podIn(['audit: baseline'], ['  hostIPC: true', '  containers: [{name: c}]']),
      errors: [
        at(
          14,
          3,
          10,
          'Pod must not set hostIPC=true: it shares the node\'s IPC namespace (check hostNamespaces, Pod Security Standards "baseline"). Namespace "apps" audits at "baseline" (pod-security.kubernetes.io/audit: baseline): the API server records it in its audit log, and the pods are still admitted.',
        ),
      ],
      output: null,
    },
    {
      name: 'an enforce label that is no level fails closed (restricted), as the API server does',
      code: podIn(['enforce: strict'], ['  hostNetwork: true', '  containers: [{name: c}]']),
      errors: [
        at(
          14,
          3,
          14,
          'Pod must not set hostNetwork=true: it shares the node\'s network namespace (check hostNamespaces, Pod Security Standards "baseline"). Namespace "apps" enforces "restricted" (pod-security.kubernetes.io/enforce: strict): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'no Namespace in view: the podSecurity.level setting applies',
      settings: { podSecurity: { level: 'baseline' } },
      code: lines(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web, namespace: apps}',
        'spec:',
        '  template:',
        '    spec:',
        '      hostNetwork: true',
        '      containers: [{name: c}]',
      ),
      errors: [
        at(
          7,
          7,
          18,
          'Pod must not set hostNetwork=true: it shares the node\'s network namespace (check hostNamespaces, Pod Security Standards "baseline"). The project setting podSecurity.level says the cluster enforces "baseline" where namespace "apps" sets no enforce label: the API server will reject every pod of Deployment "web", which will run no pod.',
        ),
      ],
      output: null,
    },
    {
      name: 'a CronJob\u2019s pods, at the key in the nested template',
      code: lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata: {name: apps, labels: {pod-security.kubernetes.io/enforce: baseline}}',
        '---',
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata: {name: nightly, namespace: apps}',
        'spec:',
        '  schedule: "0 3 * * *"',
        '  jobTemplate:',
        '    spec:',
        '      template:',
        '        spec:',
        '          containers:',
        '          - name: job',
        '            securityContext: {privileged: true}',
      ),
      errors: [
        at(
          16,
          31,
          41,
          'Container "job" must not set securityContext.privileged=true (check privileged, Pod Security Standards "baseline"). Namespace "apps" enforces "baseline" (pod-security.kubernetes.io/enforce: baseline): the API server will reject every pod of CronJob "nightly", which will run no pod.',
        ),
      ],
      output: null,
    },
  ],
};

export default cases;
