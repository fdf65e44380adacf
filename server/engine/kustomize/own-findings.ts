// The findings shown for a file that Kustomize renders or patches: what its own analysis says about its text
// (a syntax error, a skipped part), and what the rendered output of its entry points says about the nodes it
// wrote. The objects of such a file are never judged as written: a base is incomplete until an overlay
// finishes it, and a patch is a fragment.
import { findingOrder } from '../engine';
import { ignoreComments, suppressionOf } from '../suppression';
import type { Analysis, AnalysisNotice, Finding, Fix, ParsedFile } from '../types';
import { sameSpan, type RenderedFinding } from './analyse';
import type { KustomizeNotice } from './model';

/** A rendered finding as a file shows it, with the fixes in overlays of one that holds in some only. */
export interface ShownFinding extends RenderedFinding {
  /** Fixes in the overlays' patches (overlay-fix.ts), already checked by rendering them again. */
  overlayFixes?: () => Fix[];
}

/** How a file takes part in Kustomize renderings, as far as its findings are concerned. */
export interface RenderedPart {
  /** Its objects were rendered (a resource of an entry point), or it is a kustomization or a patch. */
  replaced: boolean;
  /** The findings of the rendered output placed in the file. */
  findings: readonly ShownFinding[];
}

/**
 * The file's analysis with its object findings replaced by the rendered ones. A rendered finding offers the
 * fixes of the file's own finding of the same rule at the same place, and only when it holds for every entry
 * point that includes the file: then the cause is all in this file and the fix suits them all. One that
 * holds for some entry points only offers its fixes in their overlays instead.
 */
export function withRenderedFindings(own: Analysis, part: RenderedPart): Analysis {
  if (!part.replaced && part.findings.length === 0) return own;
  const findings: Finding[] = part.replaced
    ? own.findings.filter((finding) => finding.meta.input)
    : [...own.findings];
  const suppressed: Analysis['suppressed'] = part.replaced
    ? own.suppressed.filter(({ finding }) => finding.meta.input)
    : [...own.suppressed];
  const comments = ignoreComments(own.file);
  for (const { finding, everywhere, overlayFixes } of part.findings) {
    const same = everywhere
      ? own.findings.find((mine) => mine.ruleId === finding.ruleId && sameSpan(mine.span, finding.span))
      : undefined;
    const getFixes = same ? () => same.getFixes() : (overlayFixes ?? (() => []));
    const placed: Finding = { ...finding, getFixes };
    // Ignore comments are the file's; an ignore annotation was already honoured on the rendered object.
    const suppression = suppressionOf(own.file, comments, placed, undefined);
    if (suppression) suppressed.push({ finding: placed, ...suppression });
    else findings.push(placed);
  }
  findings.sort(findingOrder);
  // The parts' groups of findings no longer hold: the findings are others.
  return { ...own, findings, suppressed, groups: undefined };
}

const NOTICE_KINDS: Record<KustomizeNotice['kind'], AnalysisNotice['kind']> = {
  error: 'kustomize-error',
  unsupported: 'kustomize-unsupported',
  'unused-patch': 'kustomize-unused-patch',
};

/** The renderer's notices about a file as notices of its analysis, for kustomization-not-rendered. */
export function kustomizeNotices(notices: readonly KustomizeNotice[]): AnalysisNotice[] {
  return notices.map((notice) => ({
    kind: NOTICE_KINDS[notice.kind],
    message: notice.message,
    span: notice.origin.span,
  }));
}

/** A file's parse with the renderer's notices about it added, for its analysis (the parse is not changed). */
export function withKustomizeNotices(file: ParsedFile, notices: readonly KustomizeNotice[]): ParsedFile {
  return notices.length === 0 ? file : { ...file, notices: [...file.notices, ...kustomizeNotices(notices)] };
}
