// Starts and stops a private code-server for a test: a free port, its own user data and extensions
// directories, no authentication, and a process group that is killed as a whole when the test ends.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { codeServerBinary } from './paths';
import { killProcessGroupOnExit, stopProcessGroup } from './process-group';

export interface CodeServerOptions {
  /** Created in the temporary directory (and removed by stop()) when not given. */
  userDataDir?: string;
  /** Defaults to `<userDataDir>/extensions`, which is where installExtension() puts extensions. */
  extensionsDir?: string;
  /** User settings merged over the quiet defaults below. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and therefore for the extension host and language server. */
  env?: NodeJS.ProcessEnv;
  startupTimeoutMs?: number;
  /** Echo code-server's log to stdout as it arrives. */
  verbose?: boolean;
}

export interface RunningCodeServer {
  readonly port: number;
  /** `127.0.0.1:<port>`, the authority of vscode-remote:// URIs served by this instance. */
  readonly authority: string;
  readonly baseUrl: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** The workbench URL that opens `folder` (an absolute path). */
  workbenchUrl(folder: string): string;
  /** Everything code-server has printed so far, for failure messages. */
  log(): string;
  /** Stops the whole process group and removes the temporary directories this helper created. */
  stop(): Promise<void>;
}

/** Settings that keep welcome pages, update checks and telemetry from interfering with a test. */
const quietSettings = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.tips.enabled': false,
  // The suites check every rule at its default severity; the default profile would show the informational
  // ones as hints.
  'kubeHindsight.profile': 'strict',
};

/**
 * Settings of machine scope: in code-server's windows, which are remote, VS Code ignores them in the user's
 * settings and reads them from the server's Machine/settings.json.
 */
const quietMachineSettings = {
  // The walkthrough opens on first activation otherwise, and would take the focus from the suites.
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
};

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface Profile {
  userDataDir: string;
  extensionsDir: string;
  configFile: string;
  createdUserDataDir: boolean;
}

function prepareProfile(options: CodeServerOptions): Profile {
  const createdUserDataDir = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'kube-hindsight-code-server-'));
  const extensionsDir = options.extensionsDir ?? join(userDataDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(join(userDataDir, 'Machine'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...quietSettings, ...options.settings }, null, 2),
  );
  writeFileSync(join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(quietMachineSettings, null, 2));
  // code-server writes a config with a generated password to ~/.config on first start unless given one.
  const configFile = join(userDataDir, 'code-server.yaml');
  writeFileSync(configFile, 'auth: none\n');
  return { userDataDir, extensionsDir, configFile, createdUserDataDir };
}

function codeServerEnvironment(configFile: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  // An empty gallery switches the extension marketplace off: tests must not reach the network, and offline
  // the lookups only fill the log with DNS errors.
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    ...extra,
    CODE_SERVER_CONFIG: configFile,
    EXTENSIONS_GALLERY: '{}',
  };
  // Inside a VS Code or code-server terminal this variable would make code-server hand the request to the
  // surrounding editor instead of acting on its own.
  delete environment.VSCODE_IPC_HOOK_CLI;
  return environment;
}

/**
 * Installs a packaged extension the way a user would (`code-server --install-extension x.vsix`), into the
 * profile that a later startCodeServer() with the same directories uses. Returns code-server's output.
 */
export async function installExtension(
  vsixPath: string,
  options: { userDataDir: string; extensionsDir?: string },
): Promise<string> {
  const profile = prepareProfile({ ...options });
  const { stdout, stderr } = await promisify(execFile)(
    codeServerBinary(),
    [
      '--user-data-dir',
      profile.userDataDir,
      '--extensions-dir',
      profile.extensionsDir,
      '--install-extension',
      vsixPath,
    ],
    { env: codeServerEnvironment(profile.configFile), timeout: 60_000 },
  );
  const output = stdout + stderr;
  if (!/was successfully installed/.test(output)) {
    throw new Error(`code-server --install-extension ${vsixPath} did not report success:\n${output}`);
  }
  return output;
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<RunningCodeServer> {
  const profile = prepareProfile(options);
  const port = await findFreePort();
  const authority = `127.0.0.1:${port}`;
  const baseUrl = `http://${authority}`;
  const codeServer = spawn(
    codeServerBinary(),
    [
      '--auth',
      'none',
      '--bind-addr',
      authority,
      '--user-data-dir',
      profile.userDataDir,
      '--extensions-dir',
      profile.extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--ignore-last-opened',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: codeServerEnvironment(profile.configFile, options.env),
    },
  );
  const processGroupId = codeServer.pid;
  if (processGroupId === undefined) throw new Error(`cannot start ${codeServerBinary()}`);
  const removeExitSafeguard = killProcessGroupOnExit(processGroupId);

  let log = '';
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await stopProcessGroup(processGroupId);
    removeExitSafeguard();
    if (profile.createdUserDataDir) rmSync(profile.userDataDir, { recursive: true, force: true });
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timeoutMs = options.startupTimeoutMs ?? 60_000;
      const timer = setTimeout(
        () => reject(new Error(`code-server did not start within ${timeoutMs} ms:\n${log}`)),
        timeoutMs,
      );
      const onOutput = (chunk: Buffer): void => {
        log += chunk.toString();
        if (options.verbose) process.stdout.write(`[code-server] ${chunk.toString()}`);
        if (log.includes('HTTP server listening')) {
          clearTimeout(timer);
          resolve();
        }
      };
      codeServer.stdout.on('data', onOutput);
      codeServer.stderr.on('data', onOutput);
      codeServer.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      codeServer.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited during startup (${code ?? signal}):\n${log}`));
      });
    });
    const health = await fetch(`${baseUrl}/healthz`);
    if (health.status !== 200) throw new Error(`code-server /healthz answered ${health.status}`);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    port,
    authority,
    baseUrl,
    userDataDir: profile.userDataDir,
    extensionsDir: profile.extensionsDir,
    workbenchUrl: (folder) => `${baseUrl}/?folder=${encodeURIComponent(folder)}`,
    log: () => log,
    stop,
  };
}
