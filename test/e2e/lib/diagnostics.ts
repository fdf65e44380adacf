// Runs inside the extension host: waits for the diagnostics of a document through
// languages.onDidChangeDiagnostics, with a timeout, because a fixed sleep is either slow or flaky.
import * as vscode from 'vscode';

export function waitForDiagnostics(
  uri: vscode.Uri,
  isWanted: (diagnostics: readonly vscode.Diagnostic[]) => boolean = (diagnostics) => diagnostics.length > 0,
  timeoutMs = 15_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!isWanted(diagnostics)) return false;
      cleanUp();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanUp();
      const seen = vscode.languages.getDiagnostics(uri).map((d) => `${codeText(d.code)}: ${d.message}`);
      reject(
        new Error(
          `timed out after ${timeoutMs} ms waiting for diagnostics on ${uri}; have ${JSON.stringify(seen)}`,
        ),
      );
    }, timeoutMs);
    const cleanUp = (): void => {
      clearTimeout(timer);
      subscription.dispose();
    };
    // The diagnostics may already be there when the caller starts waiting.
    check();
  });
}

/**
 * Resolves with the diagnostics of `uri` at the next change of them, whatever they are (an empty list
 * included): call it before the action whose publication it waits for. A language server publishes every
 * analysis of an open document, so this tells "analysed, nothing found" from "not analysed yet".
 */
export function nextDiagnostics(uri: vscode.Uri, timeoutMs = 15_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((changed) => changed.toString() === uri.toString())) return;
      cleanUp();
      resolve(vscode.languages.getDiagnostics(uri));
    });
    const timer = setTimeout(() => {
      cleanUp();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for diagnostics to be published on ${uri}`));
    }, timeoutMs);
    const cleanUp = (): void => {
      clearTimeout(timer);
      subscription.dispose();
    };
  });
}

/** A diagnostic's code as text: a code that links to its story is an object ({ value, target }). */
function codeText(code: vscode.Diagnostic['code']): string {
  return String(typeof code === 'object' && code !== null ? code.value : code);
}
