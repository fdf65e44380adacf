// Runs inside VS Code (code-server offline, desktop VS Code where it can be downloaded) with the extension
// under development loaded: what a user sees through the real `vscode` API, from diagnostics to fixes.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { KubeHindsightApi } from '../../../client/features';
import { CATALOGUE_FINDINGS, type CatalogueFinding } from '../lib/catalogue-findings';
import { CROSS_FINDINGS } from '../lib/cross-findings';
import { INPUT_FIXTURES } from '../lib/input-findings';
import { ADMISSION_FIXTURES } from '../lib/admission-findings';
import { POD_SECURITY_FIXTURES } from '../lib/pod-security-findings';
import { TARGET_FIXTURES } from '../lib/target-findings';
import { nextDiagnostics, waitForDiagnostics } from '../lib/diagnostics';
import { codeOf, hoverAt, ours, workspaceFile } from '../lib/editor';
import { SHOP_FINDINGS } from '../lib/shop-findings';
import { differingLines } from '../lib/text-diff';
import { waitUntil } from '../lib/wait';

/** The bundled suite lives in out/e2e/suite; the expected files stay in the source tree. */
const expectedDir = join(__dirname, '..', '..', '..', 'test', 'e2e', 'fixtures', 'expected');
const EXTENSION_ID = 'kube-hindsight.kube-hindsight';

/** The table's severities as the `vscode` API reports them. */
const SEVERITY = {
  info: vscode.DiagnosticSeverity.Information,
  warning: vscode.DiagnosticSeverity.Warning,
  error: vscode.DiagnosticSeverity.Error,
} as const;

function describe_(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map((d) => `${codeOf(d)} ${d.range.start.line}:${d.range.start.character}`);
}

async function setText(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the text could be replaced');
}

