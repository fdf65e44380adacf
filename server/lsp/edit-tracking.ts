// The open documents' texts, kept as PiecedDocuments (pieced-document.ts), and each edit's range as the
// client sent it: an incremental edit says which offsets it replaced, which lets the analysis cut only the
// edited part of a large file again instead of the whole text (ParseCache.edited).
import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver/node';
import type { EditRegion } from '../engine/split-edit';
import { PiecedDocument } from './pieced-document';

/**
 * The TextDocuments configuration that updates documents one change at a time, and tells `edited` the
 * offsets each change replaced (undefined for a whole new text), in the order made.
 */
export function trackingEdits(
  edited: (uri: string, region: EditRegion | undefined) => void,
): TextDocumentsConfiguration<PiecedDocument> {
  return {
    create: (uri, languageId, version, content) => new PiecedDocument(uri, languageId, version, content),
    update(document, changes, version) {
      for (const change of changes) {
        edited(document.uri, regionOf(document, change));
        document.update([change], version);
      }
      return document;
    },
  };
}

/** The offsets a change replaces in the document as it is before the change. */
function regionOf(document: PiecedDocument, change: TextDocumentContentChangeEvent): EditRegion | undefined {
  if (!('range' in change)) return undefined;
  let start = document.offsetAt(change.range.start);
  let end = document.offsetAt(change.range.end);
  // A range may be given end first.
  if (end < start) [start, end] = [end, start];
  return { start, oldEnd: end, newEnd: start + change.text.length };
}
