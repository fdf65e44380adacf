// The CEL environment ValidatingAdmissionPolicies are evaluated in, offline: the variables the API server
// binds (`object`, `oldObject`, `params`, `namespaceObject`, `request`, `variables`) and the Kubernetes CEL
// library functions policies commonly call that cel-js does not already have (its own cover the standard
// macros and the strings extension: lowerAscii, split, join, substring, indexOf…). `authorizer` is not
// bound: it asks the cluster, which we never do, so a policy using it cannot be compiled and says so.
import { Environment } from '@marcbachmann/cel-js';
import { meteredCompiler, type Evaluate } from '../cel/metered';
import { parseQuantity } from '../quantity';

/** A Kubernetes quantity as the `quantity()` library returns it (compared by its value). */
class Quantity {
  constructor(readonly value: number) {}
}

function quantityOf(text: string): Quantity {
  const value = parseQuantity(text);
  if (value === undefined) throw new Error(`"${text}" is not a Kubernetes quantity`);
  return new Quantity(value);
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function extreme(list: unknown[], sign: 1 | -1): unknown {
  if (list.length === 0) throw new Error('min()/max() of an empty list');
  return list.reduce((best, item) => (compare(item, best) * sign > 0 ? item : best));
}

/** Regular expressions compiled once per pattern (policies repeat theirs for every object). */
const patterns = new Map<string, RegExp>();
function regex(pattern: string, flags = ''): RegExp {
  const key = `${flags}\0${pattern}`;
  let compiled = patterns.get(key);
  if (!compiled) patterns.set(key, (compiled = new RegExp(pattern, flags)));
  return compiled;
}

const ENV = new Environment({
  unlistedVariablesAreDyn: false,
  enableOptionalTypes: true,
  limits: { maxAstNodes: 2000, maxDepth: 50 },
})
  .registerVariable('object', 'dyn')
  .registerVariable('oldObject', 'dyn')
  .registerVariable('params', 'dyn')
  .registerVariable('namespaceObject', 'dyn')
  .registerVariable('request', 'map')
  .registerVariable('variables', 'map')
  .registerType('Quantity', Quantity)
  // Kubernetes lists library.
  .registerFunction('list.isSorted(): bool', (list: unknown[]) =>
    list.every((item, i) => i === 0 || compare(list[i - 1], item) <= 0),
  )
  .registerFunction('list<int>.sum(): int', (list: bigint[]) => list.reduce((a, b) => a + b, 0n))
  .registerFunction('list<double>.sum(): double', (list: number[]) => list.reduce((a, b) => a + b, 0))
  .registerFunction('list.min(): dyn', (list: unknown[]) => extreme(list, -1))
  .registerFunction('list.max(): dyn', (list: unknown[]) => extreme(list, 1))
  .registerFunction('list.indexOf(dyn): int', (list: unknown[], item: unknown) =>
    BigInt(list.findIndex((x) => compare(x, item) === 0 && typeof x === typeof item)),
  )
  .registerFunction('list.lastIndexOf(dyn): int', (list: unknown[], item: unknown) => {
    for (let i = list.length - 1; i >= 0; i--)
      if (compare(list[i], item) === 0 && typeof list[i] === typeof item) return BigInt(i);
    return -1n;
  })
  // Kubernetes regex library.
  .registerFunction('string.find(string): string', (text: string, pattern: string) => {
    return regex(pattern).exec(text)?.[0] ?? '';
  })
  .registerFunction('string.findAll(string): list<string>', (text: string, pattern: string) =>
    [...text.matchAll(regex(pattern, 'g'))].map((m) => m[0]),
  )
  .registerFunction(
    'string.findAll(string, int): list<string>',
    (text: string, pattern: string, n: bigint) => {
      const all = [...text.matchAll(regex(pattern, 'g'))].map((m) => m[0]);
      return n < 0n ? all : all.slice(0, Number(n));
    },
  )
  // Kubernetes quantity library.
  .registerFunction('quantity(string): Quantity', quantityOf)
  .registerFunction('isQuantity(string): bool', (text: string) => parseQuantity(text) !== undefined)
  .registerFunction('Quantity.isGreaterThan(Quantity): bool', (a: Quantity, b: Quantity) => a.value > b.value)
  .registerFunction('Quantity.isLessThan(Quantity): bool', (a: Quantity, b: Quantity) => a.value < b.value)
  .registerFunction('Quantity.compareTo(Quantity): int', (a: Quantity, b: Quantity) =>
    BigInt(compare(a.value, b.value)),
  )
  .registerFunction('Quantity.asApproximateFloat(): double', (a: Quantity) => a.value)
  .registerFunction('Quantity.isInteger(): bool', (a: Quantity) => Number.isInteger(a.value))
  .registerFunction('Quantity.asInteger(): int', (a: Quantity) => {
    if (!Number.isInteger(a.value)) throw new Error('quantity is not an integer');
    return BigInt(a.value);
  })
  .registerFunction('Quantity.sign(): int', (a: Quantity) => BigInt(Math.sign(a.value)))
  .registerFunction(
    'Quantity.add(Quantity): Quantity',
    (a: Quantity, b: Quantity) => new Quantity(a.value + b.value),
  )
  .registerFunction(
    'Quantity.sub(Quantity): Quantity',
    (a: Quantity, b: Quantity) => new Quantity(a.value - b.value),
  );

/** The names of the functions the environment knows (an overload missing for a known name is a type error). */
const KNOWN_FUNCTIONS = new Set(
  ENV.getDefinitions().functions.map((f: { name: string }) => f.name.replace(/^.*\./, '')),
);

const compile = meteredCompiler(ENV);

/** A compiled policy expression, or why it cannot be evaluated offline (naming an unsupported function). */
export type CompiledExpression = { evaluate: Evaluate } | { problem: string; unsupported?: string };

export function compileAdmissionExpression(source: string): CompiledExpression {
  const compiled = compile(source);
  if (typeof compiled !== 'string') return { evaluate: compiled };
  // cel-js says "found no matching overload for 'dyn.url()'" or "… for 'fooBar(map<dyn, dyn>)'".
  const name = /no matching overload for '(?:[\w<>, ]+\.)?(\w+)\(/.exec(compiled)?.[1];
  if (name !== undefined && !KNOWN_FUNCTIONS.has(name)) return { problem: compiled, unsupported: name };
  if (/\bauthorizer\b/.test(compiled)) return { problem: compiled, unsupported: 'authorizer' };
  return { problem: compiled };
}

/**
 * A plain value as CEL sees the object the API server decodes: YAML integers are int64 (BigInt in cel-js),
 * not doubles, so that `object.spec.replicas + 1` and `size(x) == object.spec.n` type as they do there.
 */
export function celValue(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(celValue);
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = celValue(item);
    return out;
  }
  return value;
}
