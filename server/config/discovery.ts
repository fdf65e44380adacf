// Finds the `.kube-hindsight.yaml` that governs a manifest by walking up from its folder, as ESLint and
// Prettier find theirs. Shared by the CLI and the language server; the engine itself never reads files.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import {
  CONFIG_FILE_NAMES,
  isIgnoredPath,
  type IncludedFile,
  parseConfig,
  type ConfigProblem,
  type RepoConfig,
} from '../engine/config';
import { matchesGlob } from '../engine/glob';
import type { RuleSet } from '../engine/rule-set';

export interface LoadedConfig {
  /** Absolute path of the configuration file. */
  path: string;
  config: RepoConfig;
  problems: ConfigProblem[];
  text: string;
  /** Absolute paths of the files its `include` read (absent where nobody recorded them). */
  included?: string[];
}

/** Reads a file's text, or undefined when it does not exist or cannot be read. */
export type ReadText = (path: string) => string | undefined;

export const readText: ReadText = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** Lists the files below a folder (relative paths with `/`), or [] when it cannot be read. */
export type ListFiles = (folder: string) => string[];

const MAX_INCLUDED_FILES = 200;

export const listFiles: ListFiles = (folder) => {
  try {
    return readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .slice(0, 10_000)
      .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'));
  } catch {
    return [];
  }
};

/**
 * The files an `include` names: each glob is matched below the folder its fixed prefix names (so
 * `.kube-hindsight/rules/*.yaml` lists only that folder), in path order, at most 200 files. They are only
 * read as YAML data.
 */
export function includedFiles(
  folder: string,
  globs: readonly string[],
  read: ReadText,
  list: ListFiles,
): IncludedFile[] {
  const found = new Set<string>();
  for (const glob of globs) {
    const clean = glob.replace(/^\.\//, '');
    const fixed = clean.split('/');
    const prefix: string[] = [];
    while (fixed.length > 1 && !/[*?{[\\]/.test(fixed[0]!)) prefix.push(fixed.shift()!);
    const base = prefix.join('/');
    for (const rel of list(join(folder, ...prefix))) {
      // The whole pattern against the whole path, as includerOf matches it (a pattern parseConfig could not
      // read matches nothing).
      const path = base ? `${base}/${rel}` : rel;
      if (matchesGlob(glob, path)) found.add(path);
    }
  }
  return [...found]
    .sort()
    .slice(0, MAX_INCLUDED_FILES)
    .flatMap((rel) => {
      const path = join(folder, ...rel.split('/'));
      const text = read(path);
      return text === undefined ? [] : [{ path, text }];
    });
}

export class ConfigLocator {
  private readonly byFolder = new Map<string, LoadedConfig | null>();

  /**
   * `rules` are the built-in rules configurations are read against (each extends them with its team rules);
   * `read` lets the language server prefer an open editor's unsaved text over the file on disk.
   */
  constructor(
    private readonly rules: RuleSet,
    private readonly read: ReadText = readText,
    private readonly list: ListFiles = listFiles,
  ) {}

  /** The configuration nearest to `file` (an absolute path), or undefined when there is none up to the root. */
  forFile(file: string): LoadedConfig | undefined {
    return this.forFolder(dirname(file));
  }

  forFolder(folder: string): LoadedConfig | undefined {
    const cached = this.byFolder.get(folder);
    if (cached !== undefined) return cached ?? undefined;
    let found: LoadedConfig | null = null;
    for (const name of CONFIG_FILE_NAMES) {
      const path = join(folder, name);
      const text = this.read(path);
      if (text !== undefined) {
        const included: string[] = [];
        const { config, problems } = parseConfig(text, this.rules, (globs) => {
          const files = includedFiles(folder, globs, this.read, this.list);
          included.push(...files.map((file) => file.path));
          return files;
        });
        found = { path, config, problems, text, included };
        break;
      }
    }
    if (!found) {
      const parent = dirname(folder);
      found = parent === folder ? null : (this.forFolder(parent) ?? null);
    }
    this.byFolder.set(folder, found);
    return found ?? undefined;
  }

  /** Whether the governing configuration's `ignore` globs exclude `file`. */
  isIgnored(file: string, loaded = this.forFile(file)): boolean {
    if (!loaded || loaded.config.ignore.length === 0) return false;
    const rel = relative(dirname(loaded.path), file).split(sep).join('/');
    return !rel.startsWith('../') && isIgnoredPath(loaded.config, rel);
  }

  /**
   * The configuration whose `include` names `file` (read it, or matches it: a new file counts), or undefined
   * when `file` is no included rule file.
   */
  includerOf(file: string): LoadedConfig | undefined {
    const loaded = this.forFile(file);
    if (!loaded) return undefined;
    if (loaded.included?.includes(file)) return loaded;
    const rel = relative(dirname(loaded.path), file).split(sep).join('/');
    if (rel.startsWith('../')) return undefined;
    return loaded.config.include.some((glob) => matchesGlob(glob, rel)) ? loaded : undefined;
  }

  /** Forget everything: a configuration file was created, changed or deleted. */
  clear(): void {
    this.byFolder.clear();
  }
}

export function isConfigFile(path: string): boolean {
  return (CONFIG_FILE_NAMES as readonly string[]).some(
    (name) => path === name || path.endsWith(sep + name) || path.endsWith('/' + name),
  );
}
