// The shape of a rule's test table (rules/<id>/cases.ts). Kept apart from the tester so that the docs
// generator and the completeness test can read the tables without loading the test runner.
import type { NoticeKind } from '../server/engine/types';
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
  /**
   * Notices that the file's analysis gets from outside its own parse (what rendering its kustomization could
   * not do), each placed at the first occurrence of `at` in the code.
   */
  notices?: { kind: NoticeKind; message: string; at: string }[];
}

/** A fix a finding offers, after the first (see InvalidCase.moreFixes). */
export interface ExpectedFix {
  /** The fix's exact title, or a pattern it must match: failures name the fix by it. */
  title: string | RegExp;
  /** The whole text after applying this fix alone (for a fix that edits the document). */
  output?: string;
  /** For a fix that creates a file instead of editing the document: the file's name and whole text. */
  newFile?: { name: string; text: string };
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /**
   * The whole text after applying the first fix offered (the first fix of the first finding that offers
   * any); `null` asserts that no finding offers a fix. Required whenever a fix is offered: every fix of every
   * finding is held to its exact text.
   */
  output?: string | null;
  /** The title of that fix, when the case wants to pin it. */
  fixTitle?: string | RegExp;
  /**
   * Every fix offered after the first, in order: each finding's fixes in the order it offers them, the
   * findings in the order they are reported. Required when more than one fix is offered.
   */
  moreFixes?: ExpectedFix[];
}

/** Joins lines with `\n` and a final line break: tables read better as arrays of lines. */
export function lines(...text: string[]): string {
  return text.join('\n') + '\n';
}

export interface RuleCases {
  valid: ValidCase[];
  invalid: InvalidCase[];
}
