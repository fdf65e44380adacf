// Runs inside VS Code with the extension under development loaded, after extension.test.ts: the overlays of
// fixtures/workspace/kustomize/ are rendered, and a quick fix applied through the `vscode` API in the base or in
// an overlay's patch clears the finding of every overlay it held for, once they are rendered again from the
// editor's text, and again after the file is saved. Comments survive both fixes. A finding that only one
// overlay has is fixed in that overlay: a new patch file and a `patches:` entry in its kustomization.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parseAllDocuments } from 'yaml';
import { nextDiagnostics, waitForDiagnostics } from '../lib/diagnostics';
import { codeOf, hoverAt, ours, workspaceFile } from '../lib/editor';
import { KUSTOMIZE_FIXTURES, type KustomizeFinding } from '../lib/kustomize-findings';
import { differingLines } from '../lib/text-diff';

/** The bundled suite lives in out/e2e/suite; the expected files stay in the source tree. */
const expectedDir = join(__dirname, '..', '..', '..', 'test', 'e2e', 'fixtures', 'expected');

const SEVERITY = {
  info: vscode.DiagnosticSeverity.Information,
  warning: vscode.DiagnosticSeverity.Warning,
  error: vscode.DiagnosticSeverity.Error,
} as const;

/** Our diagnostics on `uri` in the fixtures' terms, ordered by range and then message. */
function shown(uri: vscode.Uri): string {
  const rows = ours(uri).map((d) => ({
    code: codeOf(d),
    severity: d.severity,
    range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
    message: d.message,
  }));
  return JSON.stringify(rows.sort(byPlace));
}

function expected(findings: readonly KustomizeFinding[]): string {
  const rows = findings.map(({ code, severity, range, message }) => ({
    code,
    severity: SEVERITY[severity],
    range: [...range],
    message,
  }));
  return JSON.stringify(rows.sort(byPlace));
}

function byPlace(a: { range: number[]; message: string }, b: { range: number[]; message: string }): number {
  return a.range[0]! - b.range[0]! || a.range[1]! - b.range[1]! || a.message.localeCompare(b.message);
}

/** Waits until `uri` shows exactly `findings`, and says what it shows instead when it does not. */
async function waitForExactly(uri: vscode.Uri, findings: readonly KustomizeFinding[]): Promise<void> {
  const want = expected(findings);
  await waitForDiagnostics(uri, () => shown(uri) === want).catch((error: unknown) => {
    throw new Error(`${String(error)}\n  shown:    ${shown(uri)}\n  expected: ${want}`);
  });
}

