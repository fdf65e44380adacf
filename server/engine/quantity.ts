// Kubernetes resource quantities (`512Mi`, `0.5`, `250m`, `1e3`, `2G`), parsed to numbers so fixes can keep
// requests at or below limits: the API server rejects a container whose request exceeds its limit.
const SUFFIX: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The quantity's value in base units (bytes, cores), or undefined when it is not a valid quantity. */
export function parseQuantity(input: unknown): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? input : undefined;
  if (typeof input !== 'string') return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei))?$/.exec(
    input.trim(),
  );
  if (!m) return undefined;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return base * (SUFFIX[m[3] ?? ''] ?? 1);
}

/** The smaller of two quantities as written (the first when either cannot be parsed). */
export function minQuantity(a: string, b: unknown): string {
  const qa = parseQuantity(a);
  const qb = parseQuantity(b);
  if (qa === undefined || qb === undefined) return a;
  return qb < qa ? String(b) : a;
}

/** The larger of two quantities as written (the first when either cannot be parsed). */
export function maxQuantity(a: string, b: unknown): string {
  const qa = parseQuantity(a);
  const qb = parseQuantity(b);
  if (qa === undefined || qb === undefined) return a;
  return qb > qa ? String(b) : a;
}
