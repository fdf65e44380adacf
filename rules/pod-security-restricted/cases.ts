// Cases marked "spec" restate a case of the official library's own test data (kubernetes/pod-security-admission,
// test/fixtures_<check>.go) as a manifest; the others are our judgement. See pod-security-baseline/cases.ts.
import { lines, type InvalidCase, type RuleCases } from '../../test/rule-cases';

const NAMESPACE = ['apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: apps', '  labels:'];

/**
 * A Namespace with `labels`, then a Pod in it that meets restricted except for what `pod` and `container`
 * change: each entry replaces the line of the compliant pod that starts with the same key.
 */
function pod(
  labels: string[],
  options: { pod?: string[]; container?: string[]; extra?: string[] } = {},
): string {
  return lines(
    ...NAMESPACE,
    ...labels.map((l) => `    pod-security.kubernetes.io/${l}`),
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p, namespace: apps}',
    'spec:',
    ...(options.extra ?? []),
    '  securityContext:',
    ...(options.pod ?? ['    runAsNonRoot: true', '    seccompProfile: {type: RuntimeDefault}']),
    '  containers:',
    '  - name: app',
    '    securityContext:',
    ...(options.container ?? ['      allowPrivilegeEscalation: false', '      capabilities: {drop: [ALL]}']),
  );
}

const RESTRICTED = ['enforce: restricted'];

function enforced(subject: string, detail: string, check: string, version = ''): string {
  return (
    `${subject} ${detail} (check ${check}, Pod Security Standards "restricted"). Namespace "apps" enforces ` +
    `"restricted"${version} (pod-security.kubernetes.io/enforce: restricted): the API server will reject Pod "p".`
  );
}

function at(line: number, column: number, endColumn: number, message: string): InvalidCase['errors'][number] {
  return { line, column, endLine: line, endColumn, message };
}

