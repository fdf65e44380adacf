// The VS Code client is deliberately thin: it starts the language server for YAML documents, forwards
// settings and file changes, and adds a few views (commands, status bar, story preview) over what the
// server provides. Diagnostics, hovers and fixes all come from the server, so every LSP editor gets them.
import * as path from 'node:path';
import { workspace, type ExtensionContext } from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { registerFeatures, type KubeHindsightApi } from './features';

let client: LanguageClient | undefined;

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
    // keeps its workspace index (and the cross-file findings that depend on it) current.
    synchronize: {
      configurationSection: 'kubeHindsight',
      fileEvents: workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
    },
  };
  client = new LanguageClient('kubeHindsight', 'Kube Hindsight', serverOptions, clientOptions);
  await client.start();
  return registerFeatures(context, client);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
