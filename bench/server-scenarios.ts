// The server scenarios of `npm run bench` that run on the corpus's own files: a cold open, thirty keystrokes
// in three places (a Deployment and a CRD of the argo-cd bundle, and a 20-line manifest), and the workspace
// index of a folder with a small manifest opened while it is built.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseAllDocuments, parseDocument } from 'yaml';
import {
  INDEXED,
  initialize,
  memoryOf,
  openAndWait,
  publishedAt,
  settle,
  startServer,
  stopServer,
  waitFor,
  type EventLoop,
} from './lsp-server';
import { SMALL_MANIFEST } from './small-manifest';
import { median, quantile, round, sleep } from './stats';

/** Keystrokes per scenario: enough for a p95 that is not simply the maximum. */
export const KEYSTROKES = 30;
/** Characters typed, one per edit; letters keep every edited scalar a plain scalar. */
const TYPED = 'abcdefghijklmnopqrstuvwxyz';
/** How long after the "indexed" log line memory is read again, once the work that follows it has run. */
export const RSS_SETTLE_MS = 2000;

export async function coldOpen(
  root: string,
  tmp: string,
  path: string,
): Promise<{ ms: number; eventLoop?: EventLoop }> {
  const server = startServer(root, tmp, `cold-${path.replace(/\W/g, '_')}`);
  await initialize(server, null);
  await settle(server);
  const ms = await openAndWait(server, pathToFileURL(path).toString(), readFileSync(path, 'utf8'));
  return { ms, eventLoop: await stopServer(server) };
}

export interface Typing {
  /** The file as opened. */
  text: string;
  /** Where the first character is typed; each next one goes right after the previous. */
  offset: number;
}

export interface KeystrokeResult {
  openMs: number;
  times: number[];
  finalTextValid: boolean;
  syncKind?: number;
  eventLoop?: EventLoop;
}

/**
 * Opens `path` with `typing.text`, waits for version 1's diagnostics, then types one character per
 * incremental didChange, each waiting for its version's diagnostics before the next is sent.
 */
export async function keystrokes(
  root: string,
  tmp: string,
  name: string,
  path: string,
  typing: Typing,
): Promise<KeystrokeResult> {
  const server = startServer(root, tmp, `keys-${name}`);
  await initialize(server, null);
  await settle(server);
  const uri = pathToFileURL(path).toString();
  const local = TextDocument.create(uri, 'yaml', 1, typing.text);
  const openMs = await openAndWait(server, uri, typing.text);
  const times: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    const version = i + 2;
    const at = local.positionAt(typing.offset + i);
    const change = { range: { start: at, end: at }, text: TYPED[i % TYPED.length]! };
    TextDocument.update(local, [change], version);
    const sent = performance.now();
    await server.rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [change],
    });
    times.push((await waitFor(server, publishedAt(server, uri, version))) - sent);
  }
  const finalTextValid = parseAllDocuments(local.getText()).every((doc) => doc.errors.length === 0);
  return { openMs, times, finalTextValid, syncKind: server.syncKind, eventLoop: await stopServer(server) };
}

/** The YAML documents of a text as [start, end) offsets, split at `---` lines. */
function documentsOf(text: string): { start: number; end: number }[] {
  const separators = [...text.matchAll(/^---[^\n]*\n/gm)];
  const starts = [0, ...separators.map((m) => m.index + m[0].length)];
  return starts.map((start, i) => ({ start, end: separators[i]?.index ?? text.length }));
}

/**
 * Scenario A: the end of the first `- name:` env var of the argocd-server Deployment; letters appended to
 * it keep the document valid and change what the Deployment's rules read.
 */
export function deploymentTyping(text: string, file: string): Typing {
  for (const { start, end } of documentsOf(text)) {
    const doc = text.slice(start, end);
    if (!/^kind: Deployment$/m.test(doc) || !/^ {2}name: argocd-server$/m.test(doc)) continue;
    const env = /^ *- name: [A-Z_]+$/m.exec(doc);
    if (env) return { text, offset: start + env.index + env[0].length };
  }
  throw new Error(`bench: no env var in the argocd-server Deployment of ${file}`);
}

