// What lets a keystroke re-check the edited document alone: each part of a file keeps the findings its
// objects had in the analysis before, and an analysis takes them again, without running a rule, when the
// part's text did not change and no cross rule that checks its objects reads a kind of object the edit
// touched (in the namespace it reads). Only the language server, which analyses version after version of
// one document, asks for this (AnalyseOptions.reuse); a single analysis keeps nothing.
import { ADMISSION_KINDS } from './admission/resources';
import { CUSTOM_RESOURCES, isBuiltInApiVersion } from './api-groups';
import { effectiveNamespace } from './relations';
import type { EnabledRule } from './rule-set';
import type { Finding, Fix, K8sObject, RuleFailure } from './types';
import { podTemplatesOf } from './workloads';

/**
 * A kind of object that came or went in a namespace; `containersOnly` when every such change was an edit
 * of an object that changed nothing but the containers of its pod templates.
 */
export interface TouchedKind {
  namespace: string;
  kind: string;
  custom: boolean;
  containersOnly: boolean;
}

/** What an analysis may take from the one before it (see AnalyseOptions.reuse). */
export interface ReuseOptions {
  /** The `token` of the analysis before, of the same document under the same settings and index. */
  previous: object | undefined;
  /**
   * The kinds and namespaces of the file's objects that came or went since that analysis (by identity: an
   * unchanged part keeps its objects), or `everything` when unknown.
   */
  touched: readonly TouchedKind[] | 'everything';
}

/** One finding of a part as its checks made it, kept with what placing it again needs. */
export interface KeptFinding {
  /** The finding with its span in the part's offsets and without related locations or fixes. */
  local: Finding;
  /** Related locations: the other object's own span, placed in its file when the finding is placed. */
  related: { source: K8sObject['source']; span: { start: number; end: number }; message: string }[];
  /** How its fixes are computed (the rule's closure), in the part's offsets. */
  fix: (() => Fix[]) | undefined;
  /** Whether an ignore comment or annotation silences it, and how. */
  suppression: { kind: 'line' | 'file' | 'annotation'; reason: string | undefined } | undefined;
}

/** The findings of one part in one analysis, kept in the part's memo for the next analysis. */
export interface KeptChunk {
  /** The analysis that made or last took them (its token). */
  token: object;
  /** The key of their group (Analysis.groups): the same for as long as the findings stay the same. */
  groupKey: object;
  /** The rules, settings and placed objects they were made for. */
  rules: unknown;
  key: string;
  objects: readonly K8sObject[];
  findings: KeptFinding[];
  failures: RuleFailure[];
  /** The findings placed at `offset`, handed out again as they are while the part does not move. */
  placed: { offset: number; findings: Finding[]; suppressed: SuppressedFinding[] } | undefined;
}

export interface SuppressedFinding {
  finding: Finding;
  kind: 'line' | 'file' | 'annotation';
  reason: string | undefined;
}

/**
 * What the cross rules that check a part's objects read: kinds per namespace (`namespace\0kind`, `*` for a
 * rule that reads every kind), and kinds read in every namespace.
 */
export interface ChunkReads {
  inNamespace: Set<string>;
  everywhere: Set<string>;
  /** The same, for the rules that read the containers of related workloads (see relatedContainersUnread). */
  containers: { inNamespace: Set<string>; everywhere: Set<string> };
}

/** The reads of the cross rules among `enabled` over `objects`, as RelatedObjects.affects judges them. */
export function crossReads(objects: readonly K8sObject[], enabled: readonly EnabledRule[]): ChunkReads {
  const reads: ChunkReads = {
    inNamespace: new Set(),
    everywhere: new Set(),
    containers: { inNamespace: new Set(), everywhere: new Set() },
  };
  for (const { rule, kinds, customResources } of enabled) {
    const { meta } = rule;
    if (!meta.cross) continue;
    const sets = meta.relatedContainersUnread ? [reads] : [reads, reads.containers];
    const kindsRead = meta.relatedKinds
      ? [...meta.relatedKinds, ...(meta.relatedKindsOnDemand ?? [])]
      : ['*'];
    for (const object of objects) {
      if (!kinds.has(object.kind) && !(customResources && !isBuiltInApiVersion(object.apiVersion))) continue;
      const namespaces = [effectiveNamespace(object)];
      if (object.kind === 'Namespace' && object.name !== undefined) namespaces.push(object.name);
      for (const kind of kindsRead) {
        for (const set of sets) {
          // Admission policies relate to objects in every namespace.
          if (meta.relatesAcrossNamespaces || ADMISSION_KINDS.has(kind) || kind === '*')
            set.everywhere.add(kind);
          for (const namespace of namespaces) set.inNamespace.add(`${namespace}\0${kind}`);
        }
      }
    }
  }
  return reads;
}