describe('Kustomize overlays in VS Code', function () {
  it('"Analyse workspace" shows the closed files as the renderings see them', async () => {
    for (const { file } of KUSTOMIZE_FIXTURES) {
      const uri = workspaceFile(file);
      assert.ok(
        !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()),
        `${file} is not open`,
      );
    }
    await vscode.commands.executeCommand('kube-hindsight.analyseWorkspace');
    // Closed, the patch is still a fragment (no "no selector", no "default service account") and the base's
    // image still has its tag from the overlays.
    for (const { file, findings } of KUSTOMIZE_FIXTURES) await waitForExactly(workspaceFile(file), findings);
  });

  for (const { file, findings, fix, hover, comments } of KUSTOMIZE_FIXTURES) {
    it(`fixes ${fix.code} in ${file} for every overlay it holds for, keeping its comments`, async () => {
      const uri = workspaceFile(file);
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      await waitForExactly(uri, findings);

      const [diagnostic] = ours(uri).filter((d) => codeOf(d) === fix.code);
      assert.ok(diagnostic, `${fix.code} is shown`);
      const markdown = await hoverAt(uri, diagnostic.range.start.translate(0, 1));
      assert.ok(markdown.includes(`\`${fix.code}\``), `the hover names the rule: ${markdown}`);
      assert.ok(markdown.includes('**War story: '), `the hover tells the rule's war story: ${markdown}`);
      assert.ok(markdown.includes(hover), `the hover says where the finding comes from: ${markdown}`);

      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      // The command returns API objects without their diagnostics, so the fix is found by its title. Each
      // overlay's diagnostic offers it; the edits are the same, the cure being written once in this file.
      const action = actions.find((a) => a.title === fix.title);
      assert.ok(
        action?.edit,
        `"${fix.title}" is offered; got ${JSON.stringify(actions.map((a) => a.title))}`,
      );
      assert.ok(await vscode.workspace.applyEdit(action.edit), 'the edit applies');
      const want = readFileSync(join(expectedDir, file.replace(/\.yaml$/, `.${fix.code}.yaml`)), 'utf8');
      const got = document.getText();
      assert.ok(got === want, `${file} after "${fix.title}" differs:\n${differingLines(got, want)}`);
      for (const comment of comments) assert.ok(got.includes(comment), `comment kept: ${comment}`);
      assert.deepEqual(
        parseAllDocuments(got).flatMap((d) => d.errors.map((e) => e.message)),
        [],
        'the fixed file still parses',
      );

      // The overlays are rendered again from the editor's unsaved text: the finding leaves every overlay.
      const remaining = findings.filter((f) => f.code !== fix.code);
      await waitForExactly(uri, remaining);
      // Saved, the renderings read the file from disk, and the finding stays gone.
      assert.ok(await document.save(), `${file} is saved`);
      assert.equal(readFileSync(uri.fsPath, 'utf8'), want);
      await waitForExactly(uri, remaining);
    });
  }

  for (const file of ['kustomize/base/pdb.yaml', 'kustomize/overlays/prod/kustomization.yaml']) {
    it(`shows nothing on ${file}, which the overlays read but holds no cure`, async () => {
      const uri = workspaceFile(file);
      // Subscribed before opening: the publication may come before openTextDocument resolves. The server
      // publishes every analysis of an open YAML document, an empty one included.
      const published = nextDiagnostics(uri);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await published;
      assert.equal(shown(uri), '[]');
    });
  }
});

/**
 * A base whose container has no memory limit, an overlay whose patch adds one and an overlay without a patch:
 * written into the workspace by the test (and removed after it), so that the fixtures the other suites
 * expect findings of stay as they are. Written in this order, each file before the kustomizations naming it.
 */
const OVERLAY_FIX_FOLDER = 'kustomize-overlay-fix';
const OVERLAY_FIX_FILES: Record<string, string> = {
  'base/deploy.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: ledger',
    'spec:',
    '  replicas: 1',
    '  selector:',
    '    matchLabels: {app: ledger}',
    '  template:',
    '    metadata:',
    '      labels: {app: ledger}',
    '    spec:',
    '      automountServiceAccountToken: false',
    '      containers:',
    '        - name: api',
    '          image: registry.example/ledger:1.0.0',
    '          resources:',
    '            requests: {cpu: 100m, memory: 128Mi, ephemeral-storage: 1Gi}',
    '            limits: {ephemeral-storage: 2Gi}',
    '',
  ].join('\n'),
  'base/kustomization.yaml': 'resources:\n  - deploy.yaml\n',
  'overlays/prod/memory.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: ledger',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: api',
    '          resources:',
    '            limits: {memory: 256Mi}',
    '',
  ].join('\n'),
  'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\npatches:\n  - path: memory.yaml\n',
  'overlays/dev/kustomization.yaml':
    '# Developers run the ledger on their own clusters.\nresources:\n  - ../../base\n',
};

