// The part of a file a rule sees as its `context.file`: one part's parse (its text, documents and line
// starts, in the part's offsets) that knows the whole file it belongs to, for file-wide conventions.
import type { ParsedChunk, ParsedFile } from './types';

/**
 * The view of `chunk` in `file`. There is one view per part's parse, kept in its memo and pointed at the
 * latest file that holds it: fixes computed later (lazily, by closures a rule made when the part was first
 * checked, which engine.ts keeps with the same parse) follow the file as it is now.
 */
export function partView(file: ParsedFile, chunk: ParsedChunk): ParsedFile {
  const part = chunk.file;
  const view = (part.memo.view ??= { ...part });
  view.whole = file;
  return view;
}

/** The text of the part after the one a rule sees (`partView`), if its file has one. */
export function nextPartText(view: ParsedFile): string | undefined {
  const chunks = view.whole?.chunks ?? [];
  const index = chunks.findIndex((chunk) => chunk.file.memo.view === view);
  return index === -1 ? undefined : chunks[index + 1]?.file.text;
}
