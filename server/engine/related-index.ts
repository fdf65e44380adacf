// The related-object index: every object a cross rule may relate a file to, kept once per CLI run (or by the
// server's workspace index) and arranged by deployment unit and namespace, so that each question a rule asks
// is a look-up in the file's own unit and namespace rather than a scan of the workspace. A file's entries
// are replaced when it changes; only the groups of its unit and namespaces are arranged again, on the next
// question that needs them.
import { ADMISSION_KINDS } from './admission/resources';

/**
 * Kinds a change of which concerns every unit: admission policies and their bindings, and the
 * CustomResourceDefinitions that tell admission which resource a custom resource is (customResourceNames).
 */
const CLUSTER_WIDE_KINDS: ReadonlySet<string> = new Set([...ADMISSION_KINDS, 'CustomResourceDefinition']);
import { CUSTOM_RESOURCES, isBuiltInApiVersion } from './api-groups';
import { Derived, ObjectGroup, newRelationStats, type RelationStats } from './related-groups';
import { identifierNamer, RelatedView, type FileNamer, type UnitSource } from './related-view';
import { effectiveNamespace } from './relations';
import type { Rule } from './rule';
import type { K8sObject, ParsedFile } from './types';

/**
 * The deployment unit of a file, by its identifier (URI or path): cross rules relate objects of the same unit
 * only. Whoever keeps an index decides units (Helm charts, folders; later configured globs or Kustomize).
 */
export type UnitOf = (uri: string) => string;

/** The default unit: the file's folder (its identifier up to the last `/` or `\`), without subfolders. */
export const folderUnit: UnitOf = (uri) =>
  uri.slice(0, Math.max(uri.lastIndexOf('/'), uri.lastIndexOf('\\')) + 1);

/** What a change of one file touched: its unit, and each namespace and kind of the objects that came or went. */
export interface RelationChange {
  uri: string;
  unit: string;
  touched: { namespace: string; kind: string; custom: boolean }[];
}

/** The objects of one unit: per namespace, each file's objects there and the group made of them. */
class Unit implements UnitSource {
  readonly files = new Map<string, { seq: number; objects: readonly K8sObject[] }>();
  private readonly byNamespace = new Map<
    string,
    { files: Map<string, { seq: number; objects: K8sObject[] }>; group: ObjectGroup | undefined }
  >();
  private everything: K8sObject[] | undefined;

  constructor(private readonly derived: Derived) {}

  group(namespace: string): ObjectGroup | undefined {
    const slot = this.byNamespace.get(namespace);
    if (!slot) return undefined;
    if (!slot.group) {
      // Files in the order they first entered the index, as a flat list of every object would have them.
      const files = [...slot.files.values()].sort((a, b) => a.seq - b.seq);
      slot.group = new ObjectGroup(
        files.flatMap((file) => file.objects),
        this.derived,
      );
    }
    return slot.group;
  }

  namespaces(): Iterable<string> {
    return this.byNamespace.keys();
  }

  objects(): readonly K8sObject[] {
    return (this.everything ??= [...this.files.values()]
      .sort((a, b) => a.seq - b.seq)
      .flatMap((file) => file.objects));
  }

  /** Replaces a file's objects (none: removes the file). */
  set(uri: string, seq: number, before: readonly K8sObject[], objects: readonly K8sObject[]): void {
    for (const namespace of new Set([...before, ...objects].map(effectiveNamespace))) {
      let slot = this.byNamespace.get(namespace);
      if (!slot) this.byNamespace.set(namespace, (slot = { files: new Map(), group: undefined }));
      const here = objects.filter((object) => effectiveNamespace(object) === namespace);
      if (here.length > 0) slot.files.set(uri, { seq, objects: here });
      else slot.files.delete(uri);
      slot.group = undefined;
      if (slot.files.size === 0) this.byNamespace.delete(namespace);
    }
    if (objects.length > 0) this.files.set(uri, { seq, objects });
    else this.files.delete(uri);
    this.everything = undefined;
  }
}

