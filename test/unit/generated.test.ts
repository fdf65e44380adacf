// Drift check: the rule docs, the README's rule table and the settings schema in package.json must be
// exactly what scripts/generate.ts would write from the rule metadata today.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { expectedFiles } from '../../scripts/generated';

const root = join(__dirname, '..', '..');

describe('generated files', () => {
  for (const [path, content] of expectedFiles(root)) {
    it(`${path} is up to date (run npm run generate)`, () => {
      assert.ok(existsSync(join(root, path)), `${path} exists`);
      assert.equal(readFileSync(join(root, path), 'utf8'), content);
    });
  }
});
