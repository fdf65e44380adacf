// The renderer's pipeline: loading kustomizations, bases and components, the notices that stop a rendering,
// provenance of patched and base values, kustomize's output order, and the parse cache.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParseCache } from '../../server/engine/kustomize/documents';
import { renderKustomization, SUPPORTED_FIELDS } from '../../server/engine/kustomize/render';
import { relativePath, resolvePath } from '../../server/engine/kustomize/paths';
import { nodeAt, toValue } from '../../server/engine/kustomize/tree';
import { memoryHost, spanOf } from '../kustomize-host';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        image: nginx
        resources:
          limits:
            cpu: 100m
`;

const service = `apiVersion: v1
kind: Service
metadata:
  name: web
`;

describe('the Kustomize renderer', () => {
  it('renders bases, components and kustomizations without apiVersion or kind, in legacy order', () => {
    const host = memoryHost({
      'base/kustomization.yml': 'resources: [deployment.yaml, service.yaml]\n',
      'base/deployment.yaml': deployment,
      'base/service.yaml': service,
      'mem/Kustomization': `apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
patches:
- path: memory.yaml
`,
      'mem/memory.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        resources:
          limits:
            memory: 256Mi
`,
      'overlay/kustomization.yaml': 'resources: [../base]\ncomponents: [../mem]\n',
    });
    const result = renderKustomization('/work/overlay', host);
    assert.deepEqual(result.notices, []);
    assert.deepEqual(
      result.objects.map((o) => toValue(o.tree) as { kind: string }).map((v) => v.kind),
      ['Service', 'Deployment'],
    );
    const limits = nodeAt(result.objects[1]!.tree, [
      'spec',
      'template',
      'spec',
      'containers',
      0,
      'resources',
      'limits',
    ]);
    assert.deepEqual(toValue(limits!), { cpu: '100m', memory: '256Mi' });
    assert.deepEqual([...result.kustomizations].sort(), [
      '/work/base/kustomization.yml',
      '/work/mem/Kustomization',
      '/work/overlay/kustomization.yaml',
    ]);
    assert.deepEqual([...result.patchFiles], ['/work/mem/memory.yaml']);
    assert.deepEqual([...result.resourceFiles].sort(), [
      '/work/base/deployment.yaml',
      '/work/base/service.yaml',
    ]);
    assert.ok(result.files.has('/work/mem/memory.yaml'));

    // Provenance: the patched value points at the patch file, the base's value at the base, exactly.
    const [, object] = result.objects;
    const memory = nodeAt(object!.tree, [
      'spec',
      'template',
      'spec',
      'containers',
      0,
      'resources',
      'limits',
      'memory',
    ])!;
    assert.deepEqual(memory.origin, {
      uri: '/work/mem/memory.yaml',
      span: spanOf(host, '/work/mem/memory.yaml', '256Mi'),
    });
    const cpu = nodeAt(object!.tree, [
      'spec',
      'template',
      'spec',
      'containers',
      0,
      'resources',
      'limits',
      'cpu',
    ])!;
    assert.deepEqual(cpu.origin, {
      uri: '/work/base/deployment.yaml',
      span: spanOf(host, '/work/base/deployment.yaml', '100m'),
    });
    const image = nodeAt(object!.tree, ['spec', 'template', 'spec', 'containers', 0, 'image'])!;
    assert.deepEqual(image.origin.span, spanOf(host, '/work/base/deployment.yaml', 'nginx'));
    // The patch restates the container's merge key and the object's name: they stay the base's, where a
    // finding about the container or the object belongs.
    const name = nodeAt(object!.tree, ['spec', 'template', 'spec', 'containers', 0, 'name'])!;
    assert.deepEqual(name.origin.uri, '/work/base/deployment.yaml');
    assert.deepEqual(nodeAt(object!.tree, ['metadata', 'name'])!.origin.uri, '/work/base/deployment.yaml');
    assert.deepEqual(object!.base, { uri: '/work/base/deployment.yaml', documentIndex: 0 });
    assert.equal(object!.patches.length, 1);
    assert.equal(object!.patches[0]!.uri, '/work/mem/memory.yaml');
  });

  it('locates a value of an inline patch in the kustomization, at its very characters', () => {
    const host = memoryHost({
      'deployment.yaml': deployment,
      'kustomization.yaml': `resources: [deployment.yaml]
patches:
- target:
    kind: Deployment
  patch: |-
    - op: replace
      path: /spec/template/spec/containers/0/image
      value: nginx:1.27
`,
    });
    const cache = new ParseCache();
    renderKustomization('/work', host, cache);
    // The kustomization, the resource and the inline patch: parsed once, not again on the next rendering.
    assert.equal(cache.parses, 3);
    const result = renderKustomization('/work', host, cache);
    assert.equal(cache.parses, 3);
    const image = nodeAt(result.objects[0]!.tree, ['spec', 'template', 'spec', 'containers', 0, 'image'])!;
    assert.equal(toValue(image), 'nginx:1.27');
    assert.deepEqual(image.origin, {
      uri: '/work/kustomization.yaml',
      span: spanOf(host, '/work/kustomization.yaml', 'nginx:1.27'),
    });
  });

  it('reports a cycle, a missing resource and a Component listed as a resource at the entry', () => {
    const cycle = memoryHost({
      'a/kustomization.yaml': 'resources: [../b]\n',
      'b/kustomization.yaml': 'resources: [../a]\n',
    });
    const cycled = renderKustomization('/work/a', cycle);
    assert.equal(cycled.rendered, false);
    assert.equal(cycled.notices.length, 1);
    assert.match(cycled.notices[0]!.message, /^cycle: \.\.\/a includes \/work\/a → \/work\/b → \/work\/a$/);
    assert.deepEqual(cycled.notices[0]!.origin, {
      uri: '/work/b/kustomization.yaml',
      span: spanOf(cycle, '/work/b/kustomization.yaml', '../a'),
    });

    const missing = memoryHost({ 'kustomization.yaml': 'resources:\n- nothing.yaml\n' });
    const notice = renderKustomization('/work', missing).notices[0]!;
    assert.equal(notice.kind, 'error');
    assert.equal(notice.field, 'resources');
    assert.deepEqual(notice.origin.span, spanOf(missing, '/work/kustomization.yaml', 'nothing.yaml'));

    const component = memoryHost({
      'kustomization.yaml': 'resources: [c]\n',
      'c/kustomization.yaml': 'kind: Component\n',
    });
    assert.match(renderKustomization('/work', component).notices[0]!.message, /is a Component/);
  });

  it('reports each unsupported field and remote resource at its key, and does not render', () => {
    const host = memoryHost({
      'kustomization.yaml': `resources:
- https://github.com/example/repo//base?ref=v1
helmCharts:
- name: x
replacements: []
`,
    });
    const result = renderKustomization('/work', host);
    assert.equal(result.rendered, false);
    assert.deepEqual(result.objects, []);
    assert.deepEqual(
      result.notices.map((n) => [n.kind, n.field, n.origin.span.start]),
      [
        ['unsupported', 'helmCharts', spanOf(host, '/work/kustomization.yaml', 'helmCharts').start],
        ['unsupported', 'replacements', spanOf(host, '/work/kustomization.yaml', 'replacements').start],
        ['unsupported', 'resources', spanOf(host, '/work/kustomization.yaml', 'https://').start],
      ],
    );
    assert.ok(!SUPPORTED_FIELDS.includes('helmCharts'));
    assert.ok(SUPPORTED_FIELDS.includes('patches'));
  });

  it('records the patches and includes a kustomization names even when its rendering stops', () => {
    const host = memoryHost({
      'kustomization.yaml': `resources:
- ../base
- extra.yaml
- https://github.com/example/repo//base?ref=v1
components:
- ../sidecar
patches:
- path: limits.yaml
- patch: '{"kind": "Deployment"}'
patchesJson6902:
- path: ops.json
  target: {kind: Deployment, name: web}
patchesStrategicMerge:
- legacy.yaml
- |-
  apiVersion: apps/v1
  kind: Deployment
helmCharts:
- name: x
`,
    });
    const result = renderKustomization('/work', host);
    assert.equal(result.rendered, false);
    // Recorded as loaded: the rendering stopped on helmCharts before reading any of them.
    assert.deepEqual([...result.patchFiles], ['/work/limits.yaml', '/work/ops.json', '/work/legacy.yaml']);
    assert.deepEqual([...result.includes], ['/base', '/work/extra.yaml', '/sidecar']);
    assert.deepEqual([...result.files], ['/work/kustomization.yaml']);
  });

  it('refuses a folder with two kustomization files, and honours sortOptions fifo', () => {
    const two = memoryHost({ 'kustomization.yaml': 'resources: []\n', Kustomization: 'resources: []\n' });
    assert.match(renderKustomization('/work', two).notices[0]!.message, /several kustomization files/);
    const fifo = renderKustomization(
      '/work',
      memoryHost({
        'kustomization.yaml': 'resources: [d.yaml, s.yaml]\nsortOptions:\n  order: fifo\n',
        'd.yaml': deployment,
        's.yaml': service,
      }),
    );
    assert.deepEqual(
      fifo.objects.map((o) => (toValue(o.tree) as { kind: string }).kind),
      ['Deployment', 'Service'],
    );
  });

  it('re-parses only the changed file when rendering again with the same cache', () => {
    const files: Record<string, string> = {
      'base/kustomization.yaml': 'resources: [d.yaml]\n',
      'base/d.yaml': deployment,
    };
    for (const name of ['a', 'b', 'c']) {
      files[`${name}/kustomization.yaml`] = `resources: [../base]\npatches:\n- path: p.yaml\n`;
      files[`${name}/p.yaml`] =
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n`;
    }
    const host = memoryHost(files);
    const cache = new ParseCache();
    for (const name of ['a', 'b', 'c']) renderKustomization(`/work/${name}`, host, cache);
    // Eight files, each parsed once although the base is included three times.
    assert.equal(cache.parses, 8);
    host.files.set('/work/base/d.yaml', deployment.replace('nginx', 'nginx:2'));
    const after = ['a', 'b', 'c'].map((name) => renderKustomization(`/work/${name}`, host, cache));
    assert.equal(cache.parses, 9);
    for (const result of after) {
      assert.equal(
        toValue(nodeAt(result.objects[0]!.tree, ['spec', 'template', 'spec', 'containers', 0, 'image'])!),
        'nginx:2',
      );
    }
  });

  it('resolves the paths a kustomization names, on POSIX and Windows hosts', () => {
    assert.equal(resolvePath('/work/overlays/prod', '../../base/./d.yaml'), '/work/base/d.yaml');
    assert.equal(resolvePath('/work', '/abs/x.yaml'), '/abs/x.yaml');
    assert.equal(resolvePath('C:/repo/overlay', '../base'), 'C:/repo/base');
    assert.equal(resolvePath('C:/repo', '../../..'), 'C:/');
    assert.equal(relativePath('/work/overlay', '/work/base/d.yaml'), '../base/d.yaml');
  });
});
