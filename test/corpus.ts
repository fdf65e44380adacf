// Where the tests find real manifests: the public corpus next to the project (../shared/corpus/realworld,
// present in CI), or the project's own examples where it is missing.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The project's root (the tests run bundled from out/test/). */
export const root = join(__dirname, '..', '..');
export const corpus = join(root, '..', 'shared', 'corpus', 'realworld');

/** Every `.yaml`/`.yml` file below `dir`, in name order. */
export function yamlFilesUnder(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yamlFilesUnder(path, out);
    else if (/\.ya?ml$/.test(entry)) out.push(path);
  }
  return out;
}

/** The corpus's YAML files when it is present, else the bundled examples. */
export function corpusOrExamples(): string[] {
  return existsSync(corpus) ? yamlFilesUnder(corpus) : yamlFilesUnder(join(root, 'examples'));
}
