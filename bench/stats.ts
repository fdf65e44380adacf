// The few statistics every bench scenario shares. Quantiles are nearest-rank, so that every figure the bench
// prints is a value that was measured, never an interpolation between two runs.

/** The nearest-rank quantile `q` (0–1) of `xs`; NaN for an empty series. */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}

/** The nearest-rank median: for an even count, the lower of the two middle values. */
export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

export const round = (x: number, digits = 1): number => Number(x.toFixed(digits));

export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** A time and its ratio to the floor it is judged against. */
export interface Latency {
  ms: number;
  ratio: number;
}

export const latency = (ms: number, floor: number): Latency => ({
  ms: round(ms),
  ratio: round(ms / floor, 3),
});
