// YAML that is not a Kubernetes manifest (docker-compose, GitHub workflows, OpenAPI) gets no findings and
// no errors: a linter that is noisy outside its domain gets switched off.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUILT_IN_RULES } from '../built-in-rules';
import { analyseText } from '../../server/engine/engine';
import { stillClockPreload } from '../clock';

const root = join(__dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'non-kubernetes');
const files = ['docker-compose.yml', '.github/workflows/ci.yml', 'openapi.yaml'];

describe('YAML that is not Kubernetes', () => {
  for (const file of files) {
    it(`${file} gives no findings and no rule failures`, () => {
      const analysis = analyseText(readFileSync(join(fixtures, file), 'utf8'), BUILT_IN_RULES);
      assert.deepEqual(analysis.file.objects, []);
      assert.deepEqual(analysis.findings, []);
      assert.deepEqual(analysis.failures, []);
    });
  }

  it('the CLI reports a clean run over them', () => {
    const result = spawnSync(
      process.execPath,
      ['--require', stillClockPreload, join(root, 'dist', 'cli.js'), 'check', ...files],
      {
        cwd: fixtures,
        encoding: 'utf8',
      },
    );
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^No findings in 3 files\.\n$/);
  });
});
