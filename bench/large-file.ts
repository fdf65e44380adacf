// The large-file part of `npm run bench` (issue 17): what one keystroke costs in a 1 MB, a 4 MB and a 16 MB
// file, when only the edited document changes. The argo-cd install bundle is concatenated 1×, 4× and 16×
// (each copy's object names made distinct, so that the cross rules see distinct objects), opened in a fresh
// server over stdio with `kubeHindsight.limits.maxFileBytes` raised, and edited at the same place in the
// same Deployment of the first copy: a scalar keystroke (a letter typed in an env var's name) and a
// structural one (a new env var: a list item of two lines). Each keystroke is timed from didChange to the publishDiagnostics of its version, in
// wall time and in the server's CPU time (every thread's, from /proc/<pid>/task/*/schedstat, in nanoseconds).
// The baselines are two full parses of the 1× text in this process: the published `yaml` package's and the
// product's own (parseFile, without a cache).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineCounter, parseAllDocuments } from 'yaml';
import { parseFile } from '../server/engine/parse';

/** How many copies of the bundle each file holds. */
export const COPIES = [1, 4, 16] as const;
/** Keystrokes per kind and size: enough for a p95 that is not simply the maximum. */
const KEYSTROKES = 30;
const TYPED = 'abcdefghijklmnopqrstuvwxyz';
/** Above the 16× file (about 16 MB), so that no size is skipped. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;
const SETTINGS = { analysis: { debounceMs: 0 }, limits: { maxFileBytes: MAX_FILE_BYTES } };

export interface Series {
  medianMs: number;
  p95Ms: number;
}

export interface KeystrokeFigures {
  cpu: Series;
  wall: Series;
}

export interface SizeFigures {
  copies: number;
  bytes: number;
  documents: number;
  openWallMs: number;
  scalar: KeystrokeFigures;
  structural: KeystrokeFigures;
}

export interface LargeFileFigures {
  sizes: SizeFigures[];
  /** CPU medians of full parses of the 1× text in this process (median of 5, after a warm-up). */
  baselines: { yamlParseCpuMs: number; parseFileCpuMs: number; yamlVersion: string };
  /** Median keystroke CPU of the largest file over the smallest's, per kind. */
  growth: { scalar: number; structural: number };
  /** Median keystroke CPU of the largest file over each baseline, per kind (the worse of the sizes). */
  toBaseline: {
    scalar: { yaml: number; parseFile: number };
    structural: { yaml: number; parseFile: number };
  };
}

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}

const series = (xs: readonly number[]): Series => ({
  medianMs: round(quantile(xs, 0.5)),
  p95Ms: round(quantile(xs, 0.95)),
});

/**
 * The bundle repeated `copies` times, each copy's `metadata.name`s and `app.kubernetes.io/name` labels
 * suffixed with its number (copy 0 stays as it is), so that every copy's objects are distinct objects that
 * select their own copy's pods.
 */
export function concatenated(bundle: string, copies: number): string {
  const parts: string[] = [];
  for (let copy = 0; copy < copies; copy++) {
    const renamed =
      copy === 0
        ? bundle
        : bundle
            .replace(/^( {2}name: )(\S+)$/gm, `$1$2-c${copy}`)
            .replace(/^( +app\.kubernetes\.io\/name: )(\S+)$/gm, `$1$2-c${copy}`);
    parts.push(renamed.endsWith('\n') ? renamed : `${renamed}\n`);
  }
  return parts.join('---\n');
}

/** The argocd-server Deployment of the first copy: its start and end offsets. */
function serverDeployment(text: string): { start: number; end: number } {
  const kind = /^kind: Deployment$/gm;
  for (let match = kind.exec(text); match; match = kind.exec(text)) {
    const start = text.lastIndexOf('\n---', match.index) + 1;
    const next = text.indexOf('\n---', match.index);
    const end = next === -1 ? text.length : next + 1;
    if (/^ {2}name: argocd-server$/m.test(text.slice(start, end))) return { start, end };
  }
  throw new Error('bench: no argocd-server Deployment in the bundle');
}

/** Where a scalar keystroke types: the end of the first env var's name of argocd-server's container. */
function scalarOffset(text: string): number {
  const { start, end } = serverDeployment(text);
  const env = /^ *- name: [A-Z_]+$/m.exec(text.slice(start, end));
  if (!env) throw new Error('bench: no env var in the argocd-server Deployment');
  return start + env.index + env[0].length;
}

/** Where a structural keystroke inserts new lines: the start of the first env var of argocd-server. */
function structuralOffset(text: string): { offset: number; indent: string } {
  const { start, end } = serverDeployment(text);
  const env = /^( *)- name: [A-Z_]+$/m.exec(text.slice(start, end));
  if (!env) throw new Error('bench: no env var in the argocd-server Deployment');
  return { offset: start + env.index, indent: env[1]! };
}

/** The CPU time of every thread of a process so far, in milliseconds (schedstat counts nanoseconds). */
function cpuOf(pid: number): number {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // A thread that ended meanwhile; its time is gone from the sum either way.
    }
  }
  return ns / 1e6;
}

interface Client {
  pid: number;
  published: Map<number, number>;
  wake: (() => void)[];
  send: (method: string, params: unknown) => Promise<void>;
  stop: () => Promise<void>;
}

