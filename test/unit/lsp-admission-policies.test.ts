// Admission policies in a folder outside the workspace, over the protocol: `.kube-hindsight.yaml` lists
// `../platform/policies` under `admissionPolicies:`, and the language server reads that folder as the CLI
// does, so a Deployment of the workspace gets the policy's message with links into that folder; the
// server asks the client to watch the folder and follows its changes; an entry naming nothing readable is a
// diagnostic at that entry of the configuration file; for a client that cannot watch it, a settings change
// reads it again.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { deployment, teamLabelBinding, teamLabelPolicy } from '../../rules/admission-policy-violation/cases';
import { lines } from '../rule-cases';
import { LspClient, workspaceInitialize } from '../lsp-client';

const policies = (actions: string): string =>
  lines(...teamLabelPolicy(), '---', ...teamLabelBinding(actions));

const admission = (d: Diagnostic[]): Diagnostic[] => d.filter((x) => x.code === 'admission-policy-violation');

describe('admission policies outside the workspace, over the protocol', () => {
  it('a policy in a listed folder outside the root refuses a Deployment of the workspace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-lsp-admission-'));
    const app = join(dir, 'app');
    const folder = join(dir, 'platform', 'policies');
    mkdirSync(app);
    mkdirSync(folder, { recursive: true });
    const config = 'admissionPolicies:\n  - ../platform/policies\n  - ../missing\n';
    writeFileSync(join(app, '.kube-hindsight.yaml'), config);
    const web = lines(...deployment());
    writeFileSync(join(app, 'web.yaml'), web);
    const policyFile = join(folder, 'require-team.yaml');
    writeFileSync(policyFile, policies('[Deny]'));
    const client = new LspClient();
    try {
      const init = workspaceInitialize(pathToFileURL(app).toString());
      const capabilities = init.capabilities as { workspace: Record<string, unknown> };
      capabilities.workspace.didChangeWatchedFiles = {
        dynamicRegistration: true,
        relativePatternSupport: true,
      };
      await client.initialize(init);
      const webUri = pathToFileURL(join(app, 'web.yaml')).toString();
      const policyUri = pathToFileURL(policyFile).toString();
      await client.open(webUri, web, 1);
      const denied = admission(await client.until(webUri, (d) => admission(d).length > 0));
      assert.equal(denied.length, 1);
      assert.equal(denied[0]!.severity, 1);
      assert.equal(
        denied[0]!.message,
        'Deployment "web" is denied by ValidatingAdmissionPolicy "require-team" (binding ' +
          '"require-team-binding"): Every Deployment needs a team label.',
      );
      assert.deepEqual(denied[0]!.range, {
        start: { line: 2, character: 0 },
        end: { line: 2, character: 8 },
      });
      // The links point into the folder outside the workspace: the validation's expression and the binding.
      assert.deepEqual(
        denied[0]!.relatedInformation?.map((r) => `${r.location.uri}:${r.location.range.start.line}`),
        [`${policyUri}:13`, `${policyUri}:19`],
      );

      // The server asked the client to watch that folder, which the client's own watcher does not cover.
      const watchers = client.registrations
        .filter((r) => r.method === 'workspace/didChangeWatchedFiles')
        .flatMap((r) => (r.registerOptions as { watchers: { globPattern: unknown }[] }).watchers);
      assert.deepEqual(watchers, [
        { globPattern: { baseUri: pathToFileURL(folder).toString(), pattern: '**/*.{yaml,yml}' } },
      ]);

      // The platform team makes the binding warn only: the watched change reaches the Deployment's finding.
      writeFileSync(policyFile, policies('[Warn]'));
      await client.rpc.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: policyUri, type: 2 }],
      });
      const warned = admission(await client.until(webUri, (d) => admission(d)[0]?.severity === 2));
      assert.equal(warned.length, 1);
      assert.match(warned[0]!.message, /gets a warning from ValidatingAdmissionPolicy "require-team"/);

      // The file is context: "Analyse workspace" publishes nothing for it.
      await client.rpc.sendRequest('workspace/executeCommand', {
        command: 'kube-hindsight.analyseWorkspace',
        arguments: [],
      });
      assert.equal(client.published.has(policyUri), false);

      // The entry that names nothing is a problem at its place in the configuration file.
      const configUri = pathToFileURL(join(app, '.kube-hindsight.yaml')).toString();
      await client.open(configUri, config, 1);
      const problems = await client.diagnostics(configUri, 1);
      assert.deepEqual(
        problems.map((p) => ({ range: p.range, message: p.message })),
        [
          {
            range: { start: { line: 2, character: 4 }, end: { line: 2, character: 14 } },
            message: `admissionPolicies: cannot read "../missing" (no such file or directory: ${join(dir, 'missing')}), so its admission policies do not apply.`,
          },
        ],
      );

      // Removing the entry takes the policy away from the workspace, live.
      await client.change(configUri, 'admissionPolicies:\n  - ../missing\n', 2);
      await client.until(webUri, (d) => d.length > 0 && admission(d).length === 0);
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a client that cannot watch the folder: its policies are read again when the settings change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-lsp-admission-'));
    const app = join(dir, 'app');
    const folder = join(dir, 'platform');
    mkdirSync(app);
    mkdirSync(folder);
    writeFileSync(join(app, '.kube-hindsight.yaml'), 'admissionPolicies: [../platform]\n');
    const web = lines(...deployment());
    writeFileSync(join(app, 'web.yaml'), web);
    const policyFile = join(folder, 'require-team.yaml');
    writeFileSync(policyFile, policies('[Deny]'));
    const client = new LspClient();
    try {
      await client.initialize(workspaceInitialize(pathToFileURL(app).toString()));
      const webUri = pathToFileURL(join(app, 'web.yaml')).toString();
      await client.open(webUri, web, 1);
      await client.until(webUri, (d) => admission(d)[0]?.severity === 1);
      // Nothing watches the folder for this client: no registration was asked for.
      assert.deepEqual(
        client.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles'),
        [],
      );
      writeFileSync(policyFile, policies('[Audit]'));
      await client.rpc.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const audited = admission(await client.until(webUri, (d) => admission(d)[0]?.severity === 3));
      assert.match(
        audited[0]!.message,
        /is recorded in the audit log by ValidatingAdmissionPolicy "require-team"/,
      );
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
