// The rule format, modelled on ESLint's: static `meta` plus a `check` that reports findings at nodes.
// Rules are pure functions of parsed documents: they read the object and its context and call `report`;
// they never touch the file system, the editor or global state.
import type { RelatedView } from './related-view';
import { parseStoryFile } from './story';
import type {
  AnalysisNotice,
  FixSettings,
  K8sObject,
  ParsedFile,
  PodSecurityLevelSetting,
  RuleMeta,
  Severity,
  RuleOptionSpec,
  RuleOptionValue,
  Span,
  Fix,
} from './types';

export interface Report {
  /** Key into `meta.messages`. */
  messageId: string;
  /** Values for the message template's `{placeholders}`. */
  data?: Record<string, string | number>;
  span: Span | undefined;
  /** Fixes are computed lazily: only when a client asks for code actions, or a test or the CLI wants them. */
  fix?: () => Fix[];
  /**
   * True when the finding rests on what the analysis cannot see: pods a custom resource's operator may
   * create, or the namespace a manifest without one is applied to. Its message says so ("unless …",
   * "wrong namespace?"), and the engine reports it as a hint whatever the rule's severity, so that a guess
   * never fails a CI run or fills the Problems panel.
   */
  hedged?: boolean;
  /**
   * The finding's severity when it depends on the object's surroundings (Pod Security: an enforcing
   * namespace makes an error, a warning one a warning). A severity the user configured for the rule wins.
   */
  severity?: Severity;
  /** Other objects involved, shown as related information; the span defaults to the object's name. */
  related?: { object: K8sObject; message: string; span?: Span }[];
}

export interface RuleContext<Options extends RuleOptionValues = RuleOptionValues> {
  file: ParsedFile;
  /** The rule's options: defaults from its metadata, overridden by valid user settings. */
  options: Options;
  /** The Kubernetes minor version the user targets, as "1.30". */
  kubernetesVersion: string;
  /** The Pod Security level the cluster enforces by default (setting `podSecurity.level`). */
  podSecurityLevel: PodSecurityLevelSetting;
  /**
   * The Kubernetes objects the rule may relate the checked object to, as look-ups: those of the file's
   * deployment unit (its Helm chart, else its folder) in the editor's workspace or the CLI's run, the file's
   * own objects (the checked one included) first.
   */
  related: RelatedView;
  fixSettings: FixSettings;
  report(report: Report): void;
}

export type RuleOptionValues = Record<string, RuleOptionValue>;

/**
 * The related locations a finding keeps at most. In a large workspace a Deployment may be selected by dozens
 * of copies of a Service; the first few say what the finding is about, and the rest cost time to place. A
 * rule that lists the objects of a namespace for a finding need ask for no more.
 */
export const MAX_RELATED = 5;

export interface Rule {
  meta: RuleMeta;
  check(object: K8sObject, context: RuleContext): void;
  /**
   * Optional refactorings the rule offers on an object even when it does not fire (e.g. "Add a
   * PodDisruptionBudget" to a single-replica Deployment): the editor lists them as refactor actions.
   */
  assist?(object: K8sObject, context: RuleContext): Fix[];
  /**
   * Makes ahead, in steps, what the checks of a cross rule share across the deployment unit (a vocabulary of
   * the unit's spellings, say), so that no single check makes it at once; `objects` are those of the file
   * the rule checks. The engine runs it before the checks (see analysisSteps); the checks must give the same
   * findings without it.
   */
  prepare?(objects: readonly K8sObject[], related: RelatedView): Generator<void, void, void>;
  /**
   * Set on the engine's input rules only (`meta.input`; see defineInputRule): a check of the input itself,
   * called once per analysed file after the object rules, instead of `check` per object.
   */
  checkInput?(input: InputFacts, report: (report: InputReport) => void): void;
}

/**
 * What an input rule reads: the parsed file (its parts keep their documents' syntax errors) and the notices
 * of the analysis (what the bounds skipped, the parse's and the rules' time budget alike). Spans and
 * notices are in offsets of the file.
 */
export interface InputFacts {
  file: ParsedFile;
  notices: readonly AnalysisNotice[];
}

/** A finding of an input rule: a message and a span in the file; there is no object and no fix. */
export interface InputReport {
  messageId: string;
  data?: Record<string, string | number>;
  span: Span;
}

/** A rule's definition: its metadata, its options with their value types, and its `story.md` text. */
export type RuleDefinition<Options extends RuleOptionValues> = Omit<RuleMeta, 'stories' | 'options'> & {
  story: string;
  options?: { [K in keyof Options]: RuleOptionSpec & { default: Options[K] } };
};

/**
 * Builds a rule from its definition and the text of its `story.md`. The options type flows from the option
 * specs' defaults into `context.options`, so a rule reads `context.options.minSeconds` as a number.
 */
export function defineRule<Options extends RuleOptionValues = Record<string, never>>(
  definition: RuleDefinition<Options>,
  check: (object: K8sObject, context: RuleContext<Options>) => void,
  assist?: (object: K8sObject, context: RuleContext<Options>) => Fix[],
): Rule {
  const { story, ...meta } = definition;
  return {
    meta: { ...meta, stories: parseStoryFile(story, `rules/${meta.id}/story.md`) },
    check: check as Rule['check'],
    ...(assist ? { assist: assist as NonNullable<Rule['assist']> } : {}),
  };
}

/**
 * Builds one of the engine's input rules (see `Rule.checkInput`): a rule in the catalogue like any other, so
 * that its severity, `off`, suppression, documents and SARIF descriptor come from the same places, but whose
 * subject is the text rather than a Kubernetes object. It checks no kind, offers no fix and has no options.
 */
export function defineInputRule(
  definition: Omit<RuleDefinition<Record<string, never>>, 'kinds' | 'fixable' | 'options' | 'cross'>,
  checkInput: NonNullable<Rule['checkInput']>,
): Rule {
  const { story, ...meta } = definition;
  return {
    meta: {
      ...meta,
      kinds: [],
      fixable: false,
      input: true,
      stories: parseStoryFile(story, `rules/${meta.id}/story.md`),
    },
    // No object is ever checked: `kinds` is empty, so the engine never calls this.
    check: () => undefined,
    checkInput,
  };
}

/** Resolves a rule's options: each valid user value replaces its default; invalid ones are ignored. */
export function resolveOptions(meta: RuleMeta, raw: Record<string, unknown> | undefined): RuleOptionValues {
  const resolved: RuleOptionValues = {};
  for (const [name, spec] of Object.entries(meta.options ?? {})) {
    const value = raw?.[name];
    resolved[name] = value !== undefined && optionValueIsValid(spec, value) ? value : spec.default;
  }
  return resolved;
}

export function optionValueIsValid(spec: RuleOptionSpec, value: unknown): value is RuleOptionValue {
  switch (spec.type) {
    case 'integer':
      return Number.isInteger(value) && (spec.minimum === undefined || (value as number) >= spec.minimum);
    case 'number':
      return (
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (spec.minimum === undefined || value >= spec.minimum)
      );
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string' && (!spec.enum || spec.enum.includes(value));
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
  }
}

/** Fills `{name}` placeholders of a message template. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}
