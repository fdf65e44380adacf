// Preloaded with `node --require` by test/unit/cli-parallel.test.ts (a preload runs in every thread of the
// process). In the check's worker threads: counts the file outcomes a worker sends, one character each
// appended to $KH_PROBE_OUT, and with $KH_PROBE_FAULT makes the worker fail as a real failure would: `start`
// throws as the thread starts, `exit:N` ends the thread when it is about to send outcome N + 1. In the main
// thread, with $KH_PROBE_MAIN_WAITS=N: the main thread takes its first file only once the workers have taken
// N, so that which files a worker analyses does not depend on how fast each thread happens to be.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a --require preload is CommonJS. */

const { isMainThread, MessagePort } = require('worker_threads');
const { appendFileSync } = require('fs');

if (!isMainThread) {
  const fault = process.env.KH_PROBE_FAULT ?? '';
  if (fault === 'start') throw new Error('probe: the worker fails as it starts');
  const limit = fault.startsWith('exit:') ? Number(fault.slice('exit:'.length)) : Infinity;
  let sent = 0;
  const post = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function probedPostMessage(message, ...rest) {
    if (message && typeof message === 'object' && 'file' in message) {
      if (sent === limit) process.exit(1);
      sent++;
      if (process.env.KH_PROBE_OUT) appendFileSync(process.env.KH_PROBE_OUT, 'x');
    }
    return post.call(this, message, ...rest);
  };
} else if (process.env.KH_PROBE_MAIN_WAITS) {
  const wanted = Number(process.env.KH_PROBE_MAIN_WAITS);
  const add = Atomics.add;
  let first = true;
  // The check's claims counter is the only shared Int32Array the process uses. No clock bounds the wait: a
  // test sets this only where the worker does take that many files, and the test's own process timeout
  // reports a run that would hang. The counter is read again every 10 ms, since claims notify no one.
  Atomics.add = function probedAdd(array, index, value) {
    if (first && array instanceof Int32Array && array.buffer instanceof SharedArrayBuffer) {
      first = false;
      for (let seen = Atomics.load(array, index); seen < wanted; seen = Atomics.load(array, index)) {
        Atomics.wait(array, index, seen, 10);
      }
    }
    return add(array, index, value);
  };
}
