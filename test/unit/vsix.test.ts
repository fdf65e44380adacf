// The extension package: `vsce package` (as `npm run package` runs it) makes a .vsix holding only what the
// editor needs, within a size budget, with the README's images inside it, an icon drawn by
// scripts/icon.mjs, the Marketplace metadata, and a CHANGELOG entry for the version. (`npm test` builds
// dist/ before the tests run.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUILT_IN_RULES } from '../built-in-rules';
import { root } from './cli-run';

/** The .vsix stays under this: about 1.3 MB today, almost all of it the three bundles and the README's images. */
const VSIX_BUDGET = 2 * 1024 * 1024;

/** The entries of a zip file (name and uncompressed size), read from its central directory. */
function zipEntries(zip: Buffer): { name: string; size: number }[] {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, 'the .vsix is a zip file');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: { name: string; size: number }[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    entries.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      size: zip.readUInt32LE(at + 24),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  icon: string;
  repository: { url: string };
  bugs: { url: string };
  homepage: string;
  keywords: string[];
  galleryBanner: { color: string; theme: string };
  contributes: { walkthroughs: { steps: { media: { image?: string; markdown?: string } }[] }[] };
};

describe('the .vsix', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'kh-vsix-')), 'kube-hindsight.vsix');
  const packaged = spawnSync(
    process.execPath,
    [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', out],
    { cwd: root, encoding: 'utf8', timeout: 180000 },
  );

  it('holds only what the editor runs and shows, within its size budget', () => {
    assert.equal(packaged.status, 0, packaged.stderr + packaged.stdout);
    const zip = readFileSync(out);
    const names = zipEntries(zip).map((e) => e.name);
    const rulePages = names.filter((n) => n.startsWith('extension/docs/rules/'));
    assert.deepEqual(
      rulePages.sort(),
      BUILT_IN_RULES.rules.map((r) => `extension/docs/rules/${r.meta.id}.md`).sort(),
    );
    assert.deepEqual(names.filter((n) => !rulePages.includes(n)).sort(), [
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/LICENSE.txt',
      'extension/changelog.md',
      'extension/dist/extension.js',
      'extension/dist/index-worker.js',
      'extension/dist/server.js',
      'extension/docs/images/01-squiggles.png',
      'extension/docs/images/02-problems.png',
      'extension/docs/images/03-hover.png',
      'extension/docs/images/04-quick-fix-menu.png',
      'extension/docs/images/05-after-fix.png',
      'extension/images/icon.png',
      'extension/package.json',
      'extension/readme.md',
      'extension/snippets/kubernetes.json',
      'extension/walkthrough/apply-fix.md',
      'extension/walkthrough/open-sample.md',
      'extension/walkthrough/read-story.md',
      'extension/walkthrough/sample.yaml',
    ]);
    assert.ok(zip.length < VSIX_BUDGET, `the .vsix is ${zip.length} bytes`);
  });

  it("resolves the README's images, the walkthrough's media and the icon inside the package", () => {
    const names = new Set(zipEntries(readFileSync(out)).map((e) => e.name));
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    assert.ok(images.length > 0, 'the README shows images');
    const media = manifest.contributes.walkthroughs.flatMap((w) =>
      w.steps.flatMap((s) => [s.media.image, s.media.markdown].filter((p): p is string => p !== undefined)),
    );
    for (const path of [...images, ...media, manifest.icon]) {
      assert.ok(!/^[a-z]+:/.test(path), `${path} is a path inside the package`);
      assert.ok(names.has(`extension/${path}`), `${path} is in the .vsix`);
    }
  });
});

describe('the Marketplace listing', () => {
  it('has an icon of 128 × 128 pixels, drawn by scripts/icon.mjs', () => {
    const png = readFileSync(join(root, manifest.icon));
    assert.equal(png.toString('latin1', 12, 16), 'IHDR');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    const drawn = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import('./scripts/icon.mjs').then((m) => process.stdout.write(m.iconPng().toString('base64')))",
      ],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(drawn.stdout, png.toString('base64'), 'images/icon.png is what scripts/icon.mjs draws');
  });

  it('names the repository, where to report bugs, the home page, keywords and a banner colour', () => {
    assert.match(manifest.repository.url, /^https:\/\/github\.com\/kube-hindsight\/kube-hindsight\.git$/);
    assert.equal(manifest.bugs.url, 'https://github.com/kube-hindsight/kube-hindsight/issues');
    assert.match(manifest.homepage, /^https:\/\/github\.com\/kube-hindsight\/kube-hindsight/);
    assert.ok(manifest.keywords.includes('kubernetes') && manifest.keywords.length <= 30);
    assert.match(manifest.galleryBanner.color, /^#[0-9A-Fa-f]{6}$/);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
  });

  it('the CHANGELOG has an entry for this version, under the unreleased changes', () => {
    const headings = readFileSync(join(root, 'CHANGELOG.md'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('## '));
    assert.equal(headings[0], '## Unreleased');
    assert.ok(headings.includes(`## ${manifest.version}`), `an entry for ${manifest.version}`);
  });
});
