// Deployment units: the sets of manifests deployed together, within which cross rules relate objects. A Helm
// chart (a folder with Chart.yaml, and everything below it) is one unit; other manifests form one unit per
// folder (that folder's files, not its subfolders'). Shared by the CLI and the workspace index, so that both
// relate the same objects; configured `units:` globs or Kustomize entry points would decide here first.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { folderUnit, type UnitOf } from '../engine/related-index';

export class UnitLocator {
  /** Per folder, the chart folder it belongs to (itself or an ancestor), or null outside any chart. */
  private readonly charts = new Map<string, string | null>();

  constructor(private readonly exists: (path: string) => boolean = existsSync) {}

  /** The unit of a file by its identifier: an absolute path or a `file:` URI; other identifiers by folder. */
  readonly unitOf: UnitOf = (uri) => {
    const path = pathOf(uri);
    return path === undefined ? folderUnit(uri) : this.unitOfPath(path);
  };

  /** The chart folder that holds the file, else the file's folder. */
  unitOfPath(path: string): string {
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
