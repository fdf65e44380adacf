// What the VS Code client adds on top of the language server: palette commands, the status bar item, the
// war-story preview and the first-run walkthrough. All content comes from the server (the rule catalogue
// lives there), so these stay thin views.
import * as path from 'node:path';
import {
  commands,
  DiagnosticSeverity,
  EventEmitter,
  languages,
  StatusBarAlignment,
  Uri,
  window,
  workspace,
  type Disposable,
  type ExtensionContext,
  type TextDocumentContentProvider,
} from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export const SOURCE = 'kube-hindsight';
const STORY_SCHEME = 'kube-hindsight-story';
const CONFIG_TEMPLATE = `# Kube Hindsight configuration, shared by the editor and the CLI (see the README).
extends: recommended # or strict, security, reliability
# kubernetesVersion: "1.30"
rules:
  # missing-resource-requests: info
  # missing-startup-probe:
  #   severity: warning
  #   options:
  #     minStartupSeconds: 90
ignore:
  # - generated/**
`;

interface RuleSummary {
  id: string;
  title: string;
  category: string;
  defaultSeverity: string;
  fixable: boolean;
  story: { title: string; evidence: string } | null;
  href: string;
}

/** What the extension exposes to its tests (and to other extensions): the status bar's current text. */
export interface KubeHindsightApi {
  statusText(): string;
}

/** Serves each rule's document (from the server) as read-only Markdown for the preview. */
class StoryProvider implements TextDocumentContentProvider {
  private readonly changes = new EventEmitter<Uri>();
  readonly onDidChange = this.changes.event;

  constructor(private readonly client: LanguageClient) {}

  async provideTextDocumentContent(uri: Uri): Promise<string> {
    const id = path.posix.basename(uri.path, '.md');
    const markdown = await this.client.sendRequest<string | null>('kubeHindsight/ruleDocument', { id });
    return markdown ?? `# Unknown rule ${id}\n`;
  }
}

function ruleIdAtCursor(): string | undefined {
  const editor = window.activeTextEditor;
  if (!editor) return undefined;
  const position = editor.selection.active;
  const here = languages
    .getDiagnostics(editor.document.uri)
    .filter(
      (d) => d.source === SOURCE && d.range.start.line <= position.line && position.line <= d.range.end.line,
    );
  // The diagnostic under the cursor first; any on the line otherwise.
  const best = here.find((d) => d.range.contains(position)) ?? here[0];
  const code = best?.code;
  return code === undefined ? undefined : String(typeof code === 'object' ? code.value : code);
}

async function showStory(id: string): Promise<void> {
  const uri = Uri.from({ scheme: STORY_SCHEME, path: `/${id}.md` });
  // The built-in Markdown preview renders the story, with its links, beside the manifest.
  await commands.executeCommand('markdown.showPreviewToSide', uri);
}

