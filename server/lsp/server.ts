// The language server: the only place that speaks LSP. It turns editor events into engine calls and engine
// results (offsets, findings, fixes) into LSP diagnostics, hovers and code actions. It holds no rule logic.
// This module only wires the parts together; each concern keeps its state in its own module:
//   session.ts      what the client said it can do at `initialize`
//   settings.ts     each document's settings (editor settings layered over `.kube-hindsight.yaml`)
//   workspace.ts    the workspace index: reading the folders, following file changes
//   analysis.ts     each open document's parse cache and the analysis of its current version
//   documents.ts    when each document is analysed (debounce) as it opens, changes and closes
//   edit-tracking.ts  the open documents' texts, and each edit's range for the parse caches
//   diagnostics.ts  publishing diagnostics, for open documents and for closed ones
//   hover.ts, code-actions.ts (+ code-action-edits.ts), commands.ts: the requests.
import {
  DidChangeConfigurationNotification,
  TextDocuments,
  type Connection,
} from 'vscode-languageserver/node';
import type { RuleSet } from '../engine/rule-set';
import { DocumentAnalyses } from './analysis';
import { registerCodeActions } from './code-actions';
import { registerCommands, registerRuleRequests } from './commands';
import { pathOf } from './convert';
import { DiagnosticsPublisher } from './diagnostics';
import { AnalysisScheduler, listenToDocuments } from './documents';
import { registerHover } from './hover';
import { ClientSession } from './session';
import { trackingEdits } from './edit-tracking';
import { DocumentSettings } from './settings';
import { WorkspaceBridge } from './workspace';

/** Serves one client over `connection`, with `rules` (the built-in rules; configurations add team rules). */
export function startServer(connection: Connection, rules: RuleSet): void {
  // Each edit's range goes to the document's parse cache (edit-tracking.ts); `analyses` is made below.
  const documents = new TextDocuments(trackingEdits((uri, region) => analyses.edited(uri, region)));
  const session = new ClientSession();
  const settings = new DocumentSettings(connection, session, documents, rules);
  // Files others may depend on changed: the open documents and the closed ones "Analyse workspace" published
  // whose cross rules the changes concern are analysed again.
  const workspace = new WorkspaceBridge(
    connection,
    session,
    settings,
    rules,
    (since) => {
      scheduler.scheduleNow((uri) => analyses.dependsOnChangesSince(uri, since));
      diagnostics.republishClosed(since);
    },
    documents,
  );
  const analyses = new DocumentAnalyses(connection, documents, settings, workspace);
  const diagnostics = new DiagnosticsPublisher(connection, documents, settings, analyses, workspace, rules);
  const scheduler = new AnalysisScheduler(
    documents,
    settings,
    (document) => void diagnostics.validate(document),
    () => {
      workspace.index.unitsChanged();
      // The configuration may list other folders of admission policies.
      workspace.admission.refresh();
    },
  );

  connection.onInitialize((params) => {
    settings.push((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
    return session.initialize(params);
  });
  connection.onInitialized(() => {
    workspace.start();
    if (session.canPullConfiguration) {
      // Ask to be told when settings change; the values themselves are pulled per document.
      void connection.client
        .register(DidChangeConfigurationNotification.type, undefined)
        .catch(() => undefined);
    }
  });
  connection.onDidChangeConfiguration((change) => {
    settings.editorSettingsChanged((change.settings as { kubeHindsight?: unknown } | null)?.kubeHindsight);
    // A client that cannot watch folders outside the workspace gets its policies read again here at least.
    workspace.admission.refresh();
    for (const document of documents.all()) void diagnostics.validate(document);
  });
  connection.onDidChangeWatchedFiles(({ changes }) => {
    if (changes.some((c) => settings.isConfiguration(pathOf(c.uri)))) scheduler.configurationChanged();
    workspace.filesChanged(changes);
  });
  listenToDocuments(documents, { scheduler, settings, analyses, workspace, diagnostics });
  registerHover(connection, analyses);
  registerCodeActions(connection, { session, settings, analyses, workspace });
  registerCommands(connection, { session, documents, analyses, workspace, diagnostics });
  registerRuleRequests(connection, rules);

  documents.listen(connection);
  connection.listen();
}
