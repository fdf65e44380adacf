// The VS Code client is deliberately thin: it starts the language server for YAML documents and forwards
// settings. Diagnostics, hovers and fixes all come from the server, so every LSP editor gets the same product.
import * as path from 'node:path';
import { workspace, type ExtensionContext } from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
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
    // The server pulls `kubeHindsight.*` per document; this makes the client notify it when they change.
    // The watcher tells the server when a manifest or the repository configuration changes on disk, which
    // keeps its workspace index (and the cross-file findings that depend on it) current.
    synchronize: {
      configurationSection: 'kubeHindsight',
      fileEvents: workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
    },
  };
  client = new LanguageClient('kubeHindsight', 'Kube Hindsight', serverOptions, clientOptions);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