describe('Kube Hindsight in VS Code', function () {
  const shop = (): vscode.Uri => workspaceFile('shop.yaml');
  let original = '';

  before(async () => {
    const document = await vscode.workspace.openTextDocument(shop());
    await vscode.window.showTextDocument(document);
    original = document.getText();
  });

  afterEach(async () => {
    // Each test starts from the fixture's text and the default settings.
    const document = await vscode.workspace.openTextDocument(shop());
    if (document.getText() !== original) await setText(document, original);
    await vscode.workspace
      .getConfiguration('kubeHindsight')
      .update('rules', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('is installed, active, and runs where the suite says it runs', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    await waitForDiagnostics(shop());
    assert.equal(extension.isActive, true);
    console.log(
      `VS Code ${vscode.version}, remote ${vscode.env.remoteName ?? 'none'}, ui kind ${vscode.env.uiKind}`,
    );
  });

  it('shows the exact diagnostics of a multi-document file', async () => {
    const diagnostics = await waitForDiagnostics(
      shop(),
      (d) => d.filter((x) => x.source === 'kube-hindsight').length >= 6,
    );
    const actual = diagnostics
      .filter((d) => d.source === 'kube-hindsight')
      .map((d) => ({
        code: codeOf(d),
        range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
        severity: d.severity,
      }))
      .sort((a, b) => a.range[0]! - b.range[0]!);
    assert.deepEqual(
      actual,
      SHOP_FINDINGS.map(({ code, range, severity }) => ({
        code,
        range: [...range],
        severity: SEVERITY[severity],
      })),
    );
    for (const d of diagnostics.filter((x) => x.source === 'kube-hindsight')) {
      const code = d.code as { value: string; target: vscode.Uri };
      assert.equal(code.target.scheme, 'https', `${code.value} links to its story`);
    }
  });

  it('shows nothing on a file without findings, and follows edits to it', async () => {
    const clean = await vscode.workspace.openTextDocument(workspaceFile('clean.yaml'));
    await vscode.window.showTextDocument(clean);
    // A Pod the API server accepts (its container names an image), with what the pod rules flag.
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: p\n    image: nginx:1.27\n';
    const before = clean.getText();
    await setText(clean, pod);
    const flagged = await waitForDiagnostics(clean.uri, (d) => d.some((x) => x.source === 'kube-hindsight'));
    assert.deepEqual(describe_(flagged.filter((d) => d.source === 'kube-hindsight')), [
      'service-account-token-automount 4:2',
      'missing-ephemeral-storage-limit 5:10',
      'missing-memory-limit 5:10',
      'missing-resource-requests 5:10',
    ]);
    await setText(clean, before);
    await waitForDiagnostics(clean.uri, (d) => !d.some((x) => x.source === 'kube-hindsight'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(shop()));
  });

  it('hovers tell the story, its evidence and its link', async () => {
    await waitForDiagnostics(shop(), (d) => ours(shop()).length >= 6 && d.length > 0);
    for (const diagnostic of ours(shop())) {
      const code = codeOf(diagnostic);
      const position = diagnostic.range.start.translate(0, 1);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        shop(),
        position,
      );
      const markdown = hovers
        .flatMap((h) => h.contents)
        .map((c) => (typeof c === 'string' ? c : c.value))
        .join('\n');
      const finding = SHOP_FINDINGS.find((f) => f.code === code);
      assert.ok(finding, `${code} is one of the expected findings`);
      const { story, evidence } = finding;
      assert.ok(markdown.includes(story), `${code} hover names its story: ${markdown}`);
      assert.ok(markdown.includes(`Evidence: ${evidence}`), `${code} hover states the evidence level`);
      assert.match(markdown, /\]\(https:\/\/[^)]+\)/, `${code} hover links to the write-up`);
      assert.ok(markdown.includes(`\`${code}\``), `${code} hover names the rule`);
    }
  });

  for (const expected of SHOP_FINDINGS) {
    it(`applies the quick fix for ${expected.code} and the diagnostic disappears`, async () => {
      const document = await vscode.workspace.openTextDocument(shop());
      await waitForDiagnostics(shop(), () => ours(shop()).length === SHOP_FINDINGS.length);
      const diagnostic = ours(shop()).find((d) => codeOf(d) === expected.code);
      assert.ok(diagnostic, `${expected.code} is shown`);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        shop(),
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      // The command returns API objects without their diagnostics, so the fix is found by its title.
      const fix = actions.find((a) => a.title === expected.fix);
      assert.ok(
        fix?.edit,
        `"${expected.fix}" is offered; got ${JSON.stringify(actions.map((a) => a.title))}`,
      );
      assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applies');
      const want = readFileSync(join(expectedDir, `shop.${expected.code}.yaml`), 'utf8');
      assert.equal(document.getText(), want);
      await waitForDiagnostics(
        shop(),
        (d) =>
          d.some((x) => x.source === 'kube-hindsight') &&
          !d.some((x) => codeOf(x) === expected.code && x.source === 'kube-hindsight'),
      );
    });
  }

  it('applies the safe fixes with source.fixAll.kube-hindsight, and runtime-changing ones only when opted in', async () => {
    const document = await vscode.workspace.openTextDocument(shop());
    await waitForDiagnostics(shop(), () => ours(shop()).length === SHOP_FINDINGS.length);
    const fixAll = async (): Promise<vscode.CodeAction> => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        shop(),
        new vscode.Range(0, 0, 0, 0),
        'source.fixAll.kube-hindsight',
      );
      const action = actions.find((a) => a.kind?.value === 'source.fixAll.kube-hindsight');
      assert.ok(action?.edit, `source.fixAll offered: ${JSON.stringify(actions.map((a) => a.title))}`);
      return action;
    };
    // The safe fixes (PDB, anti-affinity rewrite and addition, DNS allowance) go in; limits and requests,
    // which change how the pods run, stay findings.
    assert.ok(await vscode.workspace.applyEdit((await fixAll()).edit!));
    const remaining = await waitForDiagnostics(
      shop(),
      (d) => d.filter((x) => x.source === 'kube-hindsight').length === 2,
    );
    assert.deepEqual(
      remaining
        .filter((d) => d.source === 'kube-hindsight')
        .map(codeOf)
        .sort(),
      ['missing-memory-limit', 'missing-resource-requests'],
    );
    // Opting in per rule lets fix-all apply a runtime-changing fix too.
    await vscode.workspace
      .getConfiguration('kubeHindsight')
      .update('fixOnSave', ['missing-memory-limit'], vscode.ConfigurationTarget.Workspace);
    try {
      await waitForDiagnostics(shop(), () => ours(shop()).length === 2);
      assert.ok(await vscode.workspace.applyEdit((await fixAll()).edit!));
      await waitForDiagnostics(shop(), (d) => {
        const now = d.filter((x) => x.source === 'kube-hindsight').map(codeOf);
        return now.length === 1 && now[0] === 'missing-resource-requests';
      });
      for (const line of [
        '# hard spreading, copied from a blog post',
        '- name: catalog # serves the product pages',
      ]) {
        assert.ok(document.getText().includes(line), `comment kept: ${line}`);
      }
    } finally {
      await vscode.workspace
        .getConfiguration('kubeHindsight')
        .update('fixOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('restarts a crashed language server, and diagnostics come back', async () => {
    await waitForDiagnostics(shop(), () => ours(shop()).length === SHOP_FINDINGS.length);
    // The server is a child of this extension host: find it and kill it the hard way.
    const { execFileSync } = await import('node:child_process');
    const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter((line) => line.includes('dist/server.js'));
    assert.equal(children.length, 1, `one server process: ${JSON.stringify(children)}`);
    process.kill(Number(children[0]!.trim().split(/\s+/)[0]), 'SIGKILL');
    // After the restart the client opens the documents again; an edit must be analysed by the new server.
    const document = await vscode.workspace.openTextDocument(shop());
    await setText(document, document.getText().replace('replicas: 3', 'replicas: 1'));
    await waitForDiagnostics(
      shop(),
      () =>
        !ours(shop()).some(
          (d) => codeOf(d) === 'missing-pdb' && d.range.start.line === SHOP_FINDINGS[0]!.range[0],
        ),
      30_000,
    );
  });

  it('runs a team rule written only in YAML, with its story in the hover, and forgets it with the file', async () => {
    await waitForDiagnostics(shop(), () => ours(shop()).length === SHOP_FINDINGS.length);
    const config = workspaceFile('.kube-hindsight.yaml');
    const teamRule = [
      'teamRules:',
      '  - id: team/catalog-owner',
      '    title: Deployment without an owner label',
      '    severity: warning',
      '    kinds: [Deployment]',
      '    condition: "!has(object.metadata.labels) || !(\'team\' in object.metadata.labels)"',
      '    at: metadata.name',
      '    message: Deployment "{name}" has no team label, so nobody was paged when it broke.',
      '    remediation: Add a team label to metadata.labels.',
      '    story:',
      '      title: "Nobody owned the catalog service"',
      '      evidence: scenario',
      '      summary: >-',
      '        An illustrative composite: a service without an owner label failed at night and the',
      '        on-call engineer spent an hour finding the team that could fix it.',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(config, Buffer.from(teamRule, 'utf8'));
    try {
      const diagnostics = await waitForDiagnostics(shop(), () =>
        ours(shop()).some((d) => codeOf(d) === 'team/catalog-owner'),
      );
      const team = diagnostics.filter(
        (d) => d.source === 'kube-hindsight' && codeOf(d) === 'team/catalog-owner',
      );
      // Both Deployments of shop.yaml lack the label; the squiggle sits on each one's `name` key (the `at` path).
      assert.deepEqual(
        team.map((d) => [d.range.start.line, d.range.start.character, d.message]),
        [
          [4, 2, 'Deployment "cart" has no team label, so nobody was paged when it broke.'],
          [38, 2, 'Deployment "catalog" has no team label, so nobody was paged when it broke.'],
        ],
      );
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        shop(),
        team[0]!.range.start.translate(0, 1),
      );
      const markdown = hovers
        .flatMap((h) => h.contents)
        .map((c) => (typeof c === 'string' ? c : c.value))
        .join('\n');
      assert.ok(markdown.includes('Nobody owned the catalog service'), markdown);
      assert.ok(markdown.includes('Evidence: Scenario'), markdown);
    } finally {
      await vscode.workspace.fs.delete(config);
    }
    await waitForDiagnostics(shop(), () => !ours(shop()).some((d) => codeOf(d) === 'team/catalog-owner'));
  });

  it('follows settings: a rule turned off, a severity raised', async () => {
    await waitForDiagnostics(shop(), () => ours(shop()).length === SHOP_FINDINGS.length);
    await vscode.workspace
      .getConfiguration('kubeHindsight')
      .update(
        'rules',
        { 'missing-pdb': 'off', 'missing-memory-limit': 'error' },
        vscode.ConfigurationTarget.Workspace,
      );
    const changed = await waitForDiagnostics(shop(), () => {
      const now = ours(shop());
      return (
        !now.some((d) => codeOf(d) === 'missing-pdb') &&
        now.some(
          (d) => codeOf(d) === 'missing-memory-limit' && d.severity === vscode.DiagnosticSeverity.Error,
        )
      );
    });
    assert.equal(changed.filter((d) => d.source === 'kube-hindsight').length, SHOP_FINDINGS.length - 1);
    await vscode.workspace
      .getConfiguration('kubeHindsight')
      .update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(shop(), () => ours(shop()).length === SHOP_FINDINGS.length);
  });

  it('offers "Ignore … on this line" for every finding, and the ignore comment silences it', async () => {
    const document = await vscode.workspace.openTextDocument(shop());
    await waitForDiagnostics(shop(), () => ours(shop()).length === SHOP_FINDINGS.length);
    const diagnostic = ours(shop()).find((d) => codeOf(d) === 'missing-memory-limit')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      shop(),
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Ignore missing-memory-limit for Deployment "cart"'), JSON.stringify(titles));
    assert.ok(
      titles.some((t) => t.startsWith('Open the war story: Blue Matador')),
      JSON.stringify(titles),
    );
    const ignore = actions.find((a) => a.title === 'Ignore missing-memory-limit on this line');
    assert.ok(ignore?.edit, JSON.stringify(titles));
    assert.ok(await vscode.workspace.applyEdit(ignore.edit));
    assert.equal(
      document.lineAt(diagnostic.range.start.line).text,
      '        # kube-hindsight-ignore missing-memory-limit',
    );
    await waitForDiagnostics(
      shop(),
      () =>
        ours(shop()).length === SHOP_FINDINGS.length - 1 &&
        !ours(shop()).some((d) => codeOf(d) === 'missing-memory-limit'),
    );
  });

  it('follows .kube-hindsight.yaml written to the workspace, and forgets it when it is deleted', async () => {
    await waitForDiagnostics(shop(), () => ours(shop()).length === SHOP_FINDINGS.length);
    const config = workspaceFile('.kube-hindsight.yaml');
    await vscode.workspace.fs.writeFile(
      config,
      Buffer.from('rules:\n  default-deny-blocks-dns: off\n  missing-pdb: error\n'),
    );
    try {
      await waitForDiagnostics(shop(), () => {
        const now = ours(shop());
        return (
          !now.some((d) => codeOf(d) === 'default-deny-blocks-dns') &&
          now.some((d) => codeOf(d) === 'missing-pdb' && d.severity === vscode.DiagnosticSeverity.Error)
        );
      });
    } finally {
      await vscode.workspace.fs.delete(config);
    }
    await waitForDiagnostics(shop(), () => ours(shop()).some((d) => codeOf(d) === 'default-deny-blocks-dns'));
  });

  it('contributes its snippets to YAML files', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'kh-' });
    await vscode.window.showTextDocument(document);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      new vscode.Position(0, 3),
    );
    const labels = list.items
      .filter((item) => item.kind === vscode.CompletionItemKind.Snippet)
      .map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    for (const prefix of ['kh-deployment', 'kh-pdb', 'kh-allow-dns']) {
      assert.ok(labels.includes(prefix), `snippet ${prefix} offered; got ${JSON.stringify(labels)}`);
    }
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

