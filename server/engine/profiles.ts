// Profiles: named sets of rule severities, as ESLint's shared configurations are, derived from each rule's
// metadata (its default severity and its `concern`) rather than listed by hand, so that a new rule joins the
// right profiles by saying what it guards against.
//
// `recommended` is the default. Its purpose is that informational advice never buries a warning: on a small
// real workspace (the guestbook tutorial, microservices-demo, the HPA walkthrough and a CronJob) every rule
// at its default severity gave 1 error, 13 warnings and 68 informational findings, most of them the same
// advice repeated per container. Under `recommended` the informational rules report hints instead, which an
// editor shows in place (VS Code: dotted underline) but not in its Problems panel, and which never fail a
// CLI run at the default `--fail-on warning`; errors and warnings are untouched.
import type { Concern, ProfileName, RuleMeta, SeveritySetting } from './types';

export type { ProfileName } from './types';

export const PROFILE_NAMES: readonly ProfileName[] = ['recommended', 'strict', 'security', 'reliability'];

/** The profile that applies when neither the editor, the command line nor `extends:` names one. */
export const DEFAULT_PROFILE: ProfileName = 'recommended';

export interface ProfileDescriptor {
  name: ProfileName;
  /** One sentence for the settings schema, the README and `--help`. */
  description: string;
  /** The severity the profile gives a rule of this metadata, or `off`. */
  severityOf(meta: Pick<RuleMeta, 'defaultSeverity' | 'concern' | 'input'>): SeveritySetting;
}

/** Rules about whether the manifest is read and accepted as written belong to every profile. */
function inFocus(concern: Concern | undefined, focus: Concern): boolean {
  return concern === undefined || concern === focus || concern === 'validity';
}

export const PROFILES: readonly ProfileDescriptor[] = [
  {
    name: 'recommended',
    description:
      'Every rule; errors and warnings at their severity, informational advice as hints (shown in the editor, not in the Problems panel, never failing a run). What was not analysed (a template) stays visible.',
    // An input rule says that part of a file was not analysed: a hint would hide that from the Problems
    // panel, and nothing may pass in silence, so those keep their severity.
    severityOf: ({ defaultSeverity, input }) =>
      defaultSeverity === 'info' && !input ? 'hint' : defaultSeverity,
  },
  {
    name: 'strict',
    description: 'Every rule at its default severity, informational advice included.',
    severityOf: ({ defaultSeverity }) => defaultSeverity,
  },
  {
    name: 'security',
    description:
      'Only the security rules (privileges, host paths, tokens, metadata API, Pod Security), with the rules that check the manifest is valid.',
    severityOf: ({ defaultSeverity, concern }) => (inFocus(concern, 'security') ? defaultSeverity : 'off'),
  },
  {
    name: 'reliability',
    description:
      'Only the reliability rules (resources, disruption budgets, probes, autoscaling, scheduling, the control plane), with the rules that check the manifest is valid.',
    severityOf: ({ defaultSeverity, concern }) => (inFocus(concern, 'reliability') ? defaultSeverity : 'off'),
  },
];

export function isProfileName(value: unknown): value is ProfileName {
  return typeof value === 'string' && (PROFILE_NAMES as readonly string[]).includes(value);
}

/**
 * The profiles a raw setting names: a name or a list of names. Unknown names are left out; undefined when
 * no valid name remains, so that the caller falls back to the next layer (the configuration file, then the
 * default).
 */
export function readProfiles(raw: unknown): ProfileName[] | undefined {
  const names = (Array.isArray(raw) ? raw : [raw]).filter(isProfileName);
  return names.length > 0 ? [...new Set(names)] : undefined;
}

const RANK: Record<SeveritySetting, number> = { off: 0, hint: 1, info: 2, warning: 3, error: 4 };

/**
 * The severity the profiles give a rule: the loudest any of them gives, so that `[security, reliability]`
 * is the union of both sets. A team rule (no `concern`) keeps its own severity in every profile but one
 * that quiets informational advice: the team wrote it, and `recommended` treats all advice alike.
 */
export function profileSeverity(
  meta: Pick<RuleMeta, 'defaultSeverity' | 'concern' | 'input'>,
  profiles: readonly ProfileName[],
): SeveritySetting {
  let loudest: SeveritySetting = 'off';
  for (const name of profiles) {
    const severity = PROFILES.find((p) => p.name === name)!.severityOf(meta);
    if (RANK[severity] > RANK[loudest]) loudest = severity;
  }
  return loudest;
}

/** The severity a rule runs at: the settings' explicit entry, else what the profiles give it. */
export function effectiveSeverity(
  meta: Pick<RuleMeta, 'id' | 'defaultSeverity' | 'concern'>,
  settings: { rules: Record<string, SeveritySetting>; profiles: readonly ProfileName[] },
): SeveritySetting {
  return settings.rules[meta.id] ?? profileSeverity(meta, settings.profiles);
}
