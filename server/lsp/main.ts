// The language server: the only place that speaks LSP. It turns editor events into engine calls and engine
// results (offsets, findings, fixes) into LSP diagnostics, hovers and code actions. It holds no rule logic.
import {
  CodeAction,
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DEFAULT_INDEX_OPTIONS,
  isManifestPath,
  listManifestFiles,
  RELATED_BODY_KINDS,
  WorkspaceIndex,
} from '../workspace/index';
import { readManifests } from '../workspace/reader';
import { bodyKindsKey, ParseCache, parseFile } from '../engine/parse';
import { assistsAt } from '../engine/assists';
import { basename, dirname, join } from 'node:path';
import {
  ConfigLocator,
  includedFiles,
  isConfigFile,
  listFiles,
  readText,
  type LoadedConfig,
} from '../config/discovery';
import { layerSettings, parseConfig } from '../engine/config';
import { RULES } from '../../rules';
import { analyseFile, analysisSteps, bodyKindsOf } from '../engine/engine';
import { hoverMarkdown } from '../engine/explain';
import { DEFAULT_DEBOUNCE_MS, normaliseDebounce, normaliseSettings } from '../engine/settings';
import { ruleDocument, ruleHref } from '../engine/explain';
import { ignoreForObjectFix, ignoreOnLineFix } from '../engine/suppression';
import type { Rule } from '../engine/rule';
import type { Analysis, BodyKinds, EngineSettings, Finding, Fix } from '../engine/types';
import { VERSION } from '../engine/version';
import { FIX_ALL_KIND, fixAllOfRule, fixAllOnSave, fixFor, type FixAllPlan } from './fix-all';
import {
  configProblemToDiagnostic,
  findingToDiagnostic,
  failureToDiagnostic,
  noticeToDiagnostic,
  SOURCE,
  toLspEdit,
} from './convert';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The command behind "Open the war story": the server asks the client to show the link. */
const OPEN_STORY_COMMAND = 'kube-hindsight.openStory';
/** Custom requests the VS Code client's commands use: the rule list, and one rule's document. */
const RULES_REQUEST = 'kubeHindsight/rules';
const RULE_DOCUMENT_REQUEST = 'kubeHindsight/ruleDocument';
/** The command behind "Kube Hindsight: Analyse workspace". */
const ANALYSE_WORKSPACE_COMMAND = 'kube-hindsight.analyseWorkspace';
/** Delay before documents that depend on a changed file are analysed again (one pass for a burst of saves). */
const DEPENDENTS_DELAY_MS = 250;

/** The longest the parse of a new version runs before letting other requests through (see `prepared`). */
const SLICE_MS = 10;

/** How long one turn of reading the index's values ahead (readAheadSoon) may take. */
const READ_AHEAD_MS = 5;

/** Distinct rule failures remembered for "log each once" before the memory is reset. */
const MAX_LOGGED_FAILURES = 1000;

function sameLimits(a: EngineSettings['limits'], b: EngineSettings['limits']): boolean {
  return (Object.keys(b) as (keyof EngineSettings['limits'])[]).every((key) => a[key] === b[key]);
}

/** The answer to a request the client cancelled ($/cancelRequest): LSP's RequestCancelled error. */
function cancelled(token: CancellationToken): void {
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
}

