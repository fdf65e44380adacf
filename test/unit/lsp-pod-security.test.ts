// The acceptance case over the protocol: a Namespace enforcing restricted and a Deployment that runs
// as root in the same folder give one error at the offending key, naming the label and the Namespace's file;
// editing the label in its own editor changes the Deployment's diagnostic live (the workspace index re-checks
// the workloads of the namespace a changed Namespace names).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, workspaceInitialize } from '../lsp-client';

const namespace = (labels: string[]): string =>
  ['apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: shop', '  labels:', ...labels, ''].join('\n');

const deployment = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: api, namespace: shop}',
  'spec:',
  '  template:',
  '    spec:',
  '      securityContext:',
  '        runAsNonRoot: true',
  '        seccompProfile: {type: RuntimeDefault}',
  '      containers:',
  '      - name: api',
  '        securityContext:',
  '          allowPrivilegeEscalation: false',
  '          capabilities: {drop: [ALL]}',
  '          runAsUser: 0',
  '',
].join('\n');

const podSecurity = (d: Diagnostic[]): Diagnostic[] =>
  d.filter((x) => String(x.code).startsWith('pod-security-'));

describe('Pod Security over the protocol', () => {
  it('an enforce label makes an error at the key; changing it to warn or removing it follows live', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-lsp-pss-'));
    writeFileSync(
      join(dir, 'namespace.yaml'),
      namespace(['    pod-security.kubernetes.io/enforce: restricted']),
    );
    writeFileSync(join(dir, 'deploy.yaml'), deployment);
    const client = new LspClient();
    try {
      await client.initialize(workspaceInitialize(pathToFileURL(dir).toString()));
      const deployUri = pathToFileURL(join(dir, 'deploy.yaml')).toString();
      const namespaceUri = pathToFileURL(join(dir, 'namespace.yaml')).toString();
      await client.open(deployUri, deployment, 1);
      const enforced = podSecurity(await client.until(deployUri, (d) => podSecurity(d).length > 0));
      assert.equal(enforced.length, 1);
      const error = enforced[0]!;
      assert.equal(error.code, 'pod-security-restricted');
      assert.equal(error.severity, 1);
      assert.deepEqual(error.range, { start: { line: 14, character: 10 }, end: { line: 14, character: 19 } });
      assert.equal(
        error.message,
        'Container "api" must not set runAsUser=0 (check runAsUser, Pod Security Standards "restricted"). ' +
          'Namespace "shop" enforces "restricted" (pod-security.kubernetes.io/enforce: restricted in ' +
          'namespace.yaml): the API server will reject every pod of Deployment "api", which will run no pod.',
      );
      assert.equal(error.relatedInformation?.[0]?.location.uri, namespaceUri);
      assert.equal(error.relatedInformation?.[0]?.location.range.start.line, 5);

      // The label becomes warn in the Namespace's own (unsaved) editor: the Deployment's finding is a warning.
      await client.open(namespaceUri, namespace(['    pod-security.kubernetes.io/warn: restricted']), 1);
      const warned = podSecurity(
        await client.until(deployUri, (d) => podSecurity(d).some((x) => x.severity === 2)),
      );
      assert.equal(warned.length, 1);
      assert.match(warned[0]!.message, /Namespace "shop" warns at "restricted"/);

      // No label at all: the cluster's default (privileged) admits the pod, and the finding goes.
      await client.change(namespaceUri, namespace(['    team: shop']), 2);
      await client.until(deployUri, (d) => d.length > 0 && podSecurity(d).length === 0);
    } finally {
      await client.stop();
    }
  });
});
