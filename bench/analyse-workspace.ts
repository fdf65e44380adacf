// "Analyse workspace" through a fresh language server over stdio (issue 17): the server's CPU and wall time
// from the command to its answer over the synthetic workspace, against parsing every file of it once in one
// process (the published `yaml`, as for the CLI, and the product's own parseFile), while an editor hovers over
// and types into a small open document every ~50 ms; how long each of those waited is the other figure.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { RULES } from '../rules';
import { parseFile } from '../server/engine/parse';
import { RuleSet } from '../server/engine/rule-set';
import { normaliseSettings } from '../server/engine/settings';
import { best, measureNode, parseEveryFileScript, type ProcessCost } from './cli-run';
import { yamlFiles } from './synthetic';
import { SMALL_MANIFEST } from './small-manifest';

/** The command line flag that makes out/bench.js the product's parse baseline (see parseFilesProbe). */
export const PARSE_FILES_FLAG = '--parse-files-probe';

/** How often the editor hovers and types while the command runs. */
const INTERACTION_MS = 50;

/** How long the server is left after its index, and then hovered and typed into before the command. */
const SETTLE_MS = 2000;
const IDLE_MS = 3000;

/** Analyse at once after a keystroke, so that its latency is the server's own work. */
const SETTINGS = { analysis: { debounceMs: 0 } };

/** The open document hovered and typed into: a 20-line Deployment, outside the analysed folder. */
const OPEN_DOCUMENT = SMALL_MANIFEST;

/** Where letters are typed (after the owner annotation's value) and where hovers point (the container). */
const TYPED_AFTER = 'owner: payments-team';
const HOVER_AT = { line: 17, character: 12 };

export interface Waits {
  count: number;
  maxMs: number;
  p95Ms: number;
  medianMs: number;
}

export interface AnalyseWorkspaceResult {
  files: number;
  findings: number;
  /** Closed files whose diagnostics arrived before the command's answer. */
  filesPublished: number;
  /** The server's CPU (user + system, all threads, from /proc) and the wall time, command to answer. */
  server: { cpuMs: number; wallMs: number };
  parse: { yaml: ProcessCost; parseFile: ProcessCost };
  ratios: {
    cpuToYamlParse: number;
    wallToYamlParse: number;
    cpuToParseFile: number;
    wallToParseFile: number;
  };
  hover: Waits;
  keystroke: Waits;
  /** The same interactions on the idle server just before the command: the floor of these waits. */
  idle: { hover: Waits; keystroke: Waits };
}

const round = (x: number, digits = 1): number => Number(x.toFixed(digits));
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}

function waits(times: readonly number[]): Waits {
  return {
    count: times.length,
    maxMs: round(Math.max(...times)),
    p95Ms: round(quantile(times, 0.95)),
    medianMs: round(quantile(times, 0.5)),
  };
}

/** Clock ticks per second of /proc/<pid>/stat's times: 100 on every Linux Node runs on (USER_HZ). */
const CLOCK_TICKS = 100;

/** User plus system CPU of a process and all its threads so far, in ms, from /proc/<pid>/stat. */
function cpuOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name is in parentheses and may hold spaces; the fields after it are numbered from 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/**
 * The child run of out/bench.js behind the second baseline: parses every YAML file below `dir` once with the
 * product's parseFile, with the parts the default rules read in full (as the server does), keeping nothing.
 */
export function parseFilesProbe(dir: string): void {
  const rules = new RuleSet(RULES);
  const bodyKinds = rules.bodyKinds(normaliseSettings({}));
  let documents = 0;
  for (const path of yamlFiles(dir)) {
    documents += parseFile(readFileSync(path, 'utf8'), {}, path, { bodyKinds }).documents.length;
  }
  if (documents === 0) process.exitCode = 1;
}

/**
 * Runs the scenario over `folder` (the synthetic workspace): the two parse baselines before and after the
 * server's run (the better of each kept), and the server in between. `root` is the repository, `tmp` a
 * scratch folder. `nodeArgs` go to the server's node (`--cpu-prof` when profiling).
 */
export async function analyseWorkspace(
  root: string,
  tmp: string,
  folder: string,
  nodeArgs: readonly string[] = [],
): Promise<AnalyseWorkspaceResult> {
  const parseScript = parseEveryFileScript(tmp, root);
  const bench = join(root, 'out', 'bench.js');
  const yamlRuns: ProcessCost[] = [];
  const parseFileRuns: ProcessCost[] = [];
  const baselines = async (): Promise<void> => {
    yamlRuns.push(await measureNode(tmp, 'aw-parse-yaml', [parseScript, '.'], folder));
    parseFileRuns.push(await measureNode(tmp, 'aw-parse-file', [bench, PARSE_FILES_FLAG, '.'], folder));
  };
  await baselines();
  const run = await serverRun(root, tmp, folder, nodeArgs);
  await baselines();
  const yaml = best(yamlRuns);
  const parsed = best(parseFileRuns);
  return {
    ...run,
    parse: { yaml, parseFile: parsed },
    ratios: {
      cpuToYamlParse: round(run.server.cpuMs / yaml.cpuMs, 2),
      wallToYamlParse: round(run.server.wallMs / yaml.wallMs, 2),
      cpuToParseFile: round(run.server.cpuMs / parsed.cpuMs, 2),
      wallToParseFile: round(run.server.wallMs / parsed.wallMs, 2),
    },
  };
}

export type ServerRun = Omit<AnalyseWorkspaceResult, 'parse' | 'ratios'>;

/**
 * The server's part alone (a fresh server, the command, the editor's waits), without the baselines: what
 * a profile of the command (`nodeArgs` `--cpu-prof`) needs.
 */
