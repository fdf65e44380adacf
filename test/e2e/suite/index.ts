// Loaded by the editor through extensionTestsPath: runs every *.test.js bundled next to this file inside the
// extension host, where the real `vscode` API is available.
import { runMochaSuite } from '../lib/mocha-suite';

export function run(): Promise<void> {
  return runMochaSuite(__dirname, { timeoutMs: 60_000 });
}
