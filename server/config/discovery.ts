// Finds the `.kube-hindsight.yaml` that governs a manifest by walking up from its folder, as ESLint and
// Prettier find theirs. Shared by the CLI and the language server; the engine itself never reads files.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { RULES } from '../../rules';
import {
  CONFIG_FILE_NAMES,
  isIgnoredPath,
  parseConfig,
  type ConfigProblem,
  type RepoConfig,
} from '../engine/config';

export interface LoadedConfig {
  /** Absolute path of the configuration file. */
  path: string;
  config: RepoConfig;
  problems: ConfigProblem[];
  text: string;
}

/** Reads a file's text, or undefined when it does not exist or cannot be read. */
export type ReadText = (path: string) => string | undefined;

const readFromDisk: ReadText = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

export class ConfigLocator {
  private readonly byFolder = new Map<string, LoadedConfig | null>();

  /** `read` lets the language server prefer an open editor's unsaved text over the file on disk. */
  constructor(private readonly read: ReadText = readFromDisk) {}

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
        const { config, problems } = parseConfig(text, RULES);
        found = { path, config, problems, text };
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
