// A worker thread of the workspace index: reads manifests from disk and parses them into ObjectRecords, so
// that a workspace of thousands of files is indexed on the machine's other cores while the language server's
// own thread keeps answering the editor. It knows nothing of LSP; index.ts starts it and merges its results.
import { readFileSync, statSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { readObjects } from './read-objects';
import { packed, type IndexJob, type IndexResult } from './reader';

/**
 * How much lower than the server's thread this worker runs (a nice value). The index is background work:
 * while it runs, the server's thread (answering the editor) must win the CPU whenever it wants it, which on
 * a two-core machine with two workers it otherwise often does not.
 */
const BACKGROUND_NICENESS = 10;

// On Linux a thread's nice value is its own, so this lowers this worker alone. Elsewhere the call would
// lower the whole server, so it is not made there.
if (process.platform === 'linux') {
  try {
    setPriority(0, BACKGROUND_NICENESS);
  } catch {
    // Not permitted (a sandbox): the worker runs at the server's priority, as it would elsewhere.
  }
}

parentPort?.on('message', (job: IndexJob) => {
  for (const { uri, path } of job.files) {
    const result: IndexResult = { uri, parts: undefined };
    try {
      if (statSync(path).size <= job.maxFileBytes) {
        result.parts = packed(readObjects(readFileSync(path, 'utf8'), uri, job.bodyKinds));
      }
    } catch {
      // Unreadable or vanished since it was listed: the file is reported without objects.
    }
    parentPort?.postMessage(result);
  }
  parentPort?.postMessage('done');
});
