// The analysis of each open document's current version. Each document keeps a ParseCache, so that an edit
// re-parses only the document it is in; a new version is parsed and analysed in slices of about SLICE_MS
// between turns of the event loop, and that work stops when a newer version arrives. The analysis of each
// version is kept for the hovers and code actions that follow.
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { editTouched, type ReuseOptions } from '../engine/chunk-reuse';
import { analysisSteps } from '../engine/engine';
import type { SourceText } from '../engine/pieced-text';
import type { EditRegion } from '../engine/split-edit';
import { bodyKindsKey, ParseCache, parseFile } from '../engine/parse';
import { withKustomizeNotices, withRenderedFindings } from '../engine/kustomize/own-findings';
import type { Analysis, EngineSettings } from '../engine/types';
import { pathOf } from './convert';
import { PiecedDocument } from './pieced-document';
import type { DocumentSettings, ServerSettings } from './settings';
import { inSlices, Slices } from './slices';
import type { WorkspaceBridge } from './workspace';

/** Distinct rule failures remembered for "log each once" before the memory is reset. */
const MAX_LOGGED_FAILURES = 1000;

function sameLimits(a: EngineSettings['limits'], b: EngineSettings['limits']): boolean {
  return (Object.keys(b) as (keyof EngineSettings['limits'])[]).every((key) => a[key] === b[key]);
}

/**
 * An analysis and what it was computed from: the document's version, its settings, the index's generation
 * and what the Kustomize renderings said about the file then (see KustomizeProject.stampOf).
 */
interface CachedAnalysis {
  version: number;
  analysis: Analysis;
  settings: ServerSettings;
  generation: number;
  kustomizeStamp: number;
}

/**
 * A document's text as the parser takes it: an open document's pieces, whose edited parts alone are read on
 * a keystroke (ParseCache.partsOf), or the whole text of any other TextDocument.
 */
function textOf(document: TextDocument): SourceText {
  return document instanceof PiecedDocument ? document.text : document.getText();
}