describe('Kustomize overlay fixes in VS Code', function () {
  it('fixes in the one overlay that lacks it a finding of the base, with a new patch named in its kustomization', async () => {
    const file = (path: string): vscode.Uri => workspaceFile(`${OVERLAY_FIX_FOLDER}/${path}`);
    try {
      // The folders first, and a moment for the editor's file watcher to take them in: a file written into a
      // folder the watcher has not seen yet may never be reported as created.
      for (const path of Object.keys(OVERLAY_FIX_FILES)) {
        await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(file(path), '..'));
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
      for (const [path, text] of Object.entries(OVERLAY_FIX_FILES)) {
        await vscode.workspace.fs.writeFile(file(path), Buffer.from(text, 'utf8'));
      }
      // The kustomizations opened in the editor too: the server knows an open kustomization whether or not
      // the watcher reported its file, which under load it sometimes does not for a new folder.
      for (const path of Object.keys(OVERLAY_FIX_FILES).filter((p) => p.endsWith('kustomization.yaml'))) {
        await vscode.workspace.openTextDocument(file(path));
      }
      const base = file('base/deploy.yaml');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(base));
      const memory = (): vscode.Diagnostic[] =>
        ours(base).filter((d) => codeOf(d) === 'missing-memory-limit');
      const dev = `(in kustomize build of ${OVERLAY_FIX_FOLDER}/overlays/dev)`;
      // The watcher tells the server of the new kustomizations; the file's own analysis comes first.
      await waitForDiagnostics(base, () => memory().length === 1 && memory()[0]!.message.endsWith(dev));
      const diagnostic = memory()[0]!;
      assert.deepEqual(
        [diagnostic.range.start.line, diagnostic.range.start.character],
        [16, 10],
        "at the container's resources, in the base that defines them",
      );

      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        base,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const title = `Add memory limit 512Mi to "api" in a new patch ${OVERLAY_FIX_FOLDER}/overlays/dev/ledger-missing-memory-limit-patch.yaml`;
      const action = actions.find((a) => a.title === title);
      assert.ok(action?.edit, `"${title}" is offered; got ${JSON.stringify(actions.map((a) => a.title))}`);
      const baseText = (await vscode.workspace.openTextDocument(base)).getText();
      assert.ok(await vscode.workspace.applyEdit(action.edit), 'the edit applies');
      assert.equal(
        (await vscode.workspace.openTextDocument(base)).getText(),
        baseText,
        'the base is left as it is',
      );

      // Saved, and the overlays rendered again (from the editors' texts or the disk, which now agree): the
      // finding leaves dev, and no overlay has it any more. Each touched file is saved through its own
      // document: the file the edit created is filled by an edit after its creation, which saveAll can pass
      // over while that edit is still being applied to its new buffer.
      const patchUri = file('overlays/dev/ledger-missing-memory-limit-patch.yaml');
      for (const uri of [patchUri, file('overlays/dev/kustomization.yaml')]) {
        const document = await vscode.workspace.openTextDocument(uri);
        if (document.isDirty) assert.ok(await document.save(), `${uri.path} is saved`);
      }
      await waitForDiagnostics(base, () => memory().length === 0);
      const patch = readFileSync(patchUri.fsPath, 'utf8');
      assert.equal(
        patch,
        (await vscode.workspace.openTextDocument(patchUri)).getText(),
        'the disk has the edit',
      );
      assert.equal(
        patch,
        [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata:',
          '  name: ledger',
          'spec:',
          '  template:',
          '    spec:',
          '      containers:',
          '        - name: api',
          '          resources:',
          '            limits:',
          '              memory: 512Mi',
          '',
        ].join('\n'),
      );
      const kustomization = readFileSync(file('overlays/dev/kustomization.yaml').fsPath, 'utf8');
      assert.equal(
        kustomization,
        '# Developers run the ledger on their own clusters.\nresources:\n  - ../../base\npatches:\n  - path: ledger-missing-memory-limit-patch.yaml\n',
      );
      for (const text of [patch, kustomization]) {
        assert.deepEqual(
          parseAllDocuments(text).flatMap((d) => d.errors.map((e) => e.message)),
          [],
          'every changed file still parses',
        );
      }
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(workspaceFile(OVERLAY_FIX_FOLDER), {
        recursive: true,
        useTrash: false,
      });
    }
  });
});
