// The Kustomize side of a workspace or a CLI run: the kustomization files known, their renderings, which of
// them are entry points (no other kustomization includes them), and the analysis of each entry point's
// output. Everything is computed when first asked for and kept until a file it read changes, so that a
// keystroke in a base renders and analyses again only the entry points that include it, and a question about
// a file renders only what it needs. The renderer reads files only through the host it is given (an editor's
// open documents over the disk, or the disk), so this module reads nothing itself.
import { dirname, relative } from 'node:path';
import {
  analyseEntryPoint,
  combineEntryPoints,
  type EntryAnalysis,
  type EntryPoint,
  type KeptOutput,
  type RenderedFinding,
} from '../engine/kustomize/analyse';
import { ParseCache } from '../engine/kustomize/documents';
import type { PrintedTrees } from '../engine/kustomize/printed';
import {
  combinedFix,
  overlayCures,
  type CureTarget,
  type OverlayCure,
} from '../engine/kustomize/overlay-fix';
import type { ShownFinding } from '../engine/kustomize/own-findings';
import type { KustomizeHost, KustomizeNotice, RenderResult } from '../engine/kustomize/model';
import { renderKustomization, type FolderMemo } from '../engine/kustomize/render';
import { ParseCache as OutputParseCache, ParseCacheGroup } from '../engine/parse';
import { computeLineStarts } from '../engine/positions';
import type { RuleSet } from '../engine/rule-set';
import { applyEdits } from '../engine/edits';
import type { EngineSettings, Fix, RuleFailure } from '../engine/types';
import { unrenderedUnits } from './kustomize-reach';

/** The file names kustomize looks for in a folder, in its order of preference. */
export const KUSTOMIZATION_NAMES: readonly string[] = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

/**
 * Whether a file is one whose changes a client reports (the watched names: YAML files and kustomizations)
 * as they happen, on disk or in an editor.
 */
export function isReportedName(path: string): boolean {
  return /\.ya?ml$/.test(path) || isKustomizationPath(path);
}

/** Whether a path names a kustomization file. */
export function isKustomizationPath(path: string): boolean {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  return KUSTOMIZATION_NAMES.includes(name);
}

/**
 * Renders a folder. `folders` keeps folders rendered on their own for the next renderings, while the files
 * they read are unchanged (whoever passes it empties it on any change).
 */
export type Render = (dir: string, host: KustomizeHost, folders?: FolderMemo) => RenderResult;

/**
 * The renderer as a project uses it: one parse cache across its renderings, so that a file is parsed again
 * only when its text changed, however many kustomizations read it. A caller may pass the cache to read how
 * many parses it did (the bench and the tests do).
 */
export function kustomizeRenderer(cache = new ParseCache()): Render {
  return (dir, host, folders) => renderKustomization(dir, host, cache, folders);
}

/** How a file takes part in the renderings, and what their output says about it. */
export interface KustomizeRole {
  /** A kustomization names it as a patch: it is a fragment, never checked as a whole object. */
  patch: boolean;
  /** Its objects (or, for a kustomization, its fields) went through a rendered entry point. */
  rendered: boolean;
  /**
   * The rendered findings placed in it, merged over the entry points that include it; one that holds for
   * some of them only offers fixes in their overlays.
   */
  findings: ShownFinding[];
  /** What rendering could not or would not do, located in this file. */
  notices: KustomizeNotice[];
  /** Rules that failed on the output of an entry point that includes the file. */
  failures: { entry: string; failure: RuleFailure }[];
}

const NO_ROLE: KustomizeRole = { patch: false, rendered: false, findings: [], notices: [], failures: [] };
/** A patch that no rendering reached (it stopped before): nothing of the output is known to be its. */
const PATCH_ONLY: KustomizeRole = { ...NO_ROLE, patch: true };

export interface ProjectOptions {
  render: Render;
  host: KustomizeHost;
  /** The rules and settings that govern a kustomization's folder (its nearest configuration's). */
  configFor: (kustomizationFile: string) => { rules: RuleSet; settings: EngineSettings };
  /** The folder entry points are named relative to (the working folder, or the workspace folder). */
  root: (dir: string) => string;
}

