// Deployment units: the sets of manifests deployed together, within which cross rules relate objects. A Helm
// chart (a folder with Chart.yaml, and everything below it) is one unit; the resources that a kustomization
// the renderer could not render names are one unit (workspace/kustomize-reach.ts); other manifests form one
// unit per folder (that folder's files, not its subfolders'). The `units:` of the governing
// .kube-hindsight.yaml decide first: a team whose app keeps its manifests in several folders groups them
// there. Shared by the CLI and the workspace index, so that both relate the same objects. (The files of a
// rendered kustomization are related through its rendered output instead.)
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { matchesGlob } from '../engine/glob';
import { folderUnit, type UnitOf } from '../engine/related-index';

/** The `units:` of the configuration that governs a file: its folder, and each unit's globs. */
export interface DeclaredUnits {
  folder: string;
  units: readonly (readonly string[])[];
}

export class UnitLocator {
  /** Per folder, the chart folder it belongs to (itself or an ancestor), or null outside any chart. */
  private readonly charts = new Map<string, string | null>();

  /**
   * @param exists whether a file exists (a chart's Chart.yaml)
   * @param declared the `units:` of the configuration governing a file, if any
   * @param kustomized the unit of a file that an unrendered kustomization names, if any
   */
  constructor(
    private readonly exists: (path: string) => boolean = existsSync,
    private readonly declared: (path: string) => DeclaredUnits | undefined = () => undefined,
    private readonly kustomized: (path: string) => string | undefined = () => undefined,
  ) {}

  /** The unit of a file by its identifier: an absolute path or a `file:` URI; other identifiers by folder. */
  readonly unitOf: UnitOf = (uri) => {
    const path = pathOf(uri);
    return path === undefined ? folderUnit(uri) : this.unitOfPath(path);
  };

  /**
   * The unit the configuration declares for the file, else its unrendered kustomization's, else the chart
   * folder that holds it, else its folder.
   */
  unitOfPath(path: string): string {
    const declared = this.declared(path);
    if (declared && declared.units.length > 0) {
      const rel = relative(declared.folder, path).split(sep).join('/');
      const index = declared.units.findIndex((globs) => globs.some((glob) => matchesGlob(glob, rel)));
      // Named by the configuration and the entry, so that no folder path can be mistaken for it.
      if (index >= 0) return `${join(declared.folder, '.kube-hindsight.yaml')}#units[${index}]`;
    }
    const kustomized = this.kustomized(path);
    if (kustomized !== undefined) return kustomized;
    const folder = dirname(path);
    return this.chartOf(folder) ?? folder;
  }

  /** Forgets what it found (a Chart.yaml came or went). */
  clear(): void {
    this.charts.clear();
  }

  private chartOf(folder: string): string | null {
    const known = this.charts.get(folder);
    if (known !== undefined) return known;
    const parent = dirname(folder);
    // The outermost chart wins: a subchart (charts/<name>/ with its own Chart.yaml) is installed in the same
    // release as its parent, so its objects and the parent's relate.
    const outer = parent === folder ? null : this.chartOf(parent);
    const chart = outer ?? (this.exists(join(folder, 'Chart.yaml')) ? folder : null);
    this.charts.set(folder, chart);
    return chart;
  }
}

function pathOf(uri: string): string | undefined {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  }
  return uri.startsWith('/') || /^[A-Za-z]:[\\/]/.test(uri) ? uri : undefined;
}
