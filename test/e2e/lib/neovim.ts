// Runs headless Neovim 0.7 (Debian's `neovim`) as a second, non-VS Code LSP client, so that the language
// server is proven to work over plain stdio without anything VS Code-specific.
import { spawn } from 'node:child_process';
import { killProcessGroupOnExit, stopProcessGroup } from './process-group';

export interface NeovimRun {
  exitCode: number | null;
  output: string;
}

/** Runs `nvim --headless --clean -c 'luafile <luaFile>'` with a timeout; a timeout rejects loudly. */
export async function runNeovimLua(
  luaFile: string,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {},
): Promise<NeovimRun> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const neovim = spawn('nvim', ['--headless', '--clean', '-c', `luafile ${luaFile}`], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    // Neovim must not read the test runner's terminal; its own group lets a timeout kill the language server too.
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const processGroupId = neovim.pid;
  if (processGroupId === undefined) throw new Error('cannot start nvim; run test/e2e/install-editors.sh');
  const removeExitSafeguard = killProcessGroupOnExit(processGroupId);
  let output = '';
  neovim.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  neovim.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    return await new Promise<NeovimRun>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`nvim did not finish ${luaFile} within ${timeoutMs} ms. Output:\n${output}`)),
        timeoutMs,
      );
      neovim.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`cannot start nvim (${error.message}); run test/e2e/install-editors.sh`));
      });
      neovim.once('close', (exitCode) => {
        clearTimeout(timer);
        resolve({ exitCode, output });
      });
    });
  } finally {
    await stopProcessGroup(processGroupId, 1_000);
    removeExitSafeguard();
  }
}

/** An LSP diagnostic as Neovim received it (0-based lines and characters). */
export interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
}
