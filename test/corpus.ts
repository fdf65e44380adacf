// Where the tests find real manifests: the public corpus next to the project (../shared/corpus/realworld,
// present in CI), or the project's own examples where it is missing. Every test that reads either goes
// through this file, so that moving the corpus (or running without it) is a change in one place.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The project's root (the tests run bundled from out/test/). */
export const root = join(__dirname, '..', '..');
export const corpus = join(root, '..', 'shared', 'corpus', 'realworld');
export const examples = join(root, 'examples');

/** Whether the public corpus is present (tests that need it skip with `corpusMissing` as their reason). */
export const hasCorpus = existsSync(corpus);
/** The reason a corpus-only test gives for skipping, or false when the corpus is present. */
export const corpusMissing: string | false = !hasCorpus && `no corpus at ${corpus}`;

/** Every `.yaml`/`.yml` file below `dir`, in name order; with `maxBytes`, only files up to that size. */
export function yamlFilesUnder(
  dir: string,
  maxBytes = Number.POSITIVE_INFINITY,
  out: string[] = [],
): string[] {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    const stat = statSync(path);
    if (stat.isDirectory()) yamlFilesUnder(path, maxBytes, out);
    else if (/\.ya?ml$/.test(entry) && stat.size <= maxBytes) out.push(path);
  }
  return out;
}

/** The corpus's YAML files when it is present, else the bundled examples. */
export function corpusOrExamples(maxBytes?: number): string[] {
  return yamlFilesUnder(hasCorpus ? corpus : examples, maxBytes);
}

/** The corpus's YAML files (none when it is absent). */
export function corpusFiles(maxBytes?: number): string[] {
  return hasCorpus ? yamlFilesUnder(corpus, maxBytes) : [];
}

/** The path of a file of the corpus, by its path inside it. */
export function corpusPath(relative: string): string {
  return join(corpus, relative);
}

/** The text of one of the project's examples (examples/<name>). */
export function example(name: string): string {
  return readFileSync(join(examples, name), 'utf8');
}
