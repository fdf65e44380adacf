// The language server's own document (PiecedDocument) must hold exactly the text the client has and count
// positions exactly as vscode-languageserver-textdocument does, or the user's text and every range shown
// would be wrong. These tests apply the same random incremental edits to both, on texts large enough to be
// held in many pieces, and compare everything the server reads of a document after each edit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { piecedTextWork } from '../../server/engine/pieced-text';
import { PiecedDocument } from '../../server/lsp/pieced-document';
import { random } from '../random';

/** Bits of text that make line breaks of every kind, surrogate pairs and document markers. */
const BITS = [
  'a',
  'key: value',
  '\n',
  '\r\n',
  '\r',
  '---\n',
  '\n---\n',
  '😀',
  '\uD83D',
  '...\n',
  '  - x\n',
  '',
];

function randomText(next: () => number, length: number): string {
  let text = '';
  while (text.length < length) text += BITS[Math.floor(next() * BITS.length)]!;
  return text;
}

/** Every offset's position and back, every line's range and line break, the text and the line count. */
function assertSame(mine: PiecedDocument, theirs: TextDocument, where: string, probes: number[]): void {
  assert.equal(mine.getText(), theirs.getText(), where);
  assert.equal(mine.lineCount, theirs.lineCount, where);
  assert.equal(mine.version, theirs.version, where);
  for (const offset of probes) {
    assert.deepEqual(mine.positionAt(offset), theirs.positionAt(offset), `${where}: positionAt(${offset})`);
  }
  for (let line = -1; line <= theirs.lineCount; line++) {
    for (const character of [-1, 0, 1, 2, 5, 40, 100_000]) {
      const position = { line, character };
      assert.equal(
        mine.offsetAt(position),
        theirs.offsetAt(position),
        `${where}: offsetAt(${line}:${character})`,
      );
    }
    assert.deepEqual(mine.getLineRange(line), theirs.getLineRange(line), `${where}: getLineRange(${line})`);
    assert.equal(
      mine.getEOLCharacters(line),
      theirs.getEOLCharacters(line),
      `${where}: getEOLCharacters(${line})`,
    );
  }
}

describe('the open document the server keeps', () => {
  it('equals TextDocument after random incremental edits (line breaks, surrogates, markers, piece edges)', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const next = random(seed);
      // Large enough for a few pieces of 8 KB: edits land on piece boundaries and join pieces.
      const text = randomText(next, seed % 3 === 0 ? 200 : 40_000);
      const mine = new PiecedDocument('file:///a.yaml', 'yaml', 1, text);
      const theirs = TextDocument.create('file:///a.yaml', 'yaml', 1, text);
      for (let step = 0; step < 40; step++) {
        const length = theirs.getText().length;
        const a = Math.floor(next() * (length + 1));
        // Mostly short edits; some span many lines (and so several pieces); some are given end first.
        const span = next() < 0.8 ? Math.floor(next() * 12) : Math.floor(next() * 20_000);
        const b = Math.min(length, a + span);
        const insert = next() < 0.3 ? '' : randomText(next, next() < 0.9 ? 6 : 12_000);
        const [from, to] = next() < 0.1 ? [b, a] : [a, b];
        const change =
          next() < 0.03
            ? { text: randomText(next, 30_000) }
            : { range: { start: theirs.positionAt(from), end: theirs.positionAt(to) }, text: insert };
        mine.update([change], step + 2);
        TextDocument.update(theirs, [change], step + 2);
        const now = theirs.getText().length;
        const probes = [0, 1, now, now + 5, -3];
        for (let i = 0; i < 60; i++) probes.push(Math.floor(next() * (now + 1)));
        assertSame(mine, theirs, `seed ${seed}, edit ${step}`, probes);
        // The library's incremental update agrees with a fresh count of the same text.
        assert.equal(theirs.lineCount, TextDocument.create('x', 'yaml', 0, theirs.getText()).lineCount);
      }
    }
  });

  it('reads a range and answers positions without joining the whole text', () => {
    const text = 'kind: ConfigMap\r\ndata:\n  a: "😀"\n---\n'.repeat(5000);
    const document = new PiecedDocument('file:///a.yaml', 'yaml', 1, text);
    const joins = piecedTextWork.joins;
    const at = document.positionAt(100_000);
    document.update([{ range: { start: at, end: at }, text: 'x\r\n' }], 2);
    const expected = text.slice(0, 100_000) + 'x\r\n' + text.slice(100_000);
    assert.equal(
      document.getText({ start: at, end: document.positionAt(100_010) }),
      expected.slice(100_000, 100_010),
    );
    assert.deepEqual(
      document.positionAt(150_000),
      TextDocument.create('u', 'yaml', 2, expected).positionAt(150_000),
    );
    assert.equal(piecedTextWork.joins, joins);
    assert.equal(document.getText(), expected);
    assert.equal(piecedTextWork.joins, joins + 1);
  });
});
