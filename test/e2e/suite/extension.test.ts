// Runs inside VS Code (code-server offline, desktop VS Code where it can be downloaded) with the extension
// under development loaded: what a user sees through the real `vscode` API, from diagnostics to fixes.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CATALOGUE_FINDINGS } from '../lib/catalogue-findings';
import { waitForDiagnostics } from '../lib/diagnostics';
import { SHOP_FINDINGS } from '../lib/shop-findings';
import { differingLines } from '../lib/text-diff';

/** The bundled suite lives in out/e2e/suite; the expected files stay in the source tree. */
const expectedDir = join(__dirname, '..', '..', '..', 'test', 'e2e', 'fixtures', 'expected');
const EXTENSION_ID = 'kube-hindsight.kube-hindsight';

/** The table's severities as the `vscode` API reports them. */
const SEVERITY = {
  info: vscode.DiagnosticSeverity.Information,
  warning: vscode.DiagnosticSeverity.Warning,
  error: vscode.DiagnosticSeverity.Error,
} as const;

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'kube-hindsight');
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' && code !== null ? code.value : code);
}

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
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: p\n';
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

describe('Every rule of the catalogue in VS Code', function () {
  // catalogue.yaml holds one otherwise clean object per rule that shop.yaml does not show; the two tables
  // together cover every rule the extension contributes a setting for.
  const catalogue = (): vscode.Uri => workspaceFile('catalogue.yaml');
  const everyCode = CATALOGUE_FINDINGS.map((f) => f.code);
  let original = '';

  /** The hover markdown at a position, all providers' contents joined. */
  async function hoverAt(uri: vscode.Uri, position: vscode.Position): Promise<string> {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      position,
    );
    return hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
  }

  /** Waits until the file shows exactly one diagnostic of each of these codes, and nothing else of ours. */
  function waitForCodes(codes: readonly string[]): Promise<vscode.Diagnostic[]> {
    const want = JSON.stringify([...codes].sort());
    return waitForDiagnostics(
      catalogue(),
      () => JSON.stringify(ours(catalogue()).map(codeOf).sort()) === want,
    );
  }

  before(async () => {
    const document = await vscode.workspace.openTextDocument(catalogue());
    await vscode.window.showTextDocument(document);
    original = document.getText();
  });

  afterEach(async () => {
    const document = await vscode.workspace.openTextDocument(catalogue());
    if (document.getText() !== original) await setText(document, original);
    await waitForCodes(everyCode);
  });

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
    const proven = [...SHOP_FINDINGS.map((f) => f.code), ...everyCode];
    assert.equal(new Set(proven).size, proven.length, 'no rule is proven twice');
    assert.deepEqual([...proven].sort(), Object.keys(rules.properties).sort());
  });

  it('shows the exact diagnostics of catalogue.yaml, one per rule', async () => {
    await waitForCodes(everyCode);
    const actual = ours(catalogue())
      .map((d) => ({
        code: codeOf(d),
        range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
        severity: d.severity,
        message: d.message,
      }))
      .sort((a, b) => a.range[0]! - b.range[0]!);
    assert.deepEqual(
      actual,
      CATALOGUE_FINDINGS.map(({ code, range, severity, message }) => ({
        code,
        range: [...range],
        severity: SEVERITY[severity],
        message,
      })),
    );
    for (const d of ours(catalogue())) {
      const code = d.code as { value: string; target: vscode.Uri };
      assert.equal(code.target.scheme, 'https', `${code.value} links to its story`);
    }
  });

  for (const expected of CATALOGUE_FINDINGS) {
    it(`hovers over ${expected.code}: its story, evidence and link`, async () => {
      await waitForCodes(everyCode);
      const [line, character] = expected.range;
      const markdown = await hoverAt(catalogue(), new vscode.Position(line, character + 1));
      const { code, story, evidence } = expected;
      assert.ok(markdown.includes(`\`${code}\``), `${code} hover names the rule: ${markdown}`);
      assert.ok(markdown.includes(`**War story: `), `${code} hover tells a war story: ${markdown}`);
      assert.ok(markdown.includes(story), `${code} hover names its story "${story}": ${markdown}`);
      assert.ok(markdown.includes(`Evidence: ${evidence}: `), `${code} hover states the evidence level`);
      assert.match(markdown, /\]\(https:\/\/[^)]+\)/, `${code} hover links to a write-up`);
    });
  }

  for (const expected of CATALOGUE_FINDINGS) {
    const title =
      expected.fix === null
        ? `offers no rule fix for ${expected.code}, only the central actions`
        : `applies the first quick fix for ${expected.code}, and only its diagnostic disappears`;
    it(title, async () => {
      const document = await vscode.workspace.openTextDocument(catalogue());
      await waitForCodes(everyCode);
      const diagnostic = ours(catalogue()).find((d) => codeOf(d) === expected.code);
      assert.ok(diagnostic, `${expected.code} is shown`);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        catalogue(),
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const titles = actions.map((a) => a.title);
      const central = (t: string): boolean => t.startsWith('Ignore ') || t.startsWith('Open the war story: ');
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
      const want = readFileSync(join(expectedDir, `catalogue.${expected.code}.yaml`), 'utf8');
      const got = document.getText();
      assert.ok(
        got === want,
        `catalogue.yaml after "${expected.fix}" differs from fixtures/expected/catalogue.${expected.code}.yaml:\n` +
          differingLines(got, want),
      );
      await waitForCodes(everyCode.filter((code) => code !== expected.code));
    });
  }
});
