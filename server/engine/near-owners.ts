// The pod owners closest to a plain-map selector that matches none of them, for the related information of
// service-selects-nothing and pdb-matches-nothing: the same few that nearestOwners (selection.ts) picks from
// every owner of the namespace, found in the related-object index's label lists without reading them all.
//
// An owner scores 100 per pair of the selector its labels hold and 1 per other selector key it has; only
// owners that hold a pair count when any does, else those that share a key. No owner holds every pair (the
// selector would match it), so an owner that holds only the pair of the longest list scores at most
// 100 + (keys - 1): once enough owners of that list reach that score in the list's order, the later ones
// cannot displace them, and the rest of the list (often a label every workload carries) is never read.
import type { ObjectGroup, PodOwner } from './related-groups';

/** One group's owners to search, and which of them are current (the checked file's stale ones are not). */
export interface OwnerSource {
  group: ObjectGroup;
  current: (owner: PodOwner) => boolean;
}

interface Scored {
  owner: PodOwner;
  score: number;
  /** Source, then place in the group: the order nearestOwners breaks ties in. */
  source: number;
  rank: number;
}

/**
 * The `limit` owners nearestOwners would name for `wanted` among the owners of `sources` (the checked file's
 * group first), best first. `visit` counts each owner examined.
 */
export function nearOwners(
  sources: readonly OwnerSource[],
  wanted: Record<string, string>,
  limit: number,
  visit: () => void,
): PodOwner[] {
  const entries = Object.entries(wanted);
  const score = (owner: PodOwner): number => {
    let total = 0;
    for (const [key, value] of entries) {
      const label = owner.labels[key];
      if (label === value) total += 100;
      else if (label !== undefined) total += 1;
    }
    return total;
  };
  const byPair = (group: ObjectGroup) => entries.map(([key, value]) => group.ownersLabelled(key, value));
  const byKey = (group: ObjectGroup) => entries.map(([key]) => group.ownersWithKey(key));
  // Holders of a pair when there are any; else owners sharing a key (an owner only in the longest list of
  // keys has that one key: it scores 1).
  const holders = sources.some(({ group, current }) => byPair(group).some((list) => list.some(current)));
  const ceiling = holders ? 100 + (entries.length - 1) : 1;
  const found: Scored[] = [];
  sources.forEach(({ group, current }, source) => {
    const lists = holders ? byPair(group) : byKey(group);
    const longest = lists.reduce((a, b) => (b.length > a.length ? b : a), lists[0] ?? []);
    const seen = new Set<PodOwner>();
    const add = (owner: PodOwner): void => {
      if (seen.has(owner) || !current(owner)) return;
      seen.add(owner);
      visit();
      found.push({ owner, score: score(owner), source, rank: group.rankOf(owner.object) });
    };
    for (const list of lists) if (list !== longest) list.forEach(add);
    // In the longest list's order, until `limit` of its owners reach the best score they can have.
    let atCeiling = 0;
    for (const owner of longest) {
      if (atCeiling >= limit) break;
      if (seen.has(owner)) continue;
      add(owner);
      if (found.at(-1)?.owner === owner && found.at(-1)!.score >= ceiling) atCeiling++;
    }
  });
  return found
    .sort((a, b) => b.score - a.score || a.source - b.source || a.rank - b.rank)
    .slice(0, limit)
    .map(({ owner }) => owner);
}
