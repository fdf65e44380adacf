// `npm run test:e2e`: runs the extension-host suite (test/e2e/suite) in a real VS Code through the standard
// @vscode/test-electron runTests API, on a fresh copy of the fixture workspace (quick fixes write to it).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExtensionTests } from './lib/extension-tests';
import { repositoryRoot } from './lib/paths';

async function main(): Promise<void> {
  const root = repositoryRoot();
  const workspace = mkdtempSync(join(tmpdir(), 'kube-hindsight-e2e-ws-'));
  cpSync(join(root, 'test', 'e2e', 'fixtures', 'workspace'), workspace, { recursive: true });
  try {
    await runExtensionTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out', 'e2e', 'suite', 'index.js'),
      workspacePath: workspace,
    });
    console.log('extension-host suite passed');
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`extension-host suite failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