describe('The client’s commands, status bar and walkthrough', function () {
  const shop = (): vscode.Uri => workspaceFile('shop.yaml');
  const api = (): KubeHindsightApi => {
    const extension = vscode.extensions.getExtension<KubeHindsightApi>(EXTENSION_ID);
    assert.ok(extension?.isActive, `${EXTENSION_ID} is active`);
    return extension.exports;
  };

  /** Shows shop.yaml and waits for its six findings. */
  async function showShop(): Promise<vscode.TextEditor> {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(shop()));
    await waitForDiagnostics(shop(), () => ours(shop()).length === SHOP_FINDINGS.length);
    return editor;
  }

  /** Waits until the status bar item reads `text`. */
  function waitForStatus(text: string): Promise<true> {
    return waitUntil(
      `the status bar reads "${text}"`,
      () => api().statusText() === text,
      [vscode.languages.onDidChangeDiagnostics, vscode.window.onDidChangeActiveTextEditor],
      { describe: () => `it reads "${api().statusText()}"` },
    );
  }

  /** Every open tab, for finding the ones a command opened. */
  const allTabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((group) => group.tabs);

  it('registers its five commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of [
      'kube-hindsight.showWarStory',
      'kube-hindsight.listRules',
      'kube-hindsight.analyseWorkspace',
      'kube-hindsight.openConfiguration',
      'kube-hindsight.openSample',
    ]) {
      assert.ok(commands.includes(command), `${command} is registered`);
    }
  });

  it('counts the active file’s findings in the status bar', async () => {
    await showShop();
    await waitForStatus('$(shield) Kube Hindsight: 6');
    await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument(workspaceFile('clean.yaml')),
    );
    await waitForStatus('$(shield) Kube Hindsight: no findings');
    await showShop();
    await waitForStatus('$(shield) Kube Hindsight: 6');
  });

  it('"Show war story" opens the story of the finding under the cursor', async () => {
    const editor = await showShop();
    const diagnostic = ours(shop()).find((d) => codeOf(d) === 'missing-memory-limit');
    assert.ok(diagnostic, 'missing-memory-limit is shown');
    const at = diagnostic.range.start.translate(0, 1);
    editor.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand('kube-hindsight.showWarStory');
    // The story is a read-only document the extension serves, rendered by the built-in Markdown preview.
    const story = await waitUntil(
      'the story of missing-memory-limit is open',
      () =>
        vscode.workspace.textDocuments.find(
          (d) => d.uri.scheme === 'kube-hindsight-story' && d.uri.path === '/missing-memory-limit.md',
        ),
      [vscode.workspace.onDidOpenTextDocument],
      {
        describe: () =>
          `open documents: ${JSON.stringify(vscode.workspace.textDocuments.map((d) => d.uri.toString()))}`,
      },
    );
    assert.ok(story.getText().includes('Blue Matador'), `the story tells Blue Matador's: ${story.getText()}`);
    assert.equal(story.languageId, 'markdown');
    const preview = await waitUntil(
      'the Markdown preview of the story is open',
      () =>
        allTabs().find(
          (tab) =>
            tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('markdown.preview'),
        ),
      [vscode.window.tabGroups.onDidChangeTabs],
      { describe: () => `tabs: ${JSON.stringify(allTabs().map((t) => t.label))}` },
    );
    assert.match(preview.label, /missing-memory-limit/);
    await vscode.window.tabGroups.close(preview);
  });

  it('"Open a sample manifest" opens an untitled YAML document with findings', async () => {
    await vscode.commands.executeCommand('kube-hindsight.openSample');
    const document = vscode.window.activeTextEditor?.document;
    assert.ok(document, 'an editor is active');
    assert.equal(document.uri.scheme, 'untitled');
    assert.equal(document.languageId, 'yaml');
    const diagnostics = await waitForDiagnostics(document.uri, (d) =>
      d.some((x) => x.source === 'kube-hindsight'),
    );
    assert.ok(
      diagnostics.some((d) => d.source === 'kube-hindsight' && codeOf(d) === 'missing-memory-limit'),
      `the sample shows missing-memory-limit; got ${JSON.stringify(describe_(diagnostics))}`,
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('"Analyse workspace" publishes the findings of files that are not open', async () => {
    await showShop();
    const closed = [
      { uri: workspaceFile('catalogue.yaml'), findings: CATALOGUE_FINDINGS },
      { uri: workspaceFile('cross.yaml'), findings: CROSS_FINDINGS },
    ];
    for (const { uri } of closed) {
      assert.ok(
        !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()),
        `${uri.path} is not open yet`,
      );
      assert.deepEqual(describe_(ours(uri)), [], `${uri.path} has no diagnostics before the command`);
    }
    const result = await vscode.commands.executeCommand<{ files: number; findings: number }>(
      'kube-hindsight.analyseWorkspace',
    );
    assert.ok(result.files >= 4, `the command analysed the fixture files: ${JSON.stringify(result)}`);
    for (const { uri, findings } of closed) {
      const want = JSON.stringify(findings.map((f) => f.code).sort());
      await waitForDiagnostics(uri, () => JSON.stringify(ours(uri).map(codeOf).sort()) === want);
    }
  });

  it('"Open configuration" creates .kube-hindsight.yaml at the workspace root', async () => {
    await showShop();
    const config = workspaceFile('.kube-hindsight.yaml');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(config)), 'no configuration file yet');
    try {
      await vscode.commands.executeCommand('kube-hindsight.openConfiguration');
      const document = vscode.window.activeTextEditor?.document;
      assert.equal(document?.uri.path, config.path, 'the new configuration file is the active editor');
      assert.match(document.getText(), /^# Kube Hindsight configuration/);
      await vscode.workspace.fs.stat(config);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await vscode.workspace.fs.delete(config).then(undefined, () => undefined);
    }
    await showShop();
  });

  it('contributes the first-run walkthrough, and opens it', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const walkthroughs = (extension?.packageJSON as { contributes: { walkthroughs?: { id: string }[] } })
      .contributes.walkthroughs;
    assert.equal(walkthroughs?.[0]?.id, 'firstRun');
    const welcome = (): vscode.Tab | undefined =>
      allTabs().find((t) => t.input === undefined && /^(Welcome|Walkthrough: )/.test(t.label));
    assert.equal(welcome(), undefined, 'no welcome page is open yet');
    await vscode.commands.executeCommand(
      'workbench.action.openWalkthrough',
      `${EXTENSION_ID}#firstRun`,
      false,
    );
    // The welcome page opens on the walkthrough. Its tab is all the API shows of it, and VS Code 1.100 does not
    // refresh the tab's label when the page selects a walkthrough, so the label may still say "Welcome" or
    // name another walkthrough (in the browser the page shows "Walkthrough: Kube Hindsight").
    const tab = await waitUntil(
      'the welcome page opens',
      welcome,
      [vscode.window.tabGroups.onDidChangeTabs],
      {
        describe: () => `tabs: ${JSON.stringify(allTabs().map((t) => t.label))}`,
      },
    );
    await vscode.window.tabGroups.close(tab);
    await showShop();
  });
});