export class RelatedObjects {
  private readonly files = new Map<
    string,
    { unit: Unit; unitKey: string; seq: number; objects: readonly K8sObject[] }
  >();
  private readonly units = new Map<string, Unit>();
  private nextSeq = 0;
  private readonly derived: Derived;
  /**
   * Objects every unit relates to, whatever unit their file is in: admission policies and their bindings
   * (cluster-wide objects by nature, kept apart in a `policies/` folder), and by kind on demand the objects a
   * policy takes as params. A list is made again after a change that touched objects of its kinds: the
   * editor's server changes the index on every keystroke, and while "Analyse workspace" ran, the next file
   * analysed after each keystroke scanned every object of every unit again.
   */
  private clusterWide: { admission?: K8sObject[]; byKind: Map<string, K8sObject[]> } = { byKind: new Map() };

  constructor(
    readonly unitOf: UnitOf = folderUnit,
    readonly stats: RelationStats = newRelationStats(),
    /** How messages name the file of a related object (see FileNamer). */
    readonly names: FileNamer = identifierNamer,
  ) {
    this.derived = new Derived(stats);
  }

  /** An index of a flat list of objects, filed by their `source.uri`. */
  static of(objects: readonly K8sObject[], unitOf?: UnitOf): RelatedObjects {
    const index = new RelatedObjects(unitOf);
    const byUri = new Map<string, K8sObject[]>();
    for (const object of objects) {
      const list = byUri.get(object.source.uri);
      if (list) list.push(object);
      else byUri.set(object.source.uri, [object]);
    }
    for (const [uri, list] of byUri) index.set(uri, list);
    return index;
  }

  /**
   * Sets a file's objects, replacing its previous ones. Returns what changed (the namespaces and kinds of
   * the objects that came or went: a document that did not change keeps its objects), or undefined when
   * nothing did (the same array, as an open document's analysed version keeps).
   */
  set(uri: string, objects: readonly K8sObject[]): RelationChange | undefined {
    const entry = this.files.get(uri);
    const before = entry?.objects ?? [];
    if (before === objects || (before.length === 0 && objects.length === 0)) return undefined;
    const unitKey = entry?.unitKey ?? this.unitOf(uri);
    let unit = entry?.unit ?? this.units.get(unitKey);
    if (!unit) this.units.set(unitKey, (unit = new Unit(this.derived)));
    const seq = entry?.seq ?? this.nextSeq++;
    unit.set(uri, seq, before, objects);
    if (objects.length > 0) this.files.set(uri, { unit, unitKey, seq, objects });
    else this.files.delete(uri);
    if (unit.files.size === 0) this.units.delete(unitKey);
    const change = touched(before, objects);
    // A list of other kinds holds the same objects in the same order (files keep their place in `files`).
    for (const { kind } of change) {
      this.clusterWide.byKind.delete(kind);
      if (ADMISSION_KINDS.has(kind)) this.clusterWide.admission = undefined;
    }
    return { uri, unit: unitKey, touched: change };
  }

  delete(uri: string): RelationChange | undefined {
    return this.set(uri, []);
  }

  /**
   * Files every file again under the unit the locator gives now (it learnt something after the files were
   * set: the CLI learns which kustomizations cannot be rendered once every input is read). Files keep their
   * order.
   */
  refile(): void {
    const files = [...this.files].sort(([, a], [, b]) => a.seq - b.seq);
    this.files.clear();
    this.units.clear();
    this.clusterWide = { byKind: new Map() };
    for (const [uri, { seq, objects }] of files) {
      const unitKey = this.unitOf(uri);
      let unit = this.units.get(unitKey);
      if (!unit) this.units.set(unitKey, (unit = new Unit(this.derived)));
      unit.set(uri, seq, [], objects);
      this.files.set(uri, { unit, unitKey, seq, objects });
    }
  }

  /** The objects the index holds for a file. */
  objectsOf(uri: string): readonly K8sObject[] {
    return this.files.get(uri)?.objects ?? [];
  }

  /** What the rules see while a file whose objects are now `objects` is analysed (see RelatedView). */
  view(uri: string, objects: readonly K8sObject[]): RelatedView {
    return new RelatedView(objects, uri, this.units.get(this.unitKeyOf(uri)), this.derived, this.names, this);
  }

  /**
   * The unit a file is filed under: the one it entered the index with (asking the locator again costs a
   * path conversion per question, which every analysed file and every change asks), else the locator's.
   */
  private unitKeyOf(uri: string): string {
    return this.files.get(uri)?.unitKey ?? this.unitOf(uri);
  }

