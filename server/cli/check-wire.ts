// A file's outcome as the check's worker thread hands it to the main thread (parallel-check.ts): data that a
// structured clone carries (no rule metadata, no functions, no YAML nodes), and the outcome rebuilt from it.
import { YAMLMap } from 'yaml';
import type { RuleSet } from '../engine/rule-set';
import type { Finding, K8sObject } from '../engine/types';
import type { FileOutcome, ReportedFinding, Unplaced } from './check';
import type { Detacher } from './detached';

/** A finding without what the receiving thread has of its own: its rule's metadata, its (absent) fixes. */
type WireFinding = Omit<Finding, 'meta' | 'getFixes' | 'target' | 'related'> & {
  /** The finding's object, as an index into the outcome's `targets`. */
  target?: number;
};

/** What a detached finding keeps of its object (see Detacher.finding). */
interface WireTarget {
  uri: string;
  offset: number;
  line: number;
  apiVersion: string;
  kind: string;
  name: string | undefined;
  namespace: string | undefined;
  documentIndex: number;
  basePath: (string | number)[];
}

type WireResult = Omit<ReportedFinding, 'finding' | 'related'> & {
  finding: WireFinding;
  /** Its related locations, not yet placed (the main thread places every file's together). */
  unplaced?: readonly Unplaced[];
};

export interface WireOutcome {
  placement: FileOutcome['placement'];
  results: WireResult[];
  /** The objects the findings are about, each once, as the findings' stand-ins share them. */
  targets: WireTarget[];
  errors: FileOutcome['errors'];
}

/**
 * The outcome as data, or undefined when a finding's rule is not the one `rules` gives for its id: the
 * receiving thread finds a finding's metadata by its rule's id in the same rules, so such a file is left for
 * it to analyse itself. A fix plan is not carried: runs that fix files are not split between threads.
 */
export function toWire(outcome: FileOutcome, rules: RuleSet): WireOutcome | undefined {
  const unplacedOf = new Map(outcome.unplaced.map(({ reported, related }) => [reported, related]));
  const targets: WireTarget[] = [];
  const targetIndex = new Map<K8sObject, number>();
  const results: WireResult[] = [];
  for (const reported of outcome.results) {
    const { finding, related: _placed, ...rest } = reported;
    const { meta, getFixes: _fixes, target, related: _related, ...plain } = finding;
    if (rules.get(finding.ruleId)?.meta !== meta) return undefined;
    let index: number | undefined;
    if (target) {
      index = targetIndex.get(target);
      if (index === undefined) {
        index = targets.length;
        targetIndex.set(target, index);
        const { uri, offset, line } = target.source;
        const { apiVersion, kind, name, namespace, documentIndex, basePath } = target;
        targets.push({ uri, offset, line, apiVersion, kind, name, namespace, documentIndex, basePath });
      }
    }
    const unplaced = unplacedOf.get(reported);
    results.push({
      ...rest,
      finding: { ...plain, ...(index === undefined ? {} : { target: index }) },
      ...(unplaced ? { unplaced } : {}),
    });
  }
  return { placement: outcome.placement, results, targets, errors: outcome.errors };
}

/**
 * The outcome rebuilt in the receiving thread: each finding with its rule's metadata from `rules`, and the
 * strings it holds shared with the run's other findings through the run's detacher, as findings analysed in
 * this thread share them.
 */
export function fromWire(wire: WireOutcome, rules: RuleSet, detacher: Detacher): FileOutcome {
  detacher.nextFile();
  const targets = wire.targets.map((t): K8sObject => ({
    source: { uri: t.uri, offset: t.offset, line: t.line, lineStarts: NO_LINES },
    apiVersion: t.apiVersion,
    kind: t.kind,
    name: t.name,
    namespace: t.namespace,
    node: NO_NODE,
    value: NO_VALUE,
    documentIndex: t.documentIndex,
    basePath: t.basePath,
  }));
  const outcome: FileOutcome = { placement: wire.placement, results: [], unplaced: [], errors: wire.errors };
  for (const { finding: plain, unplaced, location, lineText, keyPath, suppression } of wire.results) {
    const { target, ...rest } = plain;
    const finding: Finding = {
      ...rest,
      meta: rules.get(plain.ruleId)!.meta,
      ...(target === undefined ? {} : { target: targets[target] }),
      related: [],
      getFixes: NO_FIXES,
    };
    const reported: ReportedFinding = {
      finding: detacher.finding(finding),
      location: {
        ...location,
        file: detacher.shared(location.file),
        absolute: location.absolute === undefined ? undefined : detacher.shared(location.absolute),
      },
      lineText: detacher.shared(lineText),
      ...(keyPath === undefined ? {} : { keyPath: detacher.shared(keyPath) }),
      related: NO_RELATED,
      ...(suppression ? { suppression } : {}),
    };
    outcome.results.push(reported);
    if (unplaced) {
      outcome.unplaced.push({
        reported,
        related: unplaced.map((at) => ({ ...at, message: detacher.shared(at.message) })),
      });
    }
  }
  return outcome;
}

const NO_LINES: readonly number[] = [];
const NO_NODE = new YAMLMap();
const NO_VALUE: Record<string, unknown> = {};
const NO_FIXES = (): [] => [];
/** Shared by every finding without related locations until they are placed. */
const NO_RELATED: ReportedFinding['related'] = [];
