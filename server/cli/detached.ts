// Findings as a run keeps them until it prints them: detached from their file's YAML trees and text.
import { YAMLMap } from 'yaml';
import { detached as copied } from '../engine/values';
import type { Finding, K8sObject, ObjectIdentity, RelatedLocation } from '../engine/types';

/**
 * A finding as the reports need it, without what ties it to its file: its target's node and value, its
 * fixes, its related locations' sources, and the file's text that its strings were cut from (a name read
 * from the YAML tree, a message built from one, keeps the whole text alive). A run keeps every finding
 * until it prints them, and holding each file's trees or text until then made the CLI's memory grow with
 * the whole input. Findings about the same object share one stand-in for it (`standIns`).
 */
export function detached(finding: Finding, standIns: Map<K8sObject, K8sObject>): Finding {
  const { target } = finding;
  const owned = {
    message: copied(finding.message),
    ...(finding.object ? { object: identityCopy(finding.object) } : {}),
  };
  // An input rule's finding (a syntax error, a skipped file) is about the text and has no object.
  if (!target) return { ...finding, ...owned, related: NO_RELATED_LOCATIONS, getFixes: NO_FIXES };
  let standIn = standIns.get(target);
  if (!standIn) {
    const { uri, offset, line } = target.source;
    standIn = {
      source: { uri, offset, line, lineStarts: NO_LINES },
      ...identityCopy(target),
      node: NO_NODE,
      value: NO_VALUE,
      documentIndex: target.documentIndex,
      basePath: target.basePath,
    };
    standIns.set(target, standIn);
  }
  return { ...finding, ...owned, target: standIn, related: NO_RELATED_LOCATIONS, getFixes: NO_FIXES };
}

function identityCopy({ apiVersion, kind, name, namespace }: ObjectIdentity): ObjectIdentity {
  return {
    apiVersion: copied(apiVersion),
    kind: copied(kind),
    name: name === undefined ? undefined : copied(name),
    namespace: namespace === undefined ? undefined : copied(namespace),
  };
}

/** Shared by every finding without any: nothing adds to these. */
const NO_RELATED_LOCATIONS: RelatedLocation[] = [];
const NO_LINES: readonly number[] = [];
const NO_NODE = new YAMLMap();
const NO_VALUE: Record<string, unknown> = {};
const NO_FIXES = (): [] => [];
