// A companion to test/rule-tester.ts for cross rules: the tester compares messages and ranges only, so the
// related locations a finding carries (the Service, the budget, the workload it involves) are asserted here,
// from the rules' own test files (rules/<id>/<id>.test.ts). Candidate for the shared tester (an optional
// `related` per expected finding).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseText } from '../server/engine/engine';
import { parseFile } from '../server/engine/parse';
import { computeLineStarts, offsetToPosition, sourcePosition } from '../server/engine/positions';
import type { Rule } from '../server/engine/rule';
import { RelatedObjects } from '../server/engine/related-index';
import { RuleSet } from '../server/engine/rule-set';

export interface RelatedCase {
  name: string;
  code: string;
  /** Other files of the workspace, by name: their objects reach the rule through `context.related`. */
  files?: Record<string, string>;
  /** Per finding, its related locations as `file:line message` (file omitted for the checked file). */
  related: string[][];
  /**
   * When given, the findings themselves as `severity line:column-endLine:endColumn message` (1-based, as an
   * editor shows them): the table's cases analyse one file, and messages that name another file need these.
   */
  findings?: string[];
}

export function relatedTester(rule: Rule, cases: readonly RelatedCase[]): void {
  describe(`rule ${rule.meta.id}: related information`, () => {
    for (const c of cases) {
      it(c.name, () => {
        const others = Object.entries(c.files ?? {}).flatMap(
          ([uri, text]) => parseFile(text, undefined, uri).objects,
        );
        // Every file of a case is one deployment unit, whatever its folder: units have tests of their own.
        const index = RelatedObjects.of(others, () => 'unit');
        const analysis = analyseText(c.code, new RuleSet([rule]), { uri: 'main.yaml', index });
        assert.deepEqual(analysis.failures, []);
        const found = analysis.findings.map((f) =>
          f.related.map((r) => {
            const line = sourcePosition(r.source, r.span.start).line + 1;
            return `${r.source.uri === 'main.yaml' ? '' : `${r.source.uri}:`}${line} ${r.message}`;
          }),
        );
        assert.deepEqual(found, c.related);
        if (c.findings) {
          const starts = computeLineStarts(c.code);
          const described = analysis.findings.map((f) => {
            const start = offsetToPosition(starts, f.span.start);
            const end = offsetToPosition(starts, f.span.end);
            const at = `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
            return `${f.severity} ${at} ${f.message}`;
          });
          assert.deepEqual(described, c.findings);
        }
      });
    }
  });
}
