// Each document's settings: the editor's `kubeHindsight.*` settings (pulled per document with
// `workspace/configuration`, or as the client pushed them) layered over the repository's
// `.kube-hindsight.yaml`, whose team rules join the built-in rules.
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ConfigLocator, isConfigFile, type LoadedConfig } from '../config/discovery';
import { layerSettings } from '../engine/config';
import {
  DEFAULT_KUBERNETES_VERSION,
  kubernetesVersionProblem,
  parseKubernetesVersion,
} from '../engine/kubernetes-version';
import type { RuleSet } from '../engine/rule-set';
import { DEFAULT_DEBOUNCE_MS, normaliseDebounce, normaliseSettings } from '../engine/settings';
import type { BodyKinds, EngineSettings } from '../engine/types';
import { pathOf } from './convert';
import type { ClientSession } from './session';

export interface ServerSettings {
  enable: boolean;
  /** `workspace`: cross-object rules see every manifest of the workspace; `file`: only the file itself. */
  scope: 'workspace' | 'file';
  engine: EngineSettings;
  /** Rules whose fixes `source.fixAll` applies even when they are not marked safe (`kubeHindsight.fixOnSave`). */
  fixOnSave: string[];
  /** The built-in rules and the team rules of the governing `.kube-hindsight.yaml`. */
  rules: RuleSet;
  /** The documents those rules read in full (the others are parsed header-only). */
  bodyKinds: BodyKinds | undefined;
  /** Milliseconds between the last keystroke and the analysis (`kubeHindsight.analysis.debounceMs`). */
  debounceMs: number;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toServerSettings(raw: Record<string, unknown>): Omit<ServerSettings, 'rules' | 'bodyKinds'> {
  const enable = typeof raw === 'object' && raw !== null && (raw as { enable?: unknown }).enable === false;
  return {
    enable: !enable,
    scope: raw.analysisScope === 'file' ? 'file' : 'workspace',
    engine: normaliseSettings(raw),
    fixOnSave: Array.isArray(raw.fixOnSave)
      ? raw.fixOnSave.filter((id): id is string => typeof id === 'string')
      : [],
    debounceMs: normaliseDebounce(isRecord(raw.analysis) ? raw.analysis.debounceMs : undefined),
  };
}

/** Documents whose settings prefetch asks for in one request. */
const PREFETCH_BATCH = 100;

export class DocumentSettings {
  /** Editor settings per document, as pulled from the client (before the repository file is layered in). */
  private readonly editorSettings = new Map<string, Promise<Record<string, unknown>>>();
  /** Settings objects are reused while their inputs are unchanged, so the analysis cache stays valid. */
  private readonly composed = new Map<
    string,
    { editor: Record<string, unknown>; config: LoadedConfig | undefined; settings: ServerSettings }
  >();
  /** The settings the client pushed (or sent at `initialize`), for clients that cannot be asked per document. */
  private pushed: Record<string, unknown> = {};
  /** The editor settings pulled last (or pushed), for what belongs to no one document (see forFolderNow). */
  private lastEditor: Record<string, unknown> = {};
  /** The debounce of the settings composed last, for documents not analysed yet. */
  private lastDebounceMs = DEFAULT_DEBOUNCE_MS;
  /** The repository configuration: an open editor's unsaved text wins over the file on disk. */
  readonly configs: ConfigLocator;
  /** The editor's unreadable `kubernetesVersion` values already shown to the user. */
  private readonly reportedVersions = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly session: ClientSession,
    documents: TextDocuments<TextDocument>,
    private readonly rules: RuleSet,
  ) {
    this.configs = new ConfigLocator(rules, (path) => {
      const open = documents.all().find((d) => pathOf(d.uri) === path);
      if (open) return open.getText();
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    });
  }

  /** Settings the client pushed; anything but a mapping is ignored. */
  push(raw: unknown): void {
    if (isRecord(raw)) this.pushed = this.lastEditor = raw;
  }

  /** The editor's settings changed (`workspace/didChangeConfiguration`, with the new ones if pushed). */
  editorSettingsChanged(pushed: unknown): void {
    this.editorSettings.clear();
    this.push(pushed);
  }

  /** A document's settings: the same object as last time while neither the editor's nor the file's changed. */
  async forDocument(uri: string): Promise<ServerSettings> {
    const editor = await this.editorSettingsOf(uri);
    this.warnAboutVersion(editor.kubernetesVersion);
    this.lastEditor = editor;
    const path = pathOf(uri);
    const config = path ? this.configs.forFile(path) : undefined;
    const previous = this.composed.get(uri);
    if (previous && previous.editor === editor && previous.config === config) return previous.settings;
    const base = toServerSettings(layerSettings(config?.config, editor));
    const rules = config?.config.ruleSet ?? this.rules;
    const settings = { ...base, rules, bodyKinds: rules.bodyKinds(base.engine) };
    this.composed.set(uri, { editor, config, settings });
    this.lastDebounceMs = settings.debounceMs;
    return settings;
  }

