// The order in which kustomize applies a kustomization's fields, as data. Source: kustomize v5.5.0,
// api/internal/target/kusttarget.go (accumulateTarget: resources, generators, components, transformers;
// makeCustomizedResMap: name hashes and back references once the whole tree is accumulated) and
// api/internal/target/kusttarget_configplugin.go (the generator and transformer lists, in this order).
// A step without `run` is not implemented by this renderer yet: a kustomization that uses one of its fields
// gets an `unsupported` notice instead of a wrong rendering.
import type { Step } from './model';
import { patchesJson6902Step, patchesStep, patchesStrategicMergeStep } from './patches';
import {
  addHashSuffixes,
  applyAnnotations,
  applyImages,
  applyLabels,
  applyNamePrefix,
  applyNameSuffix,
  applyNamespace,
  applyReplicas,
  dropLocalConfigs,
  fixNameReferences,
  runConfigMapGenerator,
  runSecretGenerator,
} from './transform-steps';

export interface PipelineStep {
  /** kustomize's builtin plugin (or function) that does this. */
  plugin: string;
  /** The kustomization fields it reads. */
  fields: readonly string[];
  run?: Step;
}

/** Run after a kustomization's resources, before its components (runGenerators). */
export const GENERATOR_STEPS: readonly PipelineStep[] = [
  {
    plugin: 'ConfigMapGenerator',
    fields: ['configMapGenerator', 'generatorOptions'],
    run: runConfigMapGenerator,
  },
  { plugin: 'SecretGenerator', fields: ['secretGenerator'], run: runSecretGenerator },
];

/** Run after a kustomization's components (runTransformers). */
export const TRANSFORMER_STEPS: readonly PipelineStep[] = [
  {
    plugin: 'PatchStrategicMergeTransformer',
    fields: ['patchesStrategicMerge'],
    run: patchesStrategicMergeStep,
  },
  { plugin: 'PatchTransformer', fields: ['patches'], run: patchesStep },
  { plugin: 'NamespaceTransformer', fields: ['namespace'], run: applyNamespace },
  { plugin: 'PrefixTransformer', fields: ['namePrefix'], run: applyNamePrefix },
  { plugin: 'SuffixTransformer', fields: ['nameSuffix'], run: applyNameSuffix },
  { plugin: 'LabelTransformer', fields: ['commonLabels', 'labels'], run: applyLabels },
  { plugin: 'AnnotationsTransformer', fields: ['commonAnnotations'], run: applyAnnotations },
  { plugin: 'PatchJson6902Transformer', fields: ['patchesJson6902'], run: patchesJson6902Step },
  { plugin: 'ReplicaCountTransformer', fields: ['replicas'], run: applyReplicas },
  { plugin: 'ImageTagTransformer', fields: ['images', 'imageTags'], run: applyImages },
];

/**
 * Run once on the whole output, with the entry kustomization's level (makeCustomizedResMap): the content
 * hash suffix of generated names, then the rewriting of references to renamed objects (nameReference), then
 * dropping the objects annotated `config.kubernetes.io/local-config`.
 */
export const FINAL_STEPS: readonly PipelineStep[] = [
  { plugin: 'addHashesToNames', fields: [], run: addHashSuffixes },
  { plugin: 'FixBackReferences', fields: [], run: fixNameReferences },
  { plugin: 'IgnoreLocal', fields: [], run: dropLocalConfigs },
];

/** Fields the loader itself handles. */
const LOADER_FIELDS = ['apiVersion', 'kind', 'metadata', 'resources', 'bases', 'components', 'sortOptions'];

/** Every kustomization field this renderer renders; any other field gets an `unsupported` notice. */
export const SUPPORTED_FIELDS: readonly string[] = [
  ...LOADER_FIELDS,
  ...[...GENERATOR_STEPS, ...TRANSFORMER_STEPS, ...FINAL_STEPS].flatMap((step) =>
    step.run === undefined ? [] : step.fields,
  ),
];

/** Every field kustomize v5.5.0 reads in a kustomization (api/types/kustomization.go). */
export const KUSTOMIZE_FIELDS: readonly string[] = [
  'apiVersion',
  'kind',
  'metadata',
  'openapi',
  'namePrefix',
  'nameSuffix',
  'namespace',
  'commonLabels',
  'labels',
  'commonAnnotations',
  'patchesStrategicMerge',
  'patchesJson6902',
  'patches',
  'images',
  'imageTags',
  'replacements',
  'replicas',
  'vars',
  'sortOptions',
  'resources',
  'components',
  'crds',
  'bases',
  'configMapGenerator',
  'secretGenerator',
  'helmGlobals',
  'helmCharts',
  'helmChartInflationGenerator',
  'generatorOptions',
  'configurations',
  'generators',
  'transformers',
  'validators',
  'buildMetadata',
];
