// The parameters every property-based test (fast-check) runs with, so that `npm test` and `npm run fuzz`
// treat them all alike:
//
// - `npm test` runs each with a fixed seed and a fixed number of runs: the same inputs on every machine and
//   every run, sized so that the suite stays within its time, and no time limit that would make the number
//   of inputs tried depend on how loaded the machine is.
// - `npm run fuzz` (or FUZZ_LONG=1) runs each with a fresh seed for as long as FUZZ_SECONDS allows (120 s by
//   default, per test), to find what the fixed inputs miss.
//
// Either way the seed is printed; FUZZ_SEED replays it (with FUZZ_PATH, fast-check replays the shrunk
// counterexample of a failure report alone), and FUZZ_RUNS sets the number of runs. `<PREFIX>_SEED` and
// `<PREFIX>_RUNS` (PATCH_SEED, INCREMENTAL_RUNS, …) set them for one test only.
import type { TestContext } from 'node:test';

/** Whether this is the long run (`npm run fuzz`), rather than the bounded pass of `npm test`. */
export const longRun = process.env.npm_lifecycle_event === 'fuzz' || process.env.FUZZ_LONG === '1';

/** The number an environment variable holds, or undefined when it is unset or not a number. */
function numberFrom(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name}=${raw} is not a number`);
  return value;
}

export interface PropertyDefaults {
  /** The seed `npm test` uses. */
  seed: number;
  /** How many inputs `npm test` tries. */
  runs: number;
  /** The share of FUZZ_SECONDS this test may take in the long run (1 by default). */
  longShare?: number;
}

/** The fast-check parameters (`fc.assert`'s second argument) of one property test. */
export interface PropertyParameters {
  seed: number;
  numRuns: number;
  interruptAfterTimeLimit?: number;
  markInterruptAsFailure: false;
  path?: string;
}

/**
 * The parameters of the property test `prefix` (PATCH, INCREMENTAL, FUZZ…), printed on the test's
 * diagnostics so that any run can be replayed.
 */
export function propertyParameters(
  t: TestContext,
  prefix: string,
  defaults: PropertyDefaults,
): PropertyParameters {
  const seed =
    numberFrom(`${prefix}_SEED`) ??
    numberFrom('FUZZ_SEED') ??
    (longRun ? Math.floor(Math.random() * 2 ** 31) : defaults.seed);
  const runs =
    numberFrom(`${prefix}_RUNS`) ?? numberFrom('FUZZ_RUNS') ?? (longRun ? 1_000_000 : defaults.runs);
  const seconds = numberFrom('FUZZ_SECONDS') ?? (longRun ? 120 : undefined);
  const path = process.env.FUZZ_PATH;
  t.diagnostic(
    `seed ${seed} (FUZZ_SEED=${seed} replays), up to ${runs} runs` +
      (seconds === undefined ? '' : ` or ${seconds * (defaults.longShare ?? 1)} s`),
  );
  return {
    seed,
    numRuns: runs,
    // In the long run the time limit ends the search, and is no failure; `npm test` has none (see above).
    ...(seconds === undefined ? {} : { interruptAfterTimeLimit: seconds * 1000 * (defaults.longShare ?? 1) }),
    markInterruptAsFailure: false,
    ...(path ? { path } : {}),
  };
}
