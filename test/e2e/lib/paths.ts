// Where the editors and tools that the end-to-end tests drive are found. Every location can be overridden
// through the environment, so that a developer can point the tests at another install of an editor.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The repository root: KUBE_HINDSIGHT_ROOT when set, otherwise the nearest ancestor of this file that holds
 * test/e2e/install-editors.sh. Searching upwards works both from the sources (test/e2e/lib) and from the
 * bundles that scripts/build.mjs writes (out/e2e/lib).
 */
export function repositoryRoot(): string {
  if (process.env.KUBE_HINDSIGHT_ROOT) return resolve(process.env.KUBE_HINDSIGHT_ROOT);
  for (let directory = __dirname; ; directory = dirname(directory)) {
    if (existsSync(join(directory, 'test', 'e2e', 'install-editors.sh'))) return directory;
    if (dirname(directory) === directory) {
      throw new Error(`cannot find the repository root above ${__dirname}; set KUBE_HINDSIGHT_ROOT`);
    }
  }
}

/** The directory of the end-to-end tooling in the sources: this README, the shim, the installer. */
export function e2eSourceDir(): string {
  return join(repositoryRoot(), 'test', 'e2e');
}

/** Fails with the command that fixes the problem, because a missing editor must never skip a test. */
function requireExecutable(path: string, what: string, override: string): string {
  if (!existsSync(path)) {
    throw new Error(`${what} not found at ${path}. Run test/e2e/install-editors.sh or set ${override}.`);
  }
  return path;
}

export function codeServerBinary(): string {
  const path =
    process.env.CODE_SERVER_BIN ??
    join(e2eSourceDir(), '.cache', 'code-server', 'node_modules', '.bin', 'code-server');
  return requireExecutable(path, 'code-server', 'CODE_SERVER_BIN');
}

export function chromiumExecutable(): string {
  return requireExecutable(process.env.CHROMIUM_BIN ?? '/usr/bin/chromium', 'Chromium', 'CHROMIUM_BIN');
}

/** The fake VS Code executable that runs a runTests() suite inside code-server. */
export function codeShimPath(): string {
  return join(e2eSourceDir(), 'code-shim.js');
}

/** Screenshots and logs that CI keeps after a run; gitignored. */
export function artifactsDir(): string {
  return process.env.E2E_ARTIFACTS_DIR ?? join(e2eSourceDir(), 'artifacts');
}
