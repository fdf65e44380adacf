// Publishing diagnostics: for an open document, its findings, rule failures and notices (or, for a
// configuration file or an included file of team rules, its problems); for a manifest that is not open,
// the findings of its text on disk, once "Analyse workspace" has published them.
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { dirname } from 'node:path';
import { admissionPolicySources } from '../config/admission-sources';
import { includedFiles, isConfigFile, listFiles, readText } from '../config/discovery';
import { parseConfig } from '../engine/config';
import type { RuleSet } from '../engine/rule-set';
import type { DocumentAnalyses } from './analysis';
import { ClosedFileDiagnostics } from './closed-files';
import { configProblemToDiagnostic, DiagnosticsConverter, pathOf } from './convert';
import type { DocumentSettings } from './settings';
import type { WorkspaceBridge } from './workspace';

export class DiagnosticsPublisher {
  /** The closed files "Analyse workspace" published, which follow the index's and the renderings' changes. */
  private readonly closed: ClosedFileDiagnostics;
  /** Open documents' diagnostics, converted part by part (an edit converts the edited part's alone). */
  readonly converter = new DiagnosticsConverter();

  /** `rules`: the built-in rules, which a configuration file is checked against. */
  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly settings: DocumentSettings,
    private readonly analyses: DocumentAnalyses,
    private readonly workspace: WorkspaceBridge,
    private readonly rules: RuleSet,
  ) {
    this.closed = new ClosedFileDiagnostics(connection, documents, settings, workspace);
  }

  /** Analyses an open document and publishes its diagnostics, unless a newer version arrived meanwhile. */
  async validate(document: TextDocument): Promise<void> {
    // TextDocuments updates a document object in place, so the version this run is for is read now: after
    // the awaits below, a newer edit may have changed it, and that edit's own run will publish.
    const version = document.version;
    try {
      const path = pathOf(document.uri);
      if (path && (await this.publishedConfigurationProblems(document, path))) return;
      const settings = await this.settings.forDocument(document.uri);
      // The document may have changed or closed while settings were fetched; a newer run will publish.
      if (this.documents.get(document.uri)?.version !== version) return;
      if (!settings.enable || this.settings.isIgnored(path)) {
        await this.connection.sendDiagnostics({
          uri: document.uri,
          version: document.version,
          diagnostics: [],
        });
        return;
      }
      if (!(await this.analyses.prepare(document, version, settings))) return;
      const analysis = await this.analyses.analyseInSlices(document, version, settings);
      if (!analysis) return;
      const diagnostics = this.converter.diagnostics(document, analysis);
      await this.connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    } catch (error) {
      this.connection.console.error(`Kube Hindsight could not analyse ${document.uri}: ${String(error)}`);
    }
  }

  /**
   * Publishes the diagnostics of manifests that are not open, from their texts on disk, in slices between
   * requests (closed-files.ts); settles with their number of findings.
   */
  publishClosed(uris: readonly string[]): Promise<number> {
    return this.closed.publish(uris);
  }

  /** Publishes again the closed files published that the index's changes since `since` concern. */
  republishClosed(since: number): void {
    this.closed.republish(since);
  }

  /** A document closed: its diagnostics go with it. */
  clear(uri: string): void {
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /**
   * For a configuration file or an included file of team rules, publishes its problems and returns true:
   * such a file is checked against the rules it names, not analysed as a manifest.
   */
  private async publishedConfigurationProblems(document: TextDocument, path: string): Promise<boolean> {
    if (isConfigFile(path)) {
      const folder = dirname(path);
      const { config, problems } = parseConfig(document.getText(), this.rules, (globs) =>
        includedFiles(folder, globs, readText, listFiles),
      );
      // An `admissionPolicies:` entry naming nothing readable, at the entry, as the CLI reports it.
      const sources = admissionPolicySources({ path, config });
      await this.connection.sendDiagnostics({
        uri: document.uri,
        version: document.version,
        // Problems in included rule files are reported by the CLI; here, the configuration's own.
        diagnostics: [...problems.filter((p) => !p.path), ...sources.problems].map((p) =>
          configProblemToDiagnostic(document, p),
        ),
      });
      return true;
    }
    const includer = this.settings.configs.includerOf(path);
    if (!includer) return false;
    // An included file of team rules: its problems, read from this editor's text, as for the configuration.
    await this.connection.sendDiagnostics({
      uri: document.uri,
      version: document.version,
      diagnostics: includer.problems
        .filter((p) => p.path === path)
        .map((p) => configProblemToDiagnostic(document, p)),
    });
    return true;
  }
}
