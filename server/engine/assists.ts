// Refactorings the rules offer on the object under the cursor even when nothing is wrong enough to report:
// "Add PodDisruptionBudget for web" on a single-replica Deployment that will be scaled up later. Each rule
// owns its assist (rule.assist); this module only finds the object and runs them safely.
import type { RuleContext } from './rule';
import type { RuleSet } from './rule-set';
import { shifted } from './positions';
import { DEFAULT_SETTINGS } from './settings';
import { chunkOf } from './suppression';
import { partView } from './part-view';
import { relatedViewOf, type RelatedObjects } from './related-index';
import type { EngineSettings, Fix, K8sObject, ParsedFile } from './types';

export interface Assist {
  ruleId: string;
  object: K8sObject;
  fix: Fix;
}

/** The innermost object whose mapping contains `offset` (a List item before the List itself). */
export function objectAt(file: ParsedFile, offset: number): K8sObject | undefined {
  let best: K8sObject | undefined;
  let bestStart = -1;
  for (const object of file.objects) {
    const range = object.node.range;
    const local = offset - object.source.offset;
    if (!range || local < range[0] || local > range[2]) continue;
    const start = range[0] + object.source.offset;
    if (!best || start >= bestStart) {
      best = object;
      bestStart = start;
    }
  }
  return best;
}

export function assistsAt(
  file: ParsedFile,
  offset: number,
  rules: RuleSet,
  options: { settings?: EngineSettings; index?: RelatedObjects; related?: readonly K8sObject[] } = {},
): Assist[] {
  const object = objectAt(file, offset);
  const part = object && chunkOf(file, object);
  if (!object || !part) return [];
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const related = relatedViewOf(file, options);
  const assists: Assist[] = [];
  for (const { rule, kinds, options: ruleOptions } of rules.enabled(settings)) {
    if (!rule.assist || !kinds.has(object.kind)) continue;
    const context: RuleContext = {
      // The rule works in the offsets of the object's part of the file, as when it checks it.
      file: partView(file, part),
      options: ruleOptions,
      kubernetesVersion: settings.kubernetesVersion,
      podSecurityLevel: settings.podSecurityLevel,
      related,
      fixSettings: settings.fix,
      // An assist proposes; it never reports.
      report: () => undefined,
    };
    try {
      for (const fix of rule.assist(object, context)) {
        if (fix.edits.length === 0 && !fix.newFile) continue;
        const edits = fix.edits.map((e) => shifted(e, part.offset));
        assists.push({ ruleId: rule.meta.id, object, fix: { ...fix, edits } });
      }
    } catch {
      // A failing assist is simply not offered; the rule's findings are unaffected.
    }
  }
  return assists;
}
