// Strategic merge and JSON patches as kustomize v5.5.0 applies them. Each expected output below is what
// `kubectl kustomize` (kustomize v5.5.0) printed for the same files, pasted here when the test was written.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { printObjects } from '../../server/engine/kustomize/print';
import { renderKustomization } from '../../server/engine/kustomize/render';
import { toValue } from '../../server/engine/kustomize/tree';
import { memoryHost } from '../kustomize-host';

function render(files: Record<string, string>) {
  const result = renderKustomization('/work', memoryHost(files));
  return { result, values: result.objects.map((object) => toValue(object.tree)) };
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: a
        image: a
        env:
        - name: X
          value: "1"
        - name: Y
          value: "2"
      - name: b
        image: b
        args: [x, y]
      volumes:
      - name: v1
        emptyDir: {}
`;

describe('strategic merge patches', () => {
  it('merges lists by their merge keys, the patch elements first, and replaces lists without a strategy', () => {
    const { result, values } = render({
      'd.yaml': deployment,
      'kustomization.yaml': `resources: [d.yaml]
patches:
- patch: |
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      template:
        spec:
          containers:
          - name: b
            image: b2
            args: [z]
          - name: c
            image: c
          - name: a
            env:
            - name: Y
              $patch: delete
            - name: Z
              value: "3"
          volumes:
          - name: v2
            emptyDir: {}
`,
    });
    assert.deepEqual(result.notices, []);
    assert.deepEqual(values, [
      parse(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - args:
        - z
        image: b2
        name: b
      - image: c
        name: c
      - env:
        - name: Z
          value: "3"
        - name: X
          value: "1"
        image: a
        name: a
      volumes:
      - emptyDir: {}
        name: v2
      - emptyDir: {}
        name: v1
`),
    ]);
  });

  it('honours $patch: replace and null, keeps $setElementOrder as a key, merges finalizers as a set', () => {
    const { values } = render({
      'd.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: c
  finalizers: [a, b]
  labels:
    x: "1"
  annotations:
data:
  k: v
  e:
  n: ~
`,
      'kustomization.yaml': `resources: [d.yaml]
patches:
- patch: |
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: c
      finalizers: [c, a]
      $setElementOrder/finalizers: [a, c]
      labels:
        $patch: replace
        y: "2"
    data:
      z: null
      newmap:
        q: null
        r: 1
`,
    });
    assert.deepEqual(values, [
      parse(`apiVersion: v1
data:
  k: v
  "n": null
  newmap:
    r: 1
kind: ConfigMap
metadata:
  $setElementOrder/finalizers:
  - a
  - c
  finalizers:
  - c
  - a
  - b
  labels:
    "y": "2"
  name: c
`),
    ]);
  });

  it('deletes an object with $patch: delete, and a patch that matches no object is an error at the patch', () => {
    const kustomization = `resources: [d.yaml]
patchesStrategicMerge:
- |-
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  $patch: delete
`;
    const deleted = render({ 'd.yaml': deployment, 'kustomization.yaml': kustomization });
    assert.equal(deleted.result.rendered, true);
    assert.deepEqual(deleted.values, []);

    const host = memoryHost({
      'd.yaml': deployment,
      'kustomization.yaml': kustomization.replace('name: web', 'name: api'),
    });
    const missing = renderKustomization('/work', host);
    assert.equal(missing.rendered, false);
    assert.equal(missing.notices.length, 1);
    const [notice] = missing.notices;
    assert.equal(notice!.kind, 'error');
    assert.equal(notice!.field, 'patchesStrategicMerge');
    assert.match(
      notice!.message,
      /no resource matches the strategic merge patch for apps\/v1 Deployment api/,
    );
    const text = host.files.get('/work/kustomization.yaml')!;
    assert.equal(notice!.origin.uri, '/work/kustomization.yaml');
    assert.equal(text.slice(notice!.origin.span.start, notice!.origin.span.start + 10), 'apiVersion');
  });

  it('with a target, applies to every selected object, anchors name patterns, and selects nothing silently', () => {
    const { result, values } = render({
      'd.yaml': `${deployment}---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-2
  labels: {app: web}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: other-web
  labels: {app: web}
`,
      'kustomization.yaml': `resources: [d.yaml]
patches:
- target: {kind: Deployment, name: "web.*", labelSelector: "app=web"}
  patch: |
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: ignored
    spec:
      replicas: 3
- target: {kind: Nothing}
  patch: |
    - op: add
      path: /x
      value: 1
`,
    });
    assert.deepEqual(result.notices, []);
    const replicas = Object.fromEntries(
      values.map((v) => {
        const object = v as { metadata: { name: string }; spec?: { replicas?: number } };
        return [object.metadata.name, object.spec?.replicas];
      }),
    );
    // `web` has no label app=web; `other-web` does not match the anchored `web.*`.
    assert.deepEqual(replicas, { web: undefined, 'web-2': 3, 'other-web': undefined });
  });
});

describe('strategic merge patches, the corners kustomize keeps', () => {
  it("merges ports on containerPort and protocol as kyaml does, and merges a CRD's maps but replaces its lists", () => {
    const files = {
      'd.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: a
        image: a
        ports:
        - containerPort: 80
          protocol: TCP
          name: http
        - containerPort: 90
        - containerPort: 91
          protocol: UDP
      tolerations:
      - key: k1
        effect: NoSchedule
      - key: k2
---
apiVersion: example.com/v1
kind: Thing
metadata:
  name: t
spec:
  items:
  - name: a
    v: 1
  - name: b
  m:
    x: 1
`,
      'kustomization.yaml': `resources: [d.yaml]
patches:
- patch: |
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      template:
        spec:
          containers:
          - name: a
            ports:
            - containerPort: 80
              name: web
            - containerPort: 100
              protocol: TCP
          tolerations:
          - key: k3
- patch: |
    apiVersion: example.com/v1
    kind: Thing
    metadata:
      name: t
    spec:
      items:
      - name: b
        v: 2
      m:
        y: 2
`,
    };
    const result = renderKustomization('/work', memoryHost(files));
    assert.deepEqual(result.notices, []);
    // kubectl kustomize prints exactly this: the patch's port 80 without a protocol does not find the
    // base's port 80/TCP (so `name: web` is lost), new ports come first, and tolerations are replaced.
    assert.equal(
      printObjects(result.objects),
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - image: a
        name: a
        ports:
        - containerPort: 100
          protocol: TCP
        - containerPort: 80
          name: http
          protocol: TCP
        - containerPort: 90
        - containerPort: 91
          protocol: UDP
      tolerations:
      - key: k3
---
apiVersion: example.com/v1
kind: Thing
metadata:
  name: t
spec:
  items:
  - name: b
    v: 2
  m:
    x: 1
    "y": 2
`,
    );
  });
});

describe('strategic merge directives kustomize does not honour', () => {
  it('keeps $retainKeys as a key, replaces a list with $patch: replace, and a target that selects nothing is silent', () => {
    const { result, values } = render({
      'd.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
  template:
    spec:
      containers:
      - name: a
        image: a
`,
      'kustomization.yaml': `resources: [d.yaml]
patches:
- target: {kind: Deployment, name: nomatch}
  patch: |
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: x
    spec:
      replicas: 9
- patch: |
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      strategy:
        $retainKeys: [type]
        type: Recreate
      template:
        spec:
          containers:
          - $patch: replace
          - name: b
            image: b
`,
    });
    assert.deepEqual(result.notices, []);
    // What kubectl kustomize printed for the same files.
    assert.deepEqual(values, [
      parse(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  strategy:
    $retainKeys:
    - type
    rollingUpdate:
      maxSurge: 1
    type: Recreate
  template:
    spec:
      containers:
      - image: b
        name: b
`),
    ]);
  });
});

describe('JSON 6902 patches', () => {
  it('adds, appends with -, replaces, copies, moves, tests and removes, with escaped pointers', () => {
    const { result, values } = render({
      'd.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  template:
    spec:
      containers:
      - name: app
        image: nginx
        args: ["a/b", "c"]
`,
      'ops.yaml': `- op: add
  path: /metadata/annotations
  value: {"a~b/c": "1"}
- op: add
  path: /spec/template/spec/containers/0/args/-
  value: d
- op: replace
  path: /spec/template/spec/containers/0/image
  value: nginx:1.27
- op: copy
  from: /metadata/labels/app
  path: /metadata/labels/copied
- op: move
  from: /spec/template/spec/containers/0/args/0
  path: /metadata/annotations/a~0b~1d
- op: test
  path: /spec/template/spec/containers/0/image
  value: nginx:1.27
- op: remove
  path: /spec/template/spec/containers/0/args/0
`,
      'kustomization.yaml': `resources: [d.yaml]
patchesJson6902:
- target: {group: apps, version: v1, kind: Deployment, name: web}
  path: ops.yaml
`,
    });
    assert.deepEqual(result.notices, []);
    assert.deepEqual(values, [
      parse(`apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    a~b/c: "1"
    a~b/d: a/b
  labels:
    app: web
    copied: web
  name: web
spec:
  template:
    spec:
      containers:
      - args:
        - d
        image: nginx:1.27
        name: app
`),
    ]);
    assert.deepEqual([...result.patchFiles], ['/work/ops.yaml']);
  });

  it('stops with an error at the patch when an operation does not apply', () => {
    const result = renderKustomization(
      '/work',
      memoryHost({
        'd.yaml': deployment,
        'kustomization.yaml': `resources: [d.yaml]
patches:
- target: {kind: Deployment}
  patch: '[{"op": "replace", "path": "/spec/nothing/here", "value": 1}]'
`,
      }),
    );
    assert.equal(result.rendered, false);
    assert.equal(result.notices[0]!.kind, 'error');
    assert.match(result.notices[0]!.message, /no such path .*apps\/v1 Deployment web/);
  });
});
