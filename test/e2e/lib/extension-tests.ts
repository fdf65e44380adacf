// Runs a mocha suite inside a real editor's extension host through the standard @vscode/test-electron API.
// Offline (the default) the "VS Code executable" is code-shim.js, which runs the suite in code-server. With
// E2E_DESKTOP_VSCODE=1 on a machine with internet, vscodeExecutablePath is left out, so runTests downloads
// desktop VS Code (E2E_VSCODE_VERSION, default 'stable') and the same suite runs there unchanged.
import { runTests } from '@vscode/test-electron';
import { codeShimPath } from './paths';

export interface ExtensionTestRun {
  /** The folder holding the extension's package.json. */
  extensionDevelopmentPath: string;
  /** The compiled suite index (a module exporting run(): Promise<void>). */
  extensionTestsPath: string;
  /** The folder or .code-workspace file the editor opens. */
  workspacePath: string;
  /** Extra environment for the extension host, e.g. to tell the suite where fixtures are. */
  extensionTestsEnv?: Record<string, string | undefined>;
}

/** Resolves when the suite passed; rejects (never resolves silently) when it failed or could not start. */
export async function runExtensionTests(run: ExtensionTestRun): Promise<void> {
  const inDesktopVsCode = process.env.E2E_DESKTOP_VSCODE === '1';
  await runTests({
    ...(inDesktopVsCode
      ? { version: process.env.E2E_VSCODE_VERSION ?? 'stable' }
      : { vscodeExecutablePath: codeShimPath() }),
    extensionDevelopmentPath: run.extensionDevelopmentPath,
    extensionTestsPath: run.extensionTestsPath,
    // Other extensions installed in the profile must not interfere; code-shim.js ignores this flag because
    // its profile has none.
    launchArgs: [run.workspacePath, '--disable-extensions'],
    ...(run.extensionTestsEnv ? { extensionTestsEnv: run.extensionTestsEnv } : {}),
  });
}
