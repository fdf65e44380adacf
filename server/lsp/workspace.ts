// The bridge between the language server and the workspace index (server/workspace): reads the workspace
// folders into the index after `initialized`, keeps it current from file-change events and open documents,
// hands its objects to the engine as related objects, and has documents that may depend on a changed file
// analysed again.
import {
  FileChangeType,
  type Connection,
  type FileEvent,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UnitLocator } from '../config/units';
import { isConfigFile } from '../config/discovery';
import { AdmissionFolders } from './admission-folders';
import type { RelatedObjects } from '../engine/related-index';
import type { FileNamer } from '../engine/related-view';
import type { RuleSet } from '../engine/rule-set';
import { diskHost } from '../workspace/kustomize-host';
import { DEFAULT_INDEX_OPTIONS, isManifestPath, listManifestFiles, WorkspaceIndex } from '../workspace/index';
import {
  entryName,
  isKustomizationPath,
  KustomizeProject,
  kustomizeRenderer,
  type KustomizeRole,
} from '../workspace/kustomize-project';
import { readManifests } from '../workspace/reader';
import { pathOf } from './convert';
import type { ClientSession } from './session';
import type { DocumentSettings, ServerSettings } from './settings';

/** File names remembered by workspaceNamer before it starts again. */
const MAX_NAMES = 20_000;

/**
 * How messages name a related object's file in the editor: relative to the workspace folder that holds it,
 * as the editor shows paths (with the folder's name first in a workspace of several folders); a file outside
 * every folder by its path, and an unsaved one by its URI. Never a path that does not exist.
 */
export function workspaceNamer(folders: () => readonly string[]): FileNamer {
  // Names are remembered per URI while the folders stay the same: messages name the same few files again
  // and again, and converting and relating their paths was a tenth of "Analyse workspace".
  const names = new Map<string, string>();
  let namedIn = '';
  return (object) => {
    const all = folders();
    const key = all.join('\0');
    // A session that names ever new files (unsaved editors) keeps no more than MAX_NAMES of them.
    if (key !== namedIn || names.size >= MAX_NAMES) {
      names.clear();
      namedIn = key;
    }
    const { uri } = object.source;
    let name = names.get(uri);
    if (name === undefined) names.set(uri, (name = nameIn(all, uri)));
    return name;
  };
}

function nameIn(all: readonly string[], uri: string): string {
  const path = pathOf(uri);
  if (path === undefined) return uri;
  let best: string | undefined;
  for (const folder of all) {
    const rel = relative(folder, path);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) continue;
    const named = (all.length > 1 ? join(basename(folder), rel) : rel).split(sep).join('/');
    // The innermost folder wins when folders nest.
    if (best === undefined || named.length < best.length) best = named;
  }
  return best ?? path;
}

/** Delay before documents that depend on a changed file are analysed again (one pass for a burst of saves). */
const DEPENDENTS_DELAY_MS = 250;

/** How long one turn of reading the index's values ahead (readAheadSoon) may take. */
const READ_AHEAD_MS = 5;

export class WorkspaceBridge {
  /** Every Kubernetes object of the workspace's manifests; open documents' objects from their editors. */
  readonly index: WorkspaceIndex;
  /** The workspace's kustomizations, rendered from open documents' texts over the disk. */
  readonly kustomize: KustomizeProject;
  /** Settles when the first reading of the workspace folders into the index has finished. */
  private indexed: Promise<void> = Promise.resolve();
  /** Whether the index's values are being read ahead (readAheadSoon). */
  private readingAhead = false;
  private dependentsTimer: ReturnType<typeof setTimeout> | undefined;
  /** The index's generation when the open and published documents were last matched against its changes. */
  private dependentsSeen = 0;
  /**
   * The units of the files that unrendered kustomizations name (KustomizeProject.unrenderedUnits), as the
   * index last filed them: taken from the project only between analyses (refreshUnits), since making them
   * renders every entry point, which a file's filing in the index must not start.
   */
  private kustomizeUnits: ReadonlyMap<string, string> = new Map();
  /** The files of `admissionPolicies:` folders outside the workspace folders, which the index holds too. */
  readonly admission: AdmissionFolders;

