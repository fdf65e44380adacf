// What `check` learns from the kustomizations among its inputs before it checks any file: which files are
// Kustomize patches (never checked as whole objects), which are resources of a rendered entry point (their
// objects are checked as the entry points render them), and the findings over each entry point's output,
// placed in the files that hold their causes. The rendering itself is the engine's (server/engine/kustomize).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import {
  analyseEntryPoint,
  combineEntryPoints,
  type EntryAnalysis,
  type EntryPoint,
  type RenderedFinding,
} from '../engine/kustomize/analyse';
import type { KustomizeHost, KustomizeNotice, RenderResult } from '../engine/kustomize/model';
import { computeLineStarts } from '../engine/positions';
import type { RuleSet } from '../engine/rule-set';
import type { EngineSettings, RuleFailure } from '../engine/types';

/** The names kustomize looks for in a folder, in its order of preference. */
export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export interface KustomizeScope {
  /** Files a kustomization names as a patch: only findings whose cause is in them are shown there. */
  patchFiles: ReadonlySet<string>;
  /** Files whose objects were checked in rendered output, and the rendered kustomizations themselves. */
  renderedFiles: ReadonlySet<string>;
  /** The rendered findings, by the file they are placed in. */
  findings: ReadonlyMap<string, RenderedFinding[]>;
  entryPoints: readonly EntryPoint[];
  /** What the renderer could not or would not do, each located in its kustomization. */
  notices: readonly KustomizeNotice[];
  failures: readonly { entry: string; failure: RuleFailure }[];
}

export type Render = (dir: string, host: KustomizeHost) => RenderResult;

/** The file system as the renderer reads it; `texts` replace files' contents (for `--fix`'s second look). */
export function diskHost(texts?: ReadonlyMap<string, string>): KustomizeHost {
  return {
    readFile(path) {
      const given = texts?.get(path);
      if (given !== undefined) return given;
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    isDirectory(path) {
      try {
        return statSync(path).isDirectory();
      } catch {
        return false;
      }
    },
  };
}

/** The kustomization file of a folder, if it has one. */
export function kustomizationIn(folder: string): string | undefined {
  return KUSTOMIZATION_NAMES.map((name) => join(folder, name)).find((path) => existsSync(path));
}

/**
 * Renders every kustomization in the folders of `files`, takes those no other one includes as entry points,
 * checks their output and places the findings. `configFor` gives the rules and settings that govern a
 * kustomization's folder (its nearest configuration file's).
 */
export function kustomizeScope(
  files: readonly string[],
  cwd: string,
  render: Render,
  host: KustomizeHost,
  configFor: (kustomizationFile: string) => { rules: RuleSet; settings: EngineSettings },
): KustomizeScope {
  const folders = [...new Set(files.map((file) => dirname(file)))].sort();
  const results: RenderResult[] = [];
  for (const folder of folders) {
    if (kustomizationIn(folder) !== undefined) results.push(render(folder, host));
  }
  const included = new Set<string>();
  for (const result of results) {
    for (const file of result.kustomizations) if (file !== result.kustomizationFile) included.add(file);
  }
  const patchFiles = new Set<string>();
  const renderedFiles = new Set<string>();
  const notices: KustomizeNotice[] = [];
  const entryPoints: EntryPoint[] = [];
  for (const result of results) {
    for (const file of result.patchFiles) patchFiles.add(file);
    notices.push(...result.notices);
    if (included.has(result.kustomizationFile) || !result.rendered) continue;
    const name = relative(cwd, result.dir).split('\\').join('/') || '.';
    entryPoints.push({ result, name });
    for (const file of result.resourceFiles) renderedFiles.add(file);
    for (const file of result.kustomizations) renderedFiles.add(file);
  }
  const lineStarts = new Map<string, readonly number[]>();
  const lineStartsOf = (uri: string): readonly number[] => {
    let starts = lineStarts.get(uri);
    if (!starts) lineStarts.set(uri, (starts = computeLineStarts(host.readFile(uri) ?? '')));
    return starts;
  };
  const analyses: EntryAnalysis[] = entryPoints.map((entry) => {
    const { rules, settings } = configFor(entry.result.kustomizationFile);
    return analyseEntryPoint(entry, rules, settings, lineStartsOf);
  });
  const findings = new Map<string, RenderedFinding[]>();
  for (const finding of combineEntryPoints(analyses)) {
    const list = findings.get(finding.uri);
    if (list) list.push(finding);
    else findings.set(finding.uri, [finding]);
  }
  return {
    patchFiles,
    renderedFiles,
    findings,
    entryPoints,
    notices: dedupeNotices(notices),
    failures: analyses.flatMap((analysis) =>
      analysis.failures.map((failure) => ({ entry: analysis.entry.name, failure })),
    ),
  };
}

/** A base shared by several kustomizations reports the same notice once. */
function dedupeNotices(notices: readonly KustomizeNotice[]): KustomizeNotice[] {
  const seen = new Set<string>();
  return notices.filter((notice) => {
    const key = JSON.stringify([notice.origin.uri, notice.origin.span.start, notice.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
