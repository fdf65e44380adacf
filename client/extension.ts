// The VS Code client is deliberately thin: it starts the language server for YAML documents, forwards
// settings and file changes, and adds a few views (commands, status bar, story preview) over what the
// server provides. Diagnostics, hovers and fixes all come from the server, so every LSP editor gets them.
import * as path from 'node:path';
import { window, workspace, type ExtensionContext } from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { registerFeatures, type KubeHindsightApi } from './features';

let client: LanguageClient | undefined;

/** Restarts allowed within `RESTART_WINDOW_MS` before the client gives up and says so. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

/**
 * Restarts a crashed server and tells the user each time, instead of failing silently: without diagnostics
 * a user would believe the manifests are fine. After repeated crashes it stops and points at the log.
 */
function restartingErrorHandler(): ErrorHandler {
  const crashes: number[] = [];
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const now = Date.now();
      crashes.push(now);
      while (crashes.length > 0 && now - crashes[0]! > RESTART_WINDOW_MS) crashes.shift();
      if (crashes.length > MAX_RESTARTS) {
        return {
          action: CloseAction.DoNotRestart,
          message:
            'Kube Hindsight: the language server stopped five times in three minutes and was not restarted. See the "Kube Hindsight" output for the cause.',
        };
      }
      void window.showWarningMessage(
        'Kube Hindsight: the language server stopped unexpectedly and was restarted.',
      );
      return { action: CloseAction.Restart, handled: true };
    },
  };
}

export async function activate(context: ExtensionContext): Promise<KubeHindsightApi> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    // The watcher tells the server when a manifest or the repository configuration changes on disk, which
    // keeps its workspace index (and the cross-file findings that depend on it) current. `Kustomization`
    // is kustomize's extension-less name for a kustomization file.
    synchronize: {
      configurationSection: 'kubeHindsight',
      fileEvents: workspace.createFileSystemWatcher('**/{*.yaml,*.yml,Kustomization}'),
    },
    errorHandler: restartingErrorHandler(),
  };
  client = new LanguageClient('kubeHindsight', 'Kube Hindsight', serverOptions, clientOptions);
  await client.start();
  return registerFeatures(context, client);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
