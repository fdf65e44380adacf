// The promises every analysis keeps, whatever its input: shared by the hostile-input tests and the fuzzer.
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { applyEdits } from '../server/engine/edits';
import type { Analysis, Span } from '../server/engine/types';

/** Whether every document of the text parses without errors. */
export function parsesCleanly(text: string): boolean {
  return parseAllDocuments(text).every((doc) => doc.errors.length === 0);
}

function assertInside(span: Span, outer: Span, what: string): void {
  assert.ok(
    Number.isInteger(span.start) && Number.isInteger(span.end),
    `${what}: integer offsets (${span.start}-${span.end})`,
  );
  assert.ok(
    outer.start <= span.start && span.start <= span.end && span.end <= outer.end,
    `${what}: ${span.start}-${span.end} lies inside ${outer.start}-${outer.end}`,
  );
}

/**
 * No rule failed, every finding lies inside its object's document (an input rule's inside the text), every
 * notice and fix edit inside the text; with `fixes`, every fix is computed and, when the input parsed, gives text that still parses.
 */
export function assertSound(
  text: string,
  analysis: Analysis,
  where: string,
  options: { fixes?: boolean; inputParses?: boolean } = {},
): void {
  assert.deepEqual(analysis.failures, [], `${where}: no rule may fail`);
  const whole = { start: 0, end: text.length };
  let inputParses = options.inputParses;
  for (const notice of analysis.notices) assertInside(notice.span, whole, `${where}: notice ${notice.kind}`);
  for (const finding of analysis.findings) {
    if (!finding.target) {
      // An input rule's finding (a syntax error, a skipped part) is about the text, not an object's document.
      assertInside(finding.span, whole, `${where}: ${finding.ruleId}`);
      assert.deepEqual(finding.getFixes(), [], `${where}: ${finding.ruleId} offers no fix`);
      continue;
    }
    const document = analysis.file.documents[finding.target.documentIndex];
    assert.ok(document, `${where}: ${finding.ruleId} belongs to a document`);
    assertInside(finding.span, document.span, `${where}: ${finding.ruleId}`);
    assertInside(document.span, whole, `${where}: document ${document.index}`);
    if (!options.fixes) continue;
    for (const fix of finding.getFixes().filter((f) => !f.newFile)) {
      for (const edit of fix.edits) assertInside(edit, whole, `${where}: fix "${fix.title}"`);
      const output = applyEdits(text, fix.edits);
      inputParses ??= parsesCleanly(text);
      if (inputParses) {
        assert.ok(
          parsesCleanly(output),
          `${where}: fix "${fix.title}" must leave parseable YAML:\n${output}`,
        );
      }
    }
  }
}
