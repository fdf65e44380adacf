// The diagnostics of manifests that are not open: "Analyse workspace" publishes those of every indexed file
// from its text on disk, and a file published so is published again when the index's or the Kustomize
// renderings' changes concern it. One queue does both, a file at a time: each is read, parsed and analysed
// in slices (slices.ts) between turns of the event loop (several small files share a slice), so that
// hovers and keystrokes in open documents are answered while a thousand files are analysed, and each file's
// parse is dropped once its diagnostics are sent.
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readFileSync } from 'node:fs';
import { analysisSteps } from '../engine/engine';
import { withKustomizeNotices, withRenderedFindings } from '../engine/kustomize/own-findings';
import { ParseCache, parseFile } from '../engine/parse';
import { failureToDiagnostic, findingToDiagnostic, pathOf } from './convert';
import type { DocumentSettings } from './settings';
import { inSlices, Slices } from './slices';
import type { WorkspaceBridge } from './workspace';

export class ClosedFileDiagnostics {
  /**
   * The closed files published, with their paths and the Kustomize stamp their findings were made at: they
   * follow the index's and the renderings' changes too. The path is kept because every change of the index
   * (each keystroke in an open manifest) asks about every published file, and converting a thousand URIs
   * again each time cost milliseconds.
   */
  private readonly published = new Map<string, { path: string; stamp: number }>();
  /** Files waiting to be published, in order, each with who waits for its number of findings. */
  private readonly queue = new Map<string, ((findings: number) => void)[]>();
  private draining = false;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly settings: DocumentSettings,
    private readonly workspace: WorkspaceBridge,
  ) {}

  /**
   * Publishes the diagnostics of the files `uris` (not open, or their editors publish), from their texts on
   * disk; settles with their number of findings once every one of them is published.
   */
  async publish(uris: readonly string[]): Promise<number> {
    this.settings.prefetch(uris);
    const counts = await Promise.all(uris.map((uri) => this.enqueue(uri)));
    return counts.reduce((sum, n) => sum + n, 0);
  }

  /** Publishes again the files published that the index's changes since generation `since` concern. */
  republish(since: number): void {
    const { index, kustomize } = this.workspace;
    for (const [uri, { path, stamp }] of this.published) {
      if (this.documents.get(uri)) continue;
      const rendered = kustomize.stampOf(path) !== stamp;
      if (rendered || index.affectedSince(since, uri, index.objectsOf(uri))) void this.enqueue(uri);
    }
  }

  private enqueue(uri: string): Promise<number> {
    return new Promise((resolve) => {
      const waiting = this.queue.get(uri);
      if (waiting) waiting.push(resolve);
      else this.queue.set(uri, [resolve]);
      void this.drain();
    });
  }

  /** Publishes the queued files one after the other (one drain at a time; a file queued again is redone). */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    const slices = new Slices();
    try {
      for (let next = this.queue.entries().next(); !next.done; next = this.queue.entries().next()) {
        const [uri, waiting] = next.value;
        this.queue.delete(uri);
        let findings = 0;
        try {
          findings = await this.publishOne(uri, slices);
        } catch (error) {
          this.connection.console.error(`Kube Hindsight could not analyse ${uri}: ${String(error)}`);
        }
        for (const resolve of waiting) resolve(findings);
        if (slices.enough()) await slices.pause();
      }
    } finally {
      this.draining = false;
    }
  }

  /** Publishes one closed file's diagnostics; returns its number of findings (0 when it is open now). */
  private async publishOne(uri: string, slices: Slices): Promise<number> {
    const path = pathOf(uri);
    if (!path || this.documents.get(uri)) return 0;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      this.published.delete(uri);
      await this.connection.sendDiagnostics({ uri, diagnostics: [] });
      return 0;
    }
    const settings = await this.settings.forDocument(uri);
    if (!settings.enable || this.settings.isIgnored(path)) return 0;
    // Parsed in slices into a cache of its own, which parseFile then reads; both go with this call.
    const cache = new ParseCache();
    const { limits } = settings.engine;
    const options = { bodyKinds: settings.bodyKinds };
    while (!cache.prime(text, limits, uri, options, slices.enough)) {
      await slices.pause();
      // Opened meanwhile: its editor's analysis publishes.
      if (this.documents.get(uri)) return 0;
    }
    const file = parseFile(text, limits, uri, { ...options, cache });
    // A closed file of a Kustomize tree shows what its entry points' output says about it, as an open one.
    const role = this.workspace.kustomizeRole(path, settings);
    const stamp = this.workspace.kustomize.stampOf(path);
    const steps = analysisSteps(withKustomizeNotices(file, role?.notices ?? []), settings.rules, {
      settings: settings.engine,
      ...this.workspace.relatedFor(settings),
    });
    // Opened meanwhile: its editor's analysis publishes.
    const own = await inSlices(steps, slices, () => !this.documents.get(uri));
    if (!own) return 0;
    const analysis = role
      ? withRenderedFindings(own, { replaced: role.patch || role.rendered, findings: role.findings })
      : own;
    this.published.set(uri, { path, stamp });
    const document = TextDocument.create(uri, 'yaml', 0, text);
    await this.connection.sendDiagnostics({
      uri,
      // What the engine skipped is among the findings (file-skipped, unrendered-template); a rule that failed
      // is shown as it is in an open document, not left out.
      diagnostics: [
        ...analysis.findings.map((f) => findingToDiagnostic(document, f)),
        ...analysis.failures.map((f) => failureToDiagnostic(document, analysis, f)),
      ],
    });
    return analysis.findings.length;
  }
}
