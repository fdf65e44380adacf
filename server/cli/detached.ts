// Findings as a run keeps them until it prints them: detached from their file's YAML trees and text, and
// sharing one copy of each string they repeat.
import { YAMLMap } from 'yaml';
import { detached as copied } from '../engine/values';
import type { Finding, K8sObject, ObjectIdentity, RelatedLocation } from '../engine/types';

/**
 * Detaches the findings of a run. A finding as the reports need it keeps nothing that ties it to its file:
 * not its target's node or value, nor its fixes, nor its related locations' sources, nor the file's text
 * that its strings were cut from (a name read from the YAML tree, a message built from one, keeps the whole
 * text alive). A run keeps every finding until it prints them, and holding each file's trees or text until
 * then made the CLI's memory grow with the whole input.
 *
 * The strings a run's findings hold repeat a great deal: the same message about the same container in every
 * copy of a chart, the same kinds, names, key paths and related messages. Each distinct string is kept once
 * for the whole run (`shared`), which over a large repository is most of what findings would hold.
 */
export class Detacher {
  private readonly strings = new Map<string, string>();
  /** Findings about one object share one stand-in for it; keyed by the current file's objects only. */
  private standIns = new Map<K8sObject, K8sObject>();
  private identities = new Map<ObjectIdentity, ObjectIdentity>();

  /**
   * Starts the findings of another file. The stand-ins are keyed by the objects of the file's trees, so they
   * are let go with them.
   */
  nextFile(): void {
    this.standIns = new Map();
    this.identities = new Map();
  }

  /** The run's one copy of `text`, sharing no memory with the text it may have been cut from. */
  shared(text: string): string {
    let kept = this.strings.get(text);
    if (kept === undefined) this.strings.set((kept = copied(text)), kept);
    return kept;
  }

  finding(finding: Finding): Finding {
    const { target } = finding;
    const owned = {
      message: this.shared(finding.message),
      ...(finding.object ? { object: this.identity(finding.object) } : {}),
    };
    // An input rule's finding (a syntax error, a skipped file) is about the text and has no object.
    if (!target) return { ...finding, ...owned, related: NO_RELATED_LOCATIONS, getFixes: NO_FIXES };
    let standIn = this.standIns.get(target);
    if (!standIn) {
      const { uri, offset, line } = target.source;
      standIn = {
        source: { uri, offset, line, lineStarts: NO_LINES },
        ...this.identity(target),
        node: NO_NODE,
        value: NO_VALUE,
        documentIndex: target.documentIndex,
        basePath: target.basePath,
      };
      this.standIns.set(target, standIn);
    }
    return { ...finding, ...owned, target: standIn, related: NO_RELATED_LOCATIONS, getFixes: NO_FIXES };
  }

  private identity(object: ObjectIdentity): ObjectIdentity {
    let copy = this.identities.get(object);
    if (!copy) {
      const { apiVersion, kind, name, namespace } = object;
      copy = {
        apiVersion: this.shared(apiVersion),
        kind: this.shared(kind),
        name: name === undefined ? undefined : this.shared(name),
        namespace: namespace === undefined ? undefined : this.shared(namespace),
      };
      this.identities.set(object, copy);
    }
    return copy;
  }
}

/** Shared by every finding without any: nothing adds to these. */
const NO_RELATED_LOCATIONS: RelatedLocation[] = [];
const NO_LINES: readonly number[] = [];
const NO_NODE = new YAMLMap();
const NO_VALUE: Record<string, unknown> = {};
const NO_FIXES = (): [] => [];
