// How much YAML the engine parsed while it ran, so that tests can assert "this was not parsed" or "this
// was parsed once" instead of "this was fast": wall-clock thresholds fail on a loaded machine (a 500 ms
// bound failed at 673 ms and at 1,667 ms while other jobs shared the two cores) and pass on a fast one
// however much needless work is done.
//
// Every parse the engine makes goes through `yaml`'s Parser, one lexeme at a time: its own loop
// (`Parser.parse`) calls `next` for each lexeme, and so does the engine's timed loop for large parts. The
// test bundles keep `yaml` external, so the engine and this helper share one Parser class, and counting the
// calls of its `next` counts the lexemes parsed, without a hook in the engine. `lexemesOf` is the same count
// for a plain lex of a text, to compare against.
import { Lexer, Parser } from 'yaml';
import { splitDocuments } from '../server/engine/split';

export interface Counted<T> {
  result: T;
  /** Lexemes the parser received while `run` ran. */
  lexemes: number;
}

/** Runs `run` and counts the lexemes that `yaml`'s parser received meanwhile (any parser, any text). */
export function countingLexemes<T>(run: () => T): Counted<T> {
  const next = Parser.prototype.next;
  let lexemes = 0;
  Parser.prototype.next = function* counted(this: Parser, source: string) {
    lexemes++;
    return yield* next.call(this, source);
  };
  try {
    return { result: run(), lexemes };
  } finally {
    Parser.prototype.next = next;
  }
}

/** The lexemes of one lex of `text` as one stream. */
export function lexemesOf(text: string): number {
  let count = 0;
  for (const _lexeme of new Lexer().lex(text)) count++;
  return count;
}

/**
 * What parsing `text` exactly once costs the engine, which parses each part of a file (split.ts) on its
 * own: the lexemes of every part, lexed alone (each part's lexing adds a lexeme or so at its start).
 */
export function lexemesOfParts(text: string): number {
  return splitDocuments(text).reduce((n, part) => n + lexemesOf(text.slice(part.start, part.end)), 0);
}