/** Whether a change that touched `touched` may alter what the cross rules report on a part with `reads`. */
export function readsTouched(reads: ChunkReads, touched: ReuseOptions['touched']): boolean {
  if (touched === 'everything') return true;
  if (reads.inNamespace.size === 0) return false;
  return touched.some(({ namespace, kind, custom, containersOnly }) => {
    const { inNamespace, everywhere } = containersOnly ? reads.containers : reads;
    const kinds = custom ? [kind, CUSTOM_RESOURCES] : [kind];
    return kinds.some(
      (k) =>
        everywhere.has('*') ||
        everywhere.has(k) ||
        inNamespace.has(`${namespace}\0${k}`) ||
        inNamespace.has(`${namespace}\0*`),
    );
  });
}

/**
 * The kinds and namespaces of the objects in `before` and not in `after` or the other way round (by
 * identity: the objects of an unchanged part are the same objects), each marked `containersOnly` when all
 * its changes were objects edited in their containers alone: an object that went and one that came with the
 * same kind, namespace and name, whose values are equal but for their pod templates' containers.
 */
export function editTouched(before: readonly K8sObject[], after: readonly K8sObject[]): TouchedKind[] {
  const kept = new Set(after);
  const old = new Set(before);
  const gone = before.filter((object) => !kept.has(object));
  const came = after.filter((object) => !old.has(object));
  const identity = (o: K8sObject): string => `${o.kind}\0${effectiveNamespace(o)}\0${o.name ?? ''}`;
  const goneByIdentity = new Map<string, K8sObject[]>();
  for (const object of gone) {
    const list = goneByIdentity.get(identity(object));
    if (list) list.push(object);
    else goneByIdentity.set(identity(object), [object]);
  }
  const keys = new Map<string, TouchedKind>();
  const add = (object: K8sObject, containersOnly: boolean): void => {
    // A Namespace touches its own namespace too: its labels (Pod Security) say how that namespace's pods
    // are admitted, so the workloads there are what a change of it concerns.
    const namespaces = [effectiveNamespace(object)];
    if (object.kind === 'Namespace' && object.name !== undefined) namespaces.push(object.name);
    for (const namespace of namespaces) {
      const key = `${namespace}\0${object.kind}`;
      const known = keys.get(key);
      if (known) known.containersOnly &&= containersOnly;
      else
        keys.set(key, {
          namespace,
          kind: object.kind,
          custom: !isBuiltInApiVersion(object.apiVersion),
          containersOnly,
        });
    }
  };
  const paired = new Set<K8sObject>();
  for (const object of came) {
    const twin = goneByIdentity.get(identity(object))?.find((other) => !paired.has(other));
    const containersOnly = twin !== undefined && withoutContainers(twin) === withoutContainers(object);
    if (twin) paired.add(twin);
    add(object, containersOnly);
    if (twin) add(twin, containersOnly);
  }
  for (const object of gone) if (!paired.has(object)) add(object, false);
  return [...keys.values()];
}

const CONTAINER_KEYS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** An object's value as JSON without its pod templates' containers (its whole value when it has none). */
function withoutContainers(object: K8sObject): string {
  const specs = new Set<unknown>(podTemplatesOf(object).map((template) => template.spec));
  return JSON.stringify(object.value, function (this: unknown, key: string, value: unknown) {
    return specs.has(this) && CONTAINER_KEYS.has(key) ? undefined : value;
  });
}
