// `npm run bench`: measures the engine and the language server on the real-world corpus, in one Node
// process, against the floor of one full `yaml` parse of the same text. Prints a table and writes
// bench/results.json. Usage: node out/bench.js [corpus folder] (default ../shared/corpus/realworld).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { LineCounter, parseAllDocuments } from 'yaml';
import { RULES } from '../rules';
import { analyseFile } from '../server/engine/engine';
import { parseFile } from '../server/engine/parse';

const root = resolve(__dirname, '..');
const corpus = resolve(process.argv[2] ?? join(root, '..', 'shared', 'corpus', 'realworld'));
const DEBOUNCE_MS = 150; // server/lsp/main.ts, DEBOUNCE_MS
const FILES = ['argo-cd-install.yaml', 'prometheus-operator-bundle.yaml'];
const EDITS = 25;

const median = (xs: number[]): number => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}
const round = (x: number, digits = 1): number => Number(x.toFixed(digits));

function fullParseMs(text: string): number {
  const started = performance.now();
  parseAllDocuments(text, { keepSourceTokens: true, lineCounter: new LineCounter() });
  return performance.now() - started;
}

function floorMs(text: string, runs = 7): number {
  fullParseMs(text); // warm-up
  return median(Array.from({ length: runs }, () => fullParseMs(text)));
}

function analysisMs(text: string, uri: string): number {
  const started = performance.now();
  analyseFile(parseFile(text, {}, uri), RULES, { uri });
  return performance.now() - started;
}

/** A preload for the server process: records the longest event-loop delay and writes it on exit. */
function eventLoopPreload(dir: string): string {
  const path = join(dir, 'eld-preload.js');
  writeFileSync(
    path,
    `const { monitorEventLoopDelay } = require('node:perf_hooks');
const h = monitorEventLoopDelay({ resolution: 10 });
h.enable();
process.on('exit', () => {
  try { require('node:fs').writeFileSync(process.env.BENCH_ELD_OUT, String(h.max / 1e6)); } catch {}
});
`,
  );
  return path;
}

interface Server {
  pid: number;
  spawnedAt: number;
  rpc: ReturnType<typeof createMessageConnection>;
  published: Map<string, { version: number | undefined; at: number }[]>;
  logs: { message: string; at: number }[];
  waiters: (() => void)[];
  eldFile: string;
  exited: Promise<void>;
}

function startServer(tmp: string, name: string): Server {
  const eldFile = join(tmp, `eld-${name}.txt`);
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
    server.logs.push({ message: p.message, at: performance.now() });
    wake();
  });
  rpc.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  rpc.onRequest('client/registerCapability', () => null);
  rpc.onNotification('window/showMessage', () => undefined);
  rpc.onError(() => undefined);
  child.stdin.on('error', () => undefined);
  rpc.listen();
  return server;
}

async function waitFor<T>(server: Server, probe: () => T | undefined, timeoutMs = 120_000): Promise<T> {
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

async function initialize(server: Server, rootUri: string | null): Promise<void> {
  await server.rpc.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: rootUri ? [{ uri: rootUri, name: 'bench' }] : null,
    capabilities: { workspace: { configuration: true, workspaceFolders: true } },
  });
  await server.rpc.sendNotification('initialized', {});
}

/** Stops the server and returns the longest event-loop delay its preload saw (ms). */
async function stopServer(server: Server): Promise<number | undefined> {
  await server.rpc.sendRequest('shutdown').catch(() => undefined);
  await server.rpc.sendNotification('exit').catch(() => undefined);
  await Promise.race([server.exited, new Promise((done) => setTimeout(done, 5000))]);
  server.rpc.dispose();
  try {
    return Number(readFileSync(server.eldFile, 'utf8'));
  } catch {
    return undefined;
  }
}

function peakRssMiB(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

async function keystrokes(tmp: string, path: string): Promise<{ times: number[]; eventLoopMaxMs?: number }> {
  const server = startServer(tmp, 'keystroke');
  await initialize(server, null);
  const uri = pathToFileURL(path).toString();
  const text = readFileSync(path, 'utf8');
  const at = (version: number) => () => server.published.get(uri)?.find((p) => p.version === version)?.at;
  await server.rpc.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'yaml', version: 1, text },
  });
  await waitFor(server, at(1));
  // Typing in one place: a comment line near the middle of the file grows one character per edit.
  const cut = text.indexOf('\n', Math.floor(text.length / 2)) + 1;
  const times: number[] = [];
  for (let i = 1; i <= EDITS; i++) {
    const version = i + 1;
    const edited = `${text.slice(0, cut)}# ${'x'.repeat(i)}\n${text.slice(cut)}`;
    const sent = performance.now();
    await server.rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text: edited }],
    });
    times.push((await waitFor(server, at(version))) - sent);
  }
  const eventLoopMaxMs = await stopServer(server);
  return { times, eventLoopMaxMs };
}

