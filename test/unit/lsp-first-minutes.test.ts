// The first minutes in an editor, over the protocol: the quick-fix menu lists the fixes of the most severe
// findings first with one preferred fix, the hover leads with what to do and the evidence level, and the
// editor's `kubeHindsight.profile` chooses the severities the diagnostics carry.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Hover } from 'vscode-languageserver-protocol';
import { LspClient } from '../lsp-client';

/**
 * A StorageClass (informational; its fix is safe) before a budget of a removed API version (an error; its
 * fix is safe too), so that the file's order and the severity order disagree.
 */
const TEXT = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fast
provisioner: pd.csi.storage.gke.io
---
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  maxUnavailable: 1
  selector:
    matchLabels: { app: web }
`;
const END = { line: TEXT.split('\n').length - 1, character: 0 };
const SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 };

describe('the first minutes in an editor', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize();
  });
  after(() => client.stop());

  it('lists the fix of an error before the fix of informational advice, and prefers only the first', async () => {
    client.settings = { profile: 'strict' };
    const uri = 'file:///first/order.yaml';
    await client.open(uri, TEXT, 1);
    const diagnostics = await client.diagnostics(uri, 1);
    const severityOf = (code: string) => diagnostics.find((d) => d.code === code)?.severity;
    assert.equal(severityOf('storageclass-no-expansion'), SEVERITY.information);
    assert.equal(severityOf('removed-api-version'), SEVERITY.error);
    // A client that sends no diagnostics gets the fixes of every finding in the range: here, the file.
    const actions = await client.rpc.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: END },
      context: { diagnostics: [] },
    });
    const fixes = actions.filter((a) => a.kind === 'quickfix' && !a.title.startsWith('Ignore ') && a.edit);
    const cured = fixes.map((a) => a.diagnostics?.[0]?.severity ?? 0);
    assert.deepEqual(
      cured,
      [...cured].sort((a, b) => a - b),
      `fixes ordered by the severity they cure: ${fixes.map((a) => a.title).join(' | ')}`,
    );
    assert.equal(fixes[0]!.diagnostics?.[0]?.code, 'removed-api-version');
    const preferred = actions.filter((a) => a.isPreferred);
    assert.deepEqual(
      preferred.map((a) => a.title),
      [fixes[0]!.title],
    );
    const expansion = fixes.find((a) => a.diagnostics?.[0]?.code === 'storageclass-no-expansion');
    assert.equal(expansion?.title, 'Add allowVolumeExpansion: true');
    assert.equal(expansion?.isPreferred, false);
  });

  it('the hover says what to do and how sure we are before the story', async () => {
    const uri = 'file:///first/hover.yaml';
    await client.open(uri, TEXT, 1);
    const diagnostics = await client.diagnostics(uri, 1);
    const expansion = diagnostics.find((d) => d.code === 'storageclass-no-expansion')!;
    const hover = await client.rpc.sendRequest<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: expansion.range.start,
    });
    const paragraphs = (hover.contents as { value: string }).value.split('\n\n');
    assert.match(paragraphs[0]!, /^\*\*Kube Hindsight: StorageClass whose volumes cannot be grown\*\*/);
    assert.match(paragraphs[1]!, /^\*\*Fix\.\*\* /);
    assert.match(paragraphs[2]!, /^\*Evidence: Public report: /);
    assert.match(paragraphs[3]!, /^\*\*Why it matters\.\*\* /);
    assert.match(paragraphs[4]!, /^\*\*War story: /);
  });

  it('the default profile shows informational advice as hints; kubeHindsight.profile changes that', async () => {
    client.settings = {};
    const uri = 'file:///first/profile.yaml';
    await client.open(uri, TEXT, 1);
    const diagnostics = await client.diagnostics(uri, 1);
    assert.equal(diagnostics.find((d) => d.code === 'storageclass-no-expansion')?.severity, SEVERITY.hint);
    assert.equal(diagnostics.find((d) => d.code === 'removed-api-version')?.severity, SEVERITY.error);
  });
});
