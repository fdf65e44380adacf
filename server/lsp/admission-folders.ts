// The folders of admission policies that the workspace's `.kube-hindsight.yaml` files list under
// `admissionPolicies:` and that lie outside the workspace folders (a platform team's repository checked out
// beside the application's). Their files join the workspace index, read as the workspace's own files are
// (reader.ts, in worker threads), so that every manifest relates to their policies as in the CLI; they are
// context, never analysed or published themselves. They are kept current from file events when the client
// watches them (the server asks it to, where it can register watchers outside the workspace), and re-read
// whenever a configuration or the editor's settings change.
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type Connection,
  type Disposable,
  type FileSystemWatcher,
} from 'vscode-languageserver/node';
import { statSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { admissionPolicySources } from '../config/admission-sources';
import { isConfigFile, type ConfigLocator, type LoadedConfig } from '../config/discovery';
import { DEFAULT_INDEX_OPTIONS, isManifestPath, type WorkspaceIndex } from '../workspace/index';
import { readManifests } from '../workspace/reader';
import type { ClientSession } from './session';

/** Whether `path` is `folder` or below it. */
function within(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * What to watch for an `admissionPolicies:` entry: a folder's YAML files at any depth, a file by its name in
 * its folder, a glob's files below its fixed prefix. An entry naming nothing yet is not watched (a watcher
 * on its parent could cover a whole home folder); a configuration change reads it again.
 */
function watchedBy(configFolder: string, entry: string): { base: string; pattern: string } | undefined {
  const parts = entry.split('/');
  const firstGlob = parts.findIndex((part) => /[*?{[]/.test(part));
  if (firstGlob >= 0)
    return { base: resolve(configFolder, ...parts.slice(0, firstGlob)), pattern: YAML_FILES };
  const path = resolve(configFolder, entry);
  try {
    return statSync(path).isDirectory()
      ? { base: path, pattern: YAML_FILES }
      : { base: dirname(path), pattern: basename(path) };
  } catch {
    return undefined;
  }
}

const YAML_FILES = '**/*.{yaml,yml}';

export class AdmissionFolders {
  /** Folders holding a configuration file (and the workspace folders, for one above them). */
  private readonly configFolders = new Set<string>();
  /** The policy files read into the index: their URIs by path. */
  private readonly files = new Map<string, string>();
  /** The folders below which the listed policy files outside the workspace are. */
  private bases: string[] = [];
  /** What the client was asked to watch, and the registration to undo when that changes. */
  private watched = '';
  private registration: Promise<Disposable | undefined> | undefined;
  /** Readings run one after the other, so that a refresh never interleaves with the first reading. */
  private reading: Promise<unknown> = Promise.resolve();

  /** `changed`: the index changed, documents that depend on it should be analysed again. */
  constructor(
    private readonly connection: Connection,
    private readonly session: ClientSession,
    private readonly configs: ConfigLocator,
    private readonly index: WorkspaceIndex,
    private readonly changed: () => void,
  ) {}

  /** A configuration file was found, created (`present`) or deleted at `path`. */
  configurationSeen(path: string, present: boolean): void {
    if (present) this.configFolders.add(dirname(path));
    else this.configFolders.delete(dirname(path));
  }

  /** Whether a file is outside every workspace folder: then only this class may hold it in the index. */
  isOutsideWorkspace(path: string): boolean {
    return !this.session.workspaceFolders.some((folder) => within(folder, path));
  }

  /** Whether the index holds `uri` as a policy file of a folder outside the workspace (context, not analysed). */
  isContext(uri: string): boolean {
    for (const known of this.files.values()) if (known === uri) return true;
    return false;
  }

  /**
   * Reads the policy files the configurations list now: those no longer listed leave the index, new ones are
   * read, and with `all` the others too (their change may have gone unseen). Returns how many files changed.
   */
  read(all = true): Promise<number> {
    const next = this.reading.then(() => this.readNow(all));
    this.reading = next.catch(() => 0);
    return next;
  }

  /**
   * Reads what the configurations list now, after a configuration or settings change, and has dependent
   * documents analysed again.
   */
  refresh(): void {
    // After the current turn, so that a configuration file's own event has been taken (configurationSeen).
    setImmediate(() => {
      // Watched files are current; the others may have changed unseen.
      this.read(!this.session.canWatchOutsideWorkspace).then(
        (count) => count > 0 && this.changed(),
        (error: unknown) =>
          this.connection.console.error(`Kube Hindsight could not read admission policies: ${String(error)}`),
      );
    });
  }

  /**
   * A file was created, changed or deleted: one already read is read again (or dropped), a new one below a
   * listed folder is taken if an entry lists it. Returns whether the index changed now, or undefined when the
   * file is none of this class's (the workspace's own files are the bridge's).
   */
  fileChanged(uri: string, path: string, type: FileChangeType): boolean | undefined {
    if (this.files.has(path)) {
      if (type === FileChangeType.Deleted) this.files.delete(path);
      return this.index.setFromDisk(uri, path, DEFAULT_INDEX_OPTIONS.maxFileBytes);
    }
    if (type !== FileChangeType.Created || isConfigFile(path) || !isManifestPath(path)) return undefined;
    if (!this.isOutsideWorkspace(path) || !this.bases.some((base) => within(base, path))) return undefined;
    this.read(false).then(
      (count) => count > 0 && this.changed(),
      () => undefined,
    );
    return false;
  }

  /** The configurations in use: the workspace folders' own (perhaps above them) and those found in them. */
  private configurations(): LoadedConfig[] {
    const found = new Map<string, LoadedConfig>();
    for (const folder of [...this.session.workspaceFolders, ...this.configFolders]) {
      const config = this.configs.forFolder(folder);
      if (config) found.set(config.path, config);
    }
    return [...found.values()];
  }

  private async readNow(all: boolean): Promise<number> {
    const wanted = new Set<string>();
    const watched = new Map<string, { base: string; pattern: string }>();
    for (const config of this.configurations()) {
      // Files inside a workspace folder are the index's already; the entries' problems are the
      // configuration file's diagnostics (diagnostics.ts).
      for (const path of admissionPolicySources(config).files) {
        if (this.isOutsideWorkspace(path)) wanted.add(path);
      }
      for (const entry of config.config.admissionPolicies) {
        const by = watchedBy(dirname(config.path), entry.path);
        if (by && this.isOutsideWorkspace(by.base)) watched.set(`${by.base}\n${by.pattern}`, by);
      }
    }
    let count = 0;
    for (const [path, uri] of [...this.files]) {
      if (wanted.has(path)) continue;
      this.files.delete(path);
      if (this.index.delete(uri)) count++;
    }
    const toRead: { uri: string; path: string; size: number }[] = [];
    for (const path of wanted) {
      if (!all && this.files.has(path)) continue;
      const uri = pathToFileURL(path).toString();
      this.files.set(path, uri);
      let size: number;
      try {
        size = statSync(path).size;
      } catch {
        size = 0;
      }
      toRead.push({ uri, path, size });
    }
    await readManifests(
      toRead,
      { bodyKinds: this.index.bodyKinds, maxFileBytes: DEFAULT_INDEX_OPTIONS.maxFileBytes },
      ({ uri, parts }) => {
        if (this.index.setRead(uri, parts)) count++;
      },
    );
    const sorted = [...watched.keys()].sort().map((key) => watched.get(key)!);
    this.bases = sorted.map(({ base }) => base);
    this.watch(
      sorted.map(({ base, pattern }) => ({
        globPattern: { baseUri: pathToFileURL(base).toString(), pattern },
      })),
    );
    return count;
  }

  /**
   * Asks the client to report changes of the policy files outside the workspace, which its own watcher does
   * not cover, when it can watch a folder given by URI; otherwise they are read again only when a
   * configuration or the settings change.
   */
  private watch(watchers: FileSystemWatcher[]): void {
    if (!this.session.canWatchOutsideWorkspace) return;
    const key = JSON.stringify(watchers);
    if (key === this.watched) return;
    this.watched = key;
    void this.registration?.then((disposable) => disposable?.dispose());
    this.registration =
      watchers.length === 0
        ? undefined
        : this.connection.client
            .register(DidChangeWatchedFilesNotification.type, { watchers })
            .catch(() => undefined);
  }
}
