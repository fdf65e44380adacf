// The shape of a rule's test table (rules/<id>/cases.ts). Kept apart from the tester so that the docs
// generator and the completeness test can read the tables without loading the test runner.
export interface ExpectedFinding {
  /** The exact message, or a pattern it must match. */
  message: string | RegExp;
  /** 1-based line and column of the start and end of the squiggle, as an editor shows them. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ValidCase {
  name: string;
  code: string;
  settings?: unknown;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /**
   * The whole text after applying the first fix of the first finding; `null` asserts that no fix is offered.
   * Omitted means the fix is not checked by this case.
   */
  output?: string | null;
  /** The title of that fix, when the case wants to pin it. */
  fixTitle?: string | RegExp;
}

/** Joins lines with `\n` and a final line break: tables read better as arrays of lines. */
export function lines(...text: string[]): string {
  return text.join('\n') + '\n';
}

export interface RuleCases {
  valid: ValidCase[];
  invalid: InvalidCase[];
}
