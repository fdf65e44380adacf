// The code actions the server offers, built from the engine's fixes: a fix or a "fix all" plan becomes a
// workspace edit of the document's version (or a new file beside it), and a rule's story becomes a command.
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleHref } from '../engine/explain';
import type { FileChange, Fix, RuleMeta, TextEdit } from '../engine/types';
import { OPEN_STORY_COMMAND } from './command-ids';
import { pathOf, toLspEdit } from './convert';
import type { FixAllPlan } from './fix-all';

/** Edits of one document, at the version they were computed for (the client refuses them for another). */
function documentEdit(document: TextDocument, edits: readonly TextEdit[]): WorkspaceEdit {
  return {
    documentChanges: [
      {
        textDocument: { uri: document.uri, version: document.version },
        edits: edits.map((e) => toLspEdit(document, e)),
      },
    ],
  };
}

/** A new file with `text`, left alone when it already exists. */
function newFileEdit(uri: string, text: string): WorkspaceEdit {
  return {
    documentChanges: [
      { kind: 'create', uri, options: { ignoreIfExists: true } },
      {
        textDocument: { uri, version: null },
        edits: [
          { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text },
        ],
      },
    ],
  };
}

/**
 * Changes of other files than the document (a Kustomize overlay's patch and kustomization): with new files,
 * as document changes (a create, then its text); edits alone as plain changes, which every client applies.
 * The edits were computed on the text the server has for each file, an open editor's included, which is
 * what the client edits too (no version: the file may not be open).
 */
function otherFilesEdit(files: readonly FileChange[]): WorkspaceEdit {
  const uriOf = (path: string): string => pathToFileURL(path).toString();
  const lspEdits = (file: Extract<FileChange, { text: string }>) => {
    const document = TextDocument.create(uriOf(file.path), 'yaml', 0, file.text);
    return file.edits.map((edit) => toLspEdit(document, edit));
  };
  if (!files.some((file) => 'create' in file)) {
    return {
      changes: Object.fromEntries(
        files.flatMap((file) => ('create' in file ? [] : [[uriOf(file.path), lspEdits(file)]])),
      ),
    };
  }
  const start = { line: 0, character: 0 };
  return {
    documentChanges: files.flatMap((file) =>
      'create' in file
        ? [
            // A file that appeared since the fix was computed makes the client refuse the whole edit.
            {
              kind: 'create' as const,
              uri: uriOf(file.path),
              options: { overwrite: false, ignoreIfExists: false },
            },
            {
              textDocument: { uri: uriOf(file.path), version: null },
              edits: [{ range: { start, end: start }, newText: file.create }],
            },
          ]
        : [{ textDocument: { uri: uriOf(file.path), version: null }, edits: lspEdits(file) }],
    ),
  };
}

/**
 * The action applying a fix: a quick fix of the finding behind `diagnostic`, or without one a refactoring.
 * A fix that adds a file beside this one needs a client that can create files and a document on disk;
 * otherwise it is not offered (undefined).
 */
export function fixAction(
  fix: Fix,
  diagnostic: Diagnostic | undefined,
  document: TextDocument,
  canCreateFiles: boolean,
): CodeAction | undefined {
  const action: CodeAction = {
    title: fix.title,
    kind: diagnostic ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite,
    ...(diagnostic ? { diagnostics: [diagnostic] } : {}),
    isPreferred: fix.isPreferred === true,
  };
  if (fix.files) {
    // A new file needs a client that can create one; edits of existing files any client can apply.
    if (!canCreateFiles && fix.files.some((file) => 'create' in file)) return undefined;
    action.edit = otherFilesEdit(fix.files);
    return action;
  }
  if (fix.newFile) {
    const path = pathOf(document.uri);
    if (!canCreateFiles || !path) return undefined;
    action.edit = newFileEdit(
      pathToFileURL(join(dirname(path), fix.newFile.name)).toString(),
      fix.newFile.text,
    );
    return action;
  }
  action.edit = documentEdit(document, fix.edits);
  return action;
}

/** The action applying a "fix all" plan (of one rule, or every safe fix) as one edit. */
export function fixAllAction(
  title: string,
  kind: string,
  plan: FixAllPlan,
  document: TextDocument,
): CodeAction {
  return { title, kind, edit: documentEdit(document, plan.edits) };
}

/** "Open the war story" of the rule behind `diagnostic`: a command the server runs (commands.ts). */
export function storyAction(meta: RuleMeta, diagnostic: Diagnostic): CodeAction {
  return {
    title: `Open the war story: ${meta.stories[0]?.title ?? meta.title}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title: 'Open the war story', command: OPEN_STORY_COMMAND, arguments: [ruleHref(meta)] },
  };
}
