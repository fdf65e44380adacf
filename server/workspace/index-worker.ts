// A worker thread of the workspace index: reads manifests from disk and parses them into ObjectRecords, so
// that a workspace of thousands of files is indexed on the machine's other cores while the language server's
// own thread keeps answering the editor. It knows nothing of LSP; index.ts starts it and merges its results.
import { readFileSync, statSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { readObjects } from './read-objects';
import type { IndexJob, IndexResult } from './reader';

parentPort?.on('message', (job: IndexJob) => {
  for (const { uri, path } of job.files) {
    const result: IndexResult = { uri, parts: undefined };
    try {
      if (statSync(path).size <= job.maxFileBytes) {
        result.parts = readObjects(readFileSync(path, 'utf8'), uri, job.bodyKinds);
      }
    } catch {
      // Unreadable or vanished since it was listed: the file is reported without objects.
    }
    parentPort?.postMessage(result);
  }
  parentPort?.postMessage('done');
});
