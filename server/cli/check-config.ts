// The configuration a `check` run and the catalogue commands read: `--config` (read here, its problems said
// in a sentence rather than thrown) or the one found from the working folder, and the `--rule` severities
// layered over it.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigLocator, includedFiles, listFiles, readText, type LoadedConfig } from '../config/discovery';
import { parseConfig } from '../engine/config';
import type { RuleSet } from '../engine/rule-set';
import { isPlainObject } from '../engine/values';
import { UsageError, type CheckOptions } from './args';

/** Reads a `--config` file (relative to `cwd`) with its included files, or says why it cannot. */
export function readConfigFile(cwd: string, file: string, rules: RuleSet): LoadedConfig | string {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? `no such configuration file: ${file}`
      : `cannot read configuration file ${file}: ${code ?? String(error)}`;
  }
  return {
    path,
    text,
    ...parseConfig(text, rules, (globs) => includedFiles(dirname(path), globs, readText, listFiles)),
  };
}

/**
 * The configuration `--list-rules` and `--explain` describe: `--config`, else the one found from `cwd`.
 * Throws a usage error when `--config` cannot be read.
 */
export function configForCommand(
  cwd: string,
  file: string | undefined,
  rules: RuleSet,
): LoadedConfig | undefined {
  if (file === undefined) return new ConfigLocator(rules).forFolder(cwd);
  const loaded = readConfigFile(cwd, file, rules);
  if (typeof loaded === 'string') throw new UsageError(loaded, false);
  return loaded;
}

/**
 * `--rule` severities over the configuration's entries. A rule the configuration gives options keeps them:
 * the command line changes how loud a rule is, not how it is tuned.
 */
export function ruleOverrides(
  config: LoadedConfig | undefined,
  options: CheckOptions,
): Record<string, unknown> {
  const repoRules = config?.config.settings.rules ?? {};
  const out: Record<string, unknown> = {};
  for (const [id, severity] of Object.entries(options.rules)) {
    const entry = repoRules[id];
    out[id] = isPlainObject(entry) ? { ...entry, severity } : severity;
  }
  return out;
}
