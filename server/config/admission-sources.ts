// The files of the admission policies a configuration lists under `admissionPolicies:`, read the same way
// by the CLI and the language server, so that both see the same policies and both report an entry that names
// nothing readable at that entry in `.kube-hindsight.yaml`, not as a failure of some later step.
import { dirname, resolve } from 'node:path';
import { expandInputs } from '../cli/inputs';
import type { ConfigProblem } from '../engine/config';
import type { LoadedConfig } from './discovery';

/**
 * How many files and folders one entry's listing looks at. A folder of admission policies holds dozens; an
 * entry naming a whole disk or home folder would otherwise be walked to its end, synchronously (in the
 * language server too, whose every request would wait).
 */
export const MAX_ENTRIES_LOOKED_AT = 20_000;

export interface AdmissionSources {
  /** Absolute paths of the YAML files the entries name, each once, in the entries' order. */
  files: string[];
  /** Every entry that names no readable file or folder, at its place in the configuration file. */
  problems: ConfigProblem[];
}

/**
 * Expands each entry (a folder: its YAML files at any depth; a file; a glob), relative to the configuration
 * file's folder, as the CLI expands its own inputs. Only the listing reads the disk; the files are read by
 * the caller.
 */
export function admissionPolicySources(
  loaded: Pick<LoadedConfig, 'path' | 'config'>,
  maxEntries = MAX_ENTRIES_LOOKED_AT,
): AdmissionSources {
  const folder = dirname(loaded.path);
  const files = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const entry of loaded.config.admissionPolicies) {
    const errors: string[] = [];
    const budget = { left: maxEntries, exhausted: false };
    for (const input of expandInputs([resolve(folder, entry.path)], folder, errors, budget)) {
      if (input.kind === 'file') files.add(resolve(folder, input.path));
    }
    // The first reason is the one to fix: a missing folder also leaves a glob below it matching nothing.
    for (const error of errors.slice(0, 1)) {
      problems.push({
        message: `admissionPolicies: cannot read "${entry.path}" (${error}), so its admission policies do not apply.`,
        span: entry.span,
      });
    }
    if (budget.exhausted) {
      problems.push({
        message: `admissionPolicies: "${entry.path}" holds more than ${maxEntries.toLocaleString('en')} files and folders; only the policies among the first ${maxEntries.toLocaleString('en')} apply. Name the folder of the policies itself.`,
        span: entry.span,
      });
    }
  }
  return { files: [...files], problems };
}
