import { lines, type RuleCases } from '../../test/rule-cases';

const TAIL = 'a compromised container can use it to take over the node.';

const pod = (...volumes: string[]): string =>
  lines(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: agent}',
    'spec:',
    '  containers:',
    '  - name: agent',
    '  volumes:',
    ...volumes,
  );

const cases: RuleCases = {
  valid: [
    {
      name: 'near miss: log directories a log shipper reads',
      code: pod(
        '  - name: varlog',
        '    hostPath: {path: /var/log}',
        '  - name: containers',
        '    hostPath:',
        '      path: /var/lib/docker/containers',
        '      type: Directory',
      ),
    },
    {
      name: 'near miss: /etcd-data is not under /etc, /procfs-copy is not under /proc',
      code: pod(
        '  - {name: data, hostPath: {path: /etcd-data}}',
        '  - {name: p, hostPath: {path: /procfs-copy}}',
      ),
    },
    {
      name: 'near miss: "/" only matches itself, so /data is fine',
      code: pod('  - {name: data, hostPath: {path: /data/app}}'),
    },
    {
      name: 'near miss: harmless files under /etc (time zone, CA bundle, machine id)',
      code: pod(
        '  - {name: tz, hostPath: {path: /etc/localtime, type: File}}',
        '  - {name: certs, hostPath: {path: /etc/ssl/certs}}',
        '  - {name: id, hostPath: {path: "/etc/machine-id"}}',
      ),
    },
    {
      name: 'not a hostPath volume',
      code: pod('  - name: config', '    configMap: {name: agent}', '  - {name: scratch, emptyDir: {}}'),
    },
    {
      name: 'option: a team that allows the kubelet directory for its CSI driver',
      settings: { rules: { 'sensitive-host-path': { options: { paths: ['/', '/etc'] } } } },
      code: pod('  - name: kubelet-dir', '    hostPath: {path: /var/lib/kubelet}'),
    },
    {
      name: 'rule turned off',
      settings: { rules: { 'sensitive-host-path': 'off' } },
      code: pod('  - {name: root, hostPath: {path: /}}'),
    },
  ],
  invalid: [
    {
      name: 'DaemonSet mounting the Docker socket: squiggle on the path, no fix',
      code: lines(
        'apiVersion: apps/v1',
        'kind: DaemonSet',
        'metadata:',
        '  name: weave-scope-agent',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '      - name: scope-agent',
        '        volumeMounts:',
        '        - {name: docker-socket, mountPath: /var/run/docker.sock}',
        '      volumes:',
        '      - name: docker-socket',
        '        hostPath:',
        '          path: /var/run/docker.sock # the runtime',
      ),
      errors: [
        {
          message: `Volume "docker-socket" of DaemonSet "weave-scope-agent" mounts the sensitive host path "/var/run/docker.sock": ${TAIL}`,
          line: 15,
          column: 17,
          endLine: 15,
          endColumn: 37,
        },
      ],
      output: null,
    },
    {
      name: 'the root file system, a path under /etc, and /run read as /var/run',
      code: pod(
        '  - name: rootfs',
        '    hostPath: {path: /}',
        '  - name: kube-config',
        '    hostPath: {path: /etc/kubernetes/, type: Directory}',
        "  - {name: sock, hostPath: {path: '/run/docker.sock'}}",
      ),
      errors: [
        {
          message: `Volume "rootfs" of Pod "agent" mounts the sensitive host path "/": ${TAIL}`,
          line: 9,
          column: 22,
          endLine: 9,
          endColumn: 23,
        },
        {
          message: `Volume "kube-config" of Pod "agent" mounts host path "/etc/kubernetes/", inside the sensitive "/etc": ${TAIL}`,
          line: 11,
          column: 22,
          endLine: 11,
          endColumn: 38,
        },
        {
          message: `Volume "sock" of Pod "agent" mounts the sensitive host path "/run/docker.sock": ${TAIL}`,
          line: 12,
          column: 35,
          endLine: 12,
          endColumn: 53,
        },
      ],
    },
    {
      name: 'a parent directory that contains a sensitive one, in a CronJob',
      code: lines(
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata: {name: image-prune}',
        'spec:',
        '  schedule: "@daily"',
        '  jobTemplate:',
        '    spec:',
        '      template:',
        '        spec:',
        '          restartPolicy: Never',
        '          containers:',
        '          - name: prune',
        '          volumes:',
        '          - name: run',
        '            hostPath:',
        '              path: /var/run',
      ),
      errors: [
        {
          message: `Volume "run" of CronJob "image-prune" mounts host path "/var/run", which contains the sensitive "/var/run/docker.sock": ${TAIL}`,
          line: 16,
          column: 21,
          endLine: 16,
          endColumn: 29,
        },
      ],
    },
    {
      name: 'StatefulSet in a second document, kubelet pods directory',
      code: lines(
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: csi}',
        '---',
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: csi-controller}',
        'spec:',
        '  template:',
        '    spec:',
        '      containers: [{name: csi}]',
        '      volumes: [{name: pods-dir, hostPath: {path: /var/lib/kubelet/pods}}]',
      ),
      errors: [
        {
          message: `Volume "pods-dir" of StatefulSet "csi-controller" mounts host path "/var/lib/kubelet/pods", inside the sensitive "/var/lib/kubelet": ${TAIL}`,
          line: 12,
          column: 51,
          endLine: 12,
          endColumn: 72,
        },
      ],
    },
  ],
};

export default cases;
