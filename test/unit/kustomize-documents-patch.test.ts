// The renderer's keystroke fast path (server/engine/kustomize/documents-patch.ts) against full parses: for
// typing at the end of plain values in every file of both corpora, patched trees must equal a parse of the
// new text in every node, value and origin; edits that could change the structure or the reading of the
// text are never patched; and the documents before the edit keep their very trees.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ParseCache, parseDocuments } from '../../server/engine/kustomize/documents';
import { patchedDocuments } from '../../server/engine/kustomize/documents-patch';
import { corpusOrExamples, kustomizeCorpus, yamlFilesUnder } from '../corpus';
import { random } from '../random';

const URI = '/repo/file.yaml';
const files = [
  ...corpusOrExamples(200_000),
  ...(existsSync(kustomizeCorpus) ? yamlFilesUnder(kustomizeCorpus, 200_000) : []),
];

const SAFE = 'abcxyzABZ0189_./-';

describe('patching the renderer’s trees after typing in a plain value', () => {
  it('equals a full parse of the new text, on typing at the end of values of both corpora', () => {
    const next = random(19);
    let patched = 0;
    let tried = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      const documents = parseDocuments(text, URI);
      const ends = [...text.matchAll(/[:-] ([A-Za-z0-9_/][A-Za-z0-9_./:-]*)$/gm)]
        .map((m) => m.index + m[0].length)
        .filter(() => next() < 0.1)
        .slice(0, 8);
      for (const end of ends) {
        const char = SAFE[Math.floor(next() * SAFE.length)]!;
        for (const after of [
          text.slice(0, end) + char + text.slice(end),
          text.slice(0, end - 1) + text.slice(end),
          text.slice(0, end - 1) + char + text.slice(end),
          text.slice(0, end) + '123' + text.slice(end),
        ]) {
          tried++;
          const fast = patchedDocuments(text, documents, after);
          if (!fast) continue;
          patched++;
          const where = `${path} at ${end}: ${JSON.stringify(after.slice(end - 20, end + 5))}`;
          assert.deepStrictEqual(fast, parseDocuments(after, URI), where);
          // The documents that end before the edit keep their trees.
          for (const [index, document] of documents.entries()) {
            if (document.tree && document.tree.origin.span.end < end - 1) {
              assert.equal(fast[index]!.tree, document.tree, where);
            }
          }
        }
      }
    }
    assert.ok(patched > tried / 3, `patched ${patched} of ${tried} edits`);
  });

  it('never patches an edit that could change the structure or the reading of the text', () => {
    const base = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      '  labels: {app: web}',
      'spec:',
      '  replicas: 3',
      '  note: "quoted"',
      '  image: nginx:1.25 # pinned',
      '  mode: 0755',
      '  other: &anchor value',
      '',
    ].join('\n');
    const documents = parseDocuments(base, URI);
    const edit = (find: string, replace: string) =>
      patchedDocuments(base, documents, base.replace(find, replace));
    // An anchor anywhere: its aliases' copies would need the change too.
    assert.equal(edit('name: web', 'name: webx'), undefined);
    const plain = base.replace('  other: &anchor value\n', '');
    const plainDocuments = parseDocuments(plain, URI);
    const typed = (find: string, replace: string) =>
      patchedDocuments(plain, plainDocuments, plain.replace(find, replace));
    assert.ok(typed('name: web', 'name: webx'));
    // A value that would end with a colon, a key, a value in flow style, a quoted value, a commented line.
    assert.equal(typed('image: nginx:1.25', 'image: nginx:'), undefined);
    assert.equal(typed('replicas: 3', 'replicasx: 3'), undefined);
    assert.equal(typed('{app: web}', '{app: webx}'), undefined);
    assert.equal(typed('"quoted"', '"quotedx"'), undefined);
    assert.equal(typed('nginx:1.25 #', 'nginx:1.256 #'), undefined);
    // Before a value's first character an insertion could join it to what precedes.
    assert.equal(typed('name: web', 'name: xweb'), undefined);
    // A number stays a number, and go-yaml's octal is read as go-yaml reads it.
    const replicas = typed('replicas: 3', 'replicas: 35');
    assert.deepEqual(replicas, parseDocuments(plain.replace('replicas: 3', 'replicas: 35'), URI));
    const mode = typed('mode: 0755', 'mode: 0750');
    assert.deepEqual(mode, parseDocuments(plain.replace('mode: 0755', 'mode: 0750'), URI));
    // Under YAML 1.1 scalars read otherwise.
    const old = `%YAML 1.1\n---\n${plain}`;
    assert.equal(patchedDocuments(old, parseDocuments(old, URI), old.replace('web\n', 'webx\n')), undefined);
  });

  it('is what the renderer’s parse cache hands out for a keystroke, counted as a parse', () => {
    const cache = new ParseCache();
    const text =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\nkind: ConfigMap\nmetadata:\n  name: c\n';
    const first = cache.documents(URI, text);
    const second = cache.documents(URI, text.replace('name: c', 'name: cx'));
    assert.deepEqual([cache.parses, cache.patched], [2, 1]);
    assert.equal(second[0]!.tree, first[0]!.tree, 'the document before the edit keeps its tree');
    assert.deepEqual(second, parseDocuments(text.replace('name: c', 'name: cx'), URI));
  });
});