export class KustomizeProject {
  private readonly kustomizations = new Set<string>();
  private readonly renders = new Map<string, RenderResult>();
  private readonly analyses = new Map<string, EntryAnalysis>();
  /** Per file, the kustomization files whose rendering read it: what a change of it makes stale. */
  private readers: Map<string, Set<string>> | undefined;
  private roles = new Map<string, KustomizeRole>();
  private lineStarts = new Map<string, readonly number[]>();
  /** Counts the changes that concerned some rendering (see stampOf). */
  private generation = 0;
  private readonly stamps = new Map<string, number>();
  private everythingChangedAt = 0;
  private patches: Set<string> | undefined;
  /**
   * The findings of sets of entry points combined (combineEntryPoints), by file: the files of a base share
   * their set of entry points, and combining goes through every finding of them all, so it is done once per
   * set until a rendering is redone.
   */
  private readonly combinations = new Map<
    string,
    { analyses: readonly EntryAnalysis[]; byFile: Map<string, RenderedFinding[]> }
  >();
  private topRenderings: { file: string; result: RenderResult }[] | undefined;
  /**
   * Per file, the unit of the one unrendered entry point that names it (kustomize-reach.ts), and which
   * renderings of the entry points and which of them were unrendered when it was made: it only depends on
   * the kustomizations' texts (any change to one forgets it) and on which entry points are unrendered.
   */
  private unrendered:
    { tops: readonly unknown[]; entries: string; units: ReadonlyMap<string, string> } | undefined;
  /**
   * Per entry point, the parses of its printed output's objects: kept when the entry point is rendered
   * again, so that the objects a change did not touch are neither parsed nor checked by single-object rules
   * again (analyseEntryPoint). The caches are one group: an object that several entry points print alike
   * (a base's Deployment that no overlay changes) is parsed and checked once for them all.
   */
  private readonly outputCaches = new Map<string, OutputParseCache>();
  private readonly outputGroup = new ParseCacheGroup();
  /** Per entry point, what its last analysis left for the next one (analyseEntryPoint's `reuse`). */
  private readonly keptOutputs = new Map<string, KeptOutput>();
  /** The work of the analyses of printed outputs so far (see checkedOutputs). */
  private readonly outputWork = { objectsChecked: 0, partsKept: 0 };
  /** The printed text of every rendered object's tree, while the tree lives (printRendered). */
  private readonly printedTrees: PrintedTrees = new WeakMap();

  /**
   * The host's answers. Renderings of one base through several overlays read the same files, so each file
   * is read (and each missing kustomization file name looked for) once; a change forgets what it may have
   * made stale (forgetReadsAfter), so that a rendering redone afterwards reads what is there then, as it
   * would without it, while a keystroke does not read every other file of its entry points again.
   */
  private readonly texts = new Map<string, string | undefined>();
  private readonly directories = new Map<string, boolean>();
  /** Folders rendered since the last change, for the next renderings to take (renderKustomization). */
  private readonly folders: FolderMemo = new Map();
  private readonly host: KustomizeHost = {
    readFile: (path) => {
      if (this.texts.has(path)) return this.texts.get(path);
      const text = this.options.host.readFile(path);
      this.texts.set(path, text);
      return text;
    },
    isDirectory: (path) => {
      let folder = this.directories.get(path);
      if (folder === undefined) this.directories.set(path, (folder = this.options.host.isDirectory(path)));
      return folder;
    },
  };

  constructor(private readonly options: ProjectOptions) {}

  /** Forgets the host's answers (see `host`) and the folders rendered from them. */
  private forgetReads(): void {
    this.texts.clear();
    this.directories.clear();
    this.folders.clear();
  }

  /**
   * Forgets what a change of `path` may have made stale: its own text, the answers about the folders that
   * hold it (a file created in a new folder), and the text of every file whose changes nobody reports. The
   * client reports the changes of YAML files and kustomizations (the watched names), and an editor's
   * typing in them, so their texts stay right until then; a generator's source (an `.env` or `.properties`
   * file, a certificate) is no such file, so it is read again after every change, as everything was before.
   * The folders rendered are forgotten too: they were rendered from the texts before.
   */
  private forgetReadsAfter(path: string): void {
    this.texts.delete(path);
    for (const read of this.texts.keys()) if (!isReportedName(read)) this.texts.delete(read);
    for (const folder of this.directories.keys()) {
      if (path.startsWith(`${folder}/`) || path.startsWith(`${folder}\\`)) this.directories.delete(folder);
    }
    this.folders.clear();
  }

  /**
   * Adds a kustomization file (a workspace listing, or a CLI input folder's). Returns whether it was new:
   * then every file's stamp moves, since no rendering has read the files it includes yet.
   */
  add(kustomizationFile: string): boolean {
    if (this.kustomizations.has(kustomizationFile)) return false;
    this.kustomizations.add(kustomizationFile);
    // Which kustomizations are entry points may change: a new one can include an existing one.
    this.invalidateAll();
    this.everythingChangedAt = ++this.generation;
    return true;
  }

