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

/**
 * Whether a Kustomization or Component lies in the object's folder or a folder above it, among the related
 * objects (the only place this module reads `context.related`).
 */
export function isKustomizeInput(object: K8sObject, context: Pick<RuleContext, 'related'>): boolean {
  let kustomized = folders.get(context.related);
  if (!kustomized) {
    kustomized = new Set();
    for (const other of context.related) {
      if (
        other.apiVersion.startsWith('kustomize.config.k8s.io/') &&
        (other.kind === 'Kustomization' || other.kind === 'Component') &&
        other.source.uri !== ''
      ) {
        kustomized.add(folderOf(other.source.uri));
      }
    }
    folders.set(context.related, kustomized);
  }
  if (object.source.uri === '' || kustomized.size === 0) return false;
  for (let folder = folderOf(object.source.uri); folder !== ''; folder = folderOf(folder)) {
    if (kustomized.has(folder)) return true;
  }
  return false;
}
