// Where the generator and transformer steps go in a rendering, in kustomize v5.5.0's order
// (api/internal/target/kusttarget.go and kusttarget_configplugin.go). For each kustomization, bases first:
//
//   1. resources (and the bases they name) are accumulated                      — loading (render core)
//   2. GENERATOR_STEPS: configMapGenerator, then secretGenerator                — runGenerators
//   3. components are accumulated (each runs this same list on the objects)     — loading (render core)
//   4. patchesStrategicMerge, then patches                                       — patching (render core)
//   5. namespace, namePrefix, nameSuffix, labels + commonLabels, commonAnnotations
//                                                                                — TRANSFORMERS_BEFORE_JSON_PATCHES
//   6. patchesJson6902                                                           — patching (render core)
//   7. replicas, images                                                          — TRANSFORMERS_AFTER_JSON_PATCHES
//
// and once, on the top kustomization's output only (never for a base or a component): FINAL_STEPS, the
// content-hash suffix of generated names, then the rewriting of name references to every renamed object,
// then dropping local-config objects; only then does kustomize sort the output (the legacy kind order).
// Running the final steps per base would hash a base's ConfigMap before the overlay changed it, and would miss
// the renames an overlay adds. Steps report what kustomize refuses as `error` notices in `level.notices`
// (located at the kustomization value concerned) and leave the objects as they were for that entry.
import type { Step } from './model';
import { runGenerators } from './generators';
import {
  applyAnnotations,
  applyLabels,
  applyNamePrefix,
  applyNameSuffix,
  applyNamespace,
} from './meta-transformers';
import { applyImages, applyReplicas } from './image-transformers';
import { addHashSuffixes, dropLocalConfigs, fixNameReferences } from './names';

export { runConfigMapGenerator, runGenerators, runSecretGenerator } from './generators';
export {
  applyAnnotations,
  applyLabels,
  applyNamePrefix,
  applyNameSuffix,
  applyNamespace,
} from './meta-transformers';
export { applyImages, applyReplicas } from './image-transformers';
export { addHashSuffixes, dropLocalConfigs, fixNameReferences } from './names';

/** The kustomization fields these steps read (everything else is loading, patching or unsupported). */
export const TRANSFORM_FIELDS: readonly string[] = [
  'configMapGenerator',
  'secretGenerator',
  'generatorOptions',
  'namespace',
  'namePrefix',
  'nameSuffix',
  'labels',
  'commonLabels',
  'commonAnnotations',
  'replicas',
  'images',
  'imageTags',
];

/** Step 2 of each kustomization. */
export const GENERATOR_STEPS: readonly Step[] = [runGenerators];
/** Step 5 of each kustomization (after its patches, before its JSON 6902 patches). */
export const TRANSFORMERS_BEFORE_JSON_PATCHES: readonly Step[] = [
  applyNamespace,
  applyNamePrefix,
  applyNameSuffix,
  applyLabels,
  applyAnnotations,
];
/** Step 7 of each kustomization. */
export const TRANSFORMERS_AFTER_JSON_PATCHES: readonly Step[] = [applyReplicas, applyImages];
/** Once, on the top kustomization's objects, after everything else. */
export const FINAL_STEPS: readonly Step[] = [addHashSuffixes, fixNameReferences, dropLocalConfigs];
