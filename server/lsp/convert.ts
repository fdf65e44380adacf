// Conversions between the engine's offsets and LSP's line/character positions, done by the TextDocument so
// that columns are counted in UTF-16 code units, as the protocol requires by default; and from document URIs
// to file system paths.
import {
  DiagnosticSeverity,
  type Diagnostic,
  type Position,
  type Range,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import type { ConfigProblem } from '../engine/config';
import { findingOrder } from '../engine/engine';
import { ruleHref } from '../engine/explain';
import { offsetToPosition, sourcePosition } from '../engine/positions';
import type {
  Analysis,
  Finding,
  FindingGroup,
  ParsedChunk,
  RuleFailure,
  Severity,
  SourceRef,
  TextEdit,
} from '../engine/types';

export const SOURCE = 'kube-hindsight';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function findingToDiagnostic(
  document: TextDocument,
  finding: Finding,
  position: (offset: number) => Position = (offset) => document.positionAt(offset),
): Diagnostic {
  return {
    range: { start: position(finding.span.start), end: position(finding.span.end) },
    severity: SEVERITY[finding.severity],
    source: SOURCE,
    code: finding.ruleId,
    codeDescription: { href: ruleHref(finding.meta) },
    message: finding.message,
    ...(finding.related.length > 0
      ? {
          relatedInformation: finding.related.map((r) => ({
            location: {
              uri: r.source.uri,
              range: {
                start: sourcePosition(r.source, r.span.start),
                end: sourcePosition(r.source, r.span.end),
              },
            },
            message: r.message,
          })),
        }
      : {}),
  };
}

/**
 * The diagnostics of an analysis, converted group by group (Analysis.groups): a part whose findings the
 * analysis took again from the one before gives the same diagnostics array again, or, when lines were added
 * or removed above it, that array with its lines moved; only the findings of the edited part are converted.
 * A part's positions come from its own line starts, so no conversion needs the whole file's. An analysis
 * without groups (a Kustomize file's, whose findings are the renderings') is converted finding by finding.
 */
export class DiagnosticsConverter {
  /**
   * Per group key, the diagnostics made of it, the line its part began on then, and the related locations'
   * sources with the lines they began on then (each related location moves with its own part).
   */
  private readonly converted = new WeakMap<object, Converted>();
  /** Findings converted so far (not those whose diagnostics were taken again), for the tests' counts. */
  findingsConverted = 0;

  diagnostics(document: TextDocument, analysis: Analysis): Diagnostic[] {
    const out: Diagnostic[] = [];
    if (!analysis.groups) {
      this.findingsConverted += analysis.findings.length;
      for (const finding of analysis.findings) out.push(findingToDiagnostic(document, finding));
    } else {
      // In the order of the analysis's findings, which the engine sorts the same way (a stable sort of the
      // parts' findings in order, then the input rules'): clients and tests see the order they always saw.
      const pairs: { finding: Finding; diagnostic: Diagnostic }[] = [];
      for (const group of analysis.groups) {
        const diagnostics = this.groupDiagnostics(document, group);
        group.findings.forEach((finding, index) => pairs.push({ finding, diagnostic: diagnostics[index]! }));
      }
      pairs.sort((a, b) => findingOrder(a.finding, b.finding));
      for (const { diagnostic } of pairs) out.push(diagnostic);
    }
    for (const failure of analysis.failures) out.push(failureToDiagnostic(document, analysis, failure));
    return out;
  }

  private groupDiagnostics(document: TextDocument, group: FindingGroup): readonly Diagnostic[] {
    const { chunk } = group;
    if (!chunk || group.findings.length === 0) {
      this.findingsConverted += group.findings.length;
      return group.findings.map((finding) => findingToDiagnostic(document, finding));
    }
    const sources = group.findings.flatMap((finding) => finding.related.map(({ source }) => source));
    const before = this.converted.get(group.key);
    if (
      before &&
      before.sources.length === sources.length &&
      before.sources.every((s, i) => s === sources[i])
    ) {
      const moved = sources.some((source, i) => source.line !== before.sourceLines[i]);
      if (before.line === chunk.line && !moved) return before.diagnostics;
      const diagnostics = movedDiagnostics(before, chunk.line, sources);
      this.converted.set(group.key, {
        ...before,
        diagnostics,
        line: chunk.line,
        sourceLines: sources.map((s) => s.line),
      });
      return diagnostics;
    }
    this.findingsConverted += group.findings.length;
    const position = partPositions(document, chunk);
    const diagnostics = group.findings.map((finding) => findingToDiagnostic(document, finding, position));
    this.converted.set(group.key, {
      line: chunk.line,
      diagnostics,
      sources,
      sourceLines: sources.map((s) => s.line),
    });
    return diagnostics;
  }
}

interface Converted {
  line: number;
  diagnostics: Diagnostic[];
  sources: SourceRef[];
  sourceLines: number[];
}

/** Diagnostics converted before, with their part now on `line` and their related parts where they are now. */
function movedDiagnostics(before: Converted, line: number, sources: readonly SourceRef[]): Diagnostic[] {
  const by = line - before.line;
  let next = 0;
  return before.diagnostics.map((d) => ({
    ...d,
    range: movedRange(d.range, by),
    ...(d.relatedInformation
      ? {
          relatedInformation: d.relatedInformation.map((info) => {
            const index = next++;
            const shift = sources[index]!.line - before.sourceLines[index]!;
            return { ...info, location: { ...info.location, range: movedRange(info.location.range, shift) } };
          }),
        }
      : {}),
  }));
}

function movedRange(range: Range, by: number): Range {
  if (by === 0) return range;
  return {
    start: { line: range.start.line + by, character: range.start.character },
    end: { line: range.end.line + by, character: range.end.character },
  };
}

/**
 * LSP positions of offsets in a part of the file, from the part's line starts. TextDocument also ends a line
 * at a lone carriage return, which the parts' line starts do not: a part with one is left to TextDocument.
 */
function partPositions(document: TextDocument, chunk: ParsedChunk): (offset: number) => Position {
  const { text, lineStarts } = chunk.file;
  if (/\r(?!\n)/.test(text)) return (offset) => document.positionAt(offset);
  return (offset) => {
    const { line, character } = offsetToPosition(lineStarts, offset - chunk.offset);
    return { line: line + chunk.line, character };
  };
}

/** One information diagnostic at the start of the document whose analysis a rule could not finish. */
export function failureToDiagnostic(
  document: TextDocument,
  analysis: Analysis,
  failure: RuleFailure,
): Diagnostic {
  const start = analysis.file.documents[failure.documentIndex]?.span.start ?? 0;
  const position = document.positionAt(start);
  return {
    range: { start: position, end: position },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    code: failure.ruleId,
    message: `Rule ${failure.ruleId} could not run on this document (an internal error, logged in the output).`,
  };
}

export function toLspEdit(document: TextDocument, edit: TextEdit): LspTextEdit {
  return {
    range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) },
    newText: edit.newText,
  };
}

/** A problem in `.kube-hindsight.yaml`, at the key or value at fault. */
export function configProblemToDiagnostic(document: TextDocument, problem: ConfigProblem): Diagnostic {
  return {
    range: { start: document.positionAt(problem.span.start), end: document.positionAt(problem.span.end) },
    severity: problem.message.startsWith('Invalid YAML')
      ? DiagnosticSeverity.Error
      : DiagnosticSeverity.Warning,
    source: SOURCE,
    message: problem.message,
  };
}

/** The file system path of a document, for finding its repository configuration (file: URIs only). */
export function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