  /**
   * `rules`: the rules whose cross rules read the index. `analyseDependents` analyses again whatever
   * the index's changes since generation `since` may concern (WorkspaceIndex.affectedSince).
   */
  constructor(
    private readonly connection: Connection,
    private readonly session: ClientSession,
    private readonly settings: DocumentSettings,
    rules: RuleSet,
    private readonly analyseDependents: (since: number) => void,
    documents: TextDocuments<TextDocument>,
  ) {
    // Units follow the `units:` of the configuration governing each file, and the kustomizations that cannot
    // be rendered, as in the CLI.
    const units = new UnitLocator(
      existsSync,
      (path) => {
        const config = settings.configs.forFile(path);
        return config && { folder: dirname(config.path), units: config.config.units };
      },
      (path) => this.kustomizeUnits.get(path),
    );
    this.index = new WorkspaceIndex(
      rules,
      units,
      workspaceNamer(() => session.workspaceFolders),
    );
    this.admission = new AdmissionFolders(connection, session, settings.configs, this.index, () =>
      this.scheduleDependents(),
    );
    this.kustomize = new KustomizeProject({
      render: kustomizeRenderer(),
      // An open editor's text wins over the file on disk.
      host: diskHost((path) =>
        documents
          .all()
          .find((document) => pathOf(document.uri) === path)
          ?.getText(),
      ),
      configFor: (file) => settings.forFileNow(file),
      // Entry points are named from the workspace folder that holds them.
      root: (dir) => {
        const folder = this.session.workspaceFolders.find((f) => dir === f || dir.startsWith(f + '/'));
        return folder === undefined ? dir : entryName(folder, dir);
      },
    });
  }

  /**
   * What the Kustomize renderings say about a file, under `settings`: nothing with scope `file` (they relate
   * the file to the other files of its entry points).
   */
  kustomizeRole(path: string | undefined, settings: ServerSettings): KustomizeRole | undefined {
    return settings.scope === 'workspace' && path !== undefined ? this.kustomize.roleOf(path) : undefined;
  }

  /**
   * An open document's text changed (or went back to the disk's): renderings that read it are redone when
   * next asked for, and the documents whose findings they place are analysed again.
   */
  textChanged(path: string): void {
    // A kustomization opened or typed in an editor is known from then on, even where no watcher reported its
    // file: a client without file watching, or one that missed a file created in a new folder.
    const added = isKustomizationPath(path) && this.kustomize.add(path);
    if (this.kustomize.changed(path) || added) this.scheduleDependents();
  }

  /** Starts reading the workspace folders (after `initialized`, so that the client can be asked for settings). */
  start(): void {
    this.indexed = this.indexWorkspace().catch((error: unknown) => {
      this.connection.console.error(`Kube Hindsight could not index the workspace: ${String(error)}`);
    });
  }

  /** Settles when the first reading of the workspace folders has finished. */
  whenIndexed(): Promise<void> {
    return this.indexed;
  }

  /**
   * The related objects the engine gets under `settings`: the workspace index's (each file related to those
   * of its deployment unit), unless scope is `file`.
   */
  relatedFor(settings: ServerSettings): { index?: RelatedObjects } {
    return settings.scope === 'workspace' ? { index: this.index.related } : {};
  }

  /** Files created, changed or deleted on disk (`workspace/didChangeWatchedFiles`). */
  filesChanged(changes: readonly FileEvent[]): void {
    let changed = false;
    // A Chart.yaml that comes or goes makes or unmakes a chart, and so changes which files relate.
    if (
      changes.some((c) => c.type !== FileChangeType.Changed && basename(pathOf(c.uri) ?? '') === 'Chart.yaml')
    ) {
      this.index.unitsChanged();
      changed = true;
    }
    for (const { uri, type } of changes) {
      const path = pathOf(uri);
      // A configuration that comes may list admission policies; one that goes no longer does.
      if (path && isConfigFile(path)) this.admission.configurationSeen(path, type !== FileChangeType.Deleted);
      const policy = path === undefined ? undefined : this.admission.fileChanged(uri, path, type);
      if (policy !== undefined) {
        changed = policy || changed;
        continue;
      }
      if (path && isKustomizationPath(path)) {
        // A kustomization that comes or goes changes what the renderings say about every file it includes,
        // which no rendering has read yet: the open documents it includes must be analysed again, even when
        // the kustomization itself is no object the index holds (it need not have apiVersion and kind).
        // A change of one the project does not know counts as its creation: a watcher can miss the creation
        // of a file in a folder created a moment before, and report only the file's next change.
        if (type === FileChangeType.Deleted) changed = this.kustomize.remove(path) || changed;
        else changed = this.kustomize.add(path) || changed;
        changed = this.kustomize.changed(path) || changed;
      } else if (path) changed = this.kustomize.changed(path) || changed;
      if (!path || !isManifestPath(path) || isConfigFile(path)) continue;
      // Created, changed or deleted: the disk says which (an open editor's text keeps precedence).
      changed = this.index.setFromDisk(uri, path, DEFAULT_INDEX_OPTIONS.maxFileBytes) || changed;
    }
    if (changed) this.scheduleDependents();
  }

