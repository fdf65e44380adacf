// When each open document is analysed: at once when it opens, after `kubeHindsight.analysis.debounceMs` when
// it changes (a newer keystroke restarts the wait), and everything is let go when it closes.
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalyses } from './analysis';
import { pathOf } from './convert';
import type { DiagnosticsPublisher } from './diagnostics';
import type { DocumentSettings } from './settings';
import type { WorkspaceBridge } from './workspace';

export class AnalysisScheduler {
  /** Per document, how to cancel its pending analysis (a debounce timeout, or the next turn's run). */
  private readonly pending = new Map<string, () => void>();
  /** Documents just opened: TextDocuments reports an opening as a change too, which must not be debounced. */
  private readonly opening = new Set<string>();

  /** `analyse` analyses a document and publishes its diagnostics (DiagnosticsPublisher.validate). */
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly settings: DocumentSettings,
    private readonly analyse: (document: TextDocument) => void,
    private readonly onConfigurationChanged: () => void = () => undefined,
  ) {}

  /** Analyses the document after `delay` milliseconds, replacing any analysis it was waiting for. */
  schedule(document: TextDocument, delay: number): void {
    this.pending.get(document.uri)?.();
    const run = (): void => {
      this.pending.delete(document.uri);
      const current = this.documents.get(document.uri);
      if (current) this.analyse(current);
    };
    // No debounce: the next turn of the event loop (a zero timeout would still wait a millisecond or more).
    if (delay === 0) {
      const immediate = setImmediate(run);
      this.pending.set(document.uri, () => clearImmediate(immediate));
    } else {
      const timeout = setTimeout(run, delay);
      this.pending.set(document.uri, () => clearTimeout(timeout));
    }
  }

  /** Analyses every open document but `except` on the next turn (a file they may depend on changed). */
  /** Analyses at once, on the next turn of the event loop, the open documents `which` selects. */
  scheduleNow(which: (uri: string) => boolean): void {
    for (const document of this.documents.all()) if (which(document.uri)) this.schedule(document, 0);
  }

  /** A configuration file changed: every document's settings may have changed with it. */
  configurationChanged(): void {
    this.settings.configs.clear();
    // A configuration's `units:` may group files differently now.
    this.onConfigurationChanged();
    for (const document of this.documents.all()) {
      this.schedule(document, this.settings.debounceFor(document.uri));
    }
  }

  opened(document: TextDocument): void {
    this.opening.add(document.uri);
    this.schedule(document, 0);
  }

  changed(document: TextDocument): void {
    if (this.settings.isConfiguration(pathOf(document.uri))) this.configurationChanged();
    if (this.opening.delete(document.uri)) return;
    // A newer keystroke restarts the wait, so only the last of a burst is analysed; an analysis already
    // waiting for settings sees that its version is stale and publishes nothing (see validate).
    this.schedule(document, this.settings.debounceFor(document.uri));
  }

  /** A document closed: its pending analysis is cancelled. */
  closed(uri: string): void {
    this.pending.get(uri)?.();
    this.pending.delete(uri);
    this.opening.delete(uri);
  }
}

/** Everything the document events reach: each open document's state lives in these. */
export interface DocumentParts {
  scheduler: AnalysisScheduler;
  settings: DocumentSettings;
  analyses: DocumentAnalyses;
  workspace: WorkspaceBridge;
  diagnostics: DiagnosticsPublisher;
}

/** Follows the open documents: analyses them as they open and change, lets their state go as they close. */
export function listenToDocuments(documents: TextDocuments<TextDocument>, parts: DocumentParts): void {
  const { scheduler, settings, analyses, workspace, diagnostics } = parts;
  documents.onDidOpen((event) => scheduler.opened(event.document));
  documents.onDidChangeContent((event) => scheduler.changed(event.document));
  documents.onDidClose(({ document }) => {
    scheduler.closed(document.uri);
    analyses.forget(document.uri);
    settings.forget(document.uri);
    const path = pathOf(document.uri);
    // A closed configuration file falls back to its text on disk.
    if (settings.isConfiguration(path)) scheduler.configurationChanged();
    // Unsaved changes are gone with the editor: the index goes back to the file on disk (or forgets it).
    workspace.documentClosed(document.uri, path);
    diagnostics.clear(document.uri);
  });
}
