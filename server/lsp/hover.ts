// The hover: the story of every rule whose finding covers the position, from the rule's metadata.
import type { Connection, Hover } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { hoverMarkdown } from '../engine/explain';
import type { Analysis, Finding } from '../engine/types';
import type { DocumentAnalyses } from './analysis';
import { cancelled, guarded } from './requests';

export function registerHover(connection: Connection, analyses: DocumentAnalyses): void {
  // Requests check their cancellation token before and after waiting for settings: a client that moved on
  // ($/cancelRequest) gets RequestCancelled instead of work it will throw away.
  connection.onHover((params, token) =>
    guarded(connection, 'Hover', null, async () => {
      cancelled(token);
      const current = await analyses.current(params.textDocument.uri);
      cancelled(token);
      if (!current) return null;
      return hoverAt(current.document, current.analysis, current.document.offsetAt(params.position));
    }),
  );
}

/** The hover at `offset`: one section per rule with a finding there, over the first such finding's range. */
export function hoverAt(document: TextDocument, analysis: Analysis, offset: number): Hover | null {
  const here = analysis.findings.filter((f) => f.span.start <= offset && offset <= f.span.end);
  if (here.length === 0) return null;
  const seen = new Set<string>();
  const sections: string[] = [];
  for (const finding of here) {
    if (seen.has(finding.ruleId)) continue;
    seen.add(finding.ruleId);
    sections.push(hoverMarkdown(finding.meta, renderedHere(here, finding.ruleId)));
  }
  const first = here[0]!;
  return {
    contents: { kind: 'markdown', value: sections.join('\n\n---\n\n') },
    range: { start: document.positionAt(first.span.start), end: document.positionAt(first.span.end) },
  };
}

/**
 * The rendered outputs a rule's findings at the position come from, together: the same place can hold one
 * finding per overlay when their messages differ (the object is named differently in each).
 */
function renderedHere(here: readonly Finding[], ruleId: string): Finding['rendered'] {
  const rendered = here.filter((f) => f.ruleId === ruleId && f.rendered).map((f) => f.rendered!);
  if (rendered.length === 0) return undefined;
  return {
    entryPoints: [...new Set(rendered.flatMap((r) => r.entryPoints))].sort(),
    everywhere: rendered.some((r) => r.everywhere),
  };
}