/**
 * Scenario B: a comment line inserted in the middle of the largest CustomResourceDefinition, before a
 * mapping key and with its indentation. A candidate line inside a block scalar would make the "comment"
 * part of a string, so the CRD must parse to the same value with the line as without it.
 */
export function crdTyping(text: string, file: string): Typing {
  const crds = documentsOf(text)
    .filter(({ start, end }) => /^kind: CustomResourceDefinition$/m.test(text.slice(start, end)))
    .sort((a, b) => b.end - b.start - (a.end - a.start));
  const crd = crds[0];
  if (!crd) throw new Error(`bench: no CustomResourceDefinition in ${file}`);
  const doc = text.slice(crd.start, crd.end);
  const expected = JSON.stringify(parseDocument(doc).toJS());
  const key = /^( *)[A-Za-z$][\w$.-]*:( |$)/gm;
  key.lastIndex = doc.indexOf('\n', Math.floor(doc.length / 2)) + 1;
  for (let match = key.exec(doc), tries = 0; match && tries < 50; match = key.exec(doc), tries++) {
    const comment = `${match[1]}# `;
    const edited = doc.slice(0, match.index) + comment + '\n' + doc.slice(match.index);
    if (JSON.stringify(parseDocument(edited).toJS()) !== expected) continue;
    const at = crd.start + match.index;
    return { text: text.slice(0, at) + comment + '\n' + text.slice(at), offset: at + comment.length };
  }
  throw new Error(`bench: no place for a comment in the largest CustomResourceDefinition of ${file}`);
}

/** Scenario C: the end of the small manifest's `owner` annotation value. */
export function smallTyping(): Typing {
  const line = 'owner: payments-team';
  return { text: SMALL_MANIFEST, offset: SMALL_MANIFEST.indexOf(line) + line.length };
}

export interface IndexResult {
  files: number;
  objects: number;
  /** The server's own figure, from its `initialized` handler to the log line. */
  serverMs: number;
  spawnToLogMs: number;
  initializedToLogMs: number;
  /** The small manifest opened right after `initialized`, while the index is being built. */
  smallOpenDuringIndexMs: number;
  rssAtLogMB: number;
  rssAfterMB: number;
  peakMB: number;
  eventLoop?: EventLoop;
}

export async function indexWorkspace(
  root: string,
  tmp: string,
  folder: string,
  name: string,
  small: string,
): Promise<IndexResult> {
  const server = startServer(root, tmp, `index-${name}`);
  const initializedAt = await initialize(server, pathToFileURL(folder).toString());
  const smallOpenDuringIndexMs = await openAndWait(server, pathToFileURL(small).toString(), SMALL_MANIFEST);
  const log = await waitFor(server, () => server.logs.find((l) => INDEXED.test(l.message)));
  const match = INDEXED.exec(log.message);
  const atLog = server.memoryAtIndexLog;
  await sleep(Math.max(0, log.at + RSS_SETTLE_MS - performance.now()));
  const after = memoryOf(server.pid);
  const eventLoop = await stopServer(server);
  return {
    files: Number(match?.[1]),
    objects: Number(match?.[2]),
    serverMs: Number(match?.[3]),
    spawnToLogMs: round(log.at - server.spawnedAt),
    initializedToLogMs: round(log.at - initializedAt),
    smallOpenDuringIndexMs: round(smallOpenDuringIndexMs),
    rssAtLogMB: round(atLog?.rssMB ?? NaN),
    rssAfterMB: round(after.rssMB),
    peakMB: round(after.peakMB),
    eventLoop,
  };
}

export function keystrokeSummary(k: KeystrokeResult, floor: number | undefined) {
  const med = median(k.times);
  const p95 = quantile(k.times, 0.95);
  return {
    edits: k.times.length,
    openMs: round(k.openMs),
    medianMs: round(med),
    p95Ms: round(p95),
    maxMs: round(Math.max(...k.times)),
    ...(floor === undefined ? {} : { medianRatio: round(med / floor, 3), p95Ratio: round(p95 / floor, 3) }),
    finalTextValidYaml: k.finalTextValid,
    serverSyncKind: k.syncKind ?? null,
    timesMs: k.times.map((t) => round(t)),
  };
}
