// Every quick fix, applied to real public manifests nobody here wrote (../shared/corpus/realworld), must
// give YAML that parses, keep every comment, and make its finding disappear.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { RULES } from '../../rules';
import { applyEdits } from '../../server/engine/edits';
import { analyseText } from '../../server/engine/engine';

const corpus = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'realworld');
/** Small and medium files only: each fix re-parses the file, and the megabyte bundles are the benchmark's. */
const MAX_BYTES = 100_000;

function corpusFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...corpusFiles(path));
    else if (/\.ya?ml$/.test(entry) && statSync(path).size <= MAX_BYTES) out.push(path);
  }
  return out;
}

describe(
  'quick fixes on the real-world corpus',
  { skip: !existsSync(corpus) && `no corpus at ${corpus}` },
  () => {
    it('every fix parses, keeps comments and removes its finding', () => {
      let applied = 0;
      for (const file of corpusFiles(corpus)) {
        const text = readFileSync(file, 'utf8');
        const before = analyseText(text, RULES);
        // Files that do not parse cleanly (Helm templates) are still analysed, but only parseable ones are
        // held to "the fixed file parses".
        const parsesBefore = parseAllDocuments(text).every((d) => d.errors.length === 0);
        for (const finding of before.findings) {
          // A new-file fix edits nothing in this file; the protocol tests cover it.
          for (const fix of finding.getFixes().filter((f) => !f.newFile)) {
            const output = applyEdits(text, fix.edits);
            const where = `${file}: ${finding.ruleId} "${fix.title}"`;
            if (parsesBefore) {
              for (const doc of parseAllDocuments(output)) assert.deepEqual(doc.errors, [], where);
            }
            const comments = text.split(/\r?\n/).filter((l) => l.trim().startsWith('#'));
            const lines = new Set(output.split(/\r?\n/).map((l) => l.trim()));
            for (const c of comments) assert.ok(lines.has(c.trim()), `${where} lost comment ${c}`);
            const after = analyseText(output, RULES).findings;
            const same = (f: typeof finding): boolean =>
              f.ruleId === finding.ruleId && f.message === finding.message;
            assert.ok(
              after.filter(same).length < before.findings.filter(same).length,
              `${where}: the finding must disappear`,
            );
            applied++;
          }
        }
      }
      assert.ok(applied > 100, `applied ${applied} fixes`);
    });
  },
);