/** A fresh server over stdio, with the bench's settings answered to `workspace/configuration`. */
async function startServer(root: string): Promise<Client> {
  const child = spawn(process.execPath, [join(root, 'dist', 'server.js'), '--stdio'], { stdio: 'pipe' });
  child.stderr.resume();
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  const rpc = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const client: Client = {
    pid: child.pid ?? -1,
    published: new Map(),
    wake: [],
    send: (method, params) => rpc.sendNotification(method, params),
    stop: async () => {
      await rpc.sendRequest('shutdown').catch(() => undefined);
      await rpc.sendNotification('exit').catch(() => undefined);
      await Promise.race([exited, new Promise((done) => setTimeout(done, 5000))]);
      rpc.dispose();
      if (child.exitCode === null) child.kill();
    },
  };
  rpc.onNotification('textDocument/publishDiagnostics', (p: { version?: number }) => {
    if (p.version !== undefined) client.published.set(p.version, performance.now());
    for (const wake of client.wake.splice(0)) wake();
  });
  rpc.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
    p.items.map((item) => {
      let value: unknown = { kubeHindsight: SETTINGS };
      for (const key of (item.section ?? '').split('.').filter(Boolean))
        value = typeof value === 'object' && value ? (value as Record<string, unknown>)[key] : undefined;
      return value ?? {};
    }),
  );
  rpc.onRequest(() => null);
  rpc.onNotification(() => undefined);
  rpc.onError(() => undefined);
  child.stdin.on('error', () => undefined);
  rpc.listen();
  await rpc.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: null,
    initializationOptions: { settings: SETTINGS },
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: {} },
      textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } },
    },
  });
  await rpc.sendNotification('initialized', {});
  return client;
}

/** When the diagnostics of `version` arrive. */
async function publishedOf(client: Client, version: number): Promise<number> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const at = client.published.get(version);
    if (at !== undefined) return at;
    if (Date.now() > deadline) throw new Error(`bench: no diagnostics for version ${version}`);
    await new Promise<void>((done) => {
      const timer = setTimeout(done, 1000);
      client.wake.push(() => {
        clearTimeout(timer);
        done();
      });
    });
  }
}

/** One size: open, then the scalar keystrokes, then the structural ones, in the same document. */
async function measureSize(root: string, bundle: string, copies: number): Promise<SizeFigures> {
  const text = concatenated(bundle, copies);
  const uri = pathToFileURL(join(root, 'bench', `large-${copies}x.yaml`)).toString();
  const local = TextDocument.create(uri, 'yaml', 1, text);
  const client = await startServer(root);
  let version = 1;
  try {
    const opened = performance.now();
    await client.send('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    const openWallMs = (await publishedOf(client, version)) - opened;
    const type = async (edit: (i: number) => { offset: number; text: string }): Promise<KeystrokeFigures> => {
      const cpu: number[] = [];
      const wall: number[] = [];
      for (let i = 0; i < KEYSTROKES; i++) {
        version++;
        const { offset, text: typed } = edit(i);
        const at = local.positionAt(offset);
        const change = { range: { start: at, end: at }, text: typed };
        TextDocument.update(local, [change], version);
        const cpuBefore = cpuOf(client.pid);
        const sent = performance.now();
        await client.send('textDocument/didChange', {
          textDocument: { uri, version },
          contentChanges: [change],
        });
        wall.push((await publishedOf(client, version)) - sent);
        cpu.push(cpuOf(client.pid) - cpuBefore);
      }
      return { cpu: series(cpu), wall: series(wall) };
    };
    const scalarAt = scalarOffset(text);
    const scalar = await type((i) => ({ offset: scalarAt + i, text: TYPED[i % TYPED.length]! }));
    // Each structural keystroke adds an env var (two lines) before the first: a new list item and key.
    const { offset: structuralAt, indent } = structuralOffset(local.getText());
    const structural = await type((i) => ({
      offset: structuralAt,
      text: `${indent}- name: KH_BENCH_${i}\n${indent}  value: x\n`,
    }));
    return {
      copies,
      bytes: Buffer.byteLength(text),
      documents: text.split(/^---$/m).length,
      openWallMs: round(openWallMs, 0),
      scalar,
      structural,
    };
  } finally {
    await client.stop();
  }
}

/** CPU milliseconds of `work`, median of 5 after a warm-up. */
function cpuMedian(work: () => void): number {
  work();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const before = process.cpuUsage();
    work();
    const used = process.cpuUsage(before);
    times.push((used.user + used.system) / 1000);
  }
  return round(quantile(times, 0.5));
}

/** The whole scenario; `bundlePath` is argo-cd-install.yaml of the real-world corpus. */
export async function largeFileKeystrokes(
  root: string,
  bundlePath: string,
  yamlVersion: string,
): Promise<LargeFileFigures> {
  const bundle = readFileSync(bundlePath, 'utf8');
  const one = concatenated(bundle, 1);
  const yamlParseCpuMs = cpuMedian(() => {
    parseAllDocuments(one, { keepSourceTokens: true, lineCounter: new LineCounter() });
  });
  const parseFileCpuMs = cpuMedian(() => {
    parseFile(one, { maxFileBytes: MAX_FILE_BYTES }, 'file:///bench.yaml');
  });
  const sizes: SizeFigures[] = [];
  for (const copies of COPIES) sizes.push(await measureSize(root, bundle, copies));
  const first = sizes[0]!;
  const last = sizes[sizes.length - 1]!;
  const worst = (kind: 'scalar' | 'structural'): number =>
    Math.max(...sizes.map((s) => s[kind].cpu.medianMs));
  const toBaseline = (kind: 'scalar' | 'structural') => ({
    yaml: round(worst(kind) / yamlParseCpuMs, 3),
    parseFile: round(worst(kind) / parseFileCpuMs, 3),
  });
  return {
    sizes,
    baselines: { yamlParseCpuMs, parseFileCpuMs, yamlVersion },
    growth: {
      scalar: round(last.scalar.cpu.medianMs / first.scalar.cpu.medianMs, 2),
      structural: round(last.structural.cpu.medianMs / first.structural.cpu.medianMs, 2),
    },
    toBaseline: { scalar: toBaseline('scalar'), structural: toBaseline('structural') },
  };
}