  /** Every ValidatingAdmissionPolicy and binding of the index, in every unit. */
  admissionObjects(): readonly K8sObject[] {
    return (this.clusterWide.admission ??= this.everywhere((object) => ADMISSION_KINDS.has(object.kind)));
  }

  /** Every object of `kind` of the index, in every unit (the params a policy may read). */
  ofKind(kind: string): readonly K8sObject[] {
    let list = this.clusterWide.byKind.get(kind);
    if (!list) this.clusterWide.byKind.set(kind, (list = this.everywhere((object) => object.kind === kind)));
    return list;
  }

  private everywhere(wanted: (object: K8sObject) => boolean): K8sObject[] {
    this.stats.lookups++;
    const out: K8sObject[] = [];
    for (const { objects } of this.files.values())
      for (const object of objects) if (wanted(object)) out.push(object);
    return out;
  }

  /**
   * Whether a change may alter what the cross rules report for a file with `objects`: some cross rule checks
   * one of them and reads, in the same unit, objects of a kind and namespace the change touched (the
   * object's namespace, and for a Namespace the one it names).
   */
  affects(
    change: RelationChange,
    uri: string,
    objects: readonly K8sObject[],
    rules: readonly Rule[],
  ): boolean {
    if (change.uri === uri || change.touched.length === 0) return false;
    // Admission policies and CRDs relate to every unit; any other change concerns its own unit only.
    const sameUnit = this.unitKeyOf(uri) === change.unit;
    if (!sameUnit && !change.touched.some(({ kind }) => CLUSTER_WIDE_KINDS.has(kind))) return false;
    for (const { meta } of rules) {
      if (!meta.cross) continue;
      const reads = meta.relatedKinds && [...meta.relatedKinds, ...(meta.relatedKindsOnDemand ?? [])];
      const kinds = change.touched.filter(
        ({ kind, custom }) =>
          (sameUnit || CLUSTER_WIDE_KINDS.has(kind)) &&
          (!reads || reads.includes(kind) || (custom && reads.includes(CUSTOM_RESOURCES))),
      );
      if (kinds.length === 0) continue;
      for (const object of objects) {
        const checked =
          meta.kinds.includes(object.kind) ||
          (meta.kinds.includes(CUSTOM_RESOURCES) && !isBuiltInApiVersion(object.apiVersion));
        if (!checked) continue;
        const namespace = effectiveNamespace(object);
        const named = object.kind === 'Namespace' ? object.name : undefined;
        if (meta.relatesAcrossNamespaces || kinds.some((t) => CLUSTER_WIDE_KINDS.has(t.kind))) return true;
        if (kinds.some((t) => t.namespace === namespace || t.namespace === named)) return true;
      }
    }
    return false;
  }
}

/** The namespaces and kinds of the objects in one list and not the other (by identity). */
function touched(before: readonly K8sObject[], after: readonly K8sObject[]): RelationChange['touched'] {
  const kept = new Set(after);
  const gone = before.filter((object) => !kept.has(object));
  const old = new Set(before);
  const keys = new Map<string, RelationChange['touched'][number]>();
  for (const object of [...gone, ...after.filter((o) => !old.has(o))]) {
    // A Namespace touches its own namespace too: its labels (Pod Security) say how that namespace's pods
    // are admitted, so the workloads there are what a change of it concerns.
    const namespaces = [effectiveNamespace(object)];
    if (object.kind === 'Namespace' && object.name !== undefined) namespaces.push(object.name);
    for (const namespace of namespaces) {
      keys.set(`${namespace}\0${object.kind}`, {
        namespace,
        kind: object.kind,
        custom: !isBuiltInApiVersion(object.apiVersion),
      });
    }
  }
  return [...keys.values()];
}

/**
 * The view of a file's related objects for one analysis: in `index` when one is kept, else in an index made
 * of `related`, else the file's own objects alone.
 */
export function relatedViewOf(
  file: ParsedFile,
  options: { index?: RelatedObjects; related?: readonly K8sObject[] },
): RelatedView {
  const index = options.index ?? RelatedObjects.of(options.related ?? []);
  return index.view(file.uri, file.objects);
}
