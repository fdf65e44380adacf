// What `check` learns from the kustomizations in its inputs' folders before it checks any file: each file's
// part in the renderings (see KustomizeProject). The CLI's only contribution is the disk.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RuleSet } from '../engine/rule-set';
import type { EngineSettings } from '../engine/types';
import {
  entryName,
  KUSTOMIZATION_NAMES,
  KustomizeProject,
  type Render,
} from '../workspace/kustomize-project';
import { diskHost } from '../workspace/kustomize-host';

/** The kustomization files of the folders that hold `files`. */
export function kustomizationsOf(files: readonly string[]): string[] {
  const found: string[] = [];
  for (const folder of new Set(files.map((file) => dirname(file)))) {
    const file = KUSTOMIZATION_NAMES.map((name) => join(folder, name)).find((path) => existsSync(path));
    if (file) found.push(file);
  }
  return found.sort();
}

/** The project of a run: the kustomizations of the inputs' folders, read from disk (or `texts`). */
export function runProject(
  files: readonly string[],
  cwd: string,
  render: Render,
  configFor: (kustomizationFile: string) => { rules: RuleSet; settings: EngineSettings },
  texts?: ReadonlyMap<string, string>,
): KustomizeProject {
  const project = new KustomizeProject({
    render,
    host: diskHost((path) => texts?.get(path)),
    configFor,
    root: (dir) => entryName(cwd, dir),
  });
  for (const file of kustomizationsOf(files)) project.add(file);
  return project;
}