/**
 * Markdown as a reader sees it, without its backslash escapes: the hover escapes Markdown characters in story
 * titles (`\`containers\``), so that they read literally.
 */
function withoutEscapes(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/**
 * The tests of one fixture file whose documents each trigger exactly one rule: its exact diagnostics, the
 * hover of each, and each rule's first quick fix (compared with fixtures/expected/<base>.<code>.yaml).
 */
function describeFixture(
  name: string,
  findings: readonly CatalogueFinding[],
  extra: (file: () => vscode.Uri) => void = () => undefined,
): void {
  describe(`Every finding of ${name} in VS Code`, function () {
    const file = (): vscode.Uri => workspaceFile(name);
    const base = name.replace(/\.ya?ml$/, '');
    const everyCode = findings.map((f) => f.code);
    let original = '';

    /** Waits until the file shows exactly one diagnostic of each of these codes, and nothing else of ours. */
    function waitForCodes(codes: readonly string[]): Promise<vscode.Diagnostic[]> {
      const want = JSON.stringify([...codes].sort());
      return waitForDiagnostics(file(), () => JSON.stringify(ours(file()).map(codeOf).sort()) === want);
    }

    before(async () => {
      const document = await vscode.workspace.openTextDocument(file());
      await vscode.window.showTextDocument(document);
      original = document.getText();
    });

    afterEach(async () => {
      const document = await vscode.workspace.openTextDocument(file());
      if (document.getText() !== original) await setText(document, original);
      await waitForCodes(everyCode);
    });

    it(`shows the exact diagnostics of ${name}, one per rule`, async () => {
      await waitForCodes(everyCode);
      const actual = ours(file())
        .map((d) => ({
          code: codeOf(d),
          range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
          severity: d.severity,
          message: d.message,
        }))
        .sort((a, b) => a.range[0]! - b.range[0]!);
      assert.deepEqual(
        actual,
        findings.map(({ code, range, severity, message }) => ({
          code,
          range: [...range],
          severity: SEVERITY[severity],
          message,
        })),
      );
      for (const d of ours(file())) {
        const code = d.code as { value: string; target: vscode.Uri };
        assert.equal(code.target.scheme, 'https', `${code.value} links to its story`);
      }
    });

    for (const expected of findings) {
      it(`hovers over ${expected.code}: its story, evidence and link`, async () => {
        await waitForCodes(everyCode);
        const [line, character] = expected.range;
        const markdown = await hoverAt(file(), new vscode.Position(line, character + 1));
        const { code, story, evidence } = expected;
        assert.ok(markdown.includes(`\`${code}\``), `${code} hover names the rule: ${markdown}`);
        assert.ok(markdown.includes(`**War story: `), `${code} hover tells a war story: ${markdown}`);
        assert.ok(
          withoutEscapes(markdown).includes(story),
          `${code} hover names its story "${story}": ${markdown}`,
        );
        assert.ok(markdown.includes(`Evidence: ${evidence}: `), `${code} hover states the evidence level`);
        assert.match(markdown, /\]\(https:\/\/[^)]+\)/, `${code} hover links to a write-up`);
      });
    }

    for (const expected of findings) {
      const title =
        expected.fix === null
          ? `offers no rule fix for ${expected.code}, only the central actions`
          : `applies the first quick fix for ${expected.code}, and only its diagnostic disappears`;
      it(title, async () => {
        const document = await vscode.workspace.openTextDocument(file());
        await waitForCodes(everyCode);
        const diagnostic = ours(file()).find((d) => codeOf(d) === expected.code);
        assert.ok(diagnostic, `${expected.code} is shown`);
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          file(),
          diagnostic.range,
          vscode.CodeActionKind.QuickFix.value,
        );
        const titles = actions.map((a) => a.title);
        const central = (t: string): boolean =>
          t.startsWith('Ignore ') || t.startsWith('Open the war story: ');
        assert.ok(
          titles.includes(`Ignore ${expected.code} on this line`) &&
            titles.includes(`Open the war story: ${expected.story}`),
          `the central actions are offered; got ${JSON.stringify(titles)}`,
        );
        if (expected.fix === null) {
          assert.deepEqual(
            titles.filter((t) => !central(t)),
            [],
            `${expected.code} offers no fix of its own`,
          );
          return;
        }
        // The command returns API objects without their diagnostics, so the fix is found by its title.
        const fix = actions.find((a) => a.title === expected.fix);
        assert.ok(fix?.edit, `"${expected.fix}" is offered; got ${JSON.stringify(titles)}`);
        assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applies');
        const want = readFileSync(join(expectedDir, `${base}.${expected.code}.yaml`), 'utf8');
        const got = document.getText();
        assert.ok(
          got === want,
          `${name} after "${expected.fix}" differs from fixtures/expected/${base}.${expected.code}.yaml:\n` +
            differingLines(got, want),
        );
        await waitForCodes(everyCode.filter((code) => code !== expected.code));
      });
    }

    extra(file);
  });
}

