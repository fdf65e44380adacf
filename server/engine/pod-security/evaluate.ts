// Which checks apply at a level and version, as the library's registry decides (policy/registry.go): at
// baseline, each baseline check's newest revision at or before the version; at restricted, the restricted
// checks' revisions plus every baseline check that no applicable restricted revision overrides. Then the
// attribution of each violation to the lowest level it breaks, so that the two rules never report one key
// twice.
import type { PathSegment } from '../nodes';
import { podTemplatesOf } from '../workloads';
import type { K8sObject } from '../types';
import {
  CHECKS,
  type CheckDefinition,
  type CheckLevel,
  type PodContainer,
  type PodFacts,
  type VersionedCheck,
  type Violation,
} from './checks';

function revisionAt(check: CheckDefinition, minor: number): VersionedCheck | undefined {
  let found: VersionedCheck | undefined;
  for (const revision of check.versions) if (revision.min <= minor) found = revision;
  return found;
}

const applicable = new Map<string, readonly VersionedCheck[]>();

/** The check revisions a pod is held to at `level` and policy version 1.`minor`. */
export function checksAt(level: CheckLevel, minor: number): readonly VersionedCheck[] {
  const key = `${level}\0${minor}`;
  const cached = applicable.get(key);
  if (cached) return cached;
  const restricted =
    level === 'restricted'
      ? CHECKS.filter((c) => c.level === 'restricted').flatMap((c) => revisionAt(c, minor) ?? [])
      : [];
  const overridden = new Set(restricted.flatMap((r) => r.overrides ?? []));
  const baseline = CHECKS.filter((c) => c.level === 'baseline' && !overridden.has(c.id)).flatMap(
    (c) => revisionAt(c, minor) ?? [],
  );
  const checks = [...baseline, ...restricted];
  applicable.set(key, checks);
  return checks;
}

/** Every violation of a pod at `level` and version 1.`minor`. */
export function evaluatePod(pod: PodFacts, level: CheckLevel, minor: number): Violation[] {
  return checksAt(level, minor).flatMap((check) => check.run(pod));
}

const LEVEL_OF = new Map(CHECKS.map((c) => [c.id, c.level]));

export function levelOf(violation: Violation): CheckLevel {
  return LEVEL_OF.get(violation.check)!;
}

function samePlace(a: Violation, b: Violation): boolean {
  return (
    a.at.length === b.at.length &&
    a.at.every((segment, i) => segment === b.at[i]) &&
    !a.missing === !b.missing
  );
}

/**
 * The violations of a pod at `level`, each attributed to the lowest level it breaks: at restricted, a key
 * that baseline refuses too (a hostPath volume, an added SYS_ADMIN, an Unconfined seccomp profile) is
 * reported as baseline's violation, with baseline's check, although restricted's registry reaches it
 * through an overriding check.
 */
export function attributedViolations(pod: PodFacts, level: CheckLevel, minor: number): Violation[] {
  const found = evaluatePod(pod, level, minor);
  if (level === 'baseline') return found;
  const baseline = evaluatePod(pod, 'baseline', minor);
  return found.map((violation) => baseline.find((b) => samePlace(b, violation)) ?? violation);
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** The pods an object creates, as the checks read them: one per pod template (two for a LeaderWorkerSet). */
export function podsOf(object: K8sObject): PodFacts[] {
  return podTemplatesOf(object).map((template) => {
    const specPath = template.specPath;
    const metadataPath: PathSegment[] = [...specPath.slice(0, -1), 'metadata'];
    let metadata: unknown = object.value;
    for (const segment of metadataPath) metadata = record(metadata)[segment as string];
    const spec = record(template.spec);
    const containers: PodContainer[] = [];
    for (const listName of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
      const items = spec[listName];
      if (!Array.isArray(items)) continue;
      items.forEach((item, index) => {
        const value = record(item);
        if (item !== value) return;
        containers.push({
          list: listName,
          index,
          path: [...specPath, listName, index],
          value,
          name: typeof value.name === 'string' ? value.name : '',
        });
      });
    }
    return { metadataPath, specPath, metadata: record(metadata), spec, containers };
  });
}
