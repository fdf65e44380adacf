// Whether an object is an input of kustomize rather than a manifest applied as written. Kustomize completes
// the objects of its folder before anything reaches the API server: `commonLabels` (or `labels` with
// `includeSelectors`) writes the selectors, and overlays patch in the rest (their patch files often sit in a
// subfolder, `overlays/`). Required fields are therefore not checked in a folder that holds a kustomization,
// or below one. A kustomization without `apiVersion` and `kind` is no Kubernetes object to the engine and
// cannot be seen here: its patch files are checked like any manifest (README, "Structural validation").
import { CUSTOM_RESOURCES } from '../api-groups';
import type { RuleContext } from '../rule';
import type { K8sObject } from '../types';

/** The kinds a rule must read to know its folder's kustomizations (they are custom resources to the engine). */
export const KUSTOMIZATION_KINDS: readonly string[] = [CUSTOM_RESOURCES];

/** The folder of a file's URI or path (`file:///repo/base/deploy.yaml` → `file:///repo/base`). */
function folderOf(uri: string): string {
  const slash = Math.max(uri.lastIndexOf('/'), uri.lastIndexOf('\\'));
  return slash < 0 ? '' : uri.slice(0, slash);
}

const folders = new WeakMap<readonly K8sObject[], Set<string>>();

/** The folders of the Kustomizations and Components among `objects`. */
function kustomizationFolders(objects: readonly K8sObject[]): Set<string> {
  const found = new Set<string>();
  for (const other of objects) {
    if (
      other.apiVersion.startsWith('kustomize.config.k8s.io/') &&
      (other.kind === 'Kustomization' || other.kind === 'Component') &&
      other.source.uri !== ''
    ) {
      found.add(folderOf(other.source.uri));
    }
  }
  return found;
}

/**
 * Whether a Kustomization or Component lies in the object's folder or a folder above it, among the related
 * objects (the only place this module reads `context.related`).
 */
export function isKustomizeInput(object: K8sObject, context: Pick<RuleContext, 'related'>): boolean {
  const { shared, own } = context.related.unitObjects();
  let kustomized = folders.get(shared);
  if (!kustomized) folders.set(shared, (kustomized = kustomizationFolders(shared)));
  // The checked file's own Kustomization counts too (a stale copy of it names the same folder). Its
  // objects are one array per analysis, so they are read once per analysis, not once per object checked.
  let ownFolders = folders.get(own);
  if (!ownFolders) folders.set(own, (ownFolders = kustomizationFolders(own)));
  if (ownFolders.size > 0) kustomized = new Set([...kustomized, ...ownFolders]);
  if (object.source.uri === '' || kustomized.size === 0) return false;
  for (let folder = folderOf(object.source.uri); folder !== ''; folder = folderOf(folder)) {
    if (kustomized.has(folder)) return true;
  }
  return false;
}
