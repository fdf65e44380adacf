// `kube-hindsight check --fix` and `--fix-dry-run`: plans each file's fixes as the editor's "fix all on save"
// does (engine/fix-plan.ts), checks that every fixed text still parses and keeps its comments, re-analyses the
// fixed texts together (cross-file rules see the fixed neighbours), and then writes them, or prints them as a
// unified diff. The report and the exit code are those of what remains after the fixes.
import { writeFileSync } from 'node:fs';
import { Lexer, parseAllDocuments } from 'yaml';
import type { CheckOptions } from './args';
import { check, type CheckIo, type CheckReport, type FilePlan } from './check';
import { unifiedDiff } from './unified-diff';
import type { RuleSet } from '../engine/rule-set';

export interface FixRun {
  /** The report of what remains once the accepted fixes are applied. */
  report: CheckReport;
  /** Lines for stderr: what was fixed, what was refused and why, what --fix does not do. */
  notes: string[];
  /** The unified diff of every accepted fix (dry run only). */
  diff: string;
  /** Standard input's fixed text, when it was among the inputs. */
  stdinText: string | undefined;
}

/**
 * How many times fixes are planned over the fixed texts: of two fixes whose edits meet, the plan keeps the
 * first, and the next pass applies the second to the text the first left. Like `eslint --fix`, passes repeat
 * until nothing changes (so a second run has nothing to do), with a bound in case two fixes undo each other.
 */
const MAX_PASSES = 10;

/** The key of standard input among the fixed texts (files are keyed by their absolute paths). */
const STDIN_KEY = '';

/** Plans, verifies and applies (or, in a dry run, only shows) the fixes of every input. */
export function runFix(options: CheckOptions, io: CheckIo, rules: RuleSet): FixRun {
  let report = check(options, io, rules);
  const notes: string[] = [];
  // Errors (an unreadable file, a broken configuration) make the findings untrustworthy, so nothing is fixed.
  if (report.errors.length > 0) return { report, notes, diff: '', stdinText: undefined };
  const texts = new Map<string, string>();
  const originals = new Map<string, FilePlan>();
  const counts = new Map<string, number>();
  const refused = new Set<string>();
  // Re-analysed from the fixed texts: cross-file rules see the fixed neighbours, and the report is what the
  // files will hold.
  const fixedIo: CheckIo = {
    ...io,
    texts,
    readStdin: () => texts.get(STDIN_KEY) ?? originals.get(STDIN_KEY)?.text ?? io.readStdin(),
  };
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let changed = false;
    for (const plan of report.fixPlans ?? []) {
      const key = plan.absolute ?? STDIN_KEY;
      if (!originals.has(key)) originals.set(key, plan);
      if (plan.fixed === plan.text || refused.has(key)) continue;
      const original = originals.get(key)!;
      const refusal = refusalOf(original.text, plan.fixed);
      if (refusal) {
        // The whole file is left as it was, fixes of earlier passes included.
        notes.push(`${plan.display}: left unchanged: the fixed text ${refusal}`);
        refused.add(key);
        counts.delete(key);
        changed ||= texts.delete(key);
        continue;
      }
      texts.set(key, plan.fixed);
      counts.set(key, (counts.get(key) ?? 0) + plan.fixCount);
      changed = true;
    }
    if (!changed) break;
    report = check(options, fixedIo, rules);
    if (report.errors.length > 0) break;
  }
  for (const plan of report.fixPlans ?? []) {
    if (plan.newFileFixes > 0) {
      notes.push(
        `${plan.display}: ${plural(plan.newFileFixes, 'finding')} left unfixed: ${plan.newFileFixes === 1 ? 'its fix creates' : 'their fixes create'} a new file, which --fix does not do (the editor's quick fix can)`,
      );
    }
    if (plan.otherFileFixes > 0) {
      notes.push(
        `${plan.display}: ${plural(plan.otherFileFixes, 'finding')} left unfixed: ${plan.otherFileFixes === 1 ? 'its fix changes' : 'their fixes change'} Kustomize overlays' files, which --fix does not do (the editor's quick fix can)`,
      );
    }
  }
  let diff = '';
  for (const [key, text] of texts) {
    const original = originals.get(key)!;
    if (options.fix === 'dry-run') diff += unifiedDiff(original.display, original.text, text);
    else if (original.absolute !== undefined) {
      try {
        writeFileSync(original.absolute, text, 'utf8');
      } catch (error) {
        report.errors.push(
          `cannot write ${original.display}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
        continue;
      }
    }
    const verb = options.fix === 'write' ? 'fixed' : 'would fix';
    notes.push(`${original.display}: ${verb} ${plural(counts.get(key) ?? 0, 'problem')}`);
  }
  const stdinText = texts.get(STDIN_KEY) ?? originals.get(STDIN_KEY)?.text;
  return { report, notes, diff, stdinText };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : noun.endsWith('x') ? 'es' : 's'}`;
}

/**
 * Why a fixed text must not be written, or undefined when it may: it parses with more errors than the
 * original had (the plan already cuts such fixes back; this guards the whole file once more), or a comment
 * of the original is missing from it.
 */
export function refusalOf(before: string, after: string): string | undefined {
  if (parseErrors(after) > parseErrors(before)) return 'would not parse';
  const left = new Map<string, number>();
  for (const comment of commentsOf(after)) left.set(comment, (left.get(comment) ?? 0) + 1);
  for (const comment of commentsOf(before)) {
    const n = left.get(comment) ?? 0;
    if (n === 0) return `would lose the comment "${comment}"`;
    left.set(comment, n - 1);
  }
  return undefined;
}

function parseErrors(text: string): number {
  try {
    return parseAllDocuments(text, { logLevel: 'error' }).reduce((n, doc) => n + doc.errors.length, 0);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** The comments of a YAML text, as the lexer sees them (so a `#` inside a quoted string is not one). */
function commentsOf(text: string): string[] {
  const comments: string[] = [];
  for (const token of new Lexer().lex(text)) if (token.startsWith('#')) comments.push(token.trimEnd());
  return comments;
}
