// Reads many manifests into the workspace index: in worker threads (index-worker.ts) on the machine's other
// cores when the worker script is there (the bundled server), else in this thread one file per turn of the
// event loop. Either way the editor's requests are served between files.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { isPlainObject } from '../engine/values';
import type { BodyKinds } from '../engine/types';
import {
  headerOf,
  readObjects,
  type ObjectRecord,
  type PackedObjectRecord,
  type PartRecord,
} from './read-objects';

export interface IndexJob {
  files: { uri: string; path: string }[];
  maxFileBytes: number;
  bodyKinds: BodyKinds;
}

export interface IndexResult {
  uri: string;
  /** Undefined when the file could not be read or is over the size bound. */
  parts: PartRecord<ObjectRecord | PackedObjectRecord>[] | undefined;
}

/**
 * The parts of a file as a worker thread sends them: what identifies each object, read already, and its
 * value as JSON text. Sent as plain values, every object was built on the server's thread as its message
 * arrived, and that building, and the collection of the garbage it left, held up the editor's requests
 * while a large workspace was indexed; as text, the server parses each value when it has time, or at once
 * when a rule asks for it first (index.ts). JSON.parse reads these values about twice as fast as
 * v8.deserialize. A value JSON would change (NaN, an infinity, -0) is sent as it is.
 */
export function packed(parts: readonly PartRecord[]): PartRecord<ObjectRecord | PackedObjectRecord>[] {
  return parts.map((part) => ({
    ...part,
    objects: part.objects.map((object) => {
      const { value, ...place } = object;
      return keptByJson(value) ? { ...place, header: headerOf(value), json: JSON.stringify(value) } : object;
    }),
  }));
}

/** Whether JSON text holds `value` exactly (YAML values are JSON's, but for these numbers). */
function keptByJson(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(keptByJson);
  if (isPlainObject(value)) return Object.values(value).every(keptByJson);
  return true;
}

/** More workers than this only add memory: reading files and merging results in this thread become the limit. */
const MAX_WORKERS = 4;

/** The bundled worker script, next to the bundle this code runs in (dist/index-worker.js). */
const WORKER_SCRIPT = join(__dirname, 'index-worker.js');

/**
 * Reads `files` and calls `onFile` for each as its objects arrive (in no particular order). Uses up to
 * `workers` threads (default: one per core, at most MAX_WORKERS); `workers: 0` reads here.
 */
export async function readManifests(
  files: readonly { uri: string; path: string; size: number }[],
  options: { bodyKinds: BodyKinds; maxFileBytes: number; workers?: number },
  onFile: (result: IndexResult) => void,
): Promise<void> {
  // One worker per core: this thread mostly waits for them, and yields to the editor's requests when not.
  const count = Math.min(options.workers ?? Math.min(availableParallelism(), MAX_WORKERS), files.length);
  if (count > 0 && existsSync(WORKER_SCRIPT)) {
    try {
      await inWorkers(files, options, count, onFile);
      return;
    } catch {
      // Workers unavailable (a restricted runtime): fall through and read here.
    }
  }
  for (const { uri, path } of files) {
    await new Promise((resolve) => setImmediate(resolve));
    onFile(readOne(uri, path, options));
  }
}

function readOne(
  uri: string,
  path: string,
  options: { bodyKinds: BodyKinds; maxFileBytes: number },
): IndexResult {
  try {
    if (statSync(path).size > options.maxFileBytes) return { uri, parts: undefined };
    return { uri, parts: readObjects(readFileSync(path, 'utf8'), uri, options.bodyKinds) };
  } catch {
    return { uri, parts: undefined };
  }
}

/** Shares the files among `count` workers by size (largest first to the least loaded), then waits for all. */
async function inWorkers(
  files: readonly { uri: string; path: string; size: number }[],
  options: { bodyKinds: BodyKinds; maxFileBytes: number },
  count: number,
  onFile: (result: IndexResult) => void,
): Promise<void> {
  const shares = Array.from({ length: count }, () => ({
    bytes: 0,
    files: [] as { uri: string; path: string }[],
  }));
  for (const file of [...files].sort((a, b) => b.size - a.size)) {
    const share = shares.reduce((least, s) => (s.bytes < least.bytes ? s : least));
    share.bytes += file.size;
    share.files.push({ uri: file.uri, path: file.path });
  }
  // Each worker reads its smallest files first, so hand-written manifests arrive early.
  for (const share of shares) share.files.reverse();
  const seen = new Set<string>();
  await Promise.all(
    shares.map(
      (share) =>
        new Promise<void>((resolve) => {
          const worker = new Worker(WORKER_SCRIPT);
          const job: IndexJob = {
            files: share.files,
            maxFileBytes: options.maxFileBytes,
            bodyKinds: options.bodyKinds,
          };
          worker.on('message', (message: IndexResult | 'done') => {
            if (message === 'done') {
              void worker.terminate();
              resolve();
              return;
            }
            seen.add(message.uri);
            onFile(message);
          });
          worker.on('error', () => {
            void worker.terminate();
            // What this worker did not get to is read here, so a crash loses no file.
            for (const file of share.files) {
              if (!seen.has(file.uri)) onFile(readOne(file.uri, file.path, options));
            }
            resolve();
          });
          worker.postMessage(job);
        }),
    ),
  );
}