  /** Forgets a kustomization file; returns whether it was known (then every file's stamp moves). */
  remove(kustomizationFile: string): boolean {
    if (!this.kustomizations.delete(kustomizationFile)) return false;
    this.outputCaches.get(kustomizationFile)?.leave();
    this.outputCaches.delete(kustomizationFile);
    this.keptOutputs.delete(kustomizationFile);
    this.invalidateAll();
    this.everythingChangedAt = ++this.generation;
    return true;
  }

  /**
   * How many parts of printed output the project has parsed, over all its entry points (the tests and the
   * bench read it: an object several entry points print alike counts once).
   */
  outputParses(): number {
    let parses = 0;
    for (const cache of this.outputCaches.values()) parses += cache.parses;
    return parses;
  }

  /**
   * The analyses' work over printed outputs so far: the objects checked (by every rule that applies, cross
   * rules included) and the parts whose findings were taken from the analysis before, over all entry points
   * (the tests and the bench read it).
   */
  checkedOutputs(): { objectsChecked: number; partsKept: number } {
    return { ...this.outputWork };
  }

  /** The kustomization files known. */
  files(): string[] {
    return [...this.kustomizations];
  }

  /**
   * A file's text changed (an edit, a save, a creation or a deletion). Returns whether any rendering read
   * it: then the renderings that did are redone when next asked for, and so are the roles of their files.
   */
  changed(path: string): boolean {
    this.forgetReadsAfter(path);
    this.lineStarts.delete(path);
    const readers = this.readersOf(path);
    if (readers.size === 0) return false;
    this.generation++;
    // A kustomization's change may alter what it includes, and so which others are entry points.
    if (isKustomizationPath(path)) {
      this.invalidateAll();
      this.everythingChangedAt = this.generation;
      return true;
    }
    for (const file of this.dependentsOf(path)) this.stamps.set(file, this.generation);
    for (const file of readers) {
      this.renders.delete(file);
      this.analyses.delete(file);
    }
    this.readers = undefined;
    this.topRenderings = undefined;
    this.roles = new Map();
    this.combinations.clear();
    return true;
  }

  /**
   * A number that changes whenever what the renderings say about the file may have changed: an analysis of
   * the file made at one stamp holds until the stamp moves.
   */
  stampOf(path: string): number {
    return Math.max(this.stamps.get(path) ?? 0, this.everythingChangedAt);
  }

  /** The files that a change of `path` concerns: every file read by a rendering that read `path`. */
  dependentsOf(path: string): Set<string> {
    const out = new Set<string>();
    for (const file of this.readersOf(path)) {
      for (const read of this.render(file).files) out.add(read);
    }
    return out;
  }

  /**
   * The renderings of the kustomizations no other one includes: what a user would run `kustomize build` on.
   * Only their notices count: a component or a base rendered on its own can fail where its includer does
   * not (a component's patch whose target is in the includer's resources).
   */
  private tops(): { file: string; result: RenderResult }[] {
    // Kept until a rendering is redone: each question about a file asks for them, and finding them reads the
    // text of every kustomization.
    this.topRenderings ??= this.findTops();
    return this.topRenderings;
  }

  private findTops(): { file: string; result: RenderResult }[] {
    const included = this.included();
    return [...this.kustomizations]
      .sort()
      .map((file) => ({ file, result: this.render(file) }))
      .filter(({ file }) => !included.has(file) && !this.isComponent(file));
  }

  /**
   * The kustomization files another kustomization includes (as a resource, base or component): those its
   * rendering reached, and those its kustomizations name (a rendering that stopped early reached fewer).
   */
  private included(): Set<string> {
    const included = new Set<string>();
    const byFolder = new Map([...this.kustomizations].map((file) => [dirname(file), file]));
    for (const file of [...this.kustomizations].sort()) {
      const result = this.render(file);
      for (const other of result.kustomizations) if (other !== file) included.add(other);
      for (const path of result.includes) {
        const other = byFolder.get(path);
        if (other !== undefined && other !== file) included.add(other);
      }
    }
    return included;
  }

