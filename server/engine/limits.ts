// The bounds that keep analysis fast and small on hostile input, with their documented defaults. They are
// settings (`kubeHindsight.limits.*`): the descriptors below feed both normaliseSettings and the generated
// settings schema, so a default is written down exactly once.
import type { AnalysisLimits, AnalysisNotice, NoticeKind, Span } from './types';

export const DEFAULT_LIMITS: AnalysisLimits = {
  maxFileBytes: 5 * 1024 * 1024,
  maxDocuments: 5000,
  maxAliasCount: 100,
  maxDepth: 200,
  timeBudgetMs: 2000,
};

/** Bounds for one parse; any left out take their defaults (DEFAULT_LIMITS, documented in the settings). */
export type ParseLimits = Partial<AnalysisLimits>;

/** The limits with every bound left out (or explicitly undefined) set to its default. */
export function withDefaults(limits: ParseLimits | undefined): AnalysisLimits {
  const bounds = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(bounds) as (keyof AnalysisLimits)[]) {
    const value = limits?.[key];
    if (typeof value === 'number' && !Number.isNaN(value)) bounds[key] = value;
  }
  return bounds;
}

export interface LimitSettingDescriptor {
  key: keyof AnalysisLimits;
  minimum: number;
  maximum: number;
  description: string;
}

export const LIMIT_SETTING_DESCRIPTORS: readonly LimitSettingDescriptor[] = [
  {
    key: 'maxFileBytes',
    minimum: 1024,
    maximum: 1024 * 1024 * 1024,
    description:
      'Files larger than this many bytes are not analysed; a `file-skipped` finding says so. Hand-written manifests are far smaller.',
  },
  {
    key: 'maxDocuments',
    minimum: 1,
    maximum: 1_000_000,
    description:
      'At most this many YAML documents (`---` sections) of a file are analysed; a `file-skipped` finding marks where the rest begins.',
  },
  {
    key: 'maxAliasCount',
    minimum: 0,
    maximum: 1_000_000,
    description:
      'How many alias expansions a document may need (the `yaml` library’s `maxAliasCount`). A document that needs more has the shape of an alias bomb and is skipped, with a `file-skipped` finding.',
  },
  {
    // Deeper documents would exhaust the parser's stack: the bound keeps them out before they are built.
    key: 'maxDepth',
    minimum: 8,
    maximum: 500,
    description:
      'Documents whose mappings and sequences nest deeper than this are skipped, with a `file-skipped` finding. Kubernetes objects rarely nest deeper than 20 levels.',
  },
  {
    key: 'timeBudgetMs',
    minimum: 10,
    maximum: 600_000,
    description:
      'Milliseconds each document may take to parse, and again to be checked by the rules; past it, analysis of the document stops with a `file-skipped` finding.',
  },
];

/**
 * The setting that governs a bound, named in the notices so that users know what to change (the
 * `file-skipped` finding adds the configuration file and the command line).
 */
export function limitSetting(key: keyof AnalysisLimits): string {
  return `kubeHindsight.limits.${key}`;
}

/**
 * Collects notices so that each kind appears once per file: the first occurrence keeps its place and
 * message, and later ones are counted into it. A file with 5,000 over-deep documents gets one diagnostic.
 */
export class NoticeList {
  private readonly byKind = new Map<NoticeKind, { notice: AnalysisNotice; more: number; noun: string }>();

  /** Records a notice; `noun` names what is counted when the same kind comes again ("document"). */
  add(kind: NoticeKind, span: Span, message: string, noun = 'document'): void {
    const existing = this.byKind.get(kind);
    if (existing) existing.more++;
    else this.byKind.set(kind, { notice: { kind, message, span }, more: 0, noun });
  }

  has(kind: NoticeKind): boolean {
    return this.byKind.has(kind);
  }

  /** The notices in the order of the places they name. */
  list(): AnalysisNotice[] {
    const entries = [...this.byKind.values()].sort((a, b) => a.notice.span.start - b.notice.span.start);
    return entries.map(({ notice, more, noun }) =>
      more === 0
        ? notice
        : {
            ...notice,
            message: `${notice.message} The same applies to ${more} more ${noun}${more === 1 ? '' : 's'}.`,
          },
    );
  }
}

/**
 * A byte count for people, in the binary units it counts in: "5 MiB", "50.3 MiB", "812 KiB", "1 GiB" (saying
 * MB for 1,048,576 bytes would be off by 5 %, and the settings are bytes).
 */
export function formatBytes(bytes: number): string {
  const gb = bytes / 1024 ** 3;
  if (gb >= 1) return `${Number.isInteger(gb) ? gb : gb.toFixed(1)} GiB`;
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MiB`;
  return `${Math.ceil(bytes / 1024)} KiB`;
}