export async function serverRun(
  root: string,
  tmp: string,
  folder: string,
  nodeArgs: readonly string[],
): Promise<ServerRun> {
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'dist', 'server.js'), '--stdio'], {
    stdio: 'pipe',
    cwd: tmp,
  });
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  child.stderr.resume();
  child.stdin.on('error', () => undefined);
  const rpc = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const pid = child.pid ?? -1;
  const published = new Map<string, number>();
  const versionWaiters = new Map<number, () => void>();
  let indexed: () => void = () => undefined;
  const indexedLog = new Promise<void>((done) => (indexed = done));
  const dir = join(tmp, 'aw-open');
  mkdirSync(dir, { recursive: true });
  const openPath = join(dir, 'checkout.yaml');
  writeFileSync(openPath, OPEN_DOCUMENT);
  const openUri = pathToFileURL(openPath).toString();
  rpc.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
    if (p.uri === openUri) {
      const waiter = p.version === undefined ? undefined : versionWaiters.get(p.version);
      if (waiter) {
        versionWaiters.delete(p.version!);
        waiter();
      }
      return;
    }
    published.set(p.uri, (published.get(p.uri) ?? 0) + 1);
  });
  rpc.onNotification('window/logMessage', (p: { message: string }) => {
    if (/indexed \d+ YAML files/.test(p.message)) indexed();
  });
  rpc.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
    p.items.map((item) => (item.section === 'kubeHindsight' ? SETTINGS : {})),
  );
  rpc.onRequest(() => null);
  rpc.onNotification(() => undefined);
  rpc.onError(() => undefined);
  rpc.listen();

  const folderUri = pathToFileURL(folder).toString();
  await rpc.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: 'synthetic' }],
    initializationOptions: { settings: SETTINGS },
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: {} },
      textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } },
      window: { workDoneProgress: true },
    },
  });
  await rpc.sendNotification('initialized', {});
  const versionPublished = (version: number): Promise<void> =>
    new Promise((done) => versionWaiters.set(version, done));
  const opened = versionPublished(1);
  await rpc.sendNotification('textDocument/didOpen', {
    textDocument: { uri: openUri, languageId: 'yaml', version: 1, text: OPEN_DOCUMENT },
  });
  await opened;
  await indexedLog;
  // What follows the index (reading its values ahead, analysing the dependents) finishes before the clock.
  await sleep(SETTLE_MS);

  const editor = new Editor(rpc, openUri, versionPublished);
  // The same interactions on the idle server first: what they wait for on this machine, at this load.
  const idle = await editor.interactWhile(sleep(IDLE_MS));
  const cpuBefore = cpuOf(pid);
  const started = performance.now();
  const command = rpc.sendRequest('workspace/executeCommand', {
    command: 'kube-hindsight.analyseWorkspace',
    arguments: [],
  }) as Promise<{ files: number; findings: number }>;
  let wallMs = NaN;
  let cpuMs = NaN;
  const done = command.then((answer) => {
    wallMs = performance.now() - started;
    cpuMs = cpuOf(pid) - cpuBefore;
    return answer;
  });
  const during = await editor.interactWhile(done);
  const summary = await done;

  await rpc.sendRequest('shutdown').catch(() => undefined);
  await rpc.sendNotification('exit').catch(() => undefined);
  await Promise.race([exited, sleep(10_000)]);
  rpc.dispose();
  return {
    files: summary.files,
    findings: summary.findings,
    filesPublished: published.size,
    server: { cpuMs: round(cpuMs), wallMs: round(wallMs) },
    hover: waits(during.hovers),
    keystroke: waits(during.keystrokes),
    idle: { hover: waits(idle.hovers), keystroke: waits(idle.keystrokes) },
  };
}

/**
 * The editor's side: a hover on the open document every INTERACTION_MS, and independently a one-character
 * edit every INTERACTION_MS, each sent once the previous one's answer (the hover, the new version's
 * diagnostics) arrived; the milliseconds each waited.
 */
class Editor {
  private readonly local: TextDocument;
  private offset = OPEN_DOCUMENT.indexOf(TYPED_AFTER) + TYPED_AFTER.length;

  constructor(
    private readonly rpc: ReturnType<typeof createMessageConnection>,
    private readonly uri: string,
    private readonly published: (version: number) => Promise<void>,
  ) {
    this.local = TextDocument.create(uri, 'yaml', 1, OPEN_DOCUMENT);
  }

  /** Hovers and types until `until` settles. */
  async interactWhile(until: Promise<unknown>): Promise<{ hovers: number[]; keystrokes: number[] }> {
    let running = true;
    void until.finally(() => (running = false));
    const hovers: number[] = [];
    const keystrokes: number[] = [];
    const every = async (act: () => Promise<void>, times: number[]): Promise<void> => {
      while (running) {
        const sent = performance.now();
        await act();
        times.push(performance.now() - sent);
        await sleep(Math.max(0, INTERACTION_MS - (performance.now() - sent)));
      }
    };
    await Promise.all([every(() => this.hover(), hovers), every(() => this.type(), keystrokes)]);
    return { hovers, keystrokes };
  }

  private async hover(): Promise<void> {
    await this.rpc.sendRequest('textDocument/hover', { textDocument: { uri: this.uri }, position: HOVER_AT });
  }

  private async type(): Promise<void> {
    const version = this.local.version + 1;
    const at = this.local.positionAt(this.offset++);
    const change = { range: { start: at, end: at }, text: 'x' };
    TextDocument.update(this.local, [change], version);
    const arrived = this.published(version);
    await this.rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri: this.uri, version },
      contentChanges: [change],
    });
    await arrived;
  }
}
