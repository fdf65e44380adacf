// Every rule's table (rules/<id>/cases.ts) run by the RuleTester against the rule its folder exports: one
// `rule <id>` suite per rule, with a test per case, as the 39 three-line <id>.test.ts files that this
// replaces gave, in one process instead of one each. A rule's own test file holds only what a table cannot
// say (related locations, helpers of the rule).
import tables from 'virtual:rule-tables';
import type { Rule } from '../../server/engine/rule';
import type { RuleCases } from '../rule-cases';
import { ruleTester } from '../rule-tester';
import { stillClockInThisFile } from '../clock';

// The engine's clock stands still (test/clock.ts): no time budget can cut one side of a comparison short.
stillClockInThisFile();

for (const { rule, cases } of Object.values(tables)) ruleTester(rule as Rule, cases as RuleCases);
