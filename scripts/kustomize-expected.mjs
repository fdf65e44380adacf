// Writes test/fixtures/kustomize-expected/: what the real kustomize prints for every non-Component
// kustomization of the shared Kustomize corpus (../shared/corpus/kustomize, listed in its INDEX.json). The
// acceptance test (test/unit/kustomize-corpus.test.ts) compares the renderer's output with these files, so
// that the test needs no kustomize binary. Run it once after the corpus changes:
//
//   node scripts/kustomize-expected.mjs
//
// Each folder is built exactly as `kubectl kustomize <folder>` (kubectl v1.32 with kustomize v5.5.0 built
// in), offline. A folder kustomize cannot build gets `<folder>.error.txt` with kustomize's message instead.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const corpus = join(root, '..', 'shared', 'corpus', 'kustomize');
const out = join(root, 'test', 'fixtures', 'kustomize-expected');
const index = JSON.parse(readFileSync(join(corpus, 'INDEX.json'), 'utf8'));

const version = execFileSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
if (!/Kustomize Version: v5\.5\.0/.test(version)) throw new Error(`expected kustomize v5.5.0:\n${version}`);

rmSync(out, { recursive: true, force: true });
let built = 0;
const failed = [];
for (const entry of index) {
  if (entry.kind === 'Component') continue;
  const folder = dirname(entry.file);
  const target = join(out, folder);
  mkdirSync(dirname(target), { recursive: true });
  try {
    const yaml = execFileSync('kubectl', ['kustomize', join(corpus, folder)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    writeFileSync(`${target}.yaml`, yaml);
    built++;
  } catch (error) {
    // kustomize's message names absolute paths of this machine; keep only what follows the corpus folder.
    const message = String(error.stderr ?? error.message)
      .split(corpus + '/')
      .join('');
    writeFileSync(`${target}.error.txt`, message);
    failed.push(folder);
  }
}
console.log(`built ${built}; kustomize failed on ${failed.length}: ${failed.join(', ')}`);
