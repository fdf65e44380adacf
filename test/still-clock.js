// Preloaded with `node --require` into the CLI and language servers that tests start: the clock the engine
// reads (`performance.now`) stands still, so that no time budget (2 s per document, 50 ms per team-rule
// condition) runs out because the machine running the tests is busy. A condition of the example team rules
// once took 66 ms in a CLI started by the tests, which then exited 2 instead of 1. In-process tests do the
// same with test/clock.ts. Timers (debounce, process watches) do not read this clock and run as usual.
'use strict';

globalThis.performance.now = () => 0;