describe('Every rule in VS Code', function () {
  it('covers every rule the extension contributes, each by exactly one fixture', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    const configuration = (extension.packageJSON as { contributes: { configuration: unknown } }).contributes
      .configuration;
    const sections = (Array.isArray(configuration) ? configuration : [configuration]) as {
      properties: Record<string, { properties?: Record<string, unknown> }>;
    }[];
    const rules = sections.find((s) => s.properties['kubeHindsight.rules'])?.properties[
      'kubeHindsight.rules'
    ];
    assert.ok(rules?.properties, 'the extension contributes kubeHindsight.rules with one entry per rule');
    // shop.yaml shows six rules, catalogue.yaml one document per other single-object rule, cross.yaml one
    // scenario per cross-object rule, a file of its own per input rule, upgrade/ the rule that needs an
    // older target release, pod-security.yaml the rules that read a Namespace's Pod Security labels, and
    // admission/ the team's own ValidatingAdmissionPolicy.
    const proven = [
      ...SHOP_FINDINGS,
      ...CATALOGUE_FINDINGS,
      ...CROSS_FINDINGS,
      ...INPUT_FIXTURES.flatMap((fixture) => fixture.findings),
      ...TARGET_FIXTURES.flatMap((fixture) => fixture.findings),
      ...POD_SECURITY_FIXTURES.flatMap((fixture) => fixture.findings),
      ...ADMISSION_FIXTURES.flatMap((fixture) => fixture.findings),
    ].map((f) => f.code);
    assert.equal(new Set(proven).size, proven.length, 'no rule is proven twice');
    assert.deepEqual([...proven].sort(), Object.keys(rules.properties).sort());
  });
});

