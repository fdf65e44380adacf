// What the client said about itself at `initialize` (what it can do, which folders it opened), and what the
// server answers it can do.
import {
  CodeActionKind,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { VERSION } from '../engine/version';
import { COMMANDS } from './command-ids';
import { pathOf } from './convert';
import { FIX_ALL_KIND } from './fix-all';

export class ClientSession {
  /** The client answers `workspace/configuration`: settings are pulled per document instead of pushed. */
  canPullConfiguration = false;
  /** The client opens links (`window/showDocument`): "Open the war story" shows the page itself. */
  canShowDocument = false;
  /** The client applies workspace edits that create files: fixes that add a file beside this one. */
  canCreateFiles = false;
  /**
   * The client watches files the server names by a folder's URI (dynamic registration of
   * `workspace/didChangeWatchedFiles` with relative patterns): folders of admission policies outside the
   * workspace, which its own watcher does not cover.
   */
  canWatchOutsideWorkspace = false;
  /** The file system paths of the workspace folders, which the workspace index reads. */
  workspaceFolders: string[] = [];

  /** Records what the client can do and which folders it opened; returns what the server can do. */
  initialize(params: InitializeParams): InitializeResult {
    this.canPullConfiguration = params.capabilities.workspace?.configuration === true;
    this.canShowDocument = params.capabilities.window?.showDocument?.support === true;
    this.canCreateFiles =
      params.capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create') === true &&
      params.capabilities.workspace?.workspaceEdit?.documentChanges === true;
    const watched = params.capabilities.workspace?.didChangeWatchedFiles;
    this.canWatchOutsideWorkspace =
      watched?.dynamicRegistration === true && watched.relativePatternSupport === true;
    this.workspaceFolders = (params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri }] : []))
      .map((folder) => pathOf(folder.uri))
      .filter((path): path is string => path !== undefined);
    return {
      capabilities: {
        // Incremental: a keystroke in a megabyte bundle sends a few bytes, not the whole text.
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND],
          resolveProvider: false,
        },
        executeCommandProvider: { commands: [...COMMANDS] },
      },
      serverInfo: { name: 'kube-hindsight', version: VERSION },
    };
  }
}
