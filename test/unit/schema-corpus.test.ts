// The schema rules on the whole public corpus (realworld and kustomize): every finding must be a real
// mistake, listed with its reason in test/fixtures/schema-corpus-findings.json. A new finding fails the test
// until it is investigated: either the schema or the generator is wrong (fix them), or the manifest is (add
// it to the list with a one-line reason). Files a kustomization lists as patches are partial objects by
// design and are left out (wholeManifestsOfCorpus); the rules themselves leave required fields unchecked in a
// folder with a kustomization, because kustomize completes those objects.
import { SCHEMA_RULE_IDS } from '../../server/engine/schema/violations';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { BUILT_IN_RULES } from '../built-in-rules';
import { analyseFile } from '../../server/engine/engine';
import { parseFile } from '../../server/engine/parse';
import { computeLineStarts, offsetToPosition } from '../../server/engine/positions';
import { corpus, root, wholeManifestsOfCorpus } from '../corpus';

interface Listed {
  at: string;
  rule: string;
  message: string;
  reason: string;
}

describe('schema rules on the corpus', { skip: !existsSync(corpus) && 'the corpus is not present' }, () => {
  it('find exactly the listed mistakes, each with its reason', () => {
    const base = join(corpus, '..');
    const files = wholeManifestsOfCorpus();
    const parsed = files.map((path) =>
      parseFile(readFileSync(path, 'utf8'), {}, path, { bodyKinds: BUILT_IN_RULES.bodyKinds() }),
    );
    const related = parsed.flatMap((file) => file.objects);
    const found: Omit<Listed, 'reason'>[] = [];
    for (const file of parsed) {
      const analysis = analyseFile(file, BUILT_IN_RULES, { related });
      const failures = analysis.failures.filter((f) => SCHEMA_RULE_IDS.has(f.ruleId));
      assert.deepEqual(failures, [], relative(base, file.uri));
      const starts = computeLineStarts(file.text);
      for (const finding of analysis.findings) {
        if (!SCHEMA_RULE_IDS.has(finding.ruleId)) continue;
        const at = offsetToPosition(starts, finding.span.start);
        found.push({
          at: `${relative(base, file.uri).split('\\').join('/')}:${at.line + 1}:${at.character + 1}`,
          rule: finding.ruleId,
          message: finding.message,
        });
      }
    }
    const listed = (
      JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'schema-corpus-findings.json'), 'utf8')) as {
        findings: Listed[];
      }
    ).findings;
    for (const entry of listed) assert.ok(entry.reason.trim().length > 20, `a reason for ${entry.at}`);
    assert.deepEqual(
      found,
      listed.map(({ at, rule, message }) => ({ at, rule, message })),
    );
  });
});