interface ServerSettings {
  enable: boolean;
  /** `workspace`: cross-object rules see every manifest of the workspace; `file`: only the file itself. */
  scope: 'workspace' | 'file';
  engine: EngineSettings;
  /** Rules whose fixes `source.fixAll` applies even when they are not marked safe (`kubeHindsight.fixOnSave`). */
  fixOnSave: string[];
  /** The built-in rules and the team rules of the governing `.kube-hindsight.yaml`. */
  rules: readonly Rule[];
  /** The documents those rules read in full (the others are parsed header-only). */
  bodyKinds: BodyKinds | undefined;
  /** Milliseconds between the last keystroke and the analysis (`kubeHindsight.analysis.debounceMs`). */
  debounceMs: number;
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<
    string,
    { version: number; analysis: Analysis; settings: ServerSettings; generation: number }
  >();
  const index = new WorkspaceIndex();
  /** Per open document, the parses of its documents, so that an edit re-parses only the document it is in. */
  const parseCaches = new Map<string, ParseCache>();
  let workspaceFolders: string[] = [];
  /** Closed files whose diagnostics "Analyse workspace" published: they follow index changes too. */
  const publishedClosed = new Set<string>();
  let dependentsTimer: ReturnType<typeof setTimeout> | undefined;
  /** Per document, how to cancel its pending analysis (a debounce timeout, or the next turn's run). */
  const timers = new Map<string, () => void>();
  /** Editor settings per document, as pulled from the client (before the repository file is layered in). */
  const editorSettingsCache = new Map<string, Promise<Record<string, unknown>>>();
  /** Settings objects are reused while their inputs are unchanged, so the analysis cache stays valid. */
  const composed = new Map<
    string,
    { editor: Record<string, unknown>; config: LoadedConfig | undefined; settings: ServerSettings }
  >();
  // The repository configuration: an open editor's unsaved text wins over the file on disk.
  const configs = new ConfigLocator((path) => {
    const open = documents.all().find((d) => pathOf(d.uri) === path);
    if (open) return open.getText();
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  });
  let canPullConfiguration = false;
  let canShowDocument = false;
  let canCreateFiles = false;
  let pushedSettings: Record<string, unknown> = {};
  const failuresLogged = new Set<string>();
  let lastDebounceMs = DEFAULT_DEBOUNCE_MS;
  /** Settles when the first reading of the workspace folders into the index has finished. */
  let indexed: Promise<void> = Promise.resolve();