async function indexWorkspace(
  tmp: string,
  folder: string,
  name: string,
): Promise<{
  files: number;
  msToLog: number;
  serverMs: number;
  peakRssMiB: number;
  eventLoopMaxMs?: number;
}> {
  const server = startServer(tmp, name);
  await initialize(server, pathToFileURL(folder).toString());
  const log = await waitFor(server, () => server.logs.find((l) => /indexed \d+ YAML files/.test(l.message)));
  const rss = peakRssMiB(server.pid);
  const match = /indexed (\d+) YAML files .* in (\d+) ms/.exec(log.message);
  const eventLoopMaxMs = await stopServer(server);
  return {
    files: Number(match?.[1]),
    serverMs: Number(match?.[2]),
    msToLog: log.at - server.spawnedAt,
    peakRssMiB: rss,
    eventLoopMaxMs,
  };
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yamlFiles(path, out);
    else if (/\.ya?ml$/.test(entry)) out.push(path);
  }
  return out.sort();
}

/** ~20 MB in ~1,000 files: the corpus's documents regrouped into ~20 KB files, objects renamed per copy. */
function syntheticWorkspace(tmp: string): { dir: string; files: number; bytes: number } {
  const dir = join(tmp, 'synthetic');
  mkdirSync(dir);
  const docs = yamlFiles(corpus)
    .filter((p) => !p.includes('parse-edge-cases'))
    .flatMap((p) => readFileSync(p, 'utf8').split(/^---[^\n]*\n/m))
    .filter((d) => /^kind:/m.test(d) && d.length < 60_000);
  const target = 20 * 1024 * 1024;
  let bytes = 0;
  let files = 0;
  let copy = 0;
  let chunk: string[] = [];
  let chunkBytes = 0;
  const flush = (): void => {
    const text = chunk.join('---\n');
    writeFileSync(join(dir, `manifest-${String(files).padStart(4, '0')}.yaml`), text);
    bytes += Buffer.byteLength(text);
    files++;
    chunk = [];
    chunkBytes = 0;
  };
  while (bytes < target || files < 1000) {
    copy++;
    for (const doc of docs) {
      const renamed = doc.replace(/^( {2}name: )(["']?)([^\s"']+)\2\s*$/m, `$1$3-c${copy}`);
      chunk.push(renamed);
      chunkBytes += renamed.length;
      // Cut at the running share of 20 MB per 1,000 files, so large documents do not thin out the count.
      if (bytes + chunkBytes >= ((files + 1) * target) / 1000) flush();
      if (bytes >= target && files >= 1000) break;
    }
  }
  if (chunk.length > 0) flush();
  return { dir, files, bytes };
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'kh-bench-'));
  const results: Record<string, unknown> = { corpus, node: process.version, date: new Date().toISOString() };
  const rows: string[][] = [];
  try {
    const perFile: Record<string, unknown> = {};
    const floors: Record<string, number> = {};
    for (const name of FILES) {
      const path = join(corpus, name);
      const text = readFileSync(path, 'utf8');
      const floor = floorMs(text);
      floors[name] = floor;
      const cold = analysisMs(text, pathToFileURL(path).toString());
      const warm = median(Array.from({ length: 5 }, () => analysisMs(text, pathToFileURL(path).toString())));
      perFile[name] = {
        bytes: Buffer.byteLength(text),
        fullParseFloorMs: round(floor),
        coldAnalysisMs: round(cold),
        coldAnalysisRatio: round(cold / floor, 2),
        warmAnalysisMedianMs: round(warm),
        warmAnalysisRatio: round(warm / floor, 2),
      };
      rows.push([`full parse floor: ${name}`, `${round(floor)} ms`, '1.00']);
      rows.push([`cold parseFile+analyseFile: ${name}`, `${round(cold)} ms`, (cold / floor).toFixed(2)]);
      rows.push([`warm parseFile+analyseFile: ${name}`, `${round(warm)} ms`, (warm / floor).toFixed(2)]);
    }
    results.files = perFile;

    const argo = FILES[0]!;
    const ks = await keystrokes(tmp, join(corpus, argo));
    const med = median(ks.times);
    const p95 = quantile(ks.times, 0.95);
    const floor = floors[argo]!;
    results.keystroke = {
      file: argo,
      edits: ks.times.length,
      medianMs: round(med),
      p95Ms: round(p95),
      medianRatio: round(med / floor, 2),
      p95Ratio: round(p95 / floor, 2),
      debounceMs: DEBOUNCE_MS,
      medianMinusDebounceMs: round(med - DEBOUNCE_MS),
      p95MinusDebounceMs: round(p95 - DEBOUNCE_MS),
      medianMinusDebounceRatio: round((med - DEBOUNCE_MS) / floor, 2),
      p95MinusDebounceRatio: round((p95 - DEBOUNCE_MS) / floor, 2),
      eventLoopMaxDelayMs: ks.eventLoopMaxMs === undefined ? null : round(ks.eventLoopMaxMs),
    };
    rows.push([
      `keystroke (${argo}), median / p95`,
      `${round(med)} / ${round(p95)} ms`,
      `${(med / floor).toFixed(2)} / ${(p95 / floor).toFixed(2)}`,
    ]);
    rows.push([
      `  same minus ${DEBOUNCE_MS} ms debounce`,
      `${round(med - DEBOUNCE_MS)} / ${round(p95 - DEBOUNCE_MS)} ms`,
      `${((med - DEBOUNCE_MS) / floor).toFixed(2)} / ${((p95 - DEBOUNCE_MS) / floor).toFixed(2)}`,
    ]);

    const corpusIndex = await indexWorkspace(tmp, corpus, 'corpus');
    results.corpusIndex = {
      files: corpusIndex.files,
      serverMs: corpusIndex.serverMs,
      msToLog: round(corpusIndex.msToLog),
      peakRssMiB: round(corpusIndex.peakRssMiB),
      eventLoopMaxDelayMs:
        corpusIndex.eventLoopMaxMs === undefined ? null : round(corpusIndex.eventLoopMaxMs),
    };
    rows.push([
      `index corpus (${corpusIndex.files} files), spawn→log / server`,
      `${round(corpusIndex.msToLog)} / ${corpusIndex.serverMs} ms`,
      '',
    ]);
    rows.push(['  server peak RSS (VmHWM)', `${round(corpusIndex.peakRssMiB)} MiB`, '']);

    const synthetic = syntheticWorkspace(tmp);
    const synth = await indexWorkspace(tmp, synthetic.dir, 'synthetic');
    results.syntheticIndex = {
      files: synth.files,
      bytes: synthetic.bytes,
      msToLog: round(synth.msToLog),
      serverMs: synth.serverMs,
      peakRssMiB: round(synth.peakRssMiB),
      eventLoopMaxDelayMs: synth.eventLoopMaxMs === undefined ? null : round(synth.eventLoopMaxMs),
    };
    const mb = (synthetic.bytes / 1024 / 1024).toFixed(1);
    rows.push([
      `index synthetic (${synth.files} files, ${mb} MiB), spawn→log / server`,
      `${round(synth.msToLog)} / ${synth.serverMs} ms`,
      '',
    ]);
    rows.push(['  server peak RSS (VmHWM)', `${round(synth.peakRssMiB)} MiB`, '']);
    const eld = [ks.eventLoopMaxMs, corpusIndex.eventLoopMaxMs, synth.eventLoopMaxMs];
    rows.push([
      'longest event-loop delay: keystroke / corpus / synthetic',
      eld.map((x) => (x === undefined ? 'n/a' : String(round(x)))).join(' / ') + ' ms',
      '',
    ]);

    const bundle = perFile[FILES[1]!] as { coldAnalysisRatio: number };
    const keystroke = results.keystroke as { medianRatio: number; medianMinusDebounceRatio: number };
    const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');
    results.targets = [
      {
        target: 'keystroke ≤ 0.05 × full parse',
        measured: `${keystroke.medianRatio} × (${keystroke.medianMinusDebounceRatio} × without debounce)`,
        met: keystroke.medianRatio <= 0.05,
        metWithoutDebounce: keystroke.medianMinusDebounceRatio <= 0.05,
      },
      {
        target: 'cold open of the CRD-heavy bundle ≤ 0.5 × full parse',
        measured: `${bundle.coldAnalysisRatio} ×`,
        met: bundle.coldAnalysisRatio <= 0.5,
      },
      {
        target: 'index of 1,000 manifests / 20 MB ≤ 2 s',
        measured: `${synth.serverMs} ms (${round(synth.msToLog)} ms from spawn)`,
        met: synth.msToLog <= 2000,
      },
      {
        target: 'index of 1,000 manifests / 20 MB with RSS ≤ 200 MB',
        measured: `${round(synth.peakRssMiB)} MiB`,
        met: synth.peakRssMiB <= 200,
      },
    ];
    const targets = results.targets as { target: string; measured: string; met: boolean }[];
    rows.push(...targets.map((t) => [`target: ${t.target}`, t.measured, met(t.met)]));

    const width = [0, 1, 2].map((c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
    console.log(
      `Kube Hindsight bench (${process.version}, corpus ${corpus}); ratios are × one full yaml parse`,
    );
    for (const r of rows)
      console.log(
        r
          .map((cell, c) => cell.padEnd(width[c]!))
          .join('  ')
          .trimEnd(),
      );
    writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
    console.log('wrote bench/results.json');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
