// The findings `check` shows for a file that Kustomize renders or patches: what its own analysis says about
// its text (a syntax error, a skipped part), and what the rendered output of its entry points says about the
// nodes it wrote. The objects of such a file are never judged as written: a base is incomplete until an
// overlay finishes it, and a patch is a fragment.
import { findingOrder } from '../engine/engine';
import { sameSpan } from '../engine/kustomize/analyse';
import { ignoreComments, suppressionOf } from '../engine/suppression';
import type { Analysis, Finding } from '../engine/types';
import type { KustomizeScope } from './kustomize-scope';

export function renderedSourceFindings(own: Analysis, uri: string, scope: KustomizeScope): Analysis {
  const rendered = scope.findings.get(uri) ?? [];
  if (!scope.patchFiles.has(uri) && !scope.renderedFiles.has(uri) && rendered.length === 0) return own;
  const findings: Finding[] = own.findings.filter((finding) => finding.meta.input);
  const suppressed: Analysis['suppressed'] = own.suppressed.filter(({ finding }) => finding.meta.input);
  const comments = ignoreComments(own.file);
  for (const { finding, everywhere } of rendered) {
    // The file's own analysis found the same thing at the same place when the cause is all in this file;
    // its fixes then suit every entry point that includes the file, and only then are they offered.
    const same = everywhere
      ? own.findings.find((mine) => mine.ruleId === finding.ruleId && sameSpan(mine.span, finding.span))
      : undefined;
    const placed: Finding = { ...finding, getFixes: same ? () => same.getFixes() : () => [] };
    const suppression = suppressionOf(own.file, comments, placed, undefined);
    if (suppression) suppressed.push({ finding: placed, ...suppression });
    else findings.push(placed);
  }
  findings.sort(findingOrder);
  return { ...own, findings, suppressed };
}
