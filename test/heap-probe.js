// Preloaded with `node --expose-gc --require` in the memory test: on SIGUSR2 the server collects all its
// garbage and writes the heap that is still in use to stderr. Resident memory alone cannot tell a leak from a
// heap that V8 chose to grow under load; the heap that survives a full collection can.
'use strict';

process.on('SIGUSR2', () => {
  if (typeof globalThis.gc !== 'function') {
    process.stderr.write('heap-probe: run node with --expose-gc\n');
    return;
  }
  // Two collections: the first may only queue finalisers and weak callbacks whose objects the second frees.
  globalThis.gc();
  globalThis.gc();
  process.stderr.write(`heap-probe: ${process.memoryUsage().heapUsed}\n`);
});
