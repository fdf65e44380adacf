// Runs inside the extension host: the workspace's files, the diagnostics this extension published on them and
// the hovers shown there, shared by the suites of suite/.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** A file of the workspace folder the editor opened (a fresh copy of fixtures/workspace). */
export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** The diagnostics of `uri` that Kube Hindsight published, without those of other extensions. */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'kube-hindsight');
}

/** A diagnostic's rule id: a code that links to its story is an object ({ value, target }). */
export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' && code !== null ? code.value : code);
}

/** The hover markdown at a position, all providers' contents joined. */
export async function hoverAt(uri: vscode.Uri, position: vscode.Position): Promise<string> {
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
