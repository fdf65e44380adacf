// Code actions: the rules' own fixes for the findings in question, then the actions every rule gets alike
// ("Ignore …", "Open the war story"), refactorings on the object under the cursor, and "Fix all". The
// actions themselves are built in code-action-edits.ts.
import {
  CodeActionKind,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { assistsAt } from '../engine/assists';
import { SEVERITY_ORDER } from '../engine/settings';
import { ignoreForObjectFix, ignoreOnLineFix } from '../engine/suppression';
import type { Analysis, Finding } from '../engine/types';
import type { DocumentAnalyses } from './analysis';
import { fixAction, fixAllAction, storyAction } from './code-action-edits';
import { findingToDiagnostic, SOURCE } from './convert';
import { FIX_ALL_KIND, fixAllOfRule, fixAllOnSave, fixFor } from './fix-all';
import { cancelled, guarded } from './requests';
import type { ClientSession } from './session';
import type { DocumentSettings } from './settings';
import type { WorkspaceBridge } from './workspace';

export interface CodeActionParts {
  session: ClientSession;
  settings: DocumentSettings;
  analyses: DocumentAnalyses;
  workspace: WorkspaceBridge;
}

export function registerCodeActions(connection: Connection, parts: CodeActionParts): void {
  connection.onCodeAction((params, token) =>
    guarded(connection, 'Code actions', [], () => codeActions(params, token, parts)),
  );
}

/**
 * The findings a request is about, each with its diagnostic: those behind the diagnostics the client sent;
 * clients that send none (or send ones for an older version) still get the findings overlapping the range.
 */
function requestedFindings(
  document: TextDocument,
  analysis: Analysis,
  params: CodeActionParams,
): { finding: Finding; diagnostic: Diagnostic }[] {
  const start = document.offsetAt(params.range.start);
  const end = document.offsetAt(params.range.end);
  const ours = params.context.diagnostics.filter((d) => d.source === SOURCE);
  const findings: { finding: Finding; diagnostic: Diagnostic }[] = [];
  for (const finding of analysis.findings) {
    const diagnostic = findingToDiagnostic(document, finding);
    const sent = ours.find(
      (d) =>
        d.code === finding.ruleId &&
        document.offsetAt(d.range.start) === finding.span.start &&
        document.offsetAt(d.range.end) === finding.span.end,
    );
    const overlaps = finding.span.start <= end && start <= finding.span.end;
    if (sent || (overlaps && ours.length === 0)) findings.push({ finding, diagnostic: sent ?? diagnostic });
  }
  return findings;
}

// Requests check their cancellation token before and after waiting for settings and before computing fixes:
// a client that moved on ($/cancelRequest) gets RequestCancelled instead of work it will throw away.
async function codeActions(
  params: CodeActionParams,
  token: CancellationToken,
  { session, settings, analyses, workspace }: CodeActionParts,
): Promise<CodeAction[]> {
  const wants = (kind: string): boolean =>
    !params.context.only || params.context.only.some((k) => kind === k || kind.startsWith(`${k}.`));
  if (!wants(CodeActionKind.QuickFix) && !wants(CodeActionKind.RefactorRewrite) && !wants(FIX_ALL_KIND))
    return [];
  cancelled(token);
  const current = await analyses.current(params.textDocument.uri);
  cancelled(token);
  if (!current) return [];
  const { document, analysis } = current;
  // The fixes of the most severe findings first: an editor pre-selects the first entry of its quick-fix
  // menu, which must cure a warning before it adds an informational limit (a stable sort keeps the file's
  // order among findings of one severity).
  const findings = requestedFindings(document, analysis, params).sort(
    (a, b) => SEVERITY_ORDER[b.finding.severity] - SEVERITY_ORDER[a.finding.severity],
  );
  const actions: CodeAction[] = [];
  const add = (action: CodeAction | undefined): void => {
    if (action && wants(action.kind ?? '')) actions.push(action);
  };
  // The rules' own fixes come first; then the actions every rule gets, built here and not by the rules.
  // Only the first safe fix stays preferred: an editor applies the preferred fix of a line without a menu
  // (VS Code's "Auto Fix"), so there must be one, for the most severe finding, not one per finding.
  let preferred = false;
  for (const { finding, diagnostic } of findings) {
    cancelled(token);
    for (const fix of finding.getFixes()) {
      const action = fixAction(fix, diagnostic, document, session.canCreateFiles);
      if (action?.isPreferred && wants(action.kind ?? '')) {
        if (preferred) action.isPreferred = false;
        preferred = true;
      }
      add(action);
    }
  }
  for (const { finding, diagnostic } of findings) {
    const onLine = ignoreOnLineFix(analysis.file, finding);
    if (onLine) add(fixAction(onLine, diagnostic, document, session.canCreateFiles));
    const forObject = ignoreForObjectFix(analysis.file, finding, finding.target);
    if (forObject) add(fixAction(forObject, diagnostic, document, session.canCreateFiles));
    add(storyAction(finding.meta, diagnostic));
  }
  // Refactorings on the object under the cursor ("Add PodDisruptionBudget for web"), unless the same rule
  // already offers its fix for that object as a quick fix.
  if (wants(CodeActionKind.RefactorRewrite)) {
    const documentSettings = await settings.forDocument(document.uri);
    const start = document.offsetAt(params.range.start);
    const assists = assistsAt(analysis.file, start, documentSettings.rules, {
      settings: documentSettings.engine,
      ...workspace.relatedFor(documentSettings),
    });
    for (const assist of assists) {
      const reported = analysis.findings.some(
        (f) => f.ruleId === assist.ruleId && f.target === assist.object,
      );
      if (!reported) add(fixAction(assist.fix, undefined, document, session.canCreateFiles));
    }
  }
  // "Fix all": per rule in range (2+ fixable findings in the file), and source.fixAll for the whole file.
  if (wants(CodeActionKind.QuickFix)) {
    for (const ruleId of new Set(findings.map(({ finding }) => finding.ruleId))) {
      cancelled(token);
      const fixable = analysis.findings.filter((f) => f.ruleId === ruleId && fixFor(f));
      if (fixable.length < 2) continue;
      const plan = fixAllOfRule(analysis.file.text, fixable, ruleId);
      if (plan.fixes.length > 0)
        add(fixAllAction(`Fix all ${ruleId} problems in this file`, CodeActionKind.QuickFix, plan, document));
    }
  }
  // Source actions only when asked for (`only`), as editors do on save and in their Source Action menu.
  if (params.context.only && wants(FIX_ALL_KIND)) {
    cancelled(token);
    const { fixOnSave } = await settings.forDocument(document.uri);
    const plan = fixAllOnSave(analysis.file.text, analysis.findings, fixOnSave);
    if (plan.fixes.length > 0)
      add(fixAllAction('Fix all safe Kube Hindsight problems', FIX_ALL_KIND, plan, document));
  }
  return actions;
}
