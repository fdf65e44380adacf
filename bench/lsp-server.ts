// The language server as the bench drives it: a fresh `dist/server.js` over stdio, initialized like an editor
// that pulls its configuration, with a preload that records the longest event-loop delay. The scenarios in
// bench/server-scenarios.ts open, type into and index through it.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { round, sleep } from './stats';

/** The settings the bench gives every server: analyse at once, so latency is the server's own work. */
export const SETTINGS = { analysis: { debounceMs: 0 } };

/**
 * A preload for the server process: records event-loop delays with a 1 ms timer and writes the longest
 * (and the 99th percentile) on exit. SIGUSR2 clears the record, so that loading the server's code before
 * the loop starts, which no request waits on, does not count.
 */
function eventLoopPreload(dir: string): string {
  const path = join(dir, 'eld-preload.js');
  writeFileSync(
    path,
    `const { monitorEventLoopDelay } = require('node:perf_hooks');
const h = monitorEventLoopDelay({ resolution: 1 });
h.enable();
process.on('SIGUSR2', () => h.reset());
process.on('exit', () => {
  const out = JSON.stringify({ maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6 });
  try { require('node:fs').writeFileSync(process.env.BENCH_ELD_OUT, out); } catch {}
});
`,
  );
  return path;
}

export interface Memory {
  rssMB: number;
  peakMB: number;
}

export interface Server {
  pid: number;
  spawnedAt: number;
  rpc: ReturnType<typeof createMessageConnection>;
  published: Map<string, { version: number | undefined; at: number }[]>;
  logs: { message: string; at: number }[];
  /** Memory read the moment the "indexed" line arrived, before anything else runs in the bench. */
  memoryAtIndexLog?: Memory;
  waiters: (() => void)[];
  eldFile: string;
  exited: Promise<void>;
  /** What the server advertised for `textDocumentSync.change` (1 = full text, 2 = incremental). */
  syncKind?: number;
}

export const INDEXED = /indexed (\d+) YAML files \((\d+) objects\) in (\d+) ms/;

/** VmRSS (now) and VmHWM (the peak) of a process, in MB (10^6 bytes), from /proc. */
export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rssMB: (kB('VmRSS') * 1024) / 1e6, peakMB: (kB('VmHWM') * 1024) / 1e6 };
}

/**
 * The answer to `workspace/configuration` for one item: the section's value in the bench's settings
 * (`kubeHindsight.analysis.debounceMs` is 0), and {} for any other section such as `files.exclude`.
 */
function configurationFor(section: string | undefined): unknown {
  let value: unknown = { kubeHindsight: SETTINGS };
  for (const key of (section ?? '').split('.').filter(Boolean)) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value ?? {};
}

export function startServer(root: string, tmp: string, name: string): Server {
  const eldFile = join(tmp, `eld-${name}.json`);
  const child = spawn(
    process.execPath,
    ['--require', eventLoopPreload(tmp), join(root, 'dist', 'server.js'), '--stdio'],
    { stdio: 'pipe', env: { ...process.env, BENCH_ELD_OUT: eldFile } },
  );
  const spawnedAt = performance.now();
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  child.stderr.resume();
  const rpc = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const server: Server = {
    pid: child.pid ?? -1,
    spawnedAt,
    rpc,
    published: new Map(),
    logs: [],
    waiters: [],
    eldFile,
    exited,
  };
  const wake = (): void => {
    for (const w of server.waiters.splice(0)) w();
  };
  rpc.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
    const list = server.published.get(p.uri) ?? [];
    list.push({ version: p.version, at: performance.now() });
    server.published.set(p.uri, list);
    wake();
  });
  rpc.onNotification('window/logMessage', (p: { message: string }) => {
    const at = performance.now();
    if (!server.memoryAtIndexLog && INDEXED.test(p.message)) {
      try {
        server.memoryAtIndexLog = memoryOf(server.pid);
      } catch {
        // The process is gone; the caller reports the missing figure.
      }
    }
    server.logs.push({ message: p.message, at });
    wake();
  });
  rpc.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
    p.items.map((item) => configurationFor(item.section)),
  );
  // Anything else the server asks (capability registration, progress tokens, ...) is simply accepted.
  rpc.onRequest(() => null);
  rpc.onNotification(() => undefined);
  rpc.onError(() => undefined);
  child.stdin.on('error', () => undefined);
  rpc.listen();
  return server;
}

export async function waitFor<T>(
  server: Server,
  probe: () => T | undefined,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('bench: timed out waiting for the server');
    await new Promise<void>((done) => {
      const timer = setTimeout(done, 1000);
      server.waiters.push(() => {
        clearTimeout(timer);
        done();
      });
    });
  }
}

/** Initializes like an editor that supports pulled configuration; returns when `initialized` is sent. */
export async function initialize(server: Server, rootUri: string | null): Promise<number> {
  const result = (await server.rpc.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: rootUri ? [{ uri: rootUri, name: 'bench' }] : null,
    initializationOptions: { settings: SETTINGS },
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: {} },
      textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } },
      window: { workDoneProgress: true },
    },
  })) as { capabilities?: { textDocumentSync?: number | { change?: number } } };
  const sync = result.capabilities?.textDocumentSync;
  server.syncKind = typeof sync === 'number' ? sync : sync?.change;
  // Clear the event-loop record of the code loading before the first request (see eventLoopPreload).
  process.kill(server.pid, 'SIGUSR2');
  await sleep(20);
  await server.rpc.sendNotification('initialized', {});
  return performance.now();
}

/** Stops the server and returns the longest event-loop delay its preload saw (ms). */
export async function stopServer(server: Server): Promise<EventLoop | undefined> {
  await server.rpc.sendRequest('shutdown').catch(() => undefined);
  await server.rpc.sendNotification('exit').catch(() => undefined);
  await Promise.race([server.exited, sleep(5000)]);
  server.rpc.dispose();
  try {
    const eld = JSON.parse(readFileSync(server.eldFile, 'utf8')) as EventLoop;
    return { maxMs: round(eld.maxMs), p99Ms: round(eld.p99Ms) };
  } catch {
    return undefined;
  }
}

export interface EventLoop {
  maxMs: number;
  p99Ms: number;
}

/** When the diagnostics of `version` of `uri` first arrived, if they have. */
export const publishedAt = (server: Server, uri: string, version: number) => (): number | undefined =>
  server.published.get(uri)?.find((p) => p.version === version)?.at;

/** Opens a document and returns the milliseconds from didOpen to its first diagnostics. */
export async function openAndWait(server: Server, uri: string, text: string): Promise<number> {
  const sent = performance.now();
  await server.rpc.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'yaml', version: 1, text },
  });
  return (await waitFor(server, publishedAt(server, uri, 1))) - sent;
}

/** Waits (briefly) for the index of an empty workspace, so that it does not overlap the measurement. */
export async function settle(server: Server): Promise<void> {
  await waitFor(server, () => server.logs.find((l) => INDEXED.test(l.message)), 3000).catch(() => undefined);
}
