// CEL evaluation under a step meter, shared by team rules and admission policies. cel-js (a tree-walking
// interpreter: no `eval`, no `new Function`) has no cost limit, but it hands its evaluator to a custom
// macro's `evaluate`, and the evaluator runs every node (every iteration of every macro) through its `run`
// method. `meteredCompiler` registers such a macro on an environment, takes its evaluator once and wraps
// `run` with the meter below, so that an expression over budget stops inside evaluation, not after it.
import type { Environment } from '@marcbachmann/cel-js';

/**
 * Evaluation steps (CEL nodes evaluated, each iteration of a macro such as `.all()` included) granted per
 * millisecond of budget. Six nested `.all()` over ten items are 16.7 million steps: 188 ms on a developer's
 * machine (about 90,000 steps per millisecond) and a second on a busy two-core machine (about 15,000). An
 * expression stopped at this count has therefore taken less than its budget on both, and it stops at the same
 * step on every machine, which a clock cannot promise.
 */
export const STEPS_PER_MS = 10_000;

/** Milliseconds one evaluation of an expression may take (team rules' conditions, admission policies). */
export const CEL_BUDGET_MS = 50;

/** The step limit of a budget in milliseconds. */
export function stepsForBudget(budgetMs: number): number {
  return Math.max(1, Math.round(budgetMs * STEPS_PER_MS));
}

/** The evaluator's one method every node's evaluation goes through (cel-js documents it for custom macros). */
interface CelEvaluator {
  run(ast: unknown, context: unknown): unknown;
}

/**
 * The meter of the evaluation under way (evaluation is synchronous, so one meter serves every environment):
 * `run` counts each node against `limit` (and reads the clock every 1,024 steps, for a machine slower than
 * the calibration or unusually slow steps), and past either bound throws at every node, so that evaluation
 * unwinds at once. cel-js keeps an error inside `.all()` or `||` until the other operands are known (CEL's
 * error semantics), so `exceeded` is what decides, never whether the error reached the caller.
 */
const meter = {
  steps: 0,
  limit: Infinity,
  deadline: Infinity,
  exceeded: undefined as 'steps' | 'time' | undefined,
};

class BudgetExceeded extends Error {}

/** What one evaluation gave: a value or an error, or the bound it crossed; and the steps it took. */
export interface Evaluation {
  value?: unknown;
  error?: Error;
  exceeded?: 'steps' | 'time';
  steps: number;
}

/** Evaluates a compiled expression within `maxSteps` steps and `budgetMs` milliseconds. */
export type Evaluate = (
  activation: Record<string, unknown>,
  bounds: { maxSteps: number; budgetMs: number },
) => Evaluation;

/** Compiles an expression in one environment, or says what is wrong with it. */
export type Compile = (source: string) => Evaluate | string;

/**
 * Registers the metering macro on `env` (whose variables and functions are all registered already), takes
 * the environment's evaluator and returns the compiler of metered expressions in it.
 */
export function meteredCompiler(env: Environment): Compile {
  let evaluator: CelEvaluator | undefined;
  // In an expression the macro is harmless and says true; it exists only to receive the evaluator.
  env.registerFunction('kube_hindsight_meter(ast): bool', () => ({
    typeCheck: (checker: { getType(name: string): unknown }) => checker.getType('bool'),
    evaluate: (ev: CelEvaluator) => {
      evaluator ??= ev;
      return true;
    },
  }));
  env.evaluate('kube_hindsight_meter(true)', {});
  if (!evaluator) throw new Error('cel-js did not hand its evaluator to the metering macro');
  const ev = evaluator;
  const run = ev.run.bind(ev);
  ev.run = (ast, context) => {
    const steps = ++meter.steps;
    if (meter.exceeded === undefined) {
      if (steps > meter.limit) meter.exceeded = 'steps';
      else if ((steps & 1023) === 0 && performance.now() > meter.deadline) meter.exceeded = 'time';
    }
    if (meter.exceeded !== undefined) throw new BudgetExceeded('over budget');
    return run(ast, context);
  };
  return (source) => {
    try {
      const parsed = env.parse(source);
      const checked = parsed.check();
      if (!checked.valid) return checked.error?.message.split('\n')[0] ?? 'invalid expression';
      return (activation, bounds) => evaluateMetered(() => parsed(activation), bounds);
    } catch (error) {
      return (error as Error).message.split('\n')[0] ?? String(error);
    }
  };
}

function evaluateMetered(
  evaluate: () => unknown,
  bounds: { maxSteps: number; budgetMs: number },
): Evaluation {
  meter.steps = 0;
  meter.limit = bounds.maxSteps;
  meter.deadline = performance.now() + bounds.budgetMs;
  meter.exceeded = undefined;
  let outcome: Evaluation;
  try {
    outcome = { value: evaluate(), steps: 0 };
  } catch (error) {
    outcome = { error: error as Error, steps: 0 };
  }
  outcome.steps = meter.steps;
  // The clock is read every 1,024 steps; a shorter evaluation of slow steps is caught here, after the fact.
  if (!meter.exceeded && performance.now() > meter.deadline) meter.exceeded = 'time';
  if (meter.exceeded) outcome = { exceeded: meter.exceeded, steps: meter.steps };
  meter.limit = Infinity;
  meter.deadline = Infinity;
  meter.exceeded = undefined;
  return outcome;
}
