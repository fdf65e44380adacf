// Every rule is complete: registered, told by an honest story, documented, and tested both ways (and its fix
// too). A rule that misses any of these would reach users half-finished.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import allCases from 'virtual:rule-cases';
import { RULES } from '../../rules';
import { root } from '../corpus';
import type { RuleCases } from '../rule-cases';

describe('rule catalogue completeness', () => {
  it('every rule folder is registered, once, under its own id', () => {
    const folders = readdirSync(join(root, 'rules'))
      .filter((entry) => statSync(join(root, 'rules', entry)).isDirectory())
      .sort();
    const ids = RULES.map((r) => r.meta.id);
    assert.deepEqual([...ids].sort(), folders);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('every table runs once, from test/unit/rules.test.ts: no rule folder runs its own', () => {
    for (const id of readdirSync(join(root, 'rules'))) {
      const folder = join(root, 'rules', id);
      if (!statSync(folder).isDirectory()) continue;
      for (const file of readdirSync(folder).filter((name) => name.endsWith('.test.ts'))) {
        assert.doesNotMatch(
          readFileSync(join(folder, file), 'utf8'),
          /\bruleTester\s*\(/,
          `rules/${id}/${file}`,
        );
      }
    }
  });

  for (const rule of RULES) {
    const { meta } = rule;
    it(`${meta.id} is complete`, () => {
      assert.match(meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, 'kebab-case id');
      for (const field of ['title', 'description', 'rationale', 'remediation'] as const) {
        assert.ok(meta[field].trim().length > 10, `${field} is written`);
      }
      assert.match(meta.remediation, /[.!]$/, 'the remediation is a sentence');
      if (meta.input) {
        // An input rule checks the text itself, through checkInput, and never an object.
        assert.equal(typeof rule.checkInput, 'function', 'an input rule has checkInput');
        assert.deepEqual([meta.kinds, meta.fixable, meta.category], [[], false, 'input']);
      } else {
        assert.ok(meta.kinds.length > 0, 'declares the kinds it checks');
        assert.equal(rule.checkInput, undefined, 'only input rules check the input');
      }
      assert.ok(Object.keys(meta.messages).length > 0, 'has messages');

      assert.ok(meta.stories.length > 0, 'has a story');
      for (const story of meta.stories) {
        assert.ok(story.summary.length > 40, `story "${story.title}" is told`);
        if (story.evidence === 'postmortem' || story.evidence === 'public-report') {
          assert.match(
            story.url ?? '',
            /^https:\/\//,
            `"${story.title}" (${story.evidence}) links its source`,
          );
        }
      }
      for (const [name, spec] of Object.entries(meta.options ?? {})) {
        assert.ok(spec.description.length > 10, `option ${name} is described`);
      }

      const cases = allCases[meta.id] as RuleCases | undefined;
      assert.ok(cases, 'has a cases.ts table');
      assert.ok(cases.valid.length >= 1, 'at least one valid case');
      assert.ok(cases.invalid.length >= 1, 'at least one invalid case');
      const fixTests = cases.invalid.filter((c) => typeof c.output === 'string');
      if (meta.fixable) assert.ok(fixTests.length >= 1, 'a fixable rule tests its fix output');
      else assert.equal(fixTests.length, 0, 'a rule without fixes expects none');
    });
  }
});
