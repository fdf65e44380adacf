// Acceptance: on every kustomization of the shared Kustomize corpus that uses only supported fields, the
// renderer's output is what `kubectl kustomize` (kustomize v5.5.0) printed, as data and in document order.
// The covered set is computed from the corpus index and SUPPORTED_FIELDS, so it grows with the renderer;
// the list of checked and skipped kustomizations (with the reason) is itself asserted, so that a change in
// coverage is visible in the test's output.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { ParseCache } from '../../server/engine/kustomize/documents';
import { renderKustomization, SUPPORTED_FIELDS } from '../../server/engine/kustomize/render';
import { toValue } from '../../server/engine/kustomize/tree';
import { diskHost } from '../../server/workspace/kustomize-host';
import { corpusCases, hasKustomizeCorpus } from '../kustomize-corpus';

const cases = corpusCases(SUPPORTED_FIELDS);
const checked = cases.filter((c) => c.skip === undefined);

describe(
  'the Kustomize renderer on the corpus',
  { skip: !hasKustomizeCorpus && 'no ../shared/corpus/kustomize' },
  () => {
    it('lists which kustomizations it checks and which it skips, and why', (t) => {
      const report = cases.map(
        (c) => `${c.skip === undefined ? 'checked' : `skipped (${c.skip})`}: ${c.folder}`,
      );
      t.diagnostic(report.join('\n'));
      assert.equal(cases.length, 86, 'the 86 non-Component kustomizations of the corpus');
      assert.equal(cases.filter((c) => c.skip === 'kustomize itself cannot build it').length, 2);
      // Each case names its folder and either is checked or says why not.
      for (const c of cases) assert.ok(c.skip === undefined || c.skip.length > 0, c.folder);
      assert.ok(checked.length >= 20, `${checked.length} checked`);
    });

    const cache = new ParseCache();
    const host = diskHost();
    for (const c of checked) {
      it(`renders ${c.folder} as kustomize does`, () => {
        const result = renderKustomization(c.dir, host, cache);
        assert.deepEqual(result.notices, [], `notices: ${result.notices.map((n) => n.message).join('; ')}`);
        assert.ok(result.rendered);
        const expected = parseAllDocuments(readFileSync(c.expected, 'utf8'))
          .map((document) => document.toJS() as unknown)
          .filter((value) => value !== null);
        const actual = result.objects.map((object) => toValue(object.tree));
        const identity = (value: unknown): string => {
          const v = value as { kind?: string; metadata?: { name?: string; namespace?: string } };
          return `${v.kind} ${v.metadata?.namespace ?? ''}/${v.metadata?.name}`;
        };
        assert.deepEqual(actual.map(identity), expected.map(identity), 'document order');
        for (let i = 0; i < expected.length; i++)
          assert.deepEqual(actual[i], expected[i], identity(expected[i]));
      });
    }
  },
);