export class DocumentAnalyses {
  /** Per open document, the analysis of the version analysed last. */
  private readonly analyses = new Map<string, CachedAnalysis>();
  /** Per open document, the parses of its documents, so that an edit re-parses only the document it is in. */
  private readonly parseCaches = new Map<string, ParseCache>();
  /** Rule failures already logged (rule and error), so that a failing rule is logged once, not per edit. */
  private readonly failuresLogged = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly settings: DocumentSettings,
    private readonly workspace: WorkspaceBridge,
  ) {}

  /** The open document and its current analysis, or undefined when it is closed, disabled or ignored. */
  async current(uri: string): Promise<{ document: TextDocument; analysis: Analysis } | undefined> {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const settings = await this.settings.forDocument(uri);
    if (!settings.enable || this.settings.isIgnored(pathOf(uri))) return undefined;
    return { document, analysis: this.analyse(document, settings) };
  }

  /** Analyses a document now, caching the result for hovers and code actions on the same version. */
  analyse(document: TextDocument, settings: ServerSettings): Analysis {
    const steps = this.analysing(document, settings);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /**
   * Parses the documents of a new version that changed, in slices of about SLICE_MS between turns of the
   * event loop, so that a megabyte bundle opened or pasted never holds up other requests for long. Returns
   * false when a newer version arrived meanwhile: its own run will analyse it, and this one stops here.
   */
  async prepare(document: TextDocument, version: number, settings: ServerSettings): Promise<boolean> {
    const cache = this.parseCacheOf(document.uri);
    const text = textOf(document);
    const slices = new Slices();
    while (
      !cache.prime(
        text,
        settings.engine.limits,
        document.uri,
        { bodyKinds: settings.bodyKinds },
        slices.enough,
      )
    ) {
      await slices.pause();
      if (this.documents.get(document.uri)?.version !== version) return false;
    }
    return true;
  }

  /**
   * Analyses a document in slices of about SLICE_MS between turns of the event loop (see analysisSteps), so
   * that the first analysis of a large file never holds up hovers, code actions or other files for long.
   * Returns undefined when a newer version arrived meanwhile: its own run analyses it, and this one stops.
   */
  async analyseInSlices(
    document: TextDocument,
    version: number,
    settings: ServerSettings,
  ): Promise<Analysis | undefined> {
    return inSlices(
      this.analysing(document, settings),
      new Slices(),
      () => this.documents.get(document.uri)?.version === version,
    );
  }

  /**
   * Whether the index's changes since generation `since` may alter what the cross rules report for an open
   * document: false for one not analysed yet (it is on its way to an analysis against the index as it is
   * now) and for one analysed with scope `file`.
   */
  dependsOnChangesSince(uri: string, since: number): boolean {
    const cached = this.analyses.get(uri);
    if (!cached || cached.settings.scope === 'file') return false;
    const known = Math.max(since, cached.generation);
    return (
      cached.kustomizeStamp !== this.kustomizeStampOf(uri) ||
      this.workspace.index.affectedSince(known, uri, cached.analysis.file.objects)
    );
  }

  /**
   * An edit of an open document, as the client sent it: `[start, oldEnd)` of its text before became
   * `[start, newEnd)` (undefined: a whole new text). Its ParseCache then cuts only the edited parts again.
   */
  edited(uri: string, region: EditRegion | undefined): void {
    this.parseCaches.get(uri)?.edited(region);
  }

  /** A document closed: its parses and analysis go with it. */
  forget(uri: string): void {
    this.analyses.delete(uri);
    this.parseCaches.delete(uri);
  }

  /** The analysis of a document's current version: the cached one, or one computed step by step. */
  private *analysing(document: TextDocument, settings: ServerSettings): Generator<void, Analysis, void> {
    const { index } = this.workspace;
    const cached = this.analyses.get(document.uri);
    // New bounds (kubeHindsight.limits.*) may parse the same text differently.
    const sameText =
      cached !== undefined &&
      cached.version === document.version &&
      sameLimits(cached.settings.engine.limits, settings.engine.limits);
    // A change of the index since then matters only when it may alter what its cross rules report.
    if (
      sameText &&
      cached.settings === settings &&
      (settings.scope === 'file' ||
        (cached.kustomizeStamp === this.kustomizeStampOf(document.uri) &&
          !index.affectedSince(cached.generation, document.uri, cached.analysis.file.objects)))
    )
      return cached.analysis;
    const path = pathOf(document.uri);
    // A new text of a file that some kustomization reads makes its renderings stale.
    if (!sameText && path !== undefined) this.workspace.textChanged(path);
    // The same version is not parsed again: its objects keep their identity, so the index sees no change.
    // A new version parses only the documents whose text changed (the document's ParseCache).
    const cache = this.parseCacheOf(document.uri);
    const file =
      sameText && bodyKindsKey(cached.settings.bodyKinds) === bodyKindsKey(settings.bodyKinds)
        ? cached.analysis.file
        : parseFile(textOf(document), settings.engine.limits, document.uri, {
            bodyKinds: settings.bodyKinds,
            cache,
          });
    // The parts whose text did not change keep their findings, unless the file's own objects that came or
    // went may change what the cross rules report on them (chunk-reuse.ts); any other change since the
    // analysis before (the index's, the settings', the renderings') has every part checked again.
    const unchanged =
      cached !== undefined &&
      cached.settings === settings &&
      cached.generation === index.generation &&
      cached.kustomizeStamp === this.kustomizeStampOf(document.uri);
    const reuse: ReuseOptions = {
      previous: unchanged ? cached.analysis.token : undefined,
      touched: unchanged ? editTouched(cached.analysis.file.objects, file.objects) : 'everything',
    };
    const indexChanged = index.setOpen(document.uri, file.objects);
    // The analysis is of the index as it is now; if it changes before the last step, the generation kept
    // here is already old, and the next request analyses again.
    const generation = index.generation;
    const version = document.version;
    // What the Kustomize renderings that read the file say about it (workspace scope only: they relate it to
    // the other files of its entry points).
    const role = this.workspace.kustomizeRole(path, settings);
    const kustomizeStamp = this.kustomizeStampOf(document.uri);
    const own = yield* analysisSteps(withKustomizeNotices(file, role?.notices ?? []), settings.rules, {
      settings: settings.engine,
      ...this.workspace.relatedFor(settings),
      reuse,
    });
    const analysis = role
      ? withRenderedFindings(own, { replaced: role.patch || role.rendered, findings: role.findings })
      : own;
    this.analyses.set(document.uri, { version, analysis, settings, generation, kustomizeStamp });
    // Other documents may depend on this one (a PDB typed here clears missing-pdb there).
    if (indexChanged) this.workspace.scheduleDependents();
    this.logFailures(document, analysis);
    return analysis;
  }

  private logFailures(document: TextDocument, analysis: Analysis): void {
    for (const failure of analysis.failures) {
      const key = `${failure.ruleId}:${failure.error}`;
      if (this.failuresLogged.has(key)) continue;
      // Messages can differ on every edit; the set is bounded so that logging "once" never grows memory.
      if (this.failuresLogged.size >= MAX_LOGGED_FAILURES) this.failuresLogged.clear();
      this.failuresLogged.add(key);
      this.connection.console.error(`Rule ${failure.ruleId} failed on ${document.uri}: ${failure.error}`);
    }
  }

  private kustomizeStampOf(uri: string): number {
    const path = pathOf(uri);
    return path === undefined ? 0 : this.workspace.kustomize.stampOf(path);
  }

  private parseCacheOf(uri: string): ParseCache {
    let cache = this.parseCaches.get(uri);
    if (!cache) this.parseCaches.set(uri, (cache = new ParseCache()));
    return cache;
  }
}
