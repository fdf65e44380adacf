// What the Kustomize renderer reads and produces. The renderer is synchronous and reads files only through a
// host, so that the CLI can hand it the disk, the editor its open documents over the disk, and tests a map of
// texts; it never reaches the network (remote bases are reported, not fetched).
import type { ParseCache } from './documents';
import type { Origin, RMap } from './tree';

/** The renderer's only access to files. Paths use `/` separators and are absolute in the host's own terms. */
export interface KustomizeHost {
  /** The text of a file, or undefined when there is no such file (or it cannot be read). */
  readFile(path: string): string | undefined;
  /** Whether the path is a folder. */
  isDirectory(path: string): boolean;
}

/** One object of the output, with where it came from. */
export interface RenderedObject {
  /** The object as kustomize would print it, every node with its origin. */
  tree: RMap;
  /**
   * The document the object started from: a resource file's document (its index among the file's documents),
   * or, for an object a generator made (configMapGenerator, secretGenerator), the generator's entry.
   */
  base: { uri: string; documentIndex: number } | { generator: Origin };
  /** The patch documents that changed the object, in the order they were applied (their whole span). */
  patches: Origin[];
  /**
   * The identities the object had before this rendering renamed it (namespace, prefixes, suffixes, a
   * generator's content hash), oldest first: kustomize rewrites references to an object that match any of
   * them. Steps that copy an object keep this and any other field they do not own (`{ ...object, tree }`).
   */
  history: { name: string | undefined; namespace: string | undefined }[];
  /**
   * For an object a configMapGenerator or secretGenerator made: whether its name still takes the content-hash
   * suffix at the end of the rendering (kustomize's `needs-hash` build annotation), and the generator's
   * `behavior`. Absent on objects read from resource files.
   */
  generated?: { behavior: 'create' | 'merge' | 'replace'; hashSuffix: boolean };
  /**
   * The `namePrefix` and `nameSuffix` values applied to the object's name, oldest first. When several renamed
   * objects could be the target of one reference, kustomize prefers the one renamed like the referrer.
   */
  nameAffixes?: { prefixes: string[]; suffixes: string[] };
}

/**
 * One kustomization being applied: the steps of its rendering (generators, patches, transformers) read their
 * fields from `kustomization` and report into `notices`; `files` collects every file they read.
 */
export interface Level {
  kustomizationFile: string;
  dir: string;
  kustomization: RMap;
  host: KustomizeHost;
  notices: KustomizeNotice[];
  files: Set<string>;
  /** The rendering's parses, shared by every level (optional for steps that build a level by hand). */
  cache?: ParseCache;
  /** Where the patch steps record the files they read as patches (RenderResult.patchFiles). */
  patchFiles?: Set<string>;
}

/** A step of a kustomization's rendering: takes the objects accumulated so far and returns the new list. */
export type Step = (objects: RenderedObject[], level: Level) => RenderedObject[];

/** Something the renderer could not do or will not do, located in the kustomization (or file) concerned. */
export interface KustomizeNotice {
  origin: Origin;
  /** A short statement of what was not done and why ("`helmCharts` is not supported; …"). */
  message: string;
  /**
   * `unsupported`: a field outside what the renderer covers (remote bases, helmCharts, plugins, replacements,
   * vars…); the kustomization was not rendered. `error`: kustomize itself would fail (a missing file, a cycle,
   * a patch that matches nothing where kustomize requires a match, a conflict). `unused-patch`: a file that
   * only Components no kustomization includes name as a patch; no rendering reaches it (KustomizeProject).
   */
  kind: 'unsupported' | 'error' | 'unused-patch';
  /** The kustomization field concerned, when there is one (`helmCharts`, `resources`…). */
  field?: string;
}

export interface RenderResult {
  /** The folder rendered (the kustomization's folder). */
  dir: string;
  /** The kustomization file of that folder. */
  kustomizationFile: string;
  /**
   * True when the output is what `kustomize build` would print; false when a notice of kind `unsupported` or
   * `error` stopped the rendering (then `objects` is empty and the files are analysed one by one instead).
   */
  rendered: boolean;
  /** The output objects, in kustomize's default (legacy) order. */
  objects: RenderedObject[];
  notices: KustomizeNotice[];
  /** Every file the rendering read (kustomizations, resources, patches, generator inputs): its dependencies. */
  files: ReadonlySet<string>;
  /** The kustomization files reached (this one and every base and component below it). */
  kustomizations: ReadonlySet<string>;
  /**
   * Files named as patches (patches, patchesStrategicMerge, patchesJson6902) anywhere in the rendering,
   * recorded as each kustomization is loaded, so also by a rendering that stopped.
   */
  patchFiles: ReadonlySet<string>;
  /** Files whose documents are resources of some kustomization of the rendering. */
  resourceFiles: ReadonlySet<string>;
  /**
   * The local paths (files and folders) that the kustomizations loaded name in `resources`, `bases` and
   * `components`, recorded as each is loaded, so also by a rendering that stopped before reaching them.
   */
  includes: ReadonlySet<string>;
}
