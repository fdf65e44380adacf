// The workspace index: every Kubernetes object in the workspace's YAML files, so that cross-object rules see
// a Deployment's PodDisruptionBudget in pdb.yaml while the user edits deploy.yaml. It reads files (like the
// configuration discovery) but knows nothing of LSP: the language server feeds it and asks it. The engine
// reads it as a related-object index (`related`), arranged by deployment unit; the index tells which files
// a change may concern (`affectedSince`), so that only those are analysed again.
import { identifierNamer, type FileNamer } from '../engine/related-view';
import { readFileSync, statSync, type Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { cachedGlob, Gitignore, GlobError, type Glob } from '../engine/glob';
import type { BodyKinds, K8sObject } from '../engine/types';
import type { RuleSet } from '../engine/rule-set';
import { UnitLocator } from '../config/units';
import { RelatedObjects, type RelationChange } from '../engine/related-index';
import { IndexedObject, objectsOf } from './indexed-objects';
import { readObjects, type ObjectRecord, type PackedObjectRecord, type PartRecord } from './read-objects';

export { IndexedObject, objectsOf } from './indexed-objects';

/**
 * The documents the index reads in full: the kinds the cross rules of `rules` read from related objects
 * (every built-in cross rule declares them, so the fallback is never used). Other documents are read
 * header-only.
 */
export function relatedBodyKinds(rules: RuleSet): BodyKinds {
  return rules.relatedBodyKinds ?? { kinds: new Set<string>(), customResources: true };
}

/** Changes remembered for affectedSince; an analysis older than the oldest of them is simply redone. */
const REMEMBERED_CHANGES = 1000;

export interface IndexOptions {
  /** Files larger than this are not indexed (they are not hand-written manifests). */
  maxFileBytes: number;
  /** At most this many files are indexed per workspace folder. */
  maxFiles: number;
  /** Globs (relative to the folder) the user excluded, e.g. VS Code's `files.exclude`. */
  exclude: string[];
  /** The repository configuration that governs a file, for its `ignore` globs. */
  isIgnored: (path: string) => boolean;
}

export const DEFAULT_INDEX_OPTIONS: IndexOptions = {
  maxFileBytes: 5 * 1024 * 1024,
  maxFiles: 5000,
  exclude: [],
  isIgnored: () => false,
};

/** Folders that never hold manifests a user applies as they are. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', '.vscode-test', 'vendor']);

/** How many files of a folder the listing asks the file system about at once. */
const STATS_AT_ONCE = 32;

/**
 * Lists the YAML files of a folder that the index should read, with their sizes: `*.yaml`/`*.yml` and
 * kustomize's extension-less `Kustomization` (the server learns the workspace's kustomizations from this
 * listing), skipping dependency and VCS folders, Helm chart `templates/` (Go templates, not YAML until rendered),
 * `.gitignore`d paths of the folder's root `.gitignore`, and the user's excluded and ignored globs.
 */
export async function listManifestFiles(
  folder: string,
  options: IndexOptions,
): Promise<{ path: string; size: number }[]> {
  const gitignore = readGitignore(folder);
  // An excluded pattern the matcher cannot read is left out, as the editor would not match it either.
  const excluded = options.exclude
    .map((glob) => cachedGlob(glob))
    .filter((glob): glob is Glob => !(glob instanceof GlobError));
  const files: { path: string; size: number }[] = [];
  // Asynchronous, so that a workspace of thousands of files is listed between the editor's requests; the
  // entries of a folder are looked at together and taken in name order, so the listing is deterministic.
  const walk = async (dir: string): Promise<void> => {
    if (files.length >= options.maxFiles) return;
    let entries: string[];
    try {
      entries = (await readdir(dir)).sort();
    } catch {
      return;
    }
    // A chart's templates are Go templates; the rendered output is what can be analysed.
    const isChart = entries.includes('Chart.yaml');
    const kept = entries
      .map((entry) => ({
        entry,
        path: join(dir, entry),
        rel: relative(folder, join(dir, entry)).split(sep).join('/'),
      }))
      .filter(({ rel }) => !excluded.some((glob) => glob.test(rel)));
    const stats: (Stats | undefined)[] = [];
    // A few at a time: the completions of all the stats of a folder of thousands of files would otherwise
    // arrive together and be handled in one stretch, holding up the editor's requests.
    for (let from = 0; from < kept.length; from += STATS_AT_ONCE) {
      const batch = kept.slice(from, from + STATS_AT_ONCE);
      stats.push(...(await Promise.all(batch.map(({ path }) => stat(path).catch(() => undefined)))));
    }
    for (const [i, { entry, path, rel }] of kept.entries()) {
      const found = stats[i];
      if (!found) continue;
      // A folder .gitignore excludes is not entered, so nothing below it can be re-included, as in git.
      if (gitignore?.ignores(rel, found.isDirectory())) continue;
      if (found.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry) || (isChart && entry === 'templates')) continue;
        await walk(path);
      } else if (isManifestName(entry) && found.size <= options.maxFileBytes && !options.isIgnored(path)) {
        files.push({ path, size: found.size });
      }
      if (files.length >= options.maxFiles) return;
    }
  };
  await walk(folder);
  return files;
}