describeFixture('catalogue.yaml', CATALOGUE_FINDINGS);

describeFixture('cross.yaml', CROSS_FINDINGS, (file) => {
  it('links each cross-object finding to the objects involved, in this file and in others', async () => {
    const want = JSON.stringify(CROSS_FINDINGS.map((f) => f.code).sort());
    await waitForDiagnostics(file(), () => JSON.stringify(ours(file()).map(codeOf).sort()) === want);
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const actual = ours(file())
      .sort((a, b) => a.range.start.line - b.range.start.line)
      .map((d) => ({
        code: codeOf(d),
        related: (d.relatedInformation ?? []).map(({ location: { uri, range }, message }) => ({
          // Relative to the workspace folder: the server names files by their file: URIs.
          file: uri.scheme === 'file' ? uri.path.slice(folder.path.length + 1) : uri.toString(),
          range: [range.start.line, range.start.character, range.end.line, range.end.character],
          message,
        })),
      }));
    assert.deepEqual(
      actual,
      CROSS_FINDINGS.map(({ code, related }) => ({
        code,
        related: related.map((r) => ({ file: r.file, range: [...r.range], message: r.message })),
      })),
    );
    // Spelled out for the one that points into another file: service-selects-nothing names the Pod
    // "web-app" whose labels it nearly selects, in catalogue.yaml.
    const service = ours(file()).find((d) => codeOf(d) === 'service-selects-nothing');
    const [link] = service?.relatedInformation ?? [];
    assert.ok(link, 'service-selects-nothing has related information');
    assert.equal(link.location.uri.path, workspaceFile('catalogue.yaml').path);
    assert.ok(
      link.location.range.isEqual(new vscode.Range(53, 8, 53, 15)),
      `it points at the Pod's name, catalogue.yaml 54:9; got ${JSON.stringify(link.location.range)}`,
    );
  });
});