  /**
   * A notice for a patch file that no entry point renders because only Components that no kustomization
   * includes name it: kustomize never builds such a component, so the file is checked neither as a patch
   * (through a rendering) nor as a whole object (it is a fragment), and the user is told so rather than
   * shown nothing. None when some other kustomization names it (its own notices say why it was not rendered).
   */
  private unusedPatchNotices(path: string): KustomizeNotice[] {
    const listers = [...this.kustomizations].filter((file) => this.render(file).patchFiles.has(path)).sort();
    const included = this.included();
    if (listers.length === 0 || !listers.every((file) => this.isComponent(file) && !included.has(file))) {
      return [];
    }
    const shown = listers.map((file) => this.options.root(dirname(file)));
    const reason =
      shown.length === 1
        ? `This patch belongs to the Component ${shown[0]!}, which no kustomization includes.`
        : `This patch belongs to the Components ${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]!}, which no kustomization includes.`;
    return [
      {
        kind: 'unused-patch',
        message: reason,
        origin: { uri: path, span: firstLine(this.host.readFile(path) ?? '') },
      },
    ];
  }

  /**
   * Whether a kustomization is a Component: kustomize builds one only as part of the kustomization that
   * lists it, so an unlisted one is no entry point (and its own rendering's complaints are not the user's).
   */
  private isComponent(file: string): boolean {
    return /^kind:[ \t]*Component[ \t]*(#.*)?$/m.test(this.host.readFile(file) ?? '');
  }

  /** The rendered entry points. */
  entryPoints(): EntryPoint[] {
    return this.tops()
      .filter(({ result }) => result.rendered)
      .map(({ result }) => ({ result, name: this.options.root(result.dir) }));
  }

  /**
   * The deployment unit of a file that an entry point the renderer could not render names as a resource
   * (and no other such entry point does), as kustomize-reach.ts explains; undefined for every other file.
   */
  unrenderedUnitOf(path: string): string | undefined {
    return this.unrenderedUnits().get(path);
  }

  /**
   * Every file's unit from unrenderedUnitOf. The same map while nothing it depends on changed, so that a
   * holder can tell by identity that the units did not move.
   */
  unrenderedUnits(): ReadonlyMap<string, string> {
    const tops = this.tops();
    if (this.unrendered?.tops === tops) return this.unrendered.units;
    const unrendered = tops.filter(({ result }) => !result.rendered).map(({ file }) => file);
    const entries = unrendered.join('\n');
    const units =
      this.unrendered?.entries === entries ? this.unrendered.units : unrenderedUnits(unrendered, this.host);
    this.unrendered = { tops, entries, units };
    return units;
  }

  /** How a file takes part in the renderings; files outside every kustomization have no part. */
  roleOf(path: string): KustomizeRole {
    let role = this.roles.get(path);
    if (role) return role;
    const readers = this.readersOf(path);
    if (readers.size === 0) {
      if (!this.declaredPatches().has(path)) return NO_ROLE;
      role = { ...PATCH_ONLY, notices: this.unusedPatchNotices(path) };
      this.roles.set(path, role);
      return role;
    }
    const entries = this.entryPoints().filter((entry) => entry.result.files.has(path));
    const analyses = entries.map((entry) => this.analysis(entry));
    const results = [...readers].map((file) => this.render(file));
    const tops = this.tops()
      .filter(({ file }) => readers.has(file))
      .map(({ result }) => result);
    role = {
      patch: results.some((result) => result.patchFiles.has(path)) || this.declaredPatches().has(path),
      rendered: entries.some(
        (entry) => entry.result.resourceFiles.has(path) || entry.result.kustomizations.has(path),
      ),
      findings: (this.combined(analyses).get(path) ?? []).map((finding) =>
        finding.everywhere ? finding : { ...finding, overlayFixes: once(() => this.overlayFixes(finding)) },
      ),
      notices: [
        ...dedupe(tops.flatMap((result) => result.notices.filter((notice) => notice.origin.uri === path))),
        ...(entries.length === 0 ? this.unusedPatchNotices(path) : []),
      ],
      failures: analyses.flatMap((analysis) =>
        analysis.failures.map((failure) => ({ entry: analysis.entry.name, failure })),
      ),
    };
    this.roles.set(path, role);
    return role;
  }

  /** Every file that holds a rendered finding or a notice (a CLI run reports them even outside its inputs). */
  filesWithFindings(): Set<string> {
    const out = new Set<string>();
    for (const entry of this.entryPoints()) {
      for (const { uri } of this.analysis(entry).placed) out.add(uri);
    }
    for (const { result } of this.tops()) {
      for (const notice of result.notices) out.add(notice.origin.uri);
    }
    return out;
  }

  /**
   * The files every known kustomization names as patches: a rendering that stops early (an unsupported
   * field in a base) may never reach its patches, but its loader recorded them (RenderResult.patchFiles),
   * and a patch must not be checked as a whole object even then.
   */
  private declaredPatches(): ReadonlySet<string> {
    if (!this.patches) {
      this.patches = new Set([...this.kustomizations].flatMap((file) => [...this.render(file).patchFiles]));
    }
    return this.patches;
  }

  /**
   * The fixes of a finding that some entry points have, in their overlays (overlay-fix.ts): one per entry
   * point, and one for them all when each has one; each offered only when rendering the entry points again
   * with it clears the finding.
   */
  private overlayFixes(finding: RenderedFinding): Fix[] {
    // Each cure's places come in order of preference: the first that rendering confirms is kept.
    const kept = new Set<string>();
    const cures = overlayCures(finding, this.host, this.sharedOverlay(finding)).filter((cure) => {
      const key = JSON.stringify([cure.ruleFix, cure.entries.map((entry) => entry.name)]);
      if (kept.has(key) || !this.cures(finding, [cure])) return false;
      kept.add(key);
      return true;
    });
    const fixes: Fix[] = [];
    for (const ruleFix of new Set(cures.map((cure) => cure.ruleFix))) {
      const all = cures.filter((cure) => cure.ruleFix === ruleFix);
      // Written once in the overlay they share, or else in each entry point's own overlay at once.
      const shared = all.find((cure) => cure.entries.length > 1);
      if (shared) {
        fixes.push({ title: shared.title, edits: [], files: shared.files });
        continue;
      }
      const together = all.length === finding.sources.length ? combinedFix(all) : undefined;
      if (together && this.cures(finding, all)) fixes.push(together);
    }
    const single = cures.filter((cure) => cure.entries.length === 1);
    return [...fixes, ...single.map((cure) => ({ title: cure.title, edits: [], files: cure.files }))];
  }

  /**
   * The overlay that every entry point a finding holds for includes and no other entry point that includes
   * the finding's file does: where one cure suits them all. The outermost such kustomization (nearest the
   * entry points) when there are several; none for a finding of one entry point, whose own overlay is it.
   */
  private sharedOverlay(finding: RenderedFinding): CureTarget | undefined {
    if (finding.sources.length < 2) return undefined;
    const holders = new Set(finding.sources.map((source) => source.entry.result));
    const others = this.entryPoints().filter(
      (entry) => !holders.has(entry.result) && entry.result.files.has(finding.uri),
    );
    const [first, ...rest] = finding.sources.map((source) => source.entry.result.kustomizations);
    const candidates = [...(first ?? [])]
      .filter((file) => rest.every((set) => set.has(file)))
      .filter((file) => !others.some((entry) => entry.result.kustomizations.has(file)))
      .filter((file) => this.render(file).files.has(finding.uri))
      .sort();
    const outermost = candidates.find(
      (file) => !candidates.some((other) => other !== file && this.render(other).kustomizations.has(file)),
    );
    return outermost === undefined
      ? undefined
      : { kustomizationFile: outermost, name: this.options.root(dirname(outermost)) };
  }

  /**
   * Whether the cures clear the finding: every entry point they are for, or whose rendering reads a file
   * they change, is rendered again with the changed texts, and none has the finding at its place then.
   * The finding's own file must stay as it is, so that its place still means the same.
   */
  private cures(finding: RenderedFinding, cures: readonly OverlayCure[]): boolean {
    const texts = new Map<string, string>();
    for (const file of cures.flatMap((cure) => cure.files)) {
      texts.set(file.path, 'create' in file ? file.create : applyEdits(file.text, file.edits));
    }
    if (texts.has(finding.uri)) return false;
    const host: KustomizeHost = {
      readFile: (path) => (texts.has(path) ? texts.get(path) : this.host.readFile(path)),
      isDirectory: (path) => !texts.has(path) && this.host.isDirectory(path),
    };
    const affected = this.entryPoints().filter(
      (entry) =>
        cures.some((cure) => cure.entries.some((one) => one.result === entry.result)) ||
        [...texts.keys()].some((path) => entry.result.files.has(path)),
    );
    return affected.every((entry) => {
      const result = this.options.render(entry.result.dir, host);
      if (!result.rendered) return false;
      const { rules, settings } = this.options.configFor(entry.result.kustomizationFile);
      const analysis = analyseEntryPoint({ result, name: entry.name }, rules, settings, (uri) =>
        this.lineStartsOf(uri),
      );
      return !analysis.placed.some(
        ({ uri, finding: other }) =>
          uri === finding.uri &&
          other.ruleId === finding.finding.ruleId &&
          other.span.start === finding.finding.span.start &&
          other.span.end === finding.finding.span.end,
      );
    });
  }

  private combined(analyses: readonly EntryAnalysis[]): Map<string, RenderedFinding[]> {
    const key = JSON.stringify(analyses.map((analysis) => analysis.entry.result.kustomizationFile));
    const kept = this.combinations.get(key);
    if (kept && kept.analyses.every((analysis, i) => analysis === analyses[i])) return kept.byFile;
    const byFile = new Map<string, RenderedFinding[]>();
    for (const finding of combineEntryPoints(analyses)) {
      let list = byFile.get(finding.uri);
      if (!list) byFile.set(finding.uri, (list = []));
      list.push(finding);
    }
    this.combinations.set(key, { analyses, byFile });
    return byFile;
  }

  private render(kustomizationFile: string): RenderResult {
    let result = this.renders.get(kustomizationFile);
    if (!result) {
      result = this.options.render(dirname(kustomizationFile), this.host, this.folders);
      this.renders.set(kustomizationFile, result);
      this.readers = undefined;
    }
    return result;
  }

  private analysis(entry: EntryPoint): EntryAnalysis {
    const key = entry.result.kustomizationFile;
    let analysis = this.analyses.get(key);
    if (!analysis || analysis.entry.result !== entry.result) {
      const { rules, settings } = this.options.configFor(key);
      let cache = this.outputCaches.get(key);
      if (!cache) this.outputCaches.set(key, (cache = new OutputParseCache(this.outputGroup)));
      // The findings of the objects the change left as they were are taken from the entry point's analysis
      // before (its output's parts are in the same cache).
      analysis = analyseEntryPoint(
        entry,
        rules,
        settings,
        (uri) => this.lineStartsOf(uri),
        cache,
        this.printedTrees,
        { before: this.keptOutputs.get(key) },
      );
      this.analyses.set(key, analysis);
      if (analysis.kept) {
        this.keptOutputs.set(key, analysis.kept);
        this.outputWork.objectsChecked += analysis.kept.work.objectsChecked;
        this.outputWork.partsKept += analysis.kept.work.partsKept;
      }
    }
    return analysis;
  }

  private readersOf(path: string): ReadonlySet<string> {
    if (!this.readers) {
      const readers = new Map<string, Set<string>>();
      for (const file of this.kustomizations) {
        const result = this.render(file);
        for (const read of [...result.files, file]) {
          let set = readers.get(read);
          if (!set) readers.set(read, (set = new Set()));
          set.add(file);
        }
      }
      this.readers = readers;
    }
    return this.readers.get(path) ?? new Set();
  }

  private lineStartsOf(uri: string): readonly number[] {
    let starts = this.lineStarts.get(uri);
    if (!starts) this.lineStarts.set(uri, (starts = computeLineStarts(this.host.readFile(uri) ?? '')));
    return starts;
  }

  private invalidateAll(): void {
    this.forgetReads();
    this.patches = undefined;
    this.renders.clear();
    this.analyses.clear();
    this.readers = undefined;
    this.topRenderings = undefined;
    this.unrendered = undefined;
    this.roles = new Map();
    this.combinations.clear();
  }
}

/** An entry point's name: its folder relative to `root`, `.` for the root itself. */
export function entryName(root: string, dir: string): string {
  return relative(root, dir).split('\\').join('/') || '.';
}

/** The span of a text's first line that holds YAML content (not blank, not a comment, not `---`). */
function firstLine(text: string): { start: number; end: number } {
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    const line = text.slice(start, stop).replace(/\r$/, '');
    if (line.trim() !== '' && !/^\s*#/.test(line) && !/^---\s*$/.test(line)) {
      return { start, end: start + line.length };
    }
    start = stop + 1;
  }
  return { start: 0, end: 0 };
}

/** `make()` computed on the first call only (fixes are asked for again by every code action request). */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** A base shared by several kustomizations reports the same notice once. */
function dedupe(notices: readonly KustomizeNotice[]): KustomizeNotice[] {
  const seen = new Set<string>();
  return notices.filter((notice) => {
    const key = JSON.stringify([notice.origin.uri, notice.origin.span.start, notice.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
