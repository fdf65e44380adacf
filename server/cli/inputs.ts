// Turns the command line's inputs (files, directories, quoted globs, `-`) into the list of files to read.
// Globs are expanded here rather than by the shell so that `'manifests/**/*.yaml'` works the same in every
// shell and on every CI runner, with the same matcher as the configuration's `ignore` list.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isConfigFile } from '../config/discovery';
import { compileGlob, describeGlobError, GlobError, type Glob } from '../engine/glob';

export type Input = { kind: 'file'; path: string } | { kind: 'stdin' };

/** Folders no one means to lint: dependencies and version control. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

const GLOB_CHARACTERS = /[*?{]/;

export function isGlob(input: string): boolean {
  return GLOB_CHARACTERS.test(input);
}

/**
 * Expands inputs in order, each file once (the first mention wins), and records every input that names
 * nothing as an error. Paths keep the form the user typed (relative stays relative) for reporting.
 */
export function expandInputs(
  inputs: readonly string[],
  cwd: string,
  errors: string[],
  budget?: WalkBudget,
): Input[] {
  const out: Input[] = [];
  const seen = new Set<string>();
  const add = (path: string): void => {
    const absolute = resolve(cwd, path);
    if (seen.has(absolute)) return;
    seen.add(absolute);
    out.push({ kind: 'file', path });
  };
  for (const input of inputs) {
    if (input === '-') {
      out.push({ kind: 'stdin' });
      continue;
    }
    let kind: 'file' | 'dir' | undefined;
    try {
      kind = statSync(resolve(cwd, input)).isDirectory() ? 'dir' : 'file';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A path that exists is taken literally even when it contains glob characters.
      if (isGlob(input)) {
        const matches = expandGlob(input, cwd, errors, budget);
        if (matches?.length === 0) errors.push(`no files match ${input}`);
        matches?.forEach(add);
      } else {
        errors.push(
          code === 'ENOENT' ? `no such file or directory: ${input}` : `cannot read ${input}: ${code}`,
        );
      }
      continue;
    }
    if (kind === 'file') add(input);
    else
      // Folders keep their historical meaning: every YAML file in them, dot-folders such as .github included.
      walk(
        resolve(cwd, input),
        Infinity,
        true,
        errors,
        (relative) => {
          const name = relative.slice(relative.lastIndexOf('/') + 1);
          if (/\.ya?ml$/i.test(name) && !isConfigFile(name)) add(join(input, relative));
        },
        budget,
      );
  }
  return out;
}

/**
 * The files matching a glob (`**`, `*`, `?`, `[…]`, `{a,b}`), sorted as a depth-first walk sorts them, or
 * undefined when the pattern cannot be read (the reason joins `errors`). The walk
 * starts at the pattern's literal prefix and goes no deeper than the pattern can match, so `*.yaml` means
 * the current folder only, as in a shell. Names starting with a dot match only when the pattern spells the
 * dot, as in a shell, and `node_modules`, `.git` and configuration files are never matches.
 */
export function expandGlob(
  pattern: string,
  cwd: string,
  errors: string[] = [],
  budget?: WalkBudget,
): string[] | undefined {
  const firstGlob = pattern.search(GLOB_CHARACTERS);
  const slash = pattern.lastIndexOf('/', firstGlob);
  // `/etc/*.yaml` keeps its root; `*.yaml` starts in the working folder.
  const base = slash === -1 ? '' : pattern.slice(0, slash) || '/';
  const rest = pattern.slice(slash + 1);
  let matcher: Glob;
  try {
    // As in a shell, `*.yaml` means this folder's files, not every folder's.
    matcher = compileGlob(rest, { anyDepth: false });
  } catch (error) {
    if (!(error instanceof GlobError)) throw error;
    errors.push(describeGlobError(pattern, new GlobError(error.message, error.index + slash + 1)));
    return undefined;
  }
  const maxDepth = rest.includes('**') ? Infinity : rest.split('/').length;
  const dotfiles = /(^|\/)\./.test(rest.replace(/^\.\//, ''));
  const matches: string[] = [];
  walk(
    resolve(cwd, base || '.'),
    maxDepth,
    dotfiles,
    errors,
    (relative) => {
      const name = relative.slice(relative.lastIndexOf('/') + 1);
      if (matcher.test(relative) && !isConfigFile(name)) matches.push(base ? join(base, relative) : relative);
    },
    budget,
  );
  return matches;
}

/**
 * How many files and folders a walk may look at before it stops (`left` counts down; `exhausted` tells that
 * it stopped). The command line's own inputs have none; a configuration's `admissionPolicies:` entries do, so
 * that an entry such as `/` cannot hold the language server in one synchronous walk of the disk.
 */
export interface WalkBudget {
  left: number;
  exhausted: boolean;
}

/**
 * Visits every file under `root` (as a `/`-separated path relative to it) up to `maxDepth` levels, in sorted
 * order. Each real folder is entered once, so a symbolic link back to an ancestor cannot loop forever.
 */
function walk(
  root: string,
  maxDepth: number,
  dotfiles: boolean,
  errors: string[],
  visit: (relative: string) => void,
  budget?: WalkBudget,
): void {
  const entered = new Set<string>();
  const enter = (dir: string, prefix: string, depth: number): void => {
    let real: string;
    let entries: string[];
    try {
      real = realpathSync(dir);
      entries = readdirSync(dir).sort();
    } catch (error) {
      errors.push(`cannot read directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      return;
    }
    if (entered.has(real)) return;
    entered.add(real);
    for (const entry of entries) {
      if (SKIPPED_FOLDERS.has(entry) || (!dotfiles && entry.startsWith('.'))) continue;
      if (budget && --budget.left < 0) {
        budget.exhausted = true;
        return;
      }
      const path = join(dir, entry);
      let isDirectory: boolean;
      try {
        isDirectory = statSync(path).isDirectory();
      } catch {
        continue; // A dangling link inside a folder is not the user's input; skip it.
      }
      const relative = prefix + entry;
      if (isDirectory) {
        if (depth < maxDepth) enter(path, relative + '/', depth + 1);
      } else {
        visit(relative);
      }
    }
  };
  enter(root, '', 1);
}