for (const { file, findings } of INPUT_FIXTURES) describeFixture(file, findings);
for (const { file, findings } of TARGET_FIXTURES) describeFixture(file, findings);
for (const { file, findings } of POD_SECURITY_FIXTURES) describeFixture(file, findings);
for (const { file, findings } of ADMISSION_FIXTURES) describeFixture(file, findings);

describe('YAML files that are not Kubernetes manifests', function () {
  for (const name of ['docker-compose.yml', '.github/workflows/ci.yml', 'openapi.yaml', 'chart/Chart.yaml']) {
    it(`shows no diagnostics on ${name}`, async () => {
      const uri = workspaceFile(name);
      // Subscribed before opening: the publication may come before openTextDocument resolves.
      let published = nextDiagnostics(uri);
      let document = await vscode.workspace.openTextDocument(uri);
      if (document.languageId !== 'yaml') {
        // VS Code may give the file a language of its own (Compose files are "dockercompose"): as YAML, which
        // many users set, the server analyses it.
        console.log(`${name} opens as ${document.languageId}; switching it to yaml`);
        published.catch(() => undefined); // no publication needs to follow a language the client ignores
        published = nextDiagnostics(uri);
        document = await vscode.languages.setTextDocumentLanguage(document, 'yaml');
      }
      await vscode.window.showTextDocument(document);
      // The server publishes every analysis of an open YAML document, an empty one included.
      await published;
      assert.deepEqual(describe_(ours(uri)), []);
      assert.deepEqual(describe_(ours(uri)), describe_(vscode.languages.getDiagnostics(uri)));
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });
  }
});
