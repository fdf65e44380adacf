// `matchPolicy: Equivalent`, the default the API server gives a policy or binding that sets none: when no rule
// matches the request as it is, k8s.io/apiserver's matcher tries each rule again against every other version
// of the same resource that the cluster serves (rules first, then versions), and on a match converts the
// object to that version before the policy sees it. A CustomResourceDefinition in view lists exactly which
// versions are served and how objects convert (strategy None changes apiVersion alone, which we can do; a
// webhook we cannot run). For a built-in kind, which versions a cluster serves and how they convert is not
// modelled here: a rule naming the kind's group and resource at another version that the target release may
// still serve is an unknown to say, never a silent pass or a guessed verdict. Equivalences across API groups
// (extensions/v1beta1 and apps/v1) concern only versions no supported release serves any more, and are not
// looked for.
import { isPlainObject } from '../values';
import { ruleMatches, type AdmissionTarget } from './match-rule';

/** How a rule matches the object only through another version of its resource. */
export type EquivalentMatch =
  /** Through `version`, to which the object converts exactly (a CRD whose conversion strategy is None). */
  | { version: string; rule: number }
  /**
   * Through `versions`, but the conversion is not done offline: a CRD's conversion webhook (`webhook`), or a
   * built-in kind at versions the cluster may serve.
   */
  | { unknown: 'equivalent'; versions: string[]; webhook: boolean; rule: number };

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The first rule (in order) that matches the target through another version of its resource, if any. */
export function equivalentMatch(
  rules: readonly unknown[],
  target: AdmissionTarget,
): EquivalentMatch | undefined {
  const { equivalents } = target;
  for (const [index, rule] of rules.entries()) {
    if (!isPlainObject(rule)) continue;
    const matchesAt = (version: string): boolean => ruleMatches(rule, { ...target, version }) === true;
    if (equivalents.kind === 'crd') {
      const version = equivalents.versions.find(matchesAt);
      if (version === undefined) continue;
      return equivalents.convertible
        ? { version, rule: index }
        : { unknown: 'equivalent', versions: [version], webhook: true, rule: index };
    }
    if (equivalents.kind === 'built-in') {
      const versions = strings(rule.apiVersions).filter(
        (version) =>
          version !== '*' &&
          version !== target.version &&
          equivalents.mayServe(version) &&
          matchesAt(version),
      );
      if (versions.length > 0) return { unknown: 'equivalent', versions, webhook: false, rule: index };
    }
  }
  return undefined;
}
