// `kube-hindsight kustomize <dir>` through the built CLI: the rendered YAML on stdout, notices on stderr with
// file:line:column, exit code 1 and a clear message when the folder cannot be rendered.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { runCli, tempTree } from './cli-run';

describe('kube-hindsight kustomize', () => {
  it('prints the rendered objects as kustomize build does', () => {
    const dir = tempTree({
      'kustomization.yaml': 'resources: [all.yaml]\n',
      'all.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - port: 80
`,
    });
    const result = runCli(['kustomize', dir]);
    assert.equal(result.stderr, '');
    assert.equal(result.code, 0);
    assert.equal(
      result.stdout,
      `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - port: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
`,
    );
    assert.equal(parseAllDocuments(result.stdout).length, 2);
  });

  it('exits 1 with the notice located when the folder cannot be rendered', () => {
    const dir = tempTree({ 'kustomization.yaml': 'resources: [all.yaml]\nvars: []\n' });
    const result = runCli(['kustomize', dir], undefined, dir);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      'kustomization.yaml:2:1: `vars` is not supported by the Kustomize renderer yet; the kustomization is not rendered.\n' +
        `kube-hindsight: kustomize: ${dir} cannot be rendered (see above)\n`,
    );
    const missing = runCli(['kustomize', `${dir}/nowhere`]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nowhere is not a folder/);
    assert.doesNotMatch(missing.stderr + result.stderr, /internal error/);
  });
});
