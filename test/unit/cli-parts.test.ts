// The CLI's pure parts, tested directly: the glob walker, GitHub escaping, the progress line, Helm source
// attribution, the key paths behind SARIF fingerprints, and the terminal rendering of rule documents.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseFile } from '../../server/engine/parse';
import { escapeData, escapeProperty } from '../../server/cli/format-github';
import { keyPath } from '../../server/cli/key-path';
import { resolveTemplates, templateSources } from '../../server/cli/helm';
import { expandGlob, isGlob } from '../../server/cli/inputs';
import { closest } from '../../server/engine/distance';
import { ProgressLine } from '../../server/cli/progress';
import { markdownForTerminal } from '../../server/cli/rules-info';
import { DEPLOYMENT, tempTree } from './cli-run';

describe('glob expansion', () => {
  const dir = tempTree({
    'base/a.yaml': '',
    'base/b.yml': '',
    'overlays/prod/c.yaml': '',
    'overlays/prod/deep/d.yaml': '',
    'overlays/dev/e.yaml': '',
  });

  it('matches from the literal prefix, no deeper than the pattern reaches', () => {
    assert.deepEqual(expandGlob('*/*.yaml', dir), ['base/a.yaml']);
    assert.deepEqual(expandGlob('overlays/**/*.yaml', dir), [
      'overlays/dev/e.yaml',
      'overlays/prod/c.yaml',
      'overlays/prod/deep/d.yaml',
    ]);
    assert.deepEqual(expandGlob('{base,overlays/prod}/*.{yaml,yml}', dir), [
      'base/a.yaml',
      'base/b.yml',
      'overlays/prod/c.yaml',
    ]);
    assert.deepEqual(expandGlob('./base/*', dir), ['base/a.yaml', 'base/b.yml']);
  });

  it('keeps absolute patterns absolute', () => {
    assert.deepEqual(expandGlob(`${dir}/overlays/*/c.yaml`, '/'), [join(dir, 'overlays/prod/c.yaml')]);
  });

  it('knows a glob when it sees one', () => {
    assert.ok(isGlob('k8s/**/*.yaml'));
    assert.ok(isGlob('app.{yaml,yml}'));
    assert.ok(!isGlob('k8s/app.yaml'));
  });
});

describe('GitHub workflow command escaping', () => {
  it('escapes % CR LF in data, and also : and , in properties', () => {
    assert.equal(escapeData('100%\r\ndone: a, b'), '100%25%0D%0Adone: a, b');
    assert.equal(escapeProperty('a,b:c%\n'), 'a%2Cb%3Ac%25%0A');
  });
});

describe('the progress line', () => {
  const stream = (
    isTTY: boolean,
  ): { isTTY: boolean; columns: number; written: string[]; write(s: string): void } => ({
    isTTY,
    columns: 20,
    written: [],
    write(text: string) {
      this.written.push(text);
    },
  });

  it('stays silent for a second, then shows, throttled, cut to the width, and is erased at the end', () => {
    let now = 0;
    const out = stream(true);
    const progress = new ProgressLine(out, () => now);
    progress.update('reading 1/3 files');
    now = 999;
    progress.update('reading 2/3 files');
    assert.deepEqual(out.written, []);
    now = 1000;
    progress.update('analysing 1/3 files, a long line');
    now = 1050;
    progress.update('analysing 2/3 files');
    assert.deepEqual(out.written, ['\r\x1b[Kanalysing 1/3 files']);
    progress.done();
    assert.deepEqual(out.written.at(-1), '\r\x1b[K');
  });

  it('never writes when stderr is not a terminal, nor erases what it never wrote', () => {
    let now = 0;
    const out = stream(false);
    const progress = new ProgressLine(out, () => now);
    now = 5000;
    progress.update('analysing 1/3 files');
    progress.done();
    const quick = stream(true);
    new ProgressLine(quick, () => 0).done();
    assert.deepEqual([...out.written, ...quick.written], []);
  });
});

describe('Helm # Source: attribution', () => {
  it('finds the template of each document, including the first one without a --- marker', () => {
    const text =
      '# Source: c/templates/a.yaml\nkind: A\n---\n# Source: c/templates/b.yaml\n# more\nkind: B\n---\nkind: C\n# Source: not/a/header.yaml\n';
    const sources = templateSources(parseFile(text));
    assert.deepEqual(sources, [
      { path: 'c/templates/a.yaml', lineShift: 1 },
      { path: 'c/templates/b.yaml', lineShift: 4 },
      undefined,
    ]);
  });

  it('resolves a template only to a file that exists, never through `..`', () => {
    const files = new Set([
      '/work/shop/templates/a.yaml',
      '/repo/chart/Chart.yaml',
      '/repo/chart/templates/b.yaml',
    ]);
    const exists = (path: string): boolean => files.has(path);
    const sources = [
      { path: 'shop/templates/a.yaml', lineShift: 1 },
      { path: 'shop/templates/b.yaml', lineShift: 1 },
      { path: 'shop/templates/gone.yaml', lineShift: 1 },
      { path: 'shop/../../etc/passwd', lineShift: 1 },
      undefined,
    ];
    assert.deepEqual(resolveTemplates(sources, '/repo/chart/out/all.yaml', '/work', exists), [
      { path: 'shop/templates/a.yaml', lineShift: 1, file: '/work/shop/templates/a.yaml' },
      // Found under the chart root above the rendered file, without the chart's name.
      { path: 'shop/templates/b.yaml', lineShift: 1, file: '/repo/chart/templates/b.yaml' },
      { path: 'shop/templates/gone.yaml', lineShift: 1 },
      { path: 'shop/../../etc/passwd', lineShift: 1 },
      undefined,
    ]);
  });
});

describe('SARIF key paths', () => {
  it('names the path to the flagged key, with named sequence items', () => {
    const file = parseFile(DEPLOYMENT);
    const object = file.objects[0]!;
    const at = (text: string): number => DEPLOYMENT.indexOf(text);
    assert.equal(keyPath(object, at('resources:')), 'spec.template.spec.containers[web].resources');
    assert.equal(keyPath(object, at('replicas')), 'spec.replicas');
    assert.equal(keyPath(object, at('web\n')), 'metadata.name');
    assert.equal(
      keyPath(object, at('topologyKey')),
      'spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey',
    );
  });
});

describe('rule documents in the terminal', () => {
  it('renders links, emphasis, escapes, tables and code blocks as plain text', () => {
    const markdown = [
      '# id: Title',
      '',
      '<!-- Generated; do not edit. -->',
      '',
      '| a | long header |',
      '|---|---|',
      '| `x` | y \\| z |',
      '',
      '**Why.** See [the \\[real\\] story](https://example.com/a_b) and *this*.',
      '',
      '```yaml',
      'rules:',
      '  id: off',
      '```',
    ].join('\n');
    assert.equal(
      markdownForTerminal(markdown),
      [
        '# id: Title',
        '',
        'a    long header',
        '`x`  y | z',
        '',
        'Why. See the [real] story (https://example.com/a_b) and this.',
        '',
        '    rules:',
        '      id: off',
      ].join('\n'),
    );
  });

  it('suggests the nearest rule id only for plausible typos', () => {
    assert.equal(closest('missing-pbd', ['missing-pdb', 'missing-memory-limit']), 'missing-pdb');
    assert.equal(closest('pdb', ['missing-pdb']), undefined);
  });
});
