// A minimal, test-only reader for the transform steps' fixture cases (test/fixtures/kustomize-cases/): it
// loads each `resources:` entry (a file of documents, or a folder rendered the same way as a base) and runs
// the generator and transformer steps in kustomize's order, then the final naming steps on the top folder.
// Loading and patching belong to the render core; this reader knows only what the fixtures use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';
import type { KustomizeHost, KustomizeNotice, Level, RenderedObject } from '../server/engine/kustomize/model';
import { fromYaml, toValue, type RMap } from '../server/engine/kustomize/tree';
import {
  FINAL_STEPS,
  GENERATOR_STEPS,
  TRANSFORMERS_AFTER_JSON_PATCHES,
  TRANSFORMERS_BEFORE_JSON_PATCHES,
} from '../server/engine/kustomize/transform-steps';
import { diskHost as sharedDiskHost } from '../server/workspace/kustomize-host';
import { root } from './corpus';

export const casesDir = join(root, 'test', 'fixtures', 'kustomize-cases');

export const diskHost: KustomizeHost = sharedDiskHost();

export interface CaseResult {
  objects: RenderedObject[];
  notices: KustomizeNotice[];
  levels: Map<string, Level>;
}

/** Renders a case folder (the kustomization in it, its bases first). */
export function renderCase(dir: string): CaseResult {
  const notices: KustomizeNotice[] = [];
  const levels = new Map<string, Level>();
  const render = (folder: string, top: boolean): RenderedObject[] => {
    const kustomizationFile =
      ['kustomization.yaml', 'kustomization.yml', 'Kustomization']
        .map((name) => join(folder, name))
        .find((path) => diskHost.readFile(path) !== undefined) ?? join(folder, 'kustomization.yaml');
    const kustomization = fromYaml(parseDocument(readFileSync(kustomizationFile, 'utf8')), kustomizationFile);
    const level: Level = {
      kustomizationFile,
      dir: folder,
      kustomization: kustomization as RMap,
      host: diskHost,
      notices,
      files: new Set(),
    };
    levels.set(folder, level);
    let objects: RenderedObject[] = [];
    const resources = toValue(kustomization) as { resources?: string[] };
    for (const resource of resources.resources ?? []) {
      const path = join(folder, resource);
      if (diskHost.isDirectory(path)) objects.push(...render(path, false));
      else
        parseAllDocuments(readFileSync(path, 'utf8')).forEach((document, documentIndex) => {
          const tree = fromYaml(document, path);
          if (tree.type === 'map')
            objects.push({ tree, base: { uri: path, documentIndex }, patches: [], history: [] });
        });
    }
    const steps = [
      ...GENERATOR_STEPS,
      ...TRANSFORMERS_BEFORE_JSON_PATCHES,
      ...TRANSFORMERS_AFTER_JSON_PATCHES,
      ...(top ? FINAL_STEPS : []),
    ];
    for (const step of steps) objects = step(objects, level);
    return objects;
  };
  const objects = render(dir, true);
  return { objects, notices, levels };
}

/** The documents kustomize printed for a case (see scripts/kustomize-cases-expected.sh). */
export function expectedOf(dir: string): unknown[] {
  return parseAllDocuments(readFileSync(join(dir, 'expected.yaml'), 'utf8')).map((document) =>
    document.toJS(),
  );
}
