// Conversions between the engine's offsets and LSP's line/character positions, done by the TextDocument so
// that columns are counted in UTF-16 code units, as the protocol requires by default; and from document URIs
// to file system paths.
import {
  DiagnosticSeverity,
  type Diagnostic,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import type { ConfigProblem } from '../engine/config';
import { ruleHref } from '../engine/explain';
import { sourcePosition } from '../engine/positions';
import type { Analysis, Finding, RuleFailure, Severity, TextEdit } from '../engine/types';

export const SOURCE = 'kube-hindsight';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function findingToDiagnostic(document: TextDocument, finding: Finding): Diagnostic {
  return {
    range: { start: document.positionAt(finding.span.start), end: document.positionAt(finding.span.end) },
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