async function pickRule(client: LanguageClient, placeHolder: string): Promise<string | undefined> {
  const rules = await client.sendRequest<RuleSummary[]>('kubeHindsight/rules');
  const picked = await window.showQuickPick(
    rules.map((rule) => ({
      label: rule.id,
      description: `${rule.title} · ${rule.defaultSeverity}${rule.fixable ? ' · quick fix' : ''}`,
      detail: rule.story ? `War story: ${rule.story.title} (${rule.story.evidence})` : undefined,
    })),
    { placeHolder, matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.label;
}

/** The nearest `.kube-hindsight.yaml` above the active file, else a new one at the workspace root. */
async function openConfiguration(): Promise<void> {
  const active = window.activeTextEditor?.document.uri;
  const folder = (active && workspace.getWorkspaceFolder(active)) ?? workspace.workspaceFolders?.[0];
  if (!folder) {
    void window.showWarningMessage('Kube Hindsight: open a folder to configure it.');
    return;
  }
  let dir = active?.scheme === 'file' ? Uri.joinPath(active, '..') : folder.uri;
  for (;;) {
    for (const name of ['.kube-hindsight.yaml', '.kube-hindsight.yml']) {
      const candidate = Uri.joinPath(dir, name);
      try {
        await workspace.fs.stat(candidate);
        await window.showTextDocument(candidate);
        return;
      } catch {
        // Not here: look one folder up, within the workspace folder.
      }
    }
    if (dir.path === folder.uri.path || !dir.path.startsWith(folder.uri.path)) break;
    dir = Uri.joinPath(dir, '..');
  }
  const created = Uri.joinPath(folder.uri, '.kube-hindsight.yaml');
  await workspace.fs.writeFile(created, Buffer.from(CONFIG_TEMPLATE, 'utf8'));
  await window.showTextDocument(created);
}

/** Remembered once the walkthrough has been opened on first activation, so that it opens only once. */
const WALKTHROUGH_SHOWN = 'kubeHindsight.walkthroughShown';

/**
 * Opens the walkthrough the first time the extension runs, as VS Code does for extensions installed from
 * the Marketplace view (but not for a .vsix or `--install-extension`), unless the user turned that off with
 * `workbench.welcomePage.walkthroughs.openOnInstall`.
 */
async function openWalkthroughOnce(context: ExtensionContext): Promise<void> {
  if (context.globalState.get<boolean>(WALKTHROUGH_SHOWN)) return;
  await context.globalState.update(WALKTHROUGH_SHOWN, true);
  const wanted = workspace
    .getConfiguration('workbench.welcomePage')
    .get<boolean>('walkthroughs.openOnInstall', true);
  if (!wanted) return;
  await commands
    .executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#firstRun`, false)
    .then(undefined, () => undefined);
}

export function registerFeatures(context: ExtensionContext, client: LanguageClient): KubeHindsightApi {
  const disposables: Disposable[] = [];
  void openWalkthroughOnce(context);
  disposables.push(workspace.registerTextDocumentContentProvider(STORY_SCHEME, new StoryProvider(client)));

  disposables.push(
    commands.registerCommand('kube-hindsight.showWarStory', async (id?: unknown) => {
      const rule =
        typeof id === 'string'
          ? id
          : (ruleIdAtCursor() ?? (await pickRule(client, 'Which rule’s war story?')));
      if (rule) await showStory(rule);
    }),
    commands.registerCommand('kube-hindsight.listRules', async () => {
      const rule = await pickRule(client, 'Kube Hindsight rules: pick one to read its war story');
      if (rule) await showStory(rule);
    }),
    commands.registerCommand('kube-hindsight.openConfiguration', openConfiguration),
    commands.registerCommand('kube-hindsight.showProblems', async () => {
      await commands.executeCommand('workbench.panel.markers.view.focus');
      await commands.executeCommand('problems.action.focusFilter').then(undefined, () => undefined);
    }),
    commands.registerCommand('kube-hindsight.openSample', async () => {
      const sample = await workspace.fs.readFile(
        Uri.file(context.asAbsolutePath(path.join('walkthrough', 'sample.yaml'))),
      );
      const document = await workspace.openTextDocument({
        language: 'yaml',
        content: Buffer.from(sample).toString('utf8'),
      });
      await window.showTextDocument(document);
    }),
  );

  // The status bar counts this file's findings; a click opens the Problems panel.
  const status = window.createStatusBarItem('kube-hindsight.findings', StatusBarAlignment.Left, 10);
  status.name = 'Kube Hindsight findings';
  // `workbench.actions.view.problems` would toggle the panel shut when it is already open; focusing the view
  // always shows it. VS Code has no public command to pre-fill the Problems filter, so the filter box is
  // focused instead: typing "kube-hindsight" there narrows the list to our findings.
  status.command = 'kube-hindsight.showProblems';
  const update = (): void => {
    const document = window.activeTextEditor?.document;
    if (!document || document.languageId !== 'yaml') {
      status.hide();
      return;
    }
    const ours = languages.getDiagnostics(document.uri).filter((d) => d.source === SOURCE);
    // The count is what the Problems panel lists, which leaves hints out (the default profile's
    // informational advice); the tooltip says how many hints the editor shows in place.
    const hints = ours.filter((d) => d.severity === DiagnosticSeverity.Hint).length;
    const findings = ours.length - hints;
    const hintNote = hints === 0 ? '' : ` ${hints} hint${hints === 1 ? '' : 's'} shown in the editor only.`;
    status.text =
      findings === 0 ? '$(shield) Kube Hindsight: no findings' : `$(shield) Kube Hindsight: ${findings}`;
    status.tooltip =
      (findings === 0
        ? 'No outage-prone shapes found in this file.'
        : `${findings} finding${findings === 1 ? '' : 's'} in this file: click to open the Problems panel.`) +
      hintNote;
    status.show();
  };
  disposables.push(
    status,
    languages.onDidChangeDiagnostics(update),
    window.onDidChangeActiveTextEditor(update),
  );
  update();
  context.subscriptions.push(...disposables);
  return { statusText: () => (status.text ? status.text : '') };
}
