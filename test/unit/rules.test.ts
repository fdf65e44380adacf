// Every rule's table (rules/<id>/cases.ts) run by the RuleTester against the rule its folder exports: one
// `rule <id>` suite per rule, with a test per case, as the 39 three-line <id>.test.ts files that this
// replaces gave, in one process instead of one each. A rule's own test file holds only what a table cannot
// say (related locations, helpers of the rule).
import tables from 'virtual:rule-tables';
import type { Rule } from '../../server/engine/rule';
import type { RuleCases } from '../rule-cases';
import { ruleTester } from '../rule-tester';
import { stillClockInThisFile } from '../clock';
import { BUILT_IN_RULES } from '../built-in-rules';

// The engine's clock stands still (test/clock.ts): no time budget can cut one side of a comparison short.
stillClockInThisFile();

// An input rule (invalid-yaml, file-skipped…) runs with the whole catalogue, as in the product: a document's
// body is parsed only when some rule reads its kind in full, and only a parsed body can show a syntax error.
for (const { rule, cases } of Object.values(tables)) {
  const alongside = (rule as Rule).meta.input ? BUILT_IN_RULES.rules : [];
  ruleTester(rule as Rule, cases as RuleCases, { alongside });
}
