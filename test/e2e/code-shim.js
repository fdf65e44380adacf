#!/usr/bin/env node
// Stands in for the VS Code executable so that @vscode/test-electron's standard
// runTests({ vscodeExecutablePath }) works on machines that cannot download VS Code. It accepts the
// Electron-style command line that runTests builds, starts a private code-server (VS Code 1.100.3 with a
// Node extension host), opens its workbench in headless Debian Chromium through playwright-core with the
// extension-test parameters in the URL, forwards the extension host's console to stdout, and exits with the
// suite's exit code.
//
// It is plain CommonJS JavaScript with a shebang because runTests spawns it directly as an executable.
//
// Exit codes: 0 the suite passed; 1 the suite failed; 2 the editor could not be started or broke down;
// 124 the suite did not finish in time; 130/143 interrupted by SIGINT/SIGTERM.
//
// Environment:
//   CODE_SERVER_BIN       code-server executable (default: test/e2e/.cache/code-server, see install-editors.sh)
//   CHROMIUM_BIN          Chromium executable (default: /usr/bin/chromium)
//   E2E_TIMEOUT_MS        how long the whole suite may take (default: 300000)
//   E2E_VERBOSE=1         also print code-server's log and the browser's own errors
//   E2E_ARTIFACTS_DIR     where a screenshot is saved when the run times out (default: test/e2e/artifacts)

/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS executable has no other way to load. */
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');
// Shared with lib/browser.ts, so that the suite's Chromium and the UI test's are the same browser.
const chromiumFlags = require('./lib/chromium-flags');

const repositoryRoot = path.resolve(__dirname, '..', '..');
const codeServerBinary =
  process.env.CODE_SERVER_BIN ||
  path.join(__dirname, '.cache', 'code-server', 'node_modules', '.bin', 'code-server');
const chromiumExecutable = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const suiteTimeoutMs = Number(process.env.E2E_TIMEOUT_MS || 300_000);
const startupTimeoutMs = 60_000;
const verbose = process.env.E2E_VERBOSE === '1';
const artifactsDir = process.env.E2E_ARTIFACTS_DIR || path.join(__dirname, 'artifacts');

const exitCodes = { passed: 0, failed: 1, brokenEditor: 2, timeout: 124, sigint: 130, sigterm: 143 };
const startedAt = Date.now();

function log(message) {
  console.log(`[code-shim ${((Date.now() - startedAt) / 1000).toFixed(1)}s] ${message}`);
}

/** An error that already carries the exit code the shim should end with. */
class ShimError extends Error {
  constructor(message, exitCode) {
    super(message);
    this.exitCode = exitCode;
  }
}

/**
 * Reads the command line that runTests passes to a VS Code executable. Only the options that mean something
 * to code-server are kept; Electron-only flags such as --no-sandbox are reported and ignored, so that a new
 * flag from a future test-electron release is visible in the log rather than silently dropped.
 */
function parseCommandLine(argv) {
  const options = {
    extensionDevelopmentPaths: [],
    extensionTestsPath: undefined,
    userDataDir: undefined,
    extensionsDir: undefined,
    workspacePath: undefined,
  };
  const electronOnlyFlags = new Set([
    'no-sandbox',
    'disable-gpu-sandbox',
    'disable-updates',
    'skip-welcome',
    'skip-release-notes',
    'disable-workspace-trust',
  ]);
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const flag = /^--([^=]+)(?:=(.*))?$/.exec(argument);
    if (!flag) {
      options.workspacePath = path.resolve(argument);
      continue;
    }
    const [, name, inlineValue] = flag;
    const takesValue = ['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir'];
    const value = takesValue.includes(name) && inlineValue === undefined ? argv[++index] : inlineValue;
    if (name === 'extensionDevelopmentPath') options.extensionDevelopmentPaths.push(path.resolve(value));
    else if (name === 'extensionTestsPath') options.extensionTestsPath = path.resolve(value);
    else if (name === 'user-data-dir') options.userDataDir = path.resolve(value);
    else if (name === 'extensions-dir') options.extensionsDir = path.resolve(value);
    else if (!electronOnlyFlags.has(name)) log(`ignoring ${argument}: code-server has no equivalent`);
  }
  return options;
}

function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Lists the live (non-zombie) processes in a process group. Zombies are left out because the init process
 * of some containers never reaps orphans, and a group of zombies holds no resources worth waiting for.
 */
