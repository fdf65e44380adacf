// The expansion of `admissionPolicies:` entries that the CLI and the language server share
// (server/config/admission-sources.ts): files in the entries' order, each once; an entry naming nothing, or
// one whose listing would look at more files and folders than the bound, is a problem at that entry.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { admissionPolicySources } from '../../server/config/admission-sources';
import { parseConfig } from '../../server/engine/config';
import { BUILT_IN_RULES } from '../built-in-rules';

function sourcesOf(dir: string, text: string, maxEntries?: number) {
  const path = join(dir, 'app', '.kube-hindsight.yaml');
  const { config } = parseConfig(text, BUILT_IN_RULES);
  return { text, ...admissionPolicySources({ path, config }, maxEntries) };
}

describe('admissionPolicies entries', () => {
  it('folders, files and globs in order, each once; a missing entry is a problem at its place', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-admission-sources-'));
    try {
      mkdirSync(join(dir, 'app'));
      mkdirSync(join(dir, 'platform', 'nested'), { recursive: true });
      for (const name of ['b.yaml', 'a.yml', 'notes.txt', 'nested/c.yaml'])
        writeFileSync(join(dir, 'platform', name), 'kind: ConfigMap\n');
      const text = 'admissionPolicies:\n  - ../platform/b.yaml\n  - ../platform\n  - ../gone/*.yaml\n';
      const found = sourcesOf(dir, text);
      assert.deepEqual(found.files, [
        join(dir, 'platform', 'b.yaml'),
        join(dir, 'platform', 'a.yml'),
        join(dir, 'platform', 'nested', 'c.yaml'),
      ]);
      assert.deepEqual(
        found.problems.map((p) => ({ at: text.slice(p.span.start, p.span.end), message: p.message })),
        [
          {
            at: '../gone/*.yaml',
            message: `admissionPolicies: cannot read "../gone/*.yaml" (cannot read directory ${join(dir, 'gone')}: ENOENT), so its admission policies do not apply.`,
          },
        ],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an entry whose listing looks at more than the bound stops there, and says so at the entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-admission-sources-'));
    try {
      mkdirSync(join(dir, 'app'));
      mkdirSync(join(dir, 'platform'));
      for (const name of ['a.yaml', 'b.yaml', 'c.yaml', 'd.yaml', 'e.yaml'])
        writeFileSync(join(dir, 'platform', name), 'kind: ConfigMap\n');
      const text = 'admissionPolicies:\n  - ../platform\n';
      const found = sourcesOf(dir, text, 3);
      assert.deepEqual(
        found.files,
        ['a.yaml', 'b.yaml', 'c.yaml'].map((name) => join(dir, 'platform', name)),
      );
      assert.deepEqual(
        found.problems.map((p) => ({ at: text.slice(p.span.start, p.span.end), message: p.message })),
        [
          {
            at: '../platform',
            message:
              'admissionPolicies: "../platform" holds more than 3 files and folders; only the policies among the first 3 apply. Name the folder of the policies itself.',
          },
        ],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
