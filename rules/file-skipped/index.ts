import { defineInputRule } from '../../server/engine/rule';
import type { AnalysisLimits, NoticeKind, Span } from '../../server/engine/types';
import story from './story.md';

/** The bound behind each kind of skip, and the command-line flag that raises it, where there is one. */
const BOUNDS: Partial<Record<NoticeKind, { key: keyof AnalysisLimits; flag?: string }>> = {
  'file-too-large': { key: 'maxFileBytes', flag: '--max-file-bytes' },
  'too-many-documents': { key: 'maxDocuments' },
  'too-deep': { key: 'maxDepth' },
  'too-many-aliases': { key: 'maxAliasCount' },
  'time-budget': { key: 'timeBudgetMs' },
};

/** The longest squiggle a skip gets: it names a place (a file, a document), not a stretch of text. */
const MAX_WIDTH = 200;

export default defineInputRule(
  {
    id: 'file-skipped',
    title: 'File or document skipped at a bound',
    category: 'input',
    concern: 'validity',
    defaultSeverity: 'warning',
    description:
      'A file or document was not analysed because it crossed one of the bounds that keep analysis fast on any input: a file over `maxFileBytes`, documents past `maxDocuments`, nesting deeper than `maxDepth`, aliases expanding past `maxAliasCount` (an alias bomb), or a parse or check over `timeBudgetMs`.',
    rationale:
      'No rule has looked at what was skipped, so a clean report would be a false one: a generated bundle over ' +
      'the size bound could hold the very Deployment without a memory limit that the rules exist to catch. ' +
      'The finding says which bound was crossed and how to raise it, so that skipping is a decision and not ' +
      'an accident.',
    remediation:
      'Raise the bound the message names (`kubeHindsight.limits.*` in the editor, `limits:` in ' +
      '`.kube-hindsight.yaml`, `--max-file-bytes` for the file size on the command line), split the file, or, ' +
      'when the input is not a manifest to check, leave it out with `ignore:` in `.kube-hindsight.yaml` or ' +
      'turn this rule off.',
    messages: {
      skipped:
        '{reason} Raise that bound to analyse it, in the editor setting or as limits.{bound} in .kube-hindsight.yaml{flag}.',
    },
    story,
  },
  ({ file, notices }, report) => {
    for (const notice of notices) {
      const bound = BOUNDS[notice.kind];
      if (!bound) continue;
      report({
        messageId: 'skipped',
        data: {
          reason: notice.message,
          bound: bound.key,
          flag: bound.flag ? `, or with ${bound.flag} on the command line` : '',
        },
        span: visible(file.text, notice.span),
      });
    }
  },
);

/**
 * A notice names a place with an empty span (the start of a file or a document). A finding there gets the
 * content of that line as its squiggle, so that editors and code scanning show it; an empty line keeps the
 * empty span.
 */
function visible(text: string, span: Span): Span {
  if (span.end > span.start) return span;
  // At most MAX_WIDTH characters are looked at: a skipped file may be one line of many megabytes.
  const slice = text.slice(span.start, span.start + MAX_WIDTH).split(/\r?\n/, 1)[0]!;
  const leading = slice.length - slice.trimStart().length;
  const content = slice.trim();
  if (!content) return span;
  return { start: span.start + leading, end: span.start + leading + content.length };
}
