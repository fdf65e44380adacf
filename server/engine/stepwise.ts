// A value that is made in steps: on the first question it is made at once, but an analysis may make it ahead
// in steps (the language server runs those between turns of the event loop), so that a structure built over
// a whole deployment unit (the pod owners of a thousand files, say) does not hold up the editor while one
// rule check waits for it. The question and the steps share one generator, so a question asked half-way
// finishes the steps already begun instead of starting over.

/** How many objects a step of making a unit-wide value handles before it pauses. */
export const OBJECTS_PER_STEP = 64;

export class Stepwise<T> {
  private steps: Generator<void, T, void> | undefined;
  private made: { value: T } | undefined;

  /** `make` pauses (yields) between steps and returns the value. */
  constructor(private readonly make: () => Generator<void, T, void>) {}

  /** The value, made now as far as it is not yet. */
  get value(): T {
    while (!this.made) this.step();
    return this.made.value;
  }

  /** Whether the value is made. */
  get ready(): boolean {
    return this.made !== undefined;
  }

  /** Makes the value in steps, pausing after each (the last one too: what follows is another step). */
  *inSteps(): Generator<void, void, void> {
    while (!this.made) {
      this.step();
      yield;
    }
  }

  private step(): void {
    let next: IteratorResult<void, T>;
    try {
      next = (this.steps ??= this.make()).next();
    } catch (error) {
      // A generator that threw is finished: the next question starts over (and meets the error itself).
      this.steps = undefined;
      throw error;
    }
    if (next.done) {
      this.made = { value: next.value };
      this.steps = undefined;
    }
  }
}

/** Pauses after every OBJECTS_PER_STEP-th item of a loop (`i` counts from 0). */
export function pauseDue(i: number): boolean {
  return i % OBJECTS_PER_STEP === OBJECTS_PER_STEP - 1;
}

/** Runs `steps` to their end at once and returns their value. */
export function atOnce<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