/** The folder's root `.gitignore` (nested ones are not read), or undefined when it has none. */
function readGitignore(folder: string): Gitignore | undefined {
  try {
    return new Gitignore(readFileSync(join(folder, '.gitignore'), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Whether a file's name is a YAML file's, or `Kustomization`: kustomize reads that name as a kustomization
 * file (its third choice, after `kustomization.yaml` and `.yml`), and it is YAML without the extension.
 */
function isManifestName(name: string): boolean {
  return /\.ya?ml$/i.test(name) || name === 'Kustomization';
}

/** Whether a file name is one the index cares about. */
export function isManifestPath(path: string): boolean {
  return isManifestName(basename(path)) && !path.split(sep).some((part) => SKIPPED_FOLDERS.has(part));
}

/**
 * Objects by file. Entries come from disk (the scan and file-change events) or from open editors, whose
 * unsaved text wins: an entry set by `setOpen` is not replaced by the disk until `closeDocument`.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, { objects: K8sObject[]; open: boolean }>();
  private allObjects: K8sObject[] | undefined;
  /** Objects whose values a worker thread sent as text, oldest first, and how far readAhead has got. */
  private unread: IndexedObject[] = [];
  private readAheadAt = 0;
  /** Increases on every change, so callers can tell whether what they computed is stale. */
  generation = 0;
  /** The objects as the engine's cross rules ask for them: by deployment unit, namespace, kind and label. */
  related: RelatedObjects;
  /** The latest changes with the generation each made; older ones are forgotten. */
  private changes: { generation: number; change: RelationChange | undefined }[] = [];
  /** Analyses of a generation before this one cannot be told apart from a change: they are stale. */
  private forgottenBefore = 0;

  /**
   * `rules`: the rules whose cross rules read the index (which documents are read in full when a file is
   * read from disk, see relatedBodyKinds, and which changes concern which files); `units`: which files are
   * deployed together, so that cross rules relate only those.
   */
  constructor(
    private readonly rules: RuleSet,
    private readonly units = new UnitLocator(),
    /** How messages name the file of a related object (the editor: relative to its workspace folder). */
    private readonly names: FileNamer = identifierNamer,
  ) {
    this.bodyKinds = relatedBodyKinds(rules);
    this.related = new RelatedObjects(units.unitOf, undefined, names);
  }

  /** The documents read in full when a file is read from disk (see relatedBodyKinds). */
  readonly bodyKinds: BodyKinds;

  /** Every indexed object (cached until the next change). */
  objects(): readonly K8sObject[] {
    this.allObjects ??= [...this.files.values()].flatMap((entry) => entry.objects);
    return this.allObjects;
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  /** Reads and parses a file from disk, unless an open editor owns it. Returns whether anything changed. */
  setFromDisk(uri: string, path: string, maxFileBytes: number): boolean {
    if (this.files.get(uri)?.open) return false;
    let text: string;
    try {
      if (statSync(path).size > maxFileBytes) return this.delete(uri);
      text = readFileSync(path, 'utf8');
    } catch {
      return this.delete(uri);
    }
    return this.setRead(uri, readObjects(text, uri, this.bodyKinds));
  }

  /** A file read elsewhere (reader.ts), unless an open editor owns it; undefined parts: it is gone. */
  setRead(uri: string, parts: readonly PartRecord<ObjectRecord | PackedObjectRecord>[] | undefined): boolean {
    if (this.files.get(uri)?.open) return false;
    if (!parts) return this.delete(uri);
    const objects = objectsOf(uri, parts);
    for (const object of objects) if (object.unread) this.unread.push(object);
    return this.set(uri, objects, false);
  }

  /**
   * Parses the values worker threads sent as text (reader.ts, packed) until `enough()` says to stop; returns
   * whether any are left. The server calls it in short slices once the workspace is read, so that a rule
   * reading every Service of a large namespace seldom has to wait for them to be parsed.
   */
  readAhead(enough: () => boolean): boolean {
    while (this.readAheadAt < this.unread.length) {
      void this.unread[this.readAheadAt++]!.value;
      if (this.readAheadAt < this.unread.length && enough()) return true;
    }
    this.unread = [];
    this.readAheadAt = 0;
    return false;
  }

  /** An open document's current objects (from the analysis the server just ran). */
  setOpen(uri: string, objects: K8sObject[]): boolean {
    return this.set(uri, objects, true);
  }

  /** The document closed: its file on disk (if any) speaks for it again. */
  closeDocument(uri: string, path: string | undefined, maxFileBytes: number): boolean {
    const entry = this.files.get(uri);
    if (entry) entry.open = false;
    return path && isManifestPath(path) ? this.setFromDisk(uri, path, maxFileBytes) : this.delete(uri);
  }

  delete(uri: string): boolean {
    const changed = this.files.delete(uri);
    if (changed) this.touch(this.related.delete(uri));
    return changed;
  }

  /** Drops every file below a folder (a folder was removed from the workspace). */
  deleteBelow(folderUri: string): void {
    const prefix = folderUri.endsWith('/') ? folderUri : folderUri + '/';
    for (const uri of [...this.files.keys()]) if (uri.startsWith(prefix)) this.delete(uri);
  }

  /** The objects held for a file (an open editor's, else the disk's). */
  objectsOf(uri: string): readonly K8sObject[] {
    return this.files.get(uri)?.objects ?? [];
  }

  /**
   * Whether a change to the index since `generation` may alter what the cross rules report for the file
   * `uri` whose objects are `objects` (see RelatedObjects.affects). A file's own changes do not count: its
   * analysis reads its objects first-hand.
   */
  affectedSince(generation: number, uri: string, objects: readonly K8sObject[]): boolean {
    if (generation >= this.generation) return false;
    if (generation < this.forgottenBefore) return true;
    // Newest first, down to the generation the caller knows.
    for (let i = this.changes.length - 1; i >= 0; i--) {
      const entry = this.changes[i]!;
      if (entry.generation <= generation) break;
      if (!entry.change || this.related.affects(entry.change, uri, objects, this.rules.rules)) return true;
    }
    return false;
  }

  /**
   * Files are filed in units again: a Chart.yaml came or went, which makes or unmakes a chart. Every
   * analysis counts as stale.
   */
  unitsChanged(): void {
    this.units.clear();
    this.related = new RelatedObjects(this.units.unitOf, undefined, this.names);
    for (const [uri, { objects }] of this.files) this.related.set(uri, objects);
    this.touch(undefined);
  }

  private set(uri: string, objects: K8sObject[], open: boolean): boolean {
    const previous = this.files.get(uri);
    this.files.set(uri, { objects, open });
    // Identity of the object arrays is enough: an unchanged open document keeps its analysis, and so its array.
    if (previous?.objects === objects) return false;
    if (previous && previous.objects.length === 0 && objects.length === 0) return false;
    this.touch(this.related.set(uri, objects));
    return true;
  }

  /** Records a change (undefined: one that may concern any file). */
  private touch(change: RelationChange | undefined): void {
    this.allObjects = undefined;
    this.generation++;
    this.changes.push({ generation: this.generation, change });
    if (this.changes.length > REMEMBERED_CHANGES) {
      const dropped = this.changes.splice(0, this.changes.length - REMEMBERED_CHANGES);
      this.forgottenBefore = dropped[dropped.length - 1]!.generation;
    }
  }
}
