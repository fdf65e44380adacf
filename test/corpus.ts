// Where the tests find real manifests: the public corpus next to the project (../shared/corpus/realworld,
// present in CI), or the project's own examples where it is missing.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';

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
