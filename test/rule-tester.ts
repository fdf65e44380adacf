// A RuleTester in the spirit of ESLint's: a table of valid and invalid manifests per rule, with the exact
// expected ranges and messages, and for fixes the exact expected text. Beyond the table, every fix is held
// to the product's promises: the result parses, the fixed finding is gone, every comment survives, and
// nothing outside the edited spans changed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseText } from '../server/engine/engine';
import { checkFix } from './fix-safety';
import { applyEdits } from '../server/engine/edits';
import { computeLineStarts, offsetToPosition } from '../server/engine/positions';
import type { Rule } from '../server/engine/rule';
import { RuleSet } from '../server/engine/rule-set';
import { normaliseSettings } from '../server/engine/settings';
import type { EngineSettings, Finding } from '../server/engine/types';
import type { ExpectedFinding, RuleCases } from './rule-cases';

export { lines } from './rule-cases';

function settingsFor(raw: unknown): EngineSettings {
  return normaliseSettings(raw ?? {});
}

/**
 * The rule's findings on `code`. `alongside` are rules that run with it without their findings counting:
 * an input rule sees the body of a document only when some rule reads that kind in full (documents of other
 * kinds are read header-only), so its cases run with the catalogue, as it runs in the product.
 */
function findingsOf(
  rule: Rule,
  code: string,
  settings: EngineSettings,
  alongside: readonly Rule[] = [],
): Finding[] {
  const rules = new RuleSet([rule, ...alongside.filter((other) => other.meta.id !== rule.meta.id)]);
  const analysis = analyseText(code, rules, { settings });
  assert.deepEqual(analysis.failures, [], 'the rule must not throw');
  return analysis.findings.filter((finding) => finding.ruleId === rule.meta.id);
}

function describeFinding(code: string, finding: Finding): ExpectedFinding {
  const starts = computeLineStarts(code);
  const start = offsetToPosition(starts, finding.span.start);
  const end = offsetToPosition(starts, finding.span.end);
  return {
    message: finding.message,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
  };
}

export function ruleTester(
  rule: Rule,
  cases: RuleCases,
  options: { alongside?: readonly Rule[] } = {},
): void {
  const { alongside } = options;
  describe(`rule ${rule.meta.id}`, () => {
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        const found = findingsOf(rule, c.code, settingsFor(c.settings), alongside).map((f) =>
          describeFinding(c.code, f),
        );
        assert.deepEqual(found, []);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        const settings = settingsFor(c.settings);
        const findings = findingsOf(rule, c.code, settings, alongside);
        const found = findings.map((f) => describeFinding(c.code, f));
        assert.equal(found.length, c.errors.length, `findings: ${JSON.stringify(found, null, 2)}`);
        c.errors.forEach((expected, i) => {
          const actual = found[i]!;
          const { message, ...where } = expected;
          const { message: actualMessage, ...actualWhere } = actual;
          assert.deepEqual(actualWhere, where, `range of finding ${i}: ${actualMessage}`);
          if (typeof message === 'string') assert.equal(actualMessage, message);
          else assert.match(actualMessage as string, message);
        });
        if (c.output === undefined) return;
        const first = findings[0]!;
        const fixes = first.getFixes();
        if (c.output === null) {
          assert.deepEqual(
            fixes.map((f) => f.title),
            [],
            'no fix expected',
          );
          return;
        }
        assert.ok(fixes.length > 0, 'a fix must be offered');
        const fix = fixes[0]!;
        if (c.fixTitle !== undefined) {
          if (typeof c.fixTitle === 'string') assert.equal(fix.title, c.fixTitle);
          else assert.match(fix.title, c.fixTitle);
        }
        const output = applyEdits(c.code, fix.edits);
        assert.equal(output, c.output);
        // Beyond the exact text, the promises every fix keeps (test/fix-safety.ts): it parses, its finding
        // goes and no other appears, every comment and every byte outside the edit stay, nothing more to fix.
        const rules = new RuleSet([
          rule,
          ...(alongside ?? []).filter((other) => other.meta.id !== rule.meta.id),
        ]);
        const analysis = analyseText(c.code, rules, { settings });
        const problems = checkFix(analysis.file, analysis.findings, first, fix, rules, [], [], settings);
        assert.deepEqual(problems, [], `the fix keeps its promises:\n${output}`);
      });
    }
  });
}
