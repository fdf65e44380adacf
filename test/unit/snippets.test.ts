// Every snippet the extension contributes must expand (with its default placeholder values) to YAML that
// parses and that no rule flags: a tool that warns about its own templates would not be trusted.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { BUILT_IN_RULES } from '../built-in-rules';
import { analyseText } from '../../server/engine/engine';

const root = join(__dirname, '..', '..');

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

/** Expands VS Code snippet syntax with default values: `${1:x}`, mirrors `${1}`/`$1`, choices, `$0`. */
export function expandSnippet(body: string): string {
  const values = new Map<string, string>();
  let text = body;
  for (let guard = 0; guard < 20 && /\$\{\d+[:|]/.test(text); guard++) {
    text = text.replace(/\$\{(\d+):([^${}]*)\}/g, (_m, n: string, value: string) => {
      if (!values.has(n)) values.set(n, value);
      return values.get(n)!;
    });
    text = text.replace(/\$\{(\d+)\|([^|]*)\|\}/g, (_m, n: string, choices: string) => {
      if (!values.has(n)) values.set(n, choices.split(',')[0] ?? '');
      return values.get(n)!;
    });
  }
  return text.replace(/\$\{(\d+)\}|\$(\d+)/g, (_m, a?: string, b?: string) => values.get((a ?? b)!) ?? '');
}

describe('snippets', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    contributes: { snippets: { language: string; path: string }[] };
  };

  it('are contributed for yaml', () => {
    assert.deepEqual(
      pkg.contributes.snippets.map((s) => s.language),
      ['yaml'],
    );
  });

  for (const contribution of pkg.contributes.snippets) {
    const snippets = JSON.parse(readFileSync(join(root, contribution.path), 'utf8')) as Record<
      string,
      Snippet
    >;
    for (const [name, snippet] of Object.entries(snippets)) {
      it(`"${name}" expands to valid YAML with no findings`, () => {
        assert.ok(snippet.prefix.length > 0 && snippet.description, 'prefix and description');
        const body = Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
        const text = expandSnippet(body);
        assert.doesNotMatch(text, /\$\{?\d/, 'every placeholder expanded');
        for (const doc of parseAllDocuments(text)) assert.deepEqual(doc.errors, []);
        const analysis = analyseText(text, BUILT_IN_RULES);
        assert.deepEqual(
          analysis.findings.map((f) => `${f.ruleId}: ${f.message}`),
          [],
        );
      });
    }
  }
});
