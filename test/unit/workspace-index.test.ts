// Which files the workspace index reads, and how it keeps an open editor's text above the file on disk.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parseFile } from '../../server/engine/parse';
import {
  DEFAULT_INDEX_OPTIONS,
  listManifestFiles,
  relatedBodyKinds,
  WorkspaceIndex,
  type IndexedObject,
} from '../../server/workspace/index';
import { readObjects } from '../../server/workspace/read-objects';
import { packed } from '../../server/workspace/reader';
import { BUILT_IN_RULES } from '../built-in-rules';

const RELATED_BODY_KINDS = relatedBodyKinds(BUILT_IN_RULES);

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n';

const DEPLOYMENT_WEB = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: web, namespace: shop}',
  'spec:',
  '  replicas: 3',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec: {containers: [{name: web, image: "web:1"}]}',
  '',
].join('\n');

const PDB_WEB =
  'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\nspec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}\n';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kh-index-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('workspace index', () => {
  it('lists manifests, skipping dependencies, VCS folders, chart templates, .gitignore, excludes and ignores', async () => {
    const dir = tree({
      'apps/web/deploy.yaml': POD,
      // kustomize's extension-less kustomization file name is YAML too; other extension-less files are not.
      'apps/web/Kustomization': 'resources:\n  - deploy.yaml\n',
      'apps/web/Kustomization.orig': 'resources: []\n',
      'apps/web/README': 'notes\n',
      'apps/web/pdb.yml': POD,
      'node_modules/pkg/x.yaml': POD,
      '.git/config.yaml': POD,
      'charts/web/Chart.yaml': 'name: web\n',
      'charts/web/values.yaml': 'replicas: 2\n',
      'charts/web/templates/deploy.yaml': 'kind: {{ .Values.kind }}\n',
      'build/out.yaml': POD,
      'generated/a.yaml': POD,
      'secret/keys.yaml': POD,
      'notes.txt': POD,
      '.gitignore': '# build output\nbuild/\n!keep.yaml\n',
    });
    const files = await listManifestFiles(dir, {
      ...DEFAULT_INDEX_OPTIONS,
      exclude: ['generated/**'],
      isIgnored: (path) => path.includes(`${join(dir, 'secret')}`),
    });
    assert.deepEqual(
      files.map((f) => relative(dir, f.path)),
      [
        'apps/web/Kustomization',
        'apps/web/deploy.yaml',
        'apps/web/pdb.yml',
        'charts/web/Chart.yaml',
        'charts/web/values.yaml',
      ],
    );
  });

  it('reads .gitignore as git does (negation, folder-only, anchored lines) and skips unreadable excludes', async () => {
    const long = `${'a'.repeat(120)}c.yaml`;
    const dir = tree({
      '.gitignore': [
        'build/',
        '/only-root.yaml',
        '*.gen.yaml',
        '!keep.gen.yaml',
        'logs/**',
        '!logs/keep.yaml',
        '*a*a*a*a*a*a*a*a*a*a*a*a*a*b',
        '',
      ].join('\n'),
      'apps/build/x.yaml': POD,
      'only-root.yaml': POD,
      'apps/only-root.yaml': POD,
      'a/x.gen.yaml': POD,
      'a/keep.gen.yaml': POD,
      'logs/a.yaml': POD,
      'logs/keep.yaml': POD,
      'vendored/v.yaml': POD,
      [long]: POD,
    });
    const files = await listManifestFiles(dir, {
      ...DEFAULT_INDEX_OPTIONS,
      exclude: ['[z-a]/**', 'vendored/**'],
    });
    assert.deepEqual(
      files.map((f) => relative(dir, f.path)),
      ['a/keep.gen.yaml', long, 'apps/only-root.yaml', 'logs/keep.yaml'],
    );
  });

  it('lists a large folder in name order with sizes, and stops at the file bound', async () => {
    const names = Array.from({ length: 75 }, (_, i) => `m${String(i).padStart(3, '0')}.yaml`);
    const dir = tree(Object.fromEntries(names.map((name, i) => [name, POD + '#'.repeat(i) + '\n'])));
    const all = await listManifestFiles(dir, DEFAULT_INDEX_OPTIONS);
    assert.deepEqual(
      all.map((f) => relative(dir, f.path)),
      names,
    );
    assert.deepEqual(
      all.map((f) => f.size),
      names.map((_, i) => POD.length + i + 1),
    );
    const bounded = await listManifestFiles(dir, { ...DEFAULT_INDEX_OPTIONS, maxFiles: 40 });
    assert.deepEqual(
      bounded.map((f) => relative(dir, f.path)),
      names.slice(0, 40),
    );
  });

  it('reads the values workers send as text ahead, in slices, or when first asked', () => {
    const uri = 'file:///two.yaml';
    const text = POD + '---\n' + POD.replace('name: p', 'name: q');
    const index = new WorkspaceIndex(BUILT_IN_RULES);
    // As a worker sends the parts: through postMessage's structured clone.
    index.setRead(uri, structuredClone(packed(readObjects(text, uri, RELATED_BODY_KINDS))));
    const objects = index.objects() as IndexedObject[];
    assert.deepEqual(
      objects.map((o) => [o.name, o.unread]),
      [
        ['p', true],
        ['q', true],
      ],
    );
    // A slice that is over after one value leaves the other for the next.
    assert.equal(
      index.readAhead(() => true),
      true,
    );
    assert.deepEqual(
      objects.map((o) => o.unread),
      [false, true],
    );
    assert.equal(
      index.readAhead(() => false),
      false,
    );
    assert.deepEqual(
      objects.map((o) => [o.unread, o.value.metadata]),
      [
        [false, { name: 'p' }],
        [false, { name: 'q' }],
      ],
    );
  });

  it('an open editor’s text wins over the file on disk until it closes', () => {
    const dir = tree({ 'pod.yaml': POD });
    const path = join(dir, 'pod.yaml');
    const uri = `file://${path}`;
    const index = new WorkspaceIndex(BUILT_IN_RULES);
    assert.equal(index.setFromDisk(uri, path, 1e6), true);
    assert.deepEqual(
      index.objects().map((o) => o.name),
      ['p'],
    );
    const open = parseFile(POD.replace('name: p', 'name: edited'), undefined, uri).objects;
    assert.equal(index.setOpen(uri, open), true);
    // A change on disk does not replace the unsaved text.
    assert.equal(index.setFromDisk(uri, path, 1e6), false);
    assert.deepEqual(
      index.objects().map((o) => o.name),
      ['edited'],
    );
    assert.equal(index.closeDocument(uri, path, 1e6), true);
    assert.deepEqual(
      index.objects().map((o) => o.name),
      ['p'],
    );
    const generation = index.generation;
    assert.equal(index.delete(uri), true);
    assert.ok(index.generation > generation);
    assert.deepEqual(index.objects(), []);
  });
  it('tells which analyses a change may concern: same folder, namespace and a kind their cross rules read', () => {
    const dir = tree({ 'app/web.yaml': DEPLOYMENT_WEB });
    const index = new WorkspaceIndex(BUILT_IN_RULES);
    const web = join(dir, 'app', 'web.yaml');
    const webUri = pathToFileURL(web).toString();
    index.setFromDisk(webUri, web, 1e6);
    const objects = index.objectsOf(webUri);
    const change = (path: string, text: string): boolean => {
      const generation = index.generation;
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
      index.setFromDisk(pathToFileURL(join(dir, path)).toString(), join(dir, path), 1e6);
      return index.affectedSince(generation, webUri, objects);
    };
    assert.equal(change('app/pdb.yaml', PDB_WEB), true);
    assert.equal(change('other/pdb.yaml', PDB_WEB), false);
    // A budget of another namespace of the unit concerns it: missing-pdb says "wrong namespace?" about it.
    assert.equal(change('app/ops-pdb.yaml', PDB_WEB.replace('namespace: shop', 'namespace: ops')), true);
    // A kind no cross rule reads (a ConfigMap is read: it may be an admission policy's params).
    assert.equal(
      change('app/secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata: {name: c, namespace: shop}\n'),
      false,
    );
    // The file's own change is read first-hand by its next analysis.
    const generation = index.generation;
    writeFileSync(web, DEPLOYMENT_WEB.replace('replicas: 3', 'replicas: 4'));
    index.setFromDisk(webUri, web, 1e6);
    assert.equal(index.affectedSince(generation, webUri, objects), false);
  });
});
