// The generator and transformer steps against the real kustomize: every case folder under
// test/fixtures/kustomize-cases/ is rendered with the steps in kustomize's order and compared, as data and in
// document order, with what `kubectl kustomize` (kustomize v5.5.0) printed for it (scripts/kustomize-cases-expected.sh).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { toValue } from '../../server/engine/kustomize/tree';
import { casesDir, expectedOf, renderCase } from '../kustomize-cases';

describe('kustomize transform steps match kubectl kustomize', () => {
  const cases = readdirSync(casesDir).sort();
  it('has the cases the corpus calls for', () => {
    assert.deepEqual(cases, [
      'generators',
      'images',
      'meta',
      'overlay',
      'selectors-webhooks',
      'two-prefixes',
    ]);
  });
  for (const name of cases) {
    it(`renders ${name} as kustomize does`, () => {
      const dir = join(casesDir, name);
      const { objects, notices } = renderCase(dir);
      assert.deepEqual(notices, []);
      const actual = objects.map((object) => toValue(object.tree));
      const expected = expectedOf(dir);
      const identity = (value: unknown): string => {
        const object = value as { kind?: string; metadata?: { name?: string } };
        return `${object.kind ?? ''}/${object.metadata?.name ?? ''}`;
      };
      assert.deepEqual(actual.map(identity), expected.map(identity), 'document order');
      actual.forEach((document, index) => assert.deepEqual(document, expected[index], identity(document)));
    });
  }
});
