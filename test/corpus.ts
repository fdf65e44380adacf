// Where the tests find real manifests: the public corpus next to the project (../shared/corpus/realworld,
// present in CI), or the project's own examples where it is missing. Every test that reads either goes
// through this file, so that moving the corpus (or running without it) is a change in one place.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';

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

/** The kustomize corpus next to the realworld one (../shared/corpus/kustomize), when present. */
export const kustomizeCorpus = join(root, '..', 'shared', 'corpus', 'kustomize');

/**
 * Every YAML file of both corpora (realworld and kustomize) that holds whole manifests: files that a
 * kustomization in their folder lists as patches (`patches[].path`, `patchesStrategicMerge`) are partial
 * objects by design and are left out, as the schema rules' corpus test documents.
 */
export function wholeManifestsOfCorpus(): string[] {
  const dirs = [corpus, kustomizeCorpus].filter((dir) => existsSync(dir));
  const files = dirs.flatMap((dir) => yamlFilesUnder(dir));
  const patches = new Set(files.flatMap((file) => patchFilesOf(file)));
  return files.filter((file) => !patches.has(file));
}

/** The files a kustomization lists as patches, as absolute paths; nothing for any other file. */
export function patchFilesOf(file: string): string[] {
  if (!/(^|[\\/])kustomization\.ya?ml$/.test(file)) return [];
  let value: unknown;
  try {
    value = load(readFileSync(file, 'utf8'), { schema: CORE_SCHEMA });
  } catch {
    return [];
  }
  if (typeof value !== 'object' || value === null) return [];
  const { patches, patchesStrategicMerge } = value as { patches?: unknown; patchesStrategicMerge?: unknown };
  const paths = [
    ...(Array.isArray(patches) ? patches : []).map((p: unknown) =>
      typeof p === 'object' && p !== null ? (p as { path?: unknown }).path : undefined,
    ),
    ...(Array.isArray(patchesStrategicMerge) ? patchesStrategicMerge : []),
  ];
  return paths.flatMap((path) =>
    typeof path === 'string' && !path.includes('://') && !path.includes('\n')
      ? [resolve(dirname(file), path)]
      : [],
  );
}