  /**
   * The rules and engine settings for a file that is no open document (a kustomization whose output is
   * analysed): its configuration under the editor settings last seen, which are rarely per folder.
   */
  forFileNow(path: string): { rules: RuleSet; settings: EngineSettings } {
    const config = this.configs.forFile(path);
    const base = toServerSettings(layerSettings(config?.config, this.lastEditor));
    return { rules: config?.config.ruleSet ?? this.rules, settings: base.engine };
  }

  /**
   * Shows once per value an editor `kubernetesVersion` that is not a release. VS Code marks it in the settings
   * already (the schema's pattern), but other clients check nothing, and without this the file's target or the
   * default would apply in silence. Unset values (null, or the "" some clients send) are not mistakes.
   */
  private warnAboutVersion(value: unknown): void {
    if (typeof value !== 'string' || value.trim() === '' || parseKubernetesVersion(value)) return;
    if (this.reportedVersions.has(value)) return;
    this.reportedVersions.add(value);
    const message =
      `Kube Hindsight: ${kubernetesVersionProblem('kubeHindsight.kubernetesVersion', value)}. Until it is ` +
      `corrected, the kubernetesVersion of .kube-hindsight.yaml applies, else ${DEFAULT_KUBERNETES_VERSION}.`;
    // Sent as a request (window/showMessageRequest); no action is offered, so the answer does not matter, and
    // a client that refuses the request must not leave a rejected promise behind.
    void Promise.resolve(this.connection.window.showWarningMessage(message) as unknown).catch(
      () => undefined,
    );
  }

  /**
   * The document's debounce, from the settings its last analysis used; before its first, the last any
   * document used (the setting is rarely per folder), else the default.
   */
  debounceFor(uri: string): number {
    return this.composed.get(uri)?.settings.debounceMs ?? this.lastDebounceMs;
  }

  /** Whether `path` is a configuration file or a file of team rules one includes: both make the settings. */
  isConfiguration(path: string | undefined): boolean {
    return path !== undefined && (isConfigFile(path) || this.configs.includerOf(path) !== undefined);
  }

  /** Whether the governing configuration's `ignore` globs exclude the document (file: URIs only). */
  isIgnored(path: string | undefined): boolean {
    return path !== undefined && this.configs.isIgnored(path);
  }

  /** A document closed: its settings are pulled again if it opens again. */
  forget(uri: string): void {
    this.editorSettings.delete(uri);
    this.composed.delete(uri);
  }

  /** Files whose excluded globs the user set in VS Code (`files.exclude`), if the client tells us. */
  async filesExclude(folder: string): Promise<string[]> {
    if (!this.session.canPullConfiguration) return [];
    try {
      const raw: unknown = await this.connection.workspace.getConfiguration({
        scopeUri: pathToFileURL(folder).toString(),
        section: 'files.exclude',
      });
      return isRecord(raw) ? Object.keys(raw).filter((glob) => raw[glob] === true) : [];
    } catch {
      return [];
    }
  }

  /**
   * Asks the client for the editor settings of many documents at once (one `workspace/configuration`
   * request of many items per PREFETCH_BATCH documents), so that "Analyse workspace" does not wait for a
   * round trip per file. forDocument then finds them; what it composes from them is unchanged.
   */
  prefetch(uris: readonly string[]): void {
    if (!this.session.canPullConfiguration) return;
    const wanted = uris.filter((uri) => !this.editorSettings.has(uri));
    for (let i = 0; i < wanted.length; i += PREFETCH_BATCH) {
      const batch = wanted.slice(i, i + PREFETCH_BATCH);
      const answer: Promise<unknown[]> = this.connection.workspace
        .getConfiguration(batch.map((uri) => ({ scopeUri: uri, section: 'kubeHindsight' })))
        .then(
          (raw: unknown) => (Array.isArray(raw) ? raw : []),
          () => [],
        );
      batch.forEach((uri, k) => {
        this.editorSettings.set(
          uri,
          answer.then((raw) => (isRecord(raw[k]) ? raw[k] : {})),
        );
      });
    }
  }

  private editorSettingsOf(uri: string): Promise<Record<string, unknown>> {
    if (!this.session.canPullConfiguration) return Promise.resolve(this.pushed);
    let cached = this.editorSettings.get(uri);
    if (!cached) {
      cached = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'kubeHindsight' }).then(
        (raw: unknown) => (isRecord(raw) ? raw : {}),
        () => ({}),
      );
      this.editorSettings.set(uri, cached);
    }
    return cached;
  }
}
