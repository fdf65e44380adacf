// The server's commands ("Analyse workspace", and "Open the war story" behind that code action) and the
// custom requests the VS Code client's commands use ("List rules", "Show war story"): the server owns the
// catalogue, so every client shows the same.
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocument, ruleHref } from '../engine/explain';
import type { RuleSet } from '../engine/rule-set';
import type { DocumentAnalyses } from './analysis';
import type { DiagnosticsPublisher } from './diagnostics';
import type { ClientSession } from './session';
import type { WorkspaceBridge } from './workspace';
import { ANALYSE_WORKSPACE_COMMAND, OPEN_STORY_COMMAND } from './command-ids';

/** Custom requests the VS Code client's commands use: the rule list, and one rule's document. */
const RULES_REQUEST = 'kubeHindsight/rules';
const RULE_DOCUMENT_REQUEST = 'kubeHindsight/ruleDocument';

export interface CommandParts {
  session: ClientSession;
  documents: TextDocuments<TextDocument>;
  analyses: DocumentAnalyses;
  workspace: WorkspaceBridge;
  diagnostics: DiagnosticsPublisher;
}

export function registerCommands(connection: Connection, parts: CommandParts): void {
  connection.onExecuteCommand(async (params) => {
    if (params.command === ANALYSE_WORKSPACE_COMMAND) return analyseWorkspace(connection, parts);
    if (params.command !== OPEN_STORY_COMMAND) return null;
    const url = String(params.arguments?.[0] ?? '');
    // Only links this server produced are opened: an https address, shown in the user's browser.
    if (!/^https:\/\//.test(url)) return null;
    if (parts.session.canShowDocument) {
      await connection.window.showDocument({ uri: url, external: true }).catch(() => undefined);
    } else {
      connection.window.showInformationMessage(`War story: ${url}`);
    }
    return null;
  });
}

/**
 * Every indexed manifest gets its diagnostics, open or not, so the Problems panel shows the workspace:
 * once the index (read in worker threads since `initialized`) is complete.
 */
async function analyseWorkspace(
  connection: Connection,
  { documents, analyses, workspace, diagnostics }: CommandParts,
): Promise<{ files: number; findings: number }> {
  await workspace.whenIndexed();
  // Policy files of folders outside the workspace are context, as in the CLI: not analysed themselves.
  const closed = workspace.index
    .uris()
    .filter((uri) => !documents.get(uri) && !workspace.admission.isContext(uri));
  let findings = await diagnostics.publishClosed(closed);
  for (const document of documents.all()) {
    const current = await analyses.current(document.uri);
    findings += current?.analysis.findings.length ?? 0;
  }
  const files = closed.length + documents.all().length;
  connection.window.showInformationMessage(
    `Kube Hindsight analysed ${files} manifest file${files === 1 ? '' : 's'}: ${findings} finding${findings === 1 ? '' : 's'}.`,
  );
  return { files, findings };
}

/** The rule list and one rule's document, of the built-in `rules`. */
export function registerRuleRequests(connection: Connection, rules: RuleSet): void {
  connection.onRequest(RULES_REQUEST, () =>
    rules.rules.map(({ meta }) => ({
      id: meta.id,
      title: meta.title,
      category: meta.category,
      defaultSeverity: meta.defaultSeverity,
      fixable: meta.fixable,
      story: meta.stories[0] ? { title: meta.stories[0].title, evidence: meta.stories[0].evidence } : null,
      href: ruleHref(meta),
    })),
  );
  connection.onRequest(RULE_DOCUMENT_REQUEST, (params: { id?: unknown }) => {
    const rule = typeof params?.id === 'string' ? rules.get(params.id) : undefined;
    return rule ? ruleDocument(rule.meta) : null;
  });
}