  /** An editor closed: its unsaved changes are gone, so the index goes back to the file on disk (or forgets it). */
  documentClosed(uri: string, path: string | undefined): void {
    const reverted = path !== undefined && this.kustomize.changed(path);
    if (this.index.closeDocument(uri, path, DEFAULT_INDEX_OPTIONS.maxFileBytes) || reverted) {
      this.scheduleDependents();
    }
  }

  /**
   * After a short delay, has the documents whose cross rules the index's changes since the last such pass
   * may concern analysed again: those with objects in a changed file's unit and namespaces, checked by a
   * cross rule that reads the kinds that changed (WorkspaceIndex.affectedSince).
   */
  scheduleDependents(): void {
    clearTimeout(this.dependentsTimer);
    this.dependentsTimer = setTimeout(() => {
      this.refreshUnits();
      const since = this.dependentsSeen;
      this.dependentsSeen = this.index.generation;
      this.analyseDependents(since);
    }, DEPENDENTS_DELAY_MS);
  }

  /**
   * Files the index again when the units of unrendered kustomizations moved (a kustomization came, went or
   * changed, or an entry point's rendering started or stopped failing): the analyses of every file count as
   * stale then. Nothing happens while they stay the same map.
   */
  private refreshUnits(): void {
    const units = this.kustomize.unrenderedUnits();
    if (units === this.kustomizeUnits) return;
    const same =
      units.size === this.kustomizeUnits.size &&
      [...units].every(([path, unit]) => this.kustomizeUnits.get(path) === unit);
    this.kustomizeUnits = units;
    if (!same) this.index.unitsChanged();
  }

  /**
   * Reads every manifest of the workspace folders into the index, in worker threads, so that diagnostics,
   * hovers and fixes for the open files are served while it runs.
   */
  private async indexWorkspace(): Promise<void> {
    const started = Date.now();
    let files = 0;
    for (const folder of this.session.workspaceFolders) {
      const options = {
        ...DEFAULT_INDEX_OPTIONS,
        exclude: await this.settings.filesExclude(folder),
        isIgnored: (path: string) => this.settings.configs.isIgnored(path),
      };
      const all = await listManifestFiles(folder, options);
      // The configurations of the workspace may list folders of admission policies.
      for (const { path } of all) if (isConfigFile(path)) this.admission.configurationSeen(path, true);
      const listed = all
        .filter(({ path }) => !isConfigFile(path))
        .map(({ path, size }) => ({ uri: pathToFileURL(path).toString(), path, size }));
      for (const { path } of listed) if (isKustomizationPath(path)) this.kustomize.add(path);
      // Parsed in worker threads (reader.ts): this thread only merges their results, between requests.
      await readManifests(
        listed,
        { bodyKinds: this.index.bodyKinds, maxFileBytes: options.maxFileBytes },
        ({ uri, parts }) => {
          this.index.setRead(uri, parts);
        },
      );
      files += listed.length;
    }
    // The admission policies the configurations list outside the workspace folders, read the same way.
    const policies = await this.admission.read();
    // Only now: while the workers read, this thread leaves the cores to them.
    this.readAheadSoon();
    this.connection.console.info(
      `Kube Hindsight indexed ${files} YAML files (${this.index.objects().length} objects) in ${Date.now() - started} ms.`,
    );
    if (files > 0 || policies > 0) this.scheduleDependents();
  }

  /**
   * Reads the index's packed values (WorkspaceIndex.readAhead) a few milliseconds per turn of the event loop
   * until none are left, so that the first analysis after indexing finds them read.
   */
  private readAheadSoon(): void {
    if (this.readingAhead) return;
    this.readingAhead = true;
    const slice = (): void => {
      const started = performance.now();
      if (this.index.readAhead(() => performance.now() - started > READ_AHEAD_MS)) setImmediate(slice);
      else this.readingAhead = false;
    };
    setImmediate(slice);
  }
}
