// Which files the workspace index reads, and how it keeps an open editor's text above the file on disk.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { parseFile } from '../../server/engine/parse';
import { DEFAULT_INDEX_OPTIONS, listManifestFiles, WorkspaceIndex } from '../../server/workspace/index';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n';

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
      ['apps/web/deploy.yaml', 'apps/web/pdb.yml', 'charts/web/Chart.yaml', 'charts/web/values.yaml'],
    );
  });

  it('an open editor’s text wins over the file on disk until it closes', () => {
    const dir = tree({ 'pod.yaml': POD });
    const path = join(dir, 'pod.yaml');
    const uri = `file://${path}`;
    const index = new WorkspaceIndex();
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
});
