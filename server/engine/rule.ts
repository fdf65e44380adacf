// The rule format, modelled on ESLint's: static `meta` plus a `check` that reports findings at nodes.
// Rules are pure functions of parsed documents: they read the object and its context and call `report`;
// they never touch the file system, the editor or global state.
import { parseStoryFile } from './story';
import type { FixSettings, K8sObject, ParsedFile, RuleMeta, Span, Fix } from './types';

export interface Report {
  /** Key into `meta.messages`. */
  messageId: string;
  /** Values for the message template's `{placeholders}`. */
  data?: Record<string, string | number>;
  span: Span | undefined;
  /** Fixes are computed lazily: only when a client asks for code actions, or a test or the CLI wants them. */
  fix?: () => Fix[];
}

export interface RuleContext {
  file: ParsedFile;
  /**
   * Every Kubernetes object the rule may relate the checked object to (for now the objects of the same
   * file; the workspace index later). Includes the checked object itself.
   */
  related: readonly K8sObject[];
  fixSettings: FixSettings;
  report(report: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(object: K8sObject, context: RuleContext): void;
}

export type RuleDefinition = Omit<RuleMeta, 'stories'> & { story: string };

/** Builds a rule from its definition and the text of its `story.md`. */
export function defineRule(definition: RuleDefinition, check: Rule['check']): Rule {
  const { story, ...meta } = definition;
  return { meta: { ...meta, stories: parseStoryFile(story, `rules/${meta.id}/story.md`) }, check };
}

/** Fills `{name}` placeholders of a message template. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}