function liveMembersOfProcessGroup(processGroupId) {
  const members = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // The process ended while the directory was being read.
    }
    // The command name in parentheses may contain spaces, so the fields are counted after its last ')'.
    const fieldsAfterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [state, , processGroup] = fieldsAfterName;
    if (Number(processGroup) === processGroupId && state !== 'Z') members.push(Number(entry));
  }
  return members;
}

function signalProcessGroup(processGroupId, signal) {
  try {
    process.kill(-processGroupId, signal);
  } catch {
    // The group is already gone, which is what the caller wants.
  }
}

/** Asks a process group to terminate, and kills whatever is still running after the grace period. */
async function stopProcessGroup(processGroupId, gracePeriodMs = 5_000) {
  signalProcessGroup(processGroupId, 'SIGTERM');
  const deadline = Date.now() + gracePeriodMs;
  while (Date.now() < deadline && liveMembersOfProcessGroup(processGroupId).length > 0) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (liveMembersOfProcessGroup(processGroupId).length > 0) {
    log(`code-server did not stop within ${gracePeriodMs} ms; killing its process group`);
    signalProcessGroup(processGroupId, 'SIGKILL');
  }
}

/** Rejects after `timeoutMs` with `message`, and lets a pending timer not keep the process alive. */
function rejectAfter(timeoutMs, message, exitCode) {
  let timer;
  const promise = new Promise((_resolve, reject) => {
    timer = setTimeout(() => reject(new ShimError(message, exitCode)), timeoutMs);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

// Everything that must be undone on exit is recorded here, so that every exit path (success, failure,
// timeout, exception, signal) runs the same cleanup.
const resources = {
  codeServer: undefined,
  browserContext: undefined,
  page: undefined,
  chromiumProfileDir: undefined,
};
let codeServerLog = '';

async function cleanUp() {
  if (resources.browserContext) {
    const closing = rejectAfter(10_000, 'Chromium did not close', exitCodes.brokenEditor);
    await Promise.race([resources.browserContext.close(), closing.promise]).catch(() => {});
    closing.cancel();
    resources.browserContext = undefined;
  }
  if (resources.codeServer) {
    await stopProcessGroup(resources.codeServer.pid);
    resources.codeServer = undefined;
  }
  if (resources.chromiumProfileDir) {
    fs.rmSync(resources.chromiumProfileDir, { recursive: true, force: true });
    resources.chromiumProfileDir = undefined;
  }
}

// If the process ends without going through cleanUp (process.exit from elsewhere, a crash in cleanup), the
// synchronous 'exit' handler still kills code-server's group; Playwright kills Chromium in its own handler.
process.on('exit', () => {
  if (resources.codeServer) signalProcessGroup(resources.codeServer.pid, 'SIGKILL');
});

let exiting = false;
async function exitWith(exitCode) {
  if (exiting) return;
  exiting = true;
  try {
    await cleanUp();
  } catch (error) {
    console.error('[code-shim] cleanup failed:', error);
  }
  log(`exit code ${exitCode} after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  process.exit(exitCode);
}

for (const [signal, exitCode] of [
  ['SIGINT', exitCodes.sigint],
  ['SIGTERM', exitCodes.sigterm],
]) {
  process.on(signal, () => {
    console.error(`[code-shim] received ${signal}; stopping code-server and Chromium`);
    void exitWith(exitCode);
  });
}

async function startCodeServer(options) {
  if (!fs.existsSync(codeServerBinary)) {
    throw new ShimError(
      `code-server not found at ${codeServerBinary}. Run test/e2e/install-editors.sh or set CODE_SERVER_BIN.`,
      exitCodes.brokenEditor,
    );
  }
  const userDataDir =
    options.userDataDir || fs.mkdtempSync(path.join(os.tmpdir(), 'kube-hindsight-user-data-'));
  const extensionsDir = options.extensionsDir || path.join(userDataDir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) {
    // A welcome page or an update check would steal focus or wait for the network during the suite.
    const quietSettings = {
      'workbench.startupEditor': 'none',
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      // The suites check every rule at its default severity; the default profile would show the
      // informational ones as hints.
      'kubeHindsight.profile': 'strict',
    };
    fs.writeFileSync(settingsFile, JSON.stringify(quietSettings, null, 2));
  }
  // Settings of machine scope: in code-server's windows, which are remote, VS Code ignores them in the user's
  // settings and reads them from the server's Machine/settings.json.
  fs.mkdirSync(path.join(userDataDir, 'Machine'), { recursive: true });
  // The walkthrough opens on first activation otherwise, and would take the focus from the suites.
  const quietMachineSettings = { 'workbench.welcomePage.walkthroughs.openOnInstall': false };
  fs.writeFileSync(
    path.join(userDataDir, 'Machine', 'settings.json'),
    JSON.stringify(quietMachineSettings, null, 2),
  );
  // code-server writes a config with a generated password to ~/.config on first start unless it is given one.
  const configFile = path.join(userDataDir, 'code-server.yaml');
  fs.writeFileSync(configFile, 'auth: none\n');

  const port = await findFreePort();
  const authority = `127.0.0.1:${port}`;
  // An empty gallery switches the extension marketplace off: tests must not reach the network, and offline
  // the lookups only fill the log with DNS errors.
  const environment = { ...process.env, CODE_SERVER_CONFIG: configFile, EXTENSIONS_GALLERY: '{}' };
  // Inside a VS Code or code-server terminal this variable would make code-server hand the request to the
  // surrounding editor instead of starting a server of its own.
  delete environment.VSCODE_IPC_HOOK_CLI;
  const codeServer = spawn(
    codeServerBinary,
    [
      '--auth',
      'none',
      '--bind-addr',
      authority,
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--ignore-last-opened',
    ],
    // A process group of its own lets cleanup kill the extension host and any language server with it.
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: environment },
  );
  resources.codeServer = codeServer;

  const listening = new Promise((resolve, reject) => {
    const onOutput = (chunk) => {
      codeServerLog += chunk;
      if (verbose) process.stdout.write(`[code-server] ${chunk}`);
      if (codeServerLog.includes('HTTP server listening')) resolve();
    };
    codeServer.stdout.on('data', onOutput);
    codeServer.stderr.on('data', onOutput);
    codeServer.once('error', (error) =>
      reject(new ShimError(`cannot run ${codeServerBinary}: ${error.message}`, exitCodes.brokenEditor)),
    );
  });
  const unexpectedExit = new Promise((_resolve, reject) => {
    codeServer.once('exit', (code, signal) => {
      if (exiting) return;
      reject(new ShimError(`code-server exited unexpectedly (${code ?? signal})`, exitCodes.brokenEditor));
    });
  });
  // The race below is not the only consumer: this rejection may come later, during the suite.
  unexpectedExit.catch(() => {});
  const startup = rejectAfter(
    startupTimeoutMs,
    'code-server did not start listening',
    exitCodes.brokenEditor,
  );
  try {
    await Promise.race([listening, unexpectedExit, startup.promise]);
  } finally {
    startup.cancel();
  }
  log(`code-server listening on ${authority}`);
  return { authority, unexpectedExit };
}

/**
 * Extension-host console calls reach the page console through the workbench's log service, as
 * ('%c INFO', 'color: …', format, ...args). The first two arguments are styling and are dropped; the rest is
 * formatted the way console.log would. The workbench's own log lines arrive the same way and cannot be told
 * apart, so they are printed too; they are few and help when the workbench fails to start.
 */
function forwardExtensionHostConsole(page) {
  let printing = Promise.resolve();
  page.on('console', (message) => {
    // Each message is converted asynchronously; chaining keeps the output in the order it was logged.
    printing = printing.then(async () => {
      let values;
      try {
        values = await Promise.all(message.args().map((handle) => handle.jsonValue()));
      } catch {
        values = [message.text()];
      }
      const [marker] = values;
      // The level is padded ('%c  ERR'), so any run of spaces is accepted.
      const fromLogService = typeof marker === 'string' && /^%c\s*(TRACE|DEBUG|INFO|WARN|ERR)/.test(marker);
      if (fromLogService) {
        const text = util.format(...values.slice(2));
        if (/^%c\s*(WARN|ERR)/.test(marker)) console.error(text);
        else console.log(text);
      } else if (verbose && (message.type() === 'error' || message.type() === 'warning')) {
        console.error(`[browser ${message.type()}] ${message.text()}`);
      }
    });
  });
  return () => printing;
}

async function saveTimeoutScreenshot() {
  if (!resources.page) return;
  try {
    fs.mkdirSync(artifactsDir, { recursive: true });
    const file = path.join(artifactsDir, `code-shim-timeout-${Date.now()}.png`);
    await resources.page.screenshot({ path: file });
    console.error(`[code-shim] screenshot of the stuck workbench: ${file}`);
  } catch (error) {
    console.error(`[code-shim] could not take a screenshot: ${error.message}`);
  }
}

async function main() {
  const options = parseCommandLine(process.argv.slice(2));
  if (!options.extensionTestsPath) {
    throw new ShimError(
      'no --extensionTestsPath given: this shim only runs extension test suites through runTests()',
      exitCodes.brokenEditor,
    );
  }
  if (!fs.existsSync(chromiumExecutable)) {
    throw new ShimError(
      `Chromium not found at ${chromiumExecutable}. Run test/e2e/install-editors.sh or set CHROMIUM_BIN.`,
      exitCodes.brokenEditor,
    );
  }
  // playwright-core, never playwright: the latter downloads browsers on install.
  const { chromium } = require(require.resolve('playwright-core', { paths: [repositoryRoot] }));

  const { authority, unexpectedExit } = await startCodeServer(options);

  resources.chromiumProfileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-hindsight-chromium-'));
  // Playwright refuses --user-data-dir in args; launchPersistentContext takes the profile directory instead.
  resources.browserContext = await chromium.launchPersistentContext(resources.chromiumProfileDir, {
    executablePath: chromiumExecutable,
    headless: true,
    // Chromium's crash reporter writes to $XDG_CONFIG_HOME/chromium; the throwaway profile keeps ~ clean.
    env: { ...process.env, XDG_CONFIG_HOME: resources.chromiumProfileDir },
    args: [...chromiumFlags],
  });
  const page = resources.browserContext.pages()[0] || (await resources.browserContext.newPage());
  resources.page = page;

  // The workbench reports the suite's result by calling window.codeAutomationExit(code) when it exists.
  let reportSuiteExit;
  const suiteExit = new Promise((resolve) => (reportSuiteExit = resolve));
  await page.exposeFunction('codeAutomationExit', (code) => reportSuiteExit(Number(code)));
  const printedConsole = forwardExtensionHostConsole(page);
  const browserGone = new Promise((_resolve, reject) => {
    page.once('crash', () => reject(new ShimError('the workbench page crashed', exitCodes.brokenEditor)));
    page.once('close', () => {
      if (!exiting) reject(new ShimError('the workbench page closed early', exitCodes.brokenEditor));
    });
  });
  // Marked as handled now because it may reject while the page is still loading, before the race below.
  browserGone.catch(() => {});

  // The workbench reads the extension-development parameters from its 'payload' query parameter; the paths
  // are vscode-remote URIs because the extension host runs in code-server, not in the browser.
  const payload = options.extensionDevelopmentPaths.map((developmentPath) => [
    'extensionDevelopmentPath',
    `vscode-remote://${authority}${developmentPath}`,
  ]);
  payload.push(['extensionTestsPath', `vscode-remote://${authority}${options.extensionTestsPath}`]);
  const workspaceQuery = !options.workspacePath
    ? 'ew=true'
    : options.workspacePath.endsWith('.code-workspace')
      ? `workspace=${encodeURIComponent(options.workspacePath)}`
      : `folder=${encodeURIComponent(options.workspacePath)}`;
  const url = `http://${authority}/?${workspaceQuery}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: startupTimeoutMs });
  log(`workbench loading; running ${options.extensionTestsPath}`);

  const suiteDeadline = rejectAfter(
    suiteTimeoutMs,
    `TIMEOUT: the extension test suite did not finish within ${suiteTimeoutMs} ms (set E2E_TIMEOUT_MS to change)`,
    exitCodes.timeout,
  );
  let exitCode;
  try {
    exitCode = await Promise.race([suiteExit, unexpectedExit, browserGone, suiteDeadline.promise]);
  } catch (error) {
    if (error instanceof ShimError && error.exitCode === exitCodes.timeout) await saveTimeoutScreenshot();
    throw error;
  } finally {
    suiteDeadline.cancel();
  }
  await printedConsole();
  log(`extension host reported exit code ${exitCode}`);
  return exitCode === 0 ? exitCodes.passed : exitCodes.failed;
}

main().then(
  (exitCode) => exitWith(exitCode),
  (error) => {
    const exitCode = error instanceof ShimError ? error.exitCode : exitCodes.brokenEditor;
    console.error(`[code-shim] FAILED: ${error instanceof ShimError ? error.message : error.stack || error}`);
    if (exitCode !== exitCodes.passed && codeServerLog && !verbose) {
      console.error(
        `[code-shim] last lines of code-server's log:\n${codeServerLog.split('\n').slice(-20).join('\n')}`,
      );
    }
    return exitWith(exitCode);
  },
);
