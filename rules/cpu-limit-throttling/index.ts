import { isMap, isScalar, type YAMLMap } from 'yaml';
import { containerLabel } from '../../server/engine/containers';
import { ensureEntries, renameKey, removePair, type PairInMap } from '../../server/engine/edits';
import { getPair, keySpan, mapAt } from '../../server/engine/nodes';
import { parseQuantity } from '../../server/engine/quantity';
import { defineRule } from '../../server/engine/rule';
import type { Fix, ParsedFile, TextEdit } from '../../server/engine/types';
import { podContainersOf, WORKLOAD_KINDS, type ContainerRef } from '../../server/engine/workloads';
import story from './story.md';

export default defineRule(
  {
    id: 'cpu-limit-throttling',
    title: 'CPU limit that throttles bursts',
    category: 'resources',
    concern: 'reliability',
    defaultSeverity: 'info',
    description:
      'A container or init container sets a CPU limit at or below its CPU request, or below one core ' +
      '(`minCpuLimitCores`).',
    rationale:
      'A CPU limit becomes a CFS quota: CPU time per 100 ms period. A container that bursts (a request spike, ' +
      'garbage collection, several busy threads) spends its quota early in the period and then sleeps until ' +
      'the next one, even on an idle node, so latency climbs while average CPU use looks low. A limit at the ' +
      'request leaves no room to burst at all, and a fraction of a core is used up by one busy thread in a ' +
      'fraction of the period.',
    remediation:
      'Keep an accurate CPU request (it reserves the CPU and sets the container’s share under contention) and ' +
      'drop the CPU limit, or raise it well above the request. Keep the memory limit. Removing the CPU limit ' +
      'turns a Guaranteed pod into a Burstable one, which matters only if you rely on exclusive CPUs (the static ' +
      'CPU manager policy); that is why the quick fix is a suggestion, not the preferred action.',
    messages: {
      atRequest:
        'Container "{container}" has CPU limit {limit} at or below its request {request}: it can never burst, and CFS throttling adds latency while average CPU use looks low.',
      belowThreshold:
        'Container "{container}" has CPU limit {limit}, under {threshold}: bursts are throttled by CFS, adding latency while average CPU use looks low.',
    },
    fixable: true,
    kinds: WORKLOAD_KINDS,
    options: {
      minCpuLimitCores: {
        type: 'number',
        default: 1,
        minimum: 0,
        description:
          'CPU limits below this many cores are flagged even when they exceed the request; 0 flags only limits at or below the request.',
      },
    },
    story,
  },
  (object, context) => {
    for (const container of podContainersOf(object)) {
      const limit: unknown = container.value.resources?.limits?.cpu;
      const request: unknown = container.value.resources?.requests?.cpu;
      const limitCores = parseQuantity(limit);
      if (limitCores === undefined) continue;
      const requestCores = request === undefined ? undefined : parseQuantity(request);
      const threshold = context.options.minCpuLimitCores;
      // Without a CPU request the API server defaults the request to the limit, so "limit ≤ request" would
      // always hold; such a container is flagged only for a limit under the threshold.
      const atRequest = requestCores !== undefined && limitCores <= requestCores;
      if (!atRequest && !(limitCores < threshold)) continue;
      const limitsMap = mapAt(object.node, [...container.path, 'resources', 'limits']);
      const cpuPair = limitsMap && getPair(limitsMap, 'cpu');
      if (!cpuPair) continue;
      context.report({
        messageId: atRequest ? 'atRequest' : 'belowThreshold',
        data: {
          container: containerLabel(container),
          limit: String(limit),
          request: String(request),
          threshold: `${threshold} ${threshold === 1 ? 'core' : 'cores'}`,
        },
        span: keySpan(cpuPair),
        fix: () => removeCpuLimit(context.file, object.node, container, limit, request),
      });
    }
  },
);

/**
 * Drops the CPU limit and keeps everything else. When there is no CPU request, the API server has been
 * using the limit as the request; the fix keeps that reservation by turning the limit into a request, so the
 * scheduler does not start packing the container blind.
 */
function removeCpuLimit(
  file: ParsedFile,
  root: YAMLMap,
  container: ContainerRef,
  limit: unknown,
  request: unknown,
): Fix[] {
  const label = containerLabel(container);
  const resources = mapAt(root, [...container.path, 'resources']);
  const limitsPair = resources && getPair(resources, 'limits');
  const limits = limitsPair?.value;
  if (!resources || !limitsPair || !isMap(limits)) return [];
  const cpuPair = getPair(limits, 'cpu');
  if (!cpuPair) return [];
  const chain: PairInMap[] = [
    { map: resources, pair: limitsPair },
    { map: limits, pair: cpuPair },
  ];
  if (request !== undefined) {
    const edits = removePair(file, chain);
    return edits
      ? [{ title: `Remove the CPU limit of "${label}" (keep its ${request} request)`, edits }]
      : [];
  }
  const requestsPair = getPair(resources, 'requests');
  if (!requestsPair && limits.items.length === 1) {
    // `limits: {cpu: 500m}` alone becomes `requests: {cpu: 500m}`: one rename, comments and quoting intact.
    const rename = renameKey(limitsPair, 'requests');
    return rename
      ? [{ title: `Turn the CPU limit of "${label}" into a request (cpu: ${limit})`, edits: [rename] }]
      : [];
  }
  if (
    requestsPair &&
    !(requestsPair.value === null || isMap(requestsPair.value) || isEmptyScalar(requestsPair.value))
  ) {
    return [];
  }
  const insert = ensureEntries(file, root, [...container.path, 'resources'], { requests: { cpu: limit } });
  const remove = removePair(file, chain);
  if (!insert || !remove) return [];
  // Insertions first: an insertion at the offset where a deletion starts must come before it.
  const edits = [...insert, ...remove];
  if (!nonOverlapping(edits)) return [];
  return [{ title: `Remove the CPU limit of "${label}" and request ${limit} instead`, edits }];
}

function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && (node.value === null || node.value === undefined);
}

function nonOverlapping(edits: readonly TextEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.start < sorted[i - 1]!.end) return false;
  return true;
}
