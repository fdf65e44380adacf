// The rules one analysis runs, handed to the engine by whoever starts it (the language server, the CLI, the
// bench, the scripts, the tests), as ESLint's Linter is handed its rules: the engine imports no rule. A
// RuleSet is built once from the built-in rules; each configuration file extends it with its team rules
// (`with`). It carries what the engine and the front ends look up on every analysis or request, computed
// once: each rule by id, the kinds each rule checks, and the documents the rules read in full.
import { CUSTOM_RESOURCES } from './api-groups';
import { effectiveSeverity } from './profiles';
import { resolveOptions, type Rule, type RuleOptionValues } from './rule';
import { DEFAULT_SETTINGS } from './settings';
import type { BodyKinds, EngineSettings, Severity } from './types';

/** A rule the settings leave on, with what running it needs: its severity, kinds and resolved options. */
export interface EnabledRule {
  rule: Rule;
  /** The severity the settings give the rule, else its default. */
  severity: Severity;
  /** Whether the settings name the rule's severity (then a report's own severity does not apply). */
  configured: boolean;
  /** The kinds of object the rule checks (`meta.kinds`). */
  kinds: ReadonlySet<string>;
  /** Whether CUSTOM_RESOURCES is among its kinds: it checks every kind of an API group outside Kubernetes. */
  customResources: boolean;
  /** The rule's options: defaults from its metadata, overridden by valid settings. */
  options: RuleOptionValues;
}

export class RuleSet {
  /** The rules in catalogue order: the built-in ones, then the team rules added by `with`. */
  readonly rules: readonly Rule[];
  private readonly byId = new Map<string, Rule>();
  private readonly kindsOf = new Map<Rule, ReadonlySet<string>>();
  /** What the workspace index reads in full of files that are not being checked (see `bodyKinds`). */
  readonly relatedBodyKinds: BodyKinds | undefined;

  constructor(rules: readonly Rule[]) {
    this.rules = rules;
    for (const rule of rules) {
      // The first rule of an id wins, as a search of the list would find it; configuration reading rejects
      // team rules whose id is taken, so a set built from its rules has no duplicates.
      if (!this.byId.has(rule.meta.id)) this.byId.set(rule.meta.id, rule);
      this.kindsOf.set(rule, new Set(rule.meta.kinds));
    }
    this.relatedBodyKinds = bodyKindsOf(rules, DEFAULT_SETTINGS, 'related');
  }

  /**
   * These rules followed by `more` (a configuration file's team rules). Without any, the set itself, so that
   * analyses under a configuration without team rules share the built-in set (and its remembered checks).
   */
  with(more: readonly Rule[]): RuleSet {
    return more.length === 0 ? this : new RuleSet([...this.rules, ...more]);
  }

  get size(): number {
    return this.rules.length;
  }

  /** The rule of an id, built-in or team. */
  get(id: string): Rule | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The rule ids in catalogue order. */
  ids(): string[] {
    return this.rules.map((rule) => rule.meta.id);
  }

  /**
   * The rules the settings leave on, in catalogue order, each with the severity the settings give it (else
   * the one its profiles give it), its kinds and its options resolved against the settings.
   */
  enabled(settings: EngineSettings = DEFAULT_SETTINGS): EnabledRule[] {
    return this.rules.flatMap((rule) => {
      const severity = effectiveSeverity(rule.meta, settings);
      if (severity === 'off') return [];
      return [
        {
          rule,
          severity,
          configured: settings.rules[rule.meta.id] !== undefined,
          kinds: this.kindsOf.get(rule)!,
          customResources: rule.meta.kinds.includes(CUSTOM_RESOURCES),
          options: resolveOptions(rule.meta, settings.ruleOptions[rule.meta.id]),
        },
      ];
    });
  }

  /**
   * The kinds whose documents the rules read beyond `apiVersion`, `kind` and `metadata` when a file is
   * checked under `settings`: the kinds the enabled rules check (`readsBodyOf`, where a rule needs only the
   * header of some) and the kinds cross rules read from other objects. Undefined (read every document in
   * full) when a cross rule does not say which kinds it reads.
   */
  bodyKinds(settings: EngineSettings = DEFAULT_SETTINGS): BodyKinds | undefined {
    return bodyKindsOf(this.rules, settings, 'checked');
  }
}

/**
 * The body kinds of `rules`: with scope `checked`, of a file being checked (see RuleSet.bodyKinds); with
 * scope `related`, only the kinds cross rules read from other objects (what the workspace index keeps of
 * files that are not being checked).
 */
function bodyKindsOf(
  rules: readonly Rule[],
  settings: EngineSettings,
  scope: 'checked' | 'related',
): BodyKinds | undefined {
  const kinds = new Set<string>();
  for (const { meta } of rules) {
    const checks = scope === 'checked' && effectiveSeverity(meta, settings) !== 'off';
    if (checks) for (const kind of meta.readsBodyOf ?? meta.kinds) kinds.add(kind);
    // Whatever a cross rule reads is kept even when the rule is off here: the objects of this file are the
    // related objects of other files, whose settings may have the rule on.
    if (meta.cross) {
      if (!meta.relatedKinds) return undefined;
      for (const kind of meta.relatedKinds) kinds.add(kind);
      // Bodies read on demand are kept whole by the index, which has no text to read them from later.
      if (scope === 'related') for (const kind of meta.relatedKindsOnDemand ?? []) kinds.add(kind);
    }
  }
  const customResources = kinds.delete(CUSTOM_RESOURCES);
  return { kinds, customResources };
}
