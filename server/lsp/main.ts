// The language server: the only place that speaks LSP. It turns editor events into engine calls and engine
// results (offsets, findings, fixes) into LSP diagnostics, hovers and code actions. It holds no rule logic.
import {
  CodeAction,
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { RULES } from '../../rules';
import { analyseText } from '../engine/engine';
import { hoverMarkdown } from '../engine/explain';
import { DEFAULT_SETTINGS, normaliseSettings } from '../engine/settings';
import type { Analysis, EngineSettings, Finding } from '../engine/types';
import { VERSION } from '../engine/version';
import { findingToDiagnostic, failureToDiagnostic, SOURCE, toLspEdit } from './convert';

/** Delay between the last keystroke and re-analysis: long enough to skip intermediate states of a word. */
const DEBOUNCE_MS = 150;

interface ServerSettings {
  enable: boolean;
  engine: EngineSettings;
}

const DEFAULT_SERVER_SETTINGS: ServerSettings = { enable: true, engine: DEFAULT_SETTINGS };

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, { version: number; analysis: Analysis; settings: ServerSettings }>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const settingsCache = new Map<string, Promise<ServerSettings>>();
  let canPullConfiguration = false;
  let pushedSettings: ServerSettings = DEFAULT_SERVER_SETTINGS;
  const failuresLogged = new Set<string>();

  const toServerSettings = (raw: unknown): ServerSettings => {
    const enable = typeof raw === 'object' && raw !== null && (raw as { enable?: unknown }).enable === false;
    return { enable: !enable, engine: normaliseSettings(raw) };
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    const initial = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
    if (initial !== undefined) pushedSettings = toServerSettings(initial);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Full },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: false },
      },
      serverInfo: { name: 'kube-hindsight', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    if (canPullConfiguration) {
      // Ask to be told when settings change; the values themselves are pulled per document.
      void connection.client
        .register(DidChangeConfigurationNotification.type, undefined)
        .catch(() => undefined);
    }
  });

  function settingsFor(uri: string): Promise<ServerSettings> {
    if (!canPullConfiguration) return Promise.resolve(pushedSettings);
    let cached = settingsCache.get(uri);
    if (!cached) {
      cached = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'kubeHindsight' })
        .then(toServerSettings, () => DEFAULT_SERVER_SETTINGS);
      settingsCache.set(uri, cached);
    }
    return cached;
  }

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    const pushed = (change.settings as { kubeHindsight?: unknown } | null)?.kubeHindsight;
    if (pushed !== undefined) pushedSettings = toServerSettings(pushed);
    for (const document of documents.all()) void validate(document);
  });

  /** Analyses a document now, caching the result for hovers and code actions on the same version. */
  function analyse(document: TextDocument, settings: ServerSettings): Analysis {
    const cached = analyses.get(document.uri);
    if (cached && cached.version === document.version && cached.settings === settings) return cached.analysis;
    const analysis = analyseText(document.getText(), RULES, { settings: settings.engine });
    analyses.set(document.uri, { version: document.version, analysis, settings });
    for (const failure of analysis.failures) {
      const key = `${failure.ruleId}:${failure.error}`;
      if (failuresLogged.has(key)) continue;
      failuresLogged.add(key);
      connection.console.error(`Rule ${failure.ruleId} failed on ${document.uri}: ${failure.error}`);
    }
    return analysis;
  }

  async function validate(document: TextDocument): Promise<void> {
    try {
      const settings = await settingsFor(document.uri);
      // The document may have changed or closed while settings were fetched; a newer run will publish.
      if (documents.get(document.uri)?.version !== document.version) return;
      if (!settings.enable) {
        await connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: [] });
        return;
      }
      const analysis = analyse(document, settings);
      const diagnostics: Diagnostic[] = [
        ...analysis.findings.map((f) => findingToDiagnostic(document, f)),
        ...analysis.failures.map((f) => failureToDiagnostic(document, analysis, f)),
      ];
      await connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    } catch (error) {
      connection.console.error(`Kube Hindsight could not analyse ${document.uri}: ${String(error)}`);
    }
  }

  function schedule(document: TextDocument, delay: number): void {
    clearTimeout(timers.get(document.uri));
    timers.set(
      document.uri,
      setTimeout(() => {
        timers.delete(document.uri);
        const current = documents.get(document.uri);
        if (current) void validate(current);
      }, delay),
    );
  }

  documents.onDidOpen((event) => schedule(event.document, 0));
  documents.onDidChangeContent((event) => schedule(event.document, DEBOUNCE_MS));
  documents.onDidClose((event) => {
    clearTimeout(timers.get(event.document.uri));
    timers.delete(event.document.uri);
    analyses.delete(event.document.uri);
    settingsCache.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  async function currentAnalysis(
    uri: string,
  ): Promise<{ document: TextDocument; analysis: Analysis } | undefined> {
    const document = documents.get(uri);
    if (!document) return undefined;
    const settings = await settingsFor(uri);
    if (!settings.enable) return undefined;
    return { document, analysis: analyse(document, settings) };
  }

  connection.onHover(async (params: HoverParams): Promise<Hover | null> => {
    try {
      const current = await currentAnalysis(params.textDocument.uri);
      if (!current) return null;
      const offset = current.document.offsetAt(params.position);
      const here = current.analysis.findings.filter((f) => f.span.start <= offset && offset <= f.span.end);
      if (here.length === 0) return null;
      const seen = new Set<string>();
      const sections: string[] = [];
      for (const finding of here) {
        if (seen.has(finding.ruleId)) continue;
        seen.add(finding.ruleId);
        const rule = RULES.find((r) => r.meta.id === finding.ruleId);
        if (rule) sections.push(hoverMarkdown(rule.meta));
      }
      const first = here[0]!;
      return {
        contents: { kind: 'markdown', value: sections.join('\n\n---\n\n') },
        range: {
          start: current.document.positionAt(first.span.start),
          end: current.document.positionAt(first.span.end),
        },
      };
    } catch (error) {
      connection.console.error(`Hover failed: ${String(error)}`);
      return null;
    }
  });

  connection.onCodeAction(async (params: CodeActionParams): Promise<CodeAction[]> => {
    try {
      if (params.context.only && !params.context.only.some((k) => CodeActionKind.QuickFix.startsWith(k)))
        return [];
      const current = await currentAnalysis(params.textDocument.uri);
      if (!current) return [];
      const { document, analysis } = current;
      const start = document.offsetAt(params.range.start);
      const end = document.offsetAt(params.range.end);
      const ours = params.context.diagnostics.filter((d) => d.source === SOURCE);
      // Fix the findings behind the diagnostics the client sent; clients that send none (or send ones for
      // an older version) still get the fixes for what overlaps the range.
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
        if (sent || (overlaps && ours.length === 0))
          findings.push({ finding, diagnostic: sent ?? diagnostic });
      }
      const actions: CodeAction[] = [];
      for (const { finding, diagnostic } of findings) {
        for (const fix of finding.getFixes()) {
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: fix.isPreferred === true,
            edit: {
              documentChanges: [
                {
                  textDocument: { uri: document.uri, version: document.version },
                  edits: fix.edits.map((e) => toLspEdit(document, e)),
                },
              ],
            },
          });
        }
      }
      return actions;
    } catch (error) {
      connection.console.error(`Code actions failed: ${String(error)}`);
      return [];
    }
  });

  documents.listen(connection);
  connection.listen();
}

// A bug must cost one request, never the server: VS Code gives up on a server after five crashes.
process.on('uncaughtException', (error) => {
  console.error(`Kube Hindsight: unexpected error: ${error.stack ?? String(error)}`);
});
process.on('unhandledRejection', (reason) => {
  console.error(`Kube Hindsight: unhandled rejection: ${String(reason)}`);
});

startServer(createConnection(ProposedFeatures.all));