  const toServerSettings = (raw: Record<string, unknown>): Omit<ServerSettings, 'rules' | 'bodyKinds'> => {
    const enable = typeof raw === 'object' && raw !== null && (raw as { enable?: unknown }).enable === false;
    return {
      enable: !enable,
      scope: raw.analysisScope === 'file' ? 'file' : 'workspace',
      engine: normaliseSettings(raw),
      fixOnSave: Array.isArray(raw.fixOnSave)
        ? raw.fixOnSave.filter((id): id is string => typeof id === 'string')
        : [],
      debounceMs: normaliseDebounce(isRecord(raw.analysis) ? raw.analysis.debounceMs : undefined),
    };
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canShowDocument = params.capabilities.window?.showDocument?.support === true;
    canCreateFiles =
      params.capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create') === true &&
      params.capabilities.workspace?.workspaceEdit?.documentChanges === true;
    const initial = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
    workspaceFolders = (params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri }] : []))
      .map((folder) => pathOf(folder.uri))
      .filter((path): path is string => path !== undefined);
    if (isRecord(initial)) pushedSettings = initial;
    return {
      capabilities: {
        // Incremental: a keystroke in a megabyte bundle sends a few bytes, not the whole text.
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND],
          resolveProvider: false,
        },
        executeCommandProvider: { commands: [OPEN_STORY_COMMAND, ANALYSE_WORKSPACE_COMMAND] },
      },
      serverInfo: { name: 'kube-hindsight', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    indexed = indexWorkspace().catch((error: unknown) => {
      connection.console.error(`Kube Hindsight could not index the workspace: ${String(error)}`);
    });
    if (canPullConfiguration) {
      // Ask to be told when settings change; the values themselves are pulled per document.
      void connection.client
        .register(DidChangeConfigurationNotification.type, undefined)
        .catch(() => undefined);
    }
  });

  function editorSettingsFor(uri: string): Promise<Record<string, unknown>> {
    if (!canPullConfiguration) return Promise.resolve(pushedSettings);
    let cached = editorSettingsCache.get(uri);
    if (!cached) {
      cached = connection.workspace.getConfiguration({ scopeUri: uri, section: 'kubeHindsight' }).then(
        (raw: unknown) => (isRecord(raw) ? raw : {}),
        () => ({}),
      );
      editorSettingsCache.set(uri, cached);
    }
    return cached;
  }

  /** The file system path of a document, for finding its repository configuration (file: URIs only). */
  function pathOf(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  }

  async function settingsFor(uri: string): Promise<ServerSettings> {
    const editor = await editorSettingsFor(uri);
    const path = pathOf(uri);
    const config = path ? configs.forFile(path) : undefined;
    const previous = composed.get(uri);
    if (previous && previous.editor === editor && previous.config === config) return previous.settings;
    const teamRules = config?.config.teamRules ?? [];
    const base = toServerSettings(layerSettings(config?.config, editor));
    const rules = teamRules.length > 0 ? [...RULES, ...teamRules] : RULES;
    const settings = { ...base, rules, bodyKinds: bodyKindsOf(rules, base.engine) };
    composed.set(uri, { editor, config, settings });
    lastDebounceMs = settings.debounceMs;
    return settings;
  }

  /** Whether `path` is a configuration file or a file of team rules one includes: both make the settings. */
  function isConfiguration(path: string | undefined): boolean {
    return path !== undefined && (isConfigFile(path) || configs.includerOf(path) !== undefined);
  }

  function isChartFile(path: string | undefined): boolean {
    return path !== undefined && basename(path) === 'Chart.yaml';
  }

  /** A configuration file changed: every document's settings may have changed with it. */
  function configurationChanged(): void {
    configs.clear();
    for (const document of documents.all()) schedule(document, debounceFor(document.uri));
  }

  /**
   * The document's debounce, from the settings its last analysis used; before its first, the last any
   * document used (the setting is rarely per folder), else the default.
   */
  function debounceFor(uri: string): number {
    return composed.get(uri)?.settings.debounceMs ?? lastDebounceMs;
  }

  connection.onDidChangeConfiguration((change) => {
    editorSettingsCache.clear();
    const pushed = (change.settings as { kubeHindsight?: unknown } | null)?.kubeHindsight;
    if (isRecord(pushed)) pushedSettings = pushed;
    for (const document of documents.all()) void validate(document);
  });

  connection.onDidChangeWatchedFiles((change) => {
    if (change.changes.some((c) => isConfiguration(pathOf(c.uri)))) configurationChanged();
    let changed = false;
    // A Chart.yaml that comes or goes makes or unmakes a chart, and so changes which files relate.
    if (change.changes.some((c) => c.type !== FileChangeType.Changed && isChartFile(pathOf(c.uri)))) {
      index.unitsChanged();
      changed = true;
    }
    for (const { uri } of change.changes) {
      const path = pathOf(uri);
      if (!path || !isManifestPath(path) || isConfigFile(path)) continue;
      // Created, changed or deleted: the disk says which (an open editor's text keeps precedence).
      changed = index.setFromDisk(uri, path, DEFAULT_INDEX_OPTIONS.maxFileBytes) || changed;
    }
    if (changed) scheduleDependents();
  });

  /** Files whose excluded globs the user set in VS Code (`files.exclude`), if the client tells us. */
  async function excludedGlobs(folder: string): Promise<string[]> {
    if (!canPullConfiguration) return [];
    try {
      const raw: unknown = await connection.workspace.getConfiguration({
        scopeUri: pathToFileURL(folder).toString(),
        section: 'files.exclude',
      });
      return isRecord(raw) ? Object.keys(raw).filter((glob) => raw[glob] === true) : [];
    } catch {
      return [];
    }
  }

  /**
   * Reads every manifest of the workspace folders into the index, in worker threads, so that diagnostics,
   * hovers and fixes for the open files are served while it runs.
   */
  async function indexWorkspace(): Promise<void> {
    const started = Date.now();
    let files = 0;
    for (const folder of workspaceFolders) {
      const options = {
        ...DEFAULT_INDEX_OPTIONS,
        exclude: await excludedGlobs(folder),
        isIgnored: (path: string) => configs.isIgnored(path),
      };
      const listed = (await listManifestFiles(folder, options))
        .filter(({ path }) => !isConfigFile(path))
        .map(({ path, size }) => ({ uri: pathToFileURL(path).toString(), path, size }));
      // Parsed in worker threads (reader.ts): this thread only merges their results, between requests.
      await readManifests(
        listed,
        { bodyKinds: RELATED_BODY_KINDS, maxFileBytes: options.maxFileBytes },
        ({ uri, parts }) => {
          index.setRead(uri, parts);
        },
      );
      files += listed.length;
    }
    // Only now: while the workers read, this thread leaves the cores to them.
    readAheadSoon();
    connection.console.info(
      `Kube Hindsight indexed ${files} YAML files (${index.objects().length} objects) in ${Date.now() - started} ms.`,
    );
    if (files > 0) scheduleDependents();
  }

  let readingAhead = false;

  /**
   * Reads the index's packed values (WorkspaceIndex.readAhead) a few milliseconds per turn of the event loop
   * until none are left, so that the first analysis after indexing finds them read.
   */
  function readAheadSoon(): void {
    if (readingAhead) return;
    readingAhead = true;
    const slice = (): void => {
      const started = performance.now();
      if (index.readAhead(() => performance.now() - started > READ_AHEAD_MS)) setImmediate(slice);
      else readingAhead = false;
    };
    setImmediate(slice);
  }

  /** The index's generation when the open and published documents were last matched against its changes. */
  let dependentsSeen = 0;

  /**
   * After a short delay, analyses again the open (and workspace-published) documents whose cross rules the
   * index's changes since the last such pass may concern: those with objects in the changed file's unit and
   * namespaces, checked by a cross rule that reads the kinds that changed (WorkspaceIndex.affectedSince).
   */
  function scheduleDependents(): void {
    clearTimeout(dependentsTimer);
    dependentsTimer = setTimeout(() => {
      const since = dependentsSeen;
      dependentsSeen = index.generation;
      for (const document of documents.all()) {
        const cached = analyses.get(document.uri);
        // A document not analysed yet is on its way to an analysis against the index as it is now.
        if (!cached || cached.settings.scope === 'file') continue;
        const known = Math.max(since, cached.generation);
        if (index.affectedSince(known, document.uri, cached.analysis.file.objects)) schedule(document, 0);
      }
      for (const uri of publishedClosed) {
        if (!documents.get(uri) && index.affectedSince(since, uri, index.objectsOf(uri)))
          void publishClosed(uri);
      }
    }, DEPENDENTS_DELAY_MS);
  }

  /** Publishes the diagnostics of a manifest that is not open, from its text on disk. */
  async function publishClosed(uri: string): Promise<number> {
    const path = pathOf(uri);
    if (!path) return 0;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      publishedClosed.delete(uri);
      await connection.sendDiagnostics({ uri, diagnostics: [] });
      return 0;
    }
    const settings = await settingsFor(uri);
    if (!settings.enable || configs.isIgnored(path)) return 0;
    const document = TextDocument.create(uri, 'yaml', 0, text);
    const file = parseFile(text, settings.engine.limits, uri, { bodyKinds: settings.bodyKinds });
    const analysis = analyseFile(file, settings.rules, {
      settings: settings.engine,
      ...(settings.scope === 'workspace' ? { index: index.related } : {}),
    });
    publishedClosed.add(uri);
    await connection.sendDiagnostics({
      uri,
      diagnostics: [
        ...analysis.findings.map((f) => findingToDiagnostic(document, f)),
        ...analysis.notices.map((n) => noticeToDiagnostic(document, n)),
      ],
    });
    return analysis.findings.length;
  }

  /**
   * Parses the documents of a new version that changed, in slices of about SLICE_MS between turns of the
   * event loop, so that a megabyte bundle opened or pasted never holds up other requests for long. Returns
   * false when a newer version arrived meanwhile: its own run will analyse it, and this one stops here.
   */
  async function prepared(
    document: TextDocument,
    version: number,
    settings: ServerSettings,
  ): Promise<boolean> {
    const cache = parseCacheOf(document.uri);
    const text = document.getText();
    for (;;) {
      const started = performance.now();
      const done = cache.prime(
        text,
        settings.engine.limits,
        document.uri,
        { bodyKinds: settings.bodyKinds },
        () => {
          return performance.now() - started > SLICE_MS;
        },
      );
      if (done) return true;
      await new Promise((resolve) => setImmediate(resolve));
      if (documents.get(document.uri)?.version !== version) return false;
    }
  }

  function parseCacheOf(uri: string): ParseCache {
    let cache = parseCaches.get(uri);
    if (!cache) parseCaches.set(uri, (cache = new ParseCache()));
    return cache;
  }

  /** Analyses a document now, caching the result for hovers and code actions on the same version. */
  function analyse(document: TextDocument, settings: ServerSettings): Analysis {
    const steps = analysing(document, settings);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /**
   * Analyses a document in slices of about SLICE_MS between turns of the event loop (see analysisSteps), so
   * that the first analysis of a large file never holds up hovers, code actions or other files for long.
   * Returns undefined when a newer version arrived meanwhile: its own run analyses it, and this one stops.
   */
  async function analyseInSlices(
    document: TextDocument,
    version: number,
    settings: ServerSettings,
  ): Promise<Analysis | undefined> {
    const steps = analysing(document, settings);
    let sliceStarted = performance.now();
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      if (performance.now() - sliceStarted < SLICE_MS) continue;
      await new Promise((resolve) => setImmediate(resolve));
      if (documents.get(document.uri)?.version !== version) return undefined;
      sliceStarted = performance.now();
    }
  }

  /** The analysis of a document's current version: the cached one, or one computed step by step. */
  function* analysing(document: TextDocument, settings: ServerSettings): Generator<void, Analysis, void> {
    const cached = analyses.get(document.uri);
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
        !index.affectedSince(cached.generation, document.uri, cached.analysis.file.objects))
    )
      return cached.analysis;
    // The same version is not parsed again: its objects keep their identity, so the index sees no change.
    // A new version parses only the documents whose text changed (the document's ParseCache).
    const cache = parseCacheOf(document.uri);
    const file =
      sameText && bodyKindsKey(cached.settings.bodyKinds) === bodyKindsKey(settings.bodyKinds)
        ? cached.analysis.file
        : parseFile(document.getText(), settings.engine.limits, document.uri, {
            bodyKinds: settings.bodyKinds,
            cache,
          });
    const indexChanged = index.setOpen(document.uri, file.objects);
    // The analysis is of the index as it is now; if it changes before the last step, the generation kept
    // here is already old, and the next request analyses again.
    const generation = index.generation;
    const version = document.version;
    const analysis = yield* analysisSteps(file, settings.rules, {
      settings: settings.engine,
      ...(settings.scope === 'workspace' ? { index: index.related } : {}),
    });
    analyses.set(document.uri, { version, analysis, settings, generation });
    // Other documents may depend on this one (a PDB typed here clears missing-pdb there).
    if (indexChanged) scheduleDependents();
    for (const failure of analysis.failures) {
      const key = `${failure.ruleId}:${failure.error}`;
      if (failuresLogged.has(key)) continue;
      // Messages can differ on every edit; the set is bounded so that logging "once" never grows memory.
      if (failuresLogged.size >= MAX_LOGGED_FAILURES) failuresLogged.clear();
      failuresLogged.add(key);
      connection.console.error(`Rule ${failure.ruleId} failed on ${document.uri}: ${failure.error}`);
    }
    return analysis;
  }

  async function validate(document: TextDocument): Promise<void> {
    // TextDocuments updates a document object in place, so the version this run is for is read now: after
    // the awaits below, a newer edit may have changed it, and that edit's own run will publish.
    const version = document.version;
    try {
      const path = pathOf(document.uri);
      if (path && isConfigFile(path)) {
        // The configuration file itself is checked against the rules it names, not analysed as a manifest.
        const folder = dirname(path);
        const { problems } = parseConfig(document.getText(), RULES, (globs) =>
          includedFiles(folder, globs, readText, listFiles),
        );
        await connection.sendDiagnostics({
          uri: document.uri,
          version: document.version,
          // Problems in included rule files are reported by the CLI; here, the configuration's own.
          diagnostics: problems.filter((p) => !p.path).map((p) => configProblemToDiagnostic(document, p)),
        });
        return;
      }
      const includer = path ? configs.includerOf(path) : undefined;
      if (path && includer) {
        // An included file of team rules: its problems, read from this editor's text, as for the configuration.
        await connection.sendDiagnostics({
          uri: document.uri,
          version: document.version,
          diagnostics: includer.problems
            .filter((p) => p.path === path)
            .map((p) => configProblemToDiagnostic(document, p)),
        });
        return;
      }
      const settings = await settingsFor(document.uri);
      // The document may have changed or closed while settings were fetched; a newer run will publish.
      if (documents.get(document.uri)?.version !== version) return;
      if (!settings.enable || (path !== undefined && configs.isIgnored(path))) {
        await connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: [] });
        return;
      }
      if (!(await prepared(document, version, settings))) return;
      const analysis = await analyseInSlices(document, version, settings);
      if (!analysis) return;
      const diagnostics: Diagnostic[] = [
        ...analysis.findings.map((f) => findingToDiagnostic(document, f)),
        ...analysis.failures.map((f) => failureToDiagnostic(document, analysis, f)),
        ...analysis.notices.map((n) => noticeToDiagnostic(document, n)),
      ];
      await connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    } catch (error) {
      connection.console.error(`Kube Hindsight could not analyse ${document.uri}: ${String(error)}`);
    }
  }

  function schedule(document: TextDocument, delay: number): void {
    timers.get(document.uri)?.();
    const run = (): void => {
      timers.delete(document.uri);
      const current = documents.get(document.uri);
      if (current) void validate(current);
    };
    // No debounce: the next turn of the event loop (a zero timeout would still wait a millisecond or more).
    if (delay === 0) {
      const immediate = setImmediate(run);
      timers.set(document.uri, () => clearImmediate(immediate));
    } else {
      const timeout = setTimeout(run, delay);
      timers.set(document.uri, () => clearTimeout(timeout));
    }
  }

  /** Documents just opened: TextDocuments reports an opening as a change too, which must not be debounced. */
  const opening = new Set<string>();
  documents.onDidOpen((event) => {
    opening.add(event.document.uri);
    schedule(event.document, 0);
  });
  documents.onDidChangeContent((event) => {
    const path = pathOf(event.document.uri);
    if (isConfiguration(path)) configurationChanged();
    if (opening.delete(event.document.uri)) return;
    // A newer keystroke restarts the wait, so only the last of a burst is analysed; an analysis already
    // waiting for settings sees that its version is stale and publishes nothing (see validate).
    schedule(event.document, debounceFor(event.document.uri));
  });
  documents.onDidClose((event) => {
    timers.get(event.document.uri)?.();
    timers.delete(event.document.uri);
    analyses.delete(event.document.uri);
    parseCaches.delete(event.document.uri);
    opening.delete(event.document.uri);
    editorSettingsCache.delete(event.document.uri);
    composed.delete(event.document.uri);
    const path = pathOf(event.document.uri);
    // A closed configuration file falls back to its text on disk.
    if (isConfiguration(path)) configurationChanged();
    // Unsaved changes are gone with the editor: the index goes back to the file on disk (or forgets it).
    if (index.closeDocument(event.document.uri, path, DEFAULT_INDEX_OPTIONS.maxFileBytes)) {
      scheduleDependents();
    }
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  async function currentAnalysis(
    uri: string,
  ): Promise<{ document: TextDocument; analysis: Analysis } | undefined> {
    const document = documents.get(uri);
    if (!document) return undefined;
    const settings = await settingsFor(uri);
    const path = pathOf(uri);
    if (!settings.enable || (path !== undefined && configs.isIgnored(path))) return undefined;
    return { document, analysis: analyse(document, settings) };
  }

  // Requests check their cancellation token before and after waiting for settings and before computing fixes:
  // a client that moved on ($/cancelRequest) gets RequestCancelled instead of work it will throw away.
  connection.onHover(async (params: HoverParams, token: CancellationToken): Promise<Hover | null> => {
    try {
      cancelled(token);
      const current = await currentAnalysis(params.textDocument.uri);
      cancelled(token);
      if (!current) return null;
      const offset = current.document.offsetAt(params.position);
      const here = current.analysis.findings.filter((f) => f.span.start <= offset && offset <= f.span.end);
      if (here.length === 0) return null;
      const seen = new Set<string>();
      const sections: string[] = [];
      for (const finding of here) {
        if (seen.has(finding.ruleId)) continue;
        seen.add(finding.ruleId);
        const meta = finding.meta ?? RULES.find((r) => r.meta.id === finding.ruleId)?.meta;
        if (meta) sections.push(hoverMarkdown(meta));
      }
      const first = here[0]!;
      return {
        contents: { kind: 'markdown', value: sections.join('\n\n---\n\n') },
        range: {
          start: current.document.positionAt(first.span.start),
          end: current.document.positionAt(first.span.end),
        },
      };
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      connection.console.error(`Hover failed: ${String(error)}`);
      return null;
    }
  });

  connection.onCodeAction(async (params: CodeActionParams, token): Promise<CodeAction[]> => {
    try {
      const wants = (kind: string): boolean =>
        !params.context.only || params.context.only.some((k) => kind === k || kind.startsWith(`${k}.`));
      if (!wants(CodeActionKind.QuickFix) && !wants(CodeActionKind.RefactorRewrite) && !wants(FIX_ALL_KIND))
        return [];
      cancelled(token);
      const current = await currentAnalysis(params.textDocument.uri);
      cancelled(token);
      if (!current) return [];
      const { document, analysis } = current;
      const start = document.offsetAt(params.range.start);
      const end = document.offsetAt(params.range.end);
      const ours = params.context.diagnostics.filter((d) => d.source === SOURCE);
      // Fix the findings behind the diagnostics the client sent; clients that send none (or send ones for
      // an older version) still get the fixes for what overlaps the range.
      const findings: { finding: Finding; diagnostic: Diagnostic }[] = [];
      for (const finding of analysis.findings) {
        const diagnostic = findingToDiagnostic(document, finding);
        const sent = ours.find(
          (d) =>
            d.code === finding.ruleId &&
            document.offsetAt(d.range.start) === finding.span.start &&
            document.offsetAt(d.range.end) === finding.span.end,
        );
        const overlaps = finding.span.start <= end && start <= finding.span.end;
        if (sent || (overlaps && ours.length === 0))
          findings.push({ finding, diagnostic: sent ?? diagnostic });
      }
      const toAction = (fix: Fix, diagnostic: Diagnostic | undefined): CodeAction | undefined => {
        const action: CodeAction = {
          title: fix.title,
          kind: diagnostic ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite,
          ...(diagnostic ? { diagnostics: [diagnostic] } : {}),
          isPreferred: fix.isPreferred === true,
        };
        if (fix.newFile) {
          // A new file beside this one: only for clients that can create files, and only for files on disk.
          const path = pathOf(document.uri);
          if (!canCreateFiles || !path) return undefined;
          const uri = pathToFileURL(join(dirname(path), fix.newFile.name)).toString();
          action.edit = {
            documentChanges: [
              { kind: 'create', uri, options: { ignoreIfExists: true } },
              {
                textDocument: { uri, version: null },
                edits: [
                  {
                    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                    newText: fix.newFile.text,
                  },
                ],
              },
            ],
          };
          return action;
        }
        action.edit = {
          documentChanges: [
            {
              textDocument: { uri: document.uri, version: document.version },
              edits: fix.edits.map((e) => toLspEdit(document, e)),
            },
          ],
        };
        return action;
      };
      const actions: CodeAction[] = [];
      const add = (action: CodeAction | undefined): void => {
        if (action && wants(action.kind ?? '')) actions.push(action);
      };
      // The rules' own fixes come first; then the actions every rule gets, built here and not by the rules.
      for (const { finding, diagnostic } of findings) {
        cancelled(token);
        for (const fix of finding.getFixes()) add(toAction(fix, diagnostic));
      }
      for (const { finding, diagnostic } of findings) {
        add(toAction(ignoreOnLineFix(analysis.file, finding), diagnostic));
        const forObject = ignoreForObjectFix(analysis.file, finding, finding.target);
        if (forObject) add(toAction(forObject, diagnostic));
        const meta = finding.meta ?? RULES.find((r) => r.meta.id === finding.ruleId)?.meta;
        if (meta) {
          add({
            title: `Open the war story: ${meta.stories[0]?.title ?? meta.title}`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            command: {
              title: 'Open the war story',
              command: OPEN_STORY_COMMAND,
              arguments: [ruleHref(meta)],
            },
          });
        }
      }
      // Refactorings on the object under the cursor ("Add PodDisruptionBudget for web"), unless the same rule
      // already offers its fix for that object as a quick fix.
      if (wants(CodeActionKind.RefactorRewrite)) {
        const settings = await settingsFor(document.uri);
        const assists = assistsAt(analysis.file, start, RULES, {
          settings: settings.engine,
          ...(settings.scope === 'workspace' ? { index: index.related } : {}),
        });
        for (const assist of assists) {
          const reported = analysis.findings.some(
            (f) => f.ruleId === assist.ruleId && f.target === assist.object,
          );
          if (!reported) add(toAction(assist.fix, undefined));
        }
      }
      // "Fix all": per rule in range (2+ fixable findings in the file), and source.fixAll for the whole file.
      const fixAllAction = (title: string, kind: string, plan: FixAllPlan): CodeAction => ({
        title,
        kind,
        edit: {
          documentChanges: [
            {
              textDocument: { uri: document.uri, version: document.version },
              edits: plan.edits.map((e) => toLspEdit(document, e)),
            },
          ],
        },
      });
      if (wants(CodeActionKind.QuickFix)) {
        for (const ruleId of new Set(findings.map(({ finding }) => finding.ruleId))) {
          cancelled(token);
          const fixable = analysis.findings.filter((f) => f.ruleId === ruleId && fixFor(f));
          if (fixable.length < 2) continue;
          const plan = fixAllOfRule(analysis.file.text, fixable, ruleId);
          if (plan.fixes.length > 0)
            add(fixAllAction(`Fix all ${ruleId} problems in this file`, CodeActionKind.QuickFix, plan));
        }
      }
      // Source actions only when asked for (`only`), as editors do on save and in their Source Action menu.
      if (params.context.only && wants(FIX_ALL_KIND)) {
        cancelled(token);
        const { fixOnSave } = await settingsFor(document.uri);
        const plan = fixAllOnSave(analysis.file.text, analysis.findings, fixOnSave);
        if (plan.fixes.length > 0)
          add(fixAllAction('Fix all safe Kube Hindsight problems', FIX_ALL_KIND, plan));
      }
      return actions;
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      connection.console.error(`Code actions failed: ${String(error)}`);
      return [];
    }
  });

  // The client's commands ("List rules", "Show war story") ask the server, which owns the catalogue.
  connection.onRequest(RULES_REQUEST, () =>
    RULES.map(({ meta }) => ({
      id: meta.id,
      title: meta.title,
      category: meta.category,
      defaultSeverity: meta.defaultSeverity,
      fixable: meta.fixable,
      story: meta.stories[0] ? { title: meta.stories[0].title, evidence: meta.stories[0].evidence } : null,
      href: ruleHref(meta),
    })),
  );
  connection.onRequest(RULE_DOCUMENT_REQUEST, (params: { id?: unknown }) => {
    const rule = RULES.find((r) => r.meta.id === params?.id);
    return rule ? ruleDocument(rule.meta) : null;
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command === ANALYSE_WORKSPACE_COMMAND) {
      // Every indexed manifest gets its diagnostics, open or not, so the Problems panel shows the workspace:
      // once the index (read in worker threads since `initialized`) is complete.
      await indexed;
      let findings = 0;
      const closed = index.uris().filter((uri) => !documents.get(uri));
      for (const uri of closed) {
        findings += await publishClosed(uri);
        await new Promise((resolve) => setImmediate(resolve));
      }
      for (const document of documents.all()) {
        const current = await currentAnalysis(document.uri);
        findings += current?.analysis.findings.length ?? 0;
      }
      const files = closed.length + documents.all().length;
      connection.window.showInformationMessage(
        `Kube Hindsight analysed ${files} manifest file${files === 1 ? '' : 's'}: ${findings} finding${findings === 1 ? '' : 's'}.`,
      );
      return { files, findings };
    }
    if (params.command !== OPEN_STORY_COMMAND) return null;
    const url = String(params.arguments?.[0] ?? '');
    // Only links this server produced are opened: an https address, shown in the user's browser.
    if (!/^https:\/\//.test(url)) return null;
    if (canShowDocument) {
      await connection.window.showDocument({ uri: url, external: true }).catch(() => undefined);
    } else {
      connection.window.showInformationMessage(`War story: ${url}`);
    }
    return null;
  });

  documents.listen(connection);
  connection.listen();
}

// A bug must cost one request, never the server: VS Code gives up on a server after five crashes.
process.on('uncaughtException', (error) => {
  console.error(`Kube Hindsight: unexpected error: ${error.stack ?? String(error)}`);
});
process.on('unhandledRejection', (reason) => {
  console.error(`Kube Hindsight: unhandled rejection: ${String(reason)}`);
});

startServer(createConnection(ProposedFeatures.all));
