// What the project makes of patch files that no rendering checks. A patch that only a Component no
// kustomization includes names: kustomize never applies it, so no rendering checks it, and it is a fragment,
// so it is not checked as a whole object either; the project says so with a notice at the file's first line,
// rather than showing nothing, and once an overlay includes the component the rendering's findings take its
// place. A patch of an overlay whose rendering stops (an unsupported field) is still a patch, and the base
// that overlay includes is still no entry point: the loader recorded both before it stopped.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { KustomizeHost } from '../../server/engine/kustomize/model';
import { normaliseSettings } from '../../server/engine/settings';
import { entryName, kustomizeRenderer, KustomizeProject } from '../../server/workspace/kustomize-project';
import { BUILT_IN_RULES } from '../built-in-rules';

const ROOT = '/repo';
const PATCH = `${ROOT}/components/sidecar/patch.yaml`;
const OVERLAY = `${ROOT}/overlays/prod/kustomization.yaml`;

const TEXTS: [string, string][] = [
  [`${ROOT}/base/kustomization.yaml`, 'resources:\n  - deploy.yaml\n'],
  [
    `${ROOT}/base/deploy.yaml`,
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.25\n',
  ],
  [
    `${ROOT}/components/sidecar/kustomization.yaml`,
    'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: patch.yaml\n',
  ],
  [
    PATCH,
    '# Adds a log shipper.\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: shipper\n          image: fluent/fluent-bit:3.0\n',
  ],
  [OVERLAY, 'resources:\n  - ../../base\n'],
];

function projectOver(texts: Map<string, string>): KustomizeProject {
  const host: KustomizeHost = {
    readFile: (path) => texts.get(path),
    isDirectory: (path) => [...texts.keys()].some((file) => file.startsWith(`${path}/`)),
  };
  const project = new KustomizeProject({
    render: kustomizeRenderer(),
    host,
    configFor: () => ({ rules: BUILT_IN_RULES, settings: normaliseSettings({ profile: 'strict' }) }),
    root: (dir) => entryName(ROOT, dir),
  });
  for (const file of texts.keys()) if (file.endsWith('/kustomization.yaml')) project.add(file);
  return project;
}

describe('a patch of a Component no kustomization includes', () => {
  it('is a fragment with a notice at its first line of YAML', () => {
    const project = projectOver(new Map(TEXTS));
    const role = project.roleOf(PATCH);
    assert.equal(role.patch, true);
    assert.equal(role.rendered, false);
    assert.deepEqual(role.findings, []);
    assert.deepEqual(role.notices, [
      {
        kind: 'unused-patch',
        message: 'This patch belongs to the Component components/sidecar, which no kustomization includes.',
        // `apiVersion: apps/v1`, after the comment and the `---` line.
        origin: { uri: PATCH, span: { start: 26, end: 45 } },
      },
    ]);
  });

  it('has no notice once an overlay includes the component, and shows the rendering’s findings instead', () => {
    const texts = new Map(TEXTS);
    texts.set(OVERLAY, 'resources:\n  - ../../base\ncomponents:\n  - ../../components/sidecar\n');
    const role = projectOver(texts).roleOf(PATCH);
    assert.deepEqual(role.notices, []);
    assert.ok(role.findings.some((f) => f.finding.ruleId === 'missing-memory-limit'));
    assert.ok(role.findings.every((f) => f.entryPoints.join() === 'overlays/prod'));
  });
});

describe('an overlay whose rendering stops on an unsupported field', () => {
  it('keeps its patches fragments and its base no entry point', () => {
    const texts = new Map(TEXTS);
    const limits = `${ROOT}/overlays/prod/limits.yaml`;
    texts.set(
      OVERLAY,
      'resources:\n  - ../../base\npatches:\n  - path: limits.yaml\nhelmCharts:\n  - name: redis\n',
    );
    texts.set(
      limits,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n',
    );
    const project = projectOver(texts);
    // Neither the stopped overlay nor the base it includes (nor the unused component) is rendered.
    assert.deepEqual(project.entryPoints(), []);
    const role = project.roleOf(limits);
    assert.equal(role.patch, true);
    assert.equal(role.rendered, false);
    assert.deepEqual(
      project.roleOf(OVERLAY).notices.map((notice) => notice.field),
      ['helmCharts'],
    );
  });
});

describe('a resource that is missing when the overlay is first rendered', () => {
  it('renders the overlay again when it appears', () => {
    const texts = new Map(TEXTS);
    const extra = `${ROOT}/overlays/prod/config.yaml`;
    texts.set(OVERLAY, 'resources:\n  - ../../base\n  - config.yaml\n');
    const project = projectOver(texts);
    assert.deepEqual(project.entryPoints(), []);
    assert.match(project.roleOf(OVERLAY).notices[0]!.message, /config\.yaml does not exist/);
    texts.set(extra, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {a: b}\n');
    assert.equal(project.changed(extra), true);
    assert.deepEqual(
      project.entryPoints().map((entry) => entry.name),
      ['overlays/prod'],
    );
    assert.deepEqual(project.roleOf(OVERLAY).notices, []);
  });
});
