// The editor's kubeHindsight.kubernetesVersion over the protocol: the target it names decides between
// deprecated-api-version and removed-api-version, and a value that is not a release is shown to the user once
// (other clients than VS Code do not check the settings schema's pattern).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LspClient } from '../lsp-client';

const CRONJOB =
  'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: "0 2 * * *"\n';

describe('kubeHindsight.kubernetesVersion in the language server', () => {
  let client: LspClient;

  before(async () => {
    client = new LspClient();
    await client.initialize();
  });

  after(async () => {
    await client.stop();
  });

  const versionDiagnostics = async (uri: string): Promise<[unknown, number, number, number, unknown][]> =>
    (await client.diagnostics(uri, 1))
      .filter((d) => String(d.code).endsWith('-api-version'))
      .map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character, d.severity]);

  it('1.24 makes batch/v1beta1 deprecated (a hint under the default profile), 1.25 removed (error), at the apiVersion value', async () => {
    client.settings = { kubernetesVersion: '1.24' };
    await client.open('file:///work/v124/cron.yaml', CRONJOB);
    assert.deepEqual(await versionDiagnostics('file:///work/v124/cron.yaml'), [
      ['deprecated-api-version', 0, 12, 25, 4],
    ]);
    client.settings = { kubernetesVersion: 'v1.25.0' };
    await client.open('file:///work/v125/cron.yaml', CRONJOB);
    assert.deepEqual(await versionDiagnostics('file:///work/v125/cron.yaml'), [
      ['removed-api-version', 0, 12, 25, 1],
    ]);
    assert.deepEqual(client.shownMessages, []);
  });

  it('shows an unreadable value once, and analyses with the default target meanwhile', async () => {
    client.settings = { kubernetesVersion: '1.3' };
    await client.open('file:///work/bad/one.yaml', CRONJOB);
    await client.open('file:///work/bad/two.yaml', CRONJOB);
    // The default target (1.36) no longer serves batch/v1beta1.
    assert.deepEqual(await versionDiagnostics('file:///work/bad/one.yaml'), [
      ['removed-api-version', 0, 12, 25, 1],
    ]);
    await client.diagnostics('file:///work/bad/two.yaml', 1);
    assert.deepEqual(client.shownMessages, [
      {
        type: 2,
        message:
          'Kube Hindsight: kubeHindsight.kubernetesVersion must be a Kubernetes release such as "1.30" (or ' +
          '"v1.30.2"), 1.16 or later, not "1.3". Until it is corrected, the kubernetesVersion of ' +
          '.kube-hindsight.yaml applies, else 1.36.',
      },
    ]);
  });
});
