// The clock the engine reads (`performance.now`), under the tests' control. The engine bounds its work in
// wall-clock time (2 s per document to parse and again to check, 50 ms per team-rule condition); on a
// loaded machine a bound can run out mid-test and drop findings from one side of a comparison only (a
// team rule's condition once took 69 ms while four test files ran beside other jobs). A test that is not
// about time stops the clock; a test about a bound moves a clock of its own, by exactly the time the test
// says its work took. Either way what the test sees does not depend on the machine.
import { join } from 'node:path';
import { after, before, mock, type TestContext } from 'node:test';

/**
 * The preload (`node --require`) that stops the clock of a CLI or language server a test starts: see
 * test/still-clock.js.
 */
export const stillClockPreload = join(__dirname, '..', '..', 'test', 'still-clock.js');

/**
 * Stops the engine's clock for every test of the calling file (call it at the top level): no time budget
 * can run out. A test may still move a clock of its own with fakeClock, which replaces this one for that
 * test only.
 */
export function stillClockInThisFile(): void {
  before(() => {
    mock.method(performance, 'now', () => 0);
  });
  after(() => {
    mock.restoreAll();
  });
}

/**
 * Replaces the engine's clock for the rest of the test with one that moves only when the test moves it
 * (the returned function), and by `tick` milliseconds more at every reading (0 by default). With a tick,
 * work takes time in proportion to how often the engine looks at the clock, whatever the machine.
 */
export function fakeClock(t: TestContext, tick = 0): (ms: number) => void {
  let now = 0;
  t.mock.method(performance, 'now', () => (now += tick));
  return (ms) => {
    now += ms;
  };
}
