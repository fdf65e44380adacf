// The LSP client of the protocol tests, over stdio to the built server: extra node options (a --require
// preload), its pid, slow answers to workspace/configuration, and every published version.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const root = join(__dirname, '..', '..');

/**
 * The `initialize` parameters for a client with a workspace folder, optionally able to create files
 * (resource operations), as VS Code is.
 */
export function workspaceInitialize(rootUri: string, canCreateFiles = false): Record<string, unknown> {
  return {
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'workspace' }],
    capabilities: {
      workspace: {
        configuration: true,
        didChangeConfiguration: { dynamicRegistration: true },
        ...(canCreateFiles
          ? { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } }
          : {}),
      },
      window: { showDocument: { support: true } },
    },
  };
}

export class LspClient {
  readonly server: ChildProcessWithoutNullStreams;
  readonly rpc: MessageConnection;
  /** What workspace/configuration answers for the `kubeHindsight` section. */
  settings: Record<string, unknown> = {};
  /** While set, workspace/configuration answers only once this promise settles. */
  gate: Promise<void> | undefined;
  stderr = '';
  readonly published = new Map<string, PublishDiagnosticsParams[]>();
  /** The messages the server showed (`window/showMessage` and `window/showMessageRequest`), in order. */
  readonly shownMessages: { type: number; message: string }[] = [];
  /** The capabilities the server registered (`client/registerCapability`), in order. */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  /** The lines the server logged (`window/logMessage`), in order. */
  readonly logs: string[] = [];
  private readonly waiters: (() => void)[] = [];

  constructor(options: { nodeArgs?: string[]; serverArgs?: string[] } = {}) {
    this.server = spawn(
      process.execPath,
      [
        ...(options.nodeArgs ?? []),
        join(root, 'dist', 'server.js'),
        '--stdio',
        ...(options.serverArgs ?? []),
      ],
      { stdio: 'pipe' },
    );
    this.server.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.rpc = createMessageConnection(
      new StreamMessageReader(this.server.stdout),
      new StreamMessageWriter(this.server.stdin),
    );
    this.rpc.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      const list = this.published.get(params.uri) ?? [];
      list.push(params);
      this.published.set(params.uri, list);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.rpc.onRequest('workspace/configuration', async (params: { items: { section?: string }[] }) => {
      await this.gate;
      return params.items.map((item) => (item.section === 'kubeHindsight' ? this.settings : {}));
    });
    this.rpc.onRequest(
      'client/registerCapability',
      (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
        this.registrations.push(...params.registrations);
        return null;
      },
    );
    this.rpc.onRequest('window/showDocument', () => ({ success: true }));
    this.rpc.onRequest('window/showMessageRequest', (params: { type: number; message: string }) => {
      this.shownMessages.push({ type: params.type, message: params.message });
      return null;
    });
    this.rpc.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.rpc.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      this.shownMessages.push(params);
    });
    // A server that dies mid-test must fail the test, not crash the runner with an unhandled stream error.
    this.rpc.onError(() => undefined);
    this.server.stdin.on('error', () => undefined);
    this.rpc.listen();
  }

  async initialize(extra: Record<string, unknown> = {}): Promise<InitializeResult> {
    const result = await this.rpc.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        window: { showDocument: { support: true } },
      },
      ...extra,
    });
    await this.rpc.sendNotification('initialized', {});
    return result;
  }

  /** Waits (event-driven, with a deadline) for diagnostics of `uri` at `version`. */
  async diagnostics(uri: string, version: number, timeoutMs = 15000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = (this.published.get(uri) ?? []).filter((p) => p.version === version).pop();
      if (match) return match.diagnostics;
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new Error(`no diagnostics for ${uri} v${version}; server stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits (event-driven, with a deadline) until the latest diagnostics of `uri` satisfy `wanted`. */
  async until(uri: string, wanted: (d: Diagnostic[]) => boolean, timeoutMs = 10000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const latest = (this.published.get(uri) ?? []).at(-1);
      if (latest && wanted(latest.diagnostics)) return latest.diagnostics;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(
          `diagnostics of ${uri} never matched; latest: ${JSON.stringify(latest?.diagnostics.map((d) => d.code))}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits (event-driven, with a deadline) until the server has logged a line matching `pattern`. */
  async untilLogged(pattern: RegExp, timeoutMs = 10000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.logs.find((message) => pattern.test(message));
      if (line !== undefined) return line;
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new Error(`the server never logged ${pattern}; logged: ${this.logs.join(' | ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Forgets what was published for `uri`, so a wait sees only what a later change causes. */
  clearPublished(uri: string): void {
    this.published.delete(uri);
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.rpc.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version, text },
    });
  }

  change(uri: string, text: string, version: number): Promise<void> {
    return this.rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  async stop(): Promise<void> {
    if (this.server.exitCode === null && this.server.signalCode === null) {
      // A server that has just exited may not have said so yet: its connection then throws at once, or a
      // request to it is never answered. Either way, its exit (or a short wait) ends the wait.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const exited = new Promise<void>((resolve) => {
        this.server.once('exit', () => resolve());
        timer = setTimeout(resolve, 2000);
      });
      try {
        await Promise.race([this.rpc.sendRequest('shutdown').catch(() => undefined), exited]);
        await this.rpc.sendNotification('exit').catch(() => undefined);
      } catch {
        // Already closed: nothing left to stop but the process handle below.
      }
      clearTimeout(timer);
    }
    this.rpc.dispose();
    this.server.kill();
  }
}

/** Whether a process runs: a zombie (exited, not yet reaped by a parent that is gone too) does not. */
export function isRunning(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** Resolves with the wait when the process is gone, or rejects after `timeoutMs`. */
export async function processGone(pid: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (isRunning(pid)) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`process ${pid} still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Date.now() - started;
}

/** The resident memory of a process in KiB, from /proc (Linux): the server's own view is not reachable. */
export function residentKiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]);
}
