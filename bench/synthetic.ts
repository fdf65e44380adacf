// The bench's synthetic workspace: the corpus's documents regrouped into ~20 KB files, objects renamed per
// copy of the corpus, so that a workspace of any size has the shapes real manifests have. Its own module so
// that a before/after measurement (and the bench's growth figure) can write the same files at any size.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bytes per file: 20 MB per 1,000 files, as in issue 7's workspace. */
const BYTES_PER_FILE = (20 * 1024 * 1024) / 1000;

/** Every YAML file below `dir`, in name order. */
export function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yamlFiles(path, out);
    else if (/\.ya?ml$/.test(entry)) out.push(path);
  }
  return out.sort();
}

/**
 * Writes `fileCount` files (about 20 KB each) of the corpus's documents into `dir`, which is created, all in
 * that one folder (one deployment unit, the worst case for cross rules). Returns the folder, the number of
 * files and their bytes.
 */
export function syntheticWorkspace(
  dir: string,
  corpus: string,
  fileCount = 1000,
): { dir: string; files: number; bytes: number } {
  mkdirSync(dir, { recursive: true });
  const docs = yamlFiles(corpus)
    .filter((p) => !p.includes('parse-edge-cases'))
    .flatMap((p) => readFileSync(p, 'utf8').split(/^---[^\n]*\n/m))
    .filter((d) => /^kind:/m.test(d) && d.length < 60_000);
  const target = fileCount * BYTES_PER_FILE;
  let bytes = 0;
  let files = 0;
  let copy = 0;
  let chunk: string[] = [];
  let chunkBytes = 0;
  const flush = (): void => {
    const text = chunk.join('---\n');
    writeFileSync(join(dir, `manifest-${String(files).padStart(4, '0')}.yaml`), text);
    bytes += Buffer.byteLength(text);
    files++;
    chunk = [];
    chunkBytes = 0;
  };
  while (bytes < target || files < fileCount) {
    copy++;
    for (const doc of docs) {
      // `[ \t]*$`, not `\s*$`: the line break stays, or the next `---` would join this document's last line.
      const renamed = doc.replace(/^( {2}name: )(["']?)([^\s"']+)\2[ \t]*$/m, `$1$3-c${copy}`);
      // A document that ended its file without a line break needs one before the next `---`.
      chunk.push(renamed.endsWith('\n') ? renamed : `${renamed}\n`);
      chunkBytes += renamed.length;
      // Cut at the running share of the target per file, so large documents do not thin out the count.
      if (bytes + chunkBytes >= (files + 1) * BYTES_PER_FILE) flush();
      if (bytes >= target && files >= fileCount) break;
    }
  }
  if (chunk.length > 0) flush();
  return { dir, files, bytes };
}