const cases: RuleCases = {
  valid: [
    { name: 'spec: a pod that meets restricted', code: pod(RESTRICTED) },
    {
      name: 'a baseline namespace does not hold pods to restricted',
      code: pod(['enforce: baseline'], {
        pod: ['    runAsUser: 0'],
        container: ['      allowPrivilegeEscalation: true'],
      }),
    },
    {
      name: 'spec allowPrivilegeEscalation v1.7: the check starts at policy version 1.8',
      code: pod(['enforce: restricted', 'enforce-version: v1.7'], {
        container: ['      capabilities: {drop: [ALL]}'],
      }),
    },
    {
      name: 'spec allowPrivilegeEscalation v1.25: Windows pods are exempt',
      code: pod(RESTRICTED, {
        extra: ['  os: {name: windows}'],
        container: ['      capabilities: {drop: [ALL]}'],
      }),
    },
    {
      name: 'spec capabilities_restricted v1.21: drop ALL is required from 1.22',
      code: pod(['enforce: restricted', 'enforce-version: v1.21'], {
        container: ['      allowPrivilegeEscalation: false'],
      }),
    },
    {
      name: 'spec capabilities_restricted: NET_BIND_SERVICE may be added',
      code: pod(RESTRICTED, {
        container: [
          '      allowPrivilegeEscalation: false',
          '      capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}',
        ],
      }),
    },
    {
      name: 'spec runAsNonRoot: set on the container instead of the pod',
      code: pod(RESTRICTED, {
        pod: ['    seccompProfile: {type: RuntimeDefault}'],
        container: [
          '      allowPrivilegeEscalation: false',
          '      capabilities: {drop: [ALL]}',
          '      runAsNonRoot: true',
        ],
      }),
    },
    {
      name: 'spec runAsNonRoot v1.35: a user namespace (hostUsers: false) relaxes the check on a 1.35 cluster',
      settings: { kubernetesVersion: '1.35' },
      code: pod(RESTRICTED, {
        extra: ['  hostUsers: false'],
        pod: ['    seccompProfile: {type: RuntimeDefault}'],
      }),
    },
    {
      name: 'spec runAsUser v1.22: runAsUser 0 is refused from policy version 1.23',
      code: pod(['enforce: restricted', 'enforce-version: v1.22'], {
        pod: ['    runAsNonRoot: true', '    runAsUser: 0', '    seccompProfile: {type: RuntimeDefault}'],
      }),
    },
    {
      name: 'spec seccompProfile_restricted v1.18: a profile is required from 1.19',
      code: pod(['enforce: restricted', 'enforce-version: v1.18'], { pod: ['    runAsNonRoot: true'] }),
    },
    {
      name: 'a hostPath volume is pod-security-baseline\u2019s finding, not restrictedVolumes\u2019',
      code: pod(RESTRICTED, { extra: ['  volumes: [{name: h, hostPath: {path: /data}}]'] }),
    },
    {
      name: 'spec restrictedVolumes: the allowed volume types, and a volume with no source (defaulted to emptyDir)',
      code: pod(RESTRICTED, {
        extra: [
          '  volumes:',
          '  - {name: a, configMap: {name: c}}',
          '  - {name: b, persistentVolumeClaim: {claimName: d}}',
          '  - {name: e}',
        ],
      }),
    },
  ],
  invalid: [
    {
      name: 'spec allowPrivilegeEscalation missing: at the container name, fixed by merging into its securityContext',
      code: pod(RESTRICTED, {
        container: ['      # hardened by the platform team', '      capabilities: {drop: [ALL]}'],
      }),
      errors: [
        at(
          16,
          11,
          14,
          'Container "app" must set securityContext.allowPrivilegeEscalation=false (check allowPrivilegeEscalation, Pod Security Standards "restricted"). Namespace "apps" enforces "restricted" (pod-security.kubernetes.io/enforce: restricted): the API server will reject Pod "p".',
        ),
      ],
      fixTitle: 'Set allowPrivilegeEscalation: false on container "app"',
      output: lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: apps',
        '  labels:',
        '    pod-security.kubernetes.io/enforce: restricted',
        '---',
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p, namespace: apps}',
        'spec:',
        '  securityContext:',
        '    runAsNonRoot: true',
        '    seccompProfile: {type: RuntimeDefault}',
        '  containers:',
        '  - name: app',
        '    securityContext:',
        '      # hardened by the platform team',
        '      capabilities: {drop: [ALL]}',
        '      allowPrivilegeEscalation: false',
      ),
    },
    {
      name: 'spec allowPrivilegeEscalation: true, at the key, no fix',
      code: pod(RESTRICTED, {
        container: ['      allowPrivilegeEscalation: true', '      capabilities: {drop: [ALL]}'],
      }),
      errors: [
        at(
          18,
          7,
          31,
          'Container "app" must set securityContext.allowPrivilegeEscalation=false (check allowPrivilegeEscalation, Pod Security Standards "restricted"). Namespace "apps" enforces "restricted" (pod-security.kubernetes.io/enforce: restricted): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'spec allowPrivilegeEscalation v1.24: Windows pods are not exempt before 1.25',
      code: pod(['enforce: restricted', 'enforce-version: v1.24'], {
        extra: ['  os: {name: windows}'],
        container: ['      capabilities: {drop: [ALL]}'],
      }),
      errors: [
        at(
          18,
          11,
          14,
          'Container "app" must set securityContext.allowPrivilegeEscalation=false (check allowPrivilegeEscalation, Pod Security Standards "restricted"). Namespace "apps" enforces "restricted" v1.24 (pod-security.kubernetes.io/enforce: restricted): the API server will reject Pod "p".',
        ),
      ],
      fixTitle: 'Set allowPrivilegeEscalation: false on container "app"',
      output: lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: apps',
        '  labels:',
        '    pod-security.kubernetes.io/enforce: restricted',
        '    pod-security.kubernetes.io/enforce-version: v1.24',
        '---',
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p, namespace: apps}',
        'spec:',
        '  os: {name: windows}',
        '  securityContext:',
        '    runAsNonRoot: true',
        '    seccompProfile: {type: RuntimeDefault}',
        '  containers:',
        '  - name: app',
        '    securityContext:',
        '      capabilities: {drop: [ALL]}',
        '      allowPrivilegeEscalation: false',
      ),
    },
    {
      name: 'spec capabilities_restricted: drop without ALL, fixed by appending to the list',
      code: pod(RESTRICTED, {
        container: [
          '      allowPrivilegeEscalation: false',
          '      capabilities:',
          '        drop:',
          '        - NET_RAW',
        ],
      }),
      errors: [
        at(
          20,
          9,
          13,
          'Container "app" must set securityContext.capabilities.drop=["ALL"] (check capabilities_restricted, Pod Security Standards "restricted"). Namespace "apps" enforces "restricted" (pod-security.kubernetes.io/enforce: restricted): the API server will reject Pod "p".',
        ),
      ],
      fixTitle: 'Drop ALL capabilities in container "app"',
      output: lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: apps',
        '  labels:',
        '    pod-security.kubernetes.io/enforce: restricted',
        '---',
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p, namespace: apps}',
        'spec:',
        '  securityContext:',
        '    runAsNonRoot: true',
        '    seccompProfile: {type: RuntimeDefault}',
        '  containers:',
        '  - name: app',
        '    securityContext:',
        '      allowPrivilegeEscalation: false',
        '      capabilities:',
        '        drop:',
        '        - NET_RAW',
        '        - ALL',
      ),
    },
    {
      name: 'spec capabilities_restricted: no capabilities at all',
      code: pod(RESTRICTED, { container: ['      allowPrivilegeEscalation: false'] }),
      errors: [
        at(
          16,
          11,
          14,
          'Container "app" must set securityContext.capabilities.drop=["ALL"] (check capabilities_restricted, Pod Security Standards "restricted"). Namespace "apps" enforces "restricted" (pod-security.kubernetes.io/enforce: restricted): the API server will reject Pod "p".',
        ),
      ],
      fixTitle: 'Drop ALL capabilities in container "app"',
      output: lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: apps',
        '  labels:',
        '    pod-security.kubernetes.io/enforce: restricted',
        '---',
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p, namespace: apps}',
        'spec:',
        '  securityContext:',
        '    runAsNonRoot: true',
        '    seccompProfile: {type: RuntimeDefault}',
        '  containers:',
        '  - name: app',
        '    securityContext:',
        '      allowPrivilegeEscalation: false',
        '      capabilities:',
        '        drop:',
        '        - ALL',
      ),
    },
    {
      name: 'spec capabilities_restricted: CHOWN may be added at baseline but not at restricted',
      code: pod(RESTRICTED, {
        container: [
          '      allowPrivilegeEscalation: false',
          '      capabilities: {drop: [ALL], add: [CHOWN]}',
        ],
      }),
      errors: [
        at(
          19,
          41,
          46,
          'Container "app" must not add capability CHOWN: only NET_BIND_SERVICE may be added (check capabilities_restricted, Pod Security Standards "restricted"). Namespace "apps" enforces "restricted" (pod-security.kubernetes.io/enforce: restricted): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'spec restrictedVolumes: nfs',
      code: pod(RESTRICTED, {
        extra: ['  volumes:', '  - name: shared', '    nfs: {server: nfs.local, path: /export}'],
      }),
      errors: [
        at(
          14,
          5,
          8,
          'Volume "shared" must not use the volume type nfs: restricted allows only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret (check restrictedVolumes, Pod Security Standards "restricted"). Namespace "apps" enforces "restricted" (pod-security.kubernetes.io/enforce: restricted): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'spec runAsNonRoot missing on pod and container',
      code: pod(RESTRICTED, { pod: ['    seccompProfile: {type: RuntimeDefault}'] }),
      errors: [
        at(
          15,
          11,
          14,
          'Container "app" must set securityContext.runAsNonRoot=true (or the pod must) (check runAsNonRoot, Pod Security Standards "restricted"). Namespace "apps" enforces "restricted" (pod-security.kubernetes.io/enforce: restricted): the API server will reject Pod "p".',
        ),
      ],
      fixTitle: 'Set runAsNonRoot: true on container "app"',
      output: lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: apps',
        '  labels:',
        '    pod-security.kubernetes.io/enforce: restricted',
        '---',
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p, namespace: apps}',
        'spec:',
        '  securityContext:',
        '    seccompProfile: {type: RuntimeDefault}',
        '  containers:',
        '  - name: app',
        '    securityContext:',
        '      allowPrivilegeEscalation: false',
        '      capabilities: {drop: [ALL]}',
        '      runAsNonRoot: true',
      ),
    },
    {
      name: 'spec runAsNonRoot: false on the pod',
      code: pod(RESTRICTED, {
        pod: ['    runAsNonRoot: false', '    seccompProfile: {type: RuntimeDefault}'],
      }),
      errors: [
        at(
          13,
          5,
          17,
          'Pod must not set securityContext.runAsNonRoot=false (check runAsNonRoot, Pod Security Standards "restricted"). Namespace "apps" enforces "restricted" (pod-security.kubernetes.io/enforce: restricted): the API server will reject Pod "p".',
        ),
        at(
          16,
          11,
          14,
          'Container "app" must set securityContext.runAsNonRoot=true (or the pod must) (check runAsNonRoot, Pod Security Standards "restricted"). Namespace "apps" enforces "restricted" (pod-security.kubernetes.io/enforce: restricted): the API server will reject Pod "p".',
        ),
      ],
      fixTitle: 'Set runAsNonRoot: true on container "app"',
      output: lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: apps',
        '  labels:',
        '    pod-security.kubernetes.io/enforce: restricted',
        '---',
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p, namespace: apps}',
        'spec:',
        '  securityContext:',
        '    runAsNonRoot: false',
        '    seccompProfile: {type: RuntimeDefault}',
        '  containers:',
        '  - name: app',
        '    securityContext:',
        '      allowPrivilegeEscalation: false',
        '      capabilities: {drop: [ALL]}',
        '      runAsNonRoot: true',
      ),
    },
    {
      name: 'spec runAsNonRoot v1.34: a user namespace does not relax the check before 1.35',
      settings: { kubernetesVersion: '1.35' },
      code: pod(['enforce: restricted', 'enforce-version: v1.34'], {
        extra: ['  hostUsers: false'],
        pod: ['    seccompProfile: {type: RuntimeDefault}'],
      }),
      errors: [
        at(
          17,
          11,
          14,
          'Container "app" must set securityContext.runAsNonRoot=true (or the pod must) (check runAsNonRoot, Pod Security Standards "restricted"). Namespace "apps" enforces "restricted" v1.34 (pod-security.kubernetes.io/enforce: restricted): the API server will reject Pod "p".',
        ),
      ],
      fixTitle: 'Set runAsNonRoot: true on container "app"',
      output: lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: apps',
        '  labels:',
        '    pod-security.kubernetes.io/enforce: restricted',
        '    pod-security.kubernetes.io/enforce-version: v1.34',
        '---',
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p, namespace: apps}',
        'spec:',
        '  hostUsers: false',
        '  securityContext:',
        '    seccompProfile: {type: RuntimeDefault}',
        '  containers:',
        '  - name: app',
        '    securityContext:',
        '      allowPrivilegeEscalation: false',
        '      capabilities: {drop: [ALL]}',
        '      runAsNonRoot: true',
      ),
    },
    {
      name: 'spec runAsUser: 0 on the container',
      code: pod(RESTRICTED, {
        container: [
          '      allowPrivilegeEscalation: false',
          '      capabilities: {drop: [ALL]}',
          '      runAsUser: 0',
        ],
      }),
      errors: [
        at(
          20,
          7,
          16,
          'Container "app" must not set runAsUser=0 (check runAsUser, Pod Security Standards "restricted"). Namespace "apps" enforces "restricted" (pod-security.kubernetes.io/enforce: restricted): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'spec seccompProfile_restricted missing',
      code: pod(RESTRICTED, { pod: ['    runAsNonRoot: true'] }),
      errors: [
        at(
          15,
          11,
          14,
          'Container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost" (or the pod must) (check seccompProfile_restricted, Pod Security Standards "restricted"). Namespace "apps" enforces "restricted" (pod-security.kubernetes.io/enforce: restricted): the API server will reject Pod "p".',
        ),
      ],
      fixTitle: 'Set seccompProfile type RuntimeDefault on container "app"',
      output: lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: apps',
        '  labels:',
        '    pod-security.kubernetes.io/enforce: restricted',
        '---',
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p, namespace: apps}',
        'spec:',
        '  securityContext:',
        '    runAsNonRoot: true',
        '  containers:',
        '  - name: app',
        '    securityContext:',
        '      allowPrivilegeEscalation: false',
        '      capabilities: {drop: [ALL]}',
        '      seccompProfile:',
        '        type: RuntimeDefault',
      ),
    },
    {
      name: 'spec procMount_restricted v1.35: Unmasked in a user namespace passes baseline but not restricted',
      settings: { kubernetesVersion: '1.35' },
      code: pod(RESTRICTED, {
        extra: ['  hostUsers: false'],
        container: [
          '      allowPrivilegeEscalation: false',
          '      capabilities: {drop: [ALL]}',
          '      procMount: Unmasked',
        ],
      }),
      errors: [
        at(
          21,
          7,
          16,
          'Container "app" must not set securityContext.procMount to "Unmasked" (check procMount_restricted, Pod Security Standards "restricted"). Namespace "apps" enforces "restricted" (pod-security.kubernetes.io/enforce: restricted): the API server will reject Pod "p".',
        ),
      ],
      output: null,
    },
    {
      name: 'a Deployment with no securityContext in a restricted namespace of another document: four findings, four fixes',
      code: lines(
        ...NAMESPACE,
        '    pod-security.kubernetes.io/enforce: restricted',
        '---',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web, namespace: apps}',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '      - name: web',
        '        image: nginx:1.27',
      ),
      errors: [
        at(
          15,
          15,
          18,
          'Container "web" must set securityContext.allowPrivilegeEscalation=false (check allowPrivilegeEscalation, Pod Security Standards "restricted"). Namespace "apps" enforces "restricted" (pod-security.kubernetes.io/enforce: restricted): the API server will reject every pod of Deployment "web", which will run no pod.',
        ),
        at(
          15,
          15,
          18,
          'Container "web" must set securityContext.capabilities.drop=["ALL"] (check capabilities_restricted, Pod Security Standards "restricted"). Namespace "apps" enforces "restricted" (pod-security.kubernetes.io/enforce: restricted): the API server will reject every pod of Deployment "web", which will run no pod.',
        ),
        at(
          15,
          15,
          18,
          'Container "web" must set securityContext.runAsNonRoot=true (or the pod must) (check runAsNonRoot, Pod Security Standards "restricted"). Namespace "apps" enforces "restricted" (pod-security.kubernetes.io/enforce: restricted): the API server will reject every pod of Deployment "web", which will run no pod.',
        ),
        at(
          15,
          15,
          18,
          'Container "web" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost" (or the pod must) (check seccompProfile_restricted, Pod Security Standards "restricted"). Namespace "apps" enforces "restricted" (pod-security.kubernetes.io/enforce: restricted): the API server will reject every pod of Deployment "web", which will run no pod.',
        ),
      ],
      fixTitle: 'Set allowPrivilegeEscalation: false on container "web"',
      output: lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: apps',
        '  labels:',
        '    pod-security.kubernetes.io/enforce: restricted',
        '---',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web, namespace: apps}',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '      - name: web',
        '        image: nginx:1.27',
        '        securityContext:',
        '          allowPrivilegeEscalation: false',
      ),
      moreFixes: [
        {
          title: 'Drop ALL capabilities in container "web"',
          output: lines(
            'apiVersion: v1',
            'kind: Namespace',
            'metadata:',
            '  name: apps',
            '  labels:',
            '    pod-security.kubernetes.io/enforce: restricted',
            '---',
            'apiVersion: apps/v1',
            'kind: Deployment',
            'metadata: {name: web, namespace: apps}',
            'spec:',
            '  template:',
            '    spec:',
            '      containers:',
            '      - name: web',
            '        image: nginx:1.27',
            '        securityContext:',
            '          capabilities:',
            '            drop:',
            '            - ALL',
          ),
        },
        {
          title: 'Set runAsNonRoot: true on container "web"',
          output: lines(
            'apiVersion: v1',
            'kind: Namespace',
            'metadata:',
            '  name: apps',
            '  labels:',
            '    pod-security.kubernetes.io/enforce: restricted',
            '---',
            'apiVersion: apps/v1',
            'kind: Deployment',
            'metadata: {name: web, namespace: apps}',
            'spec:',
            '  template:',
            '    spec:',
            '      containers:',
            '      - name: web',
            '        image: nginx:1.27',
            '        securityContext:',
            '          runAsNonRoot: true',
          ),
        },
        {
          title: 'Set seccompProfile type RuntimeDefault on container "web"',
          output: lines(
            'apiVersion: v1',
            'kind: Namespace',
            'metadata:',
            '  name: apps',
            '  labels:',
            '    pod-security.kubernetes.io/enforce: restricted',
            '---',
            'apiVersion: apps/v1',
            'kind: Deployment',
            'metadata: {name: web, namespace: apps}',
            'spec:',
            '  template:',
            '    spec:',
            '      containers:',
            '      - name: web',
            '        image: nginx:1.27',
            '        securityContext:',
            '          seccompProfile:',
            '            type: RuntimeDefault',
          ),
        },
      ],
    },
  ],
};

export default cases;
