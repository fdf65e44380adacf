// The workspace index: every Kubernetes object in the workspace's YAML files, so that cross-object rules see
// a Deployment's PodDisruptionBudget in pdb.yaml while the user edits deploy.yaml. It reads files (like the
// configuration discovery) but knows nothing of LSP: the language server feeds it and asks it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { globToRegExp } from '../engine/config';
import { YAMLMap } from 'yaml';
import type { K8sObject, SourceRef } from '../engine/types';
import { bodyKindsOf } from '../engine/engine';
import { isPlainObject, parseFile, scalarString } from '../engine/parse';
import { computeLineStarts } from '../engine/positions';
import { RULES } from '../../rules';
import { readObjects, type ObjectRecord, type PartRecord } from './read-objects';

/**
 * The documents the index reads in full: the kinds the built-in cross rules read from related objects
 * (every cross rule declares them, so this is never undefined). Other documents are read header-only.
 */
export const RELATED_BODY_KINDS = bodyKindsOf(RULES, undefined, 'related') ?? {
  kinds: new Set<string>(),
  customResources: true,
};

/**
 * The objects of a file the index read, as the engine's K8sObjects. Each part's YAML tree is built from its
 * text only when a rule first asks an object of it for its `node` (a related location's span, a
 * container's range), and its line starts only when a position is wanted: most indexed objects are only
 * ever read as values.
 */
export function objectsOf(uri: string, parts: readonly PartRecord[]): K8sObject[] {
  const objects: K8sObject[] = [];
  let base = 0;
  for (const part of parts) {
    const tree = new LazyTree(uri, part.text);
    const source = new PartSource(uri, part.offset, part.line, part.text);
    for (const record of part.objects) objects.push(new IndexedObject(record, source, base, tree));
    base += part.documents;
  }
  return objects;
}

/**
 * Cross rules walk every indexed object on every analysis, so these are class instances: one shape for all,
 * which keeps that walk fast (object literals with getters and optional keys made it many times slower).
 */
class PartSource implements SourceRef {
  private starts: number[] | undefined;

  constructor(
    readonly uri: string,
    readonly offset: number,
    readonly line: number,
    private readonly text: string,
  ) {}

  get lineStarts(): number[] {
    return (this.starts ??= computeLineStarts(this.text));
  }
}

/** A part's YAML tree, parsed from its text the first time an object of it is asked for its node. */
class LazyTree {
  private file: ReturnType<typeof parseFile> | undefined;

  constructor(
    private readonly uri: string,
    private readonly text: string,
  ) {}

  get(): ReturnType<typeof parseFile> {
    return (this.file ??= parseFile(this.text, {}, this.uri));
  }
}

class IndexedObject implements K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly value: Record<string, unknown>;
  readonly documentIndex: number;
  readonly basePath: (string | number)[];
  readonly headerOnly: boolean;
  private built: YAMLMap | undefined;

  constructor(
    private readonly record: ObjectRecord,
    readonly source: SourceRef,
    base: number,
    private readonly tree: LazyTree,
  ) {
    const { value } = record;
    const metadata = isPlainObject(value.metadata) ? value.metadata : {};
    this.apiVersion = String(value.apiVersion);
    this.kind = String(value.kind);
    this.name = scalarString(metadata.name);
    this.namespace = scalarString(metadata.namespace);
    this.value = value;
    this.documentIndex = base + record.localIndex;
    this.basePath = record.basePath;
    this.headerOnly = record.headerOnly;
  }

  get node(): YAMLMap {
    return (this.built ??= nodeOf(this.tree.get(), this.record));
  }
}

/** The object's mapping in its part's tree; an empty mapping (no ranges) if the tree disagrees. */
function nodeOf(tree: ReturnType<typeof parseFile>, record: ObjectRecord): YAMLMap {
  const found = tree.objects.find(
    (object) =>
      object.documentIndex === record.localIndex &&
      object.basePath.length === record.basePath.length &&
      object.basePath.every((segment, i) => segment === record.basePath[i]),
  );
  return found?.node ?? new YAMLMap();
}

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

/**
 * Lists the YAML files of a folder that the index should read: `*.yaml`/`*.yml`, skipping dependency and VCS
 * folders, Helm chart `templates/` (Go templates, not YAML until rendered), `.gitignore`d paths of the
 * folder's root `.gitignore`, and the user's excluded and ignored globs.
 */
export function listManifestFiles(folder: string, options: IndexOptions): string[] {
  const gitignore = readGitignore(folder);
  const excluded = [...options.exclude, ...gitignore].map((glob) => globToRegExp(glob));
  const files: string[] = [];
  const walk = (dir: string): void => {
    if (files.length >= options.maxFiles) return;
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    // A chart's templates are Go templates; the rendered output is what can be analysed.
    const isChart = entries.includes('Chart.yaml');
    for (const entry of entries) {
      const path = join(dir, entry);
      const rel = relative(folder, path).split(sep).join('/');
      if (excluded.some((re) => re.test(rel) || re.test(rel + '/'))) continue;
      let stats;
      try {
        stats = statSync(path);
      } catch {
        continue;
      }
      if (stats.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry) || (isChart && entry === 'templates')) continue;
        walk(path);
      } else if (/\.ya?ml$/i.test(entry) && stats.size <= options.maxFileBytes && !options.isIgnored(path)) {
        files.push(path);
        if (files.length >= options.maxFiles) return;
      }
    }
  };
  walk(folder);
  return files;
}

/** The simple, common subset of a root `.gitignore`: plain patterns, no negations. */
function readGitignore(folder: string): string[] {
  let text: string;
  try {
    text = readFileSync(join(folder, '.gitignore'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && !line.startsWith('!'))
    .map((line) => line.replace(/^\//, ''));
}

/** Whether a file name is one the index cares about. */
export function isManifestPath(path: string): boolean {
  return /\.ya?ml$/i.test(basename(path)) && !path.split(sep).some((part) => SKIPPED_FOLDERS.has(part));
}

/**
 * Objects by file. Entries come from disk (the scan and file-change events) or from open editors, whose
 * unsaved text wins: an entry set by `setOpen` is not replaced by the disk until `closeDocument`.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, { objects: K8sObject[]; open: boolean }>();
  private allObjects: K8sObject[] | undefined;
  /** Increases on every change, so callers can tell whether what they computed is stale. */
  generation = 0;

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
    return this.setRead(uri, readObjects(text, uri, RELATED_BODY_KINDS));
  }

  /** A file read elsewhere (reader.ts), unless an open editor owns it; undefined parts: it is gone. */
  setRead(uri: string, parts: readonly PartRecord[] | undefined): boolean {
    if (this.files.get(uri)?.open) return false;
    if (!parts) return this.delete(uri);
    return this.set(uri, objectsOf(uri, parts), false);
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
    if (changed) this.touch();
    return changed;
  }

  /** Drops every file below a folder (a folder was removed from the workspace). */
  deleteBelow(folderUri: string): void {
    const prefix = folderUri.endsWith('/') ? folderUri : folderUri + '/';
    for (const uri of [...this.files.keys()]) if (uri.startsWith(prefix)) this.files.delete(uri);
    this.touch();
  }

  private set(uri: string, objects: K8sObject[], open: boolean): boolean {
    const previous = this.files.get(uri);
    this.files.set(uri, { objects, open });
    // Identity of the object arrays is enough: an unchanged open document keeps its analysis, and so its array.
    if (previous?.objects === objects) return false;
    if (previous && previous.objects.length === 0 && objects.length === 0) return false;
    this.touch();
    return true;
  }

  private touch(): void {
    this.allObjects = undefined;
    this.generation++;
  }
}
