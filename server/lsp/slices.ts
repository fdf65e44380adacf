// Work on the server's one thread in slices of about SLICE_MS between turns of the event loop, so that a large
// file's parse or analysis never holds up hovers, code actions and keystrokes for long. The open documents'
// analyses (analysis.ts) and the closed files' queue (closed-files.ts) share this.

/** The longest a slice of work runs before letting other requests through. */
export const SLICE_MS = 10;

/** A clock for slices of work, which several pieces of work may share: `enough` once a slice is spent. */
export class Slices {
  private started = performance.now();

  readonly enough = (): boolean => performance.now() - this.started > SLICE_MS;

  /** Lets the event loop answer what arrived (requests, notifications), then starts a new slice. */
  async pause(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.started = performance.now();
  }
}

/**
 * Runs `steps` (a generator that pauses between checks) to its end in `slices`; after each pause, stops and
 * returns undefined when `wanted()` says the result is no longer wanted (a newer version, an editor opened).
 */
export async function inSlices<T>(
  steps: Generator<void, T, void>,
  slices: Slices,
  wanted: () => boolean,
): Promise<T | undefined> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (!slices.enough()) continue;
    await slices.pause();
    if (!wanted()) return undefined;
  }
}
