// A keystroke costs what the edited document costs (issue 17). The language server analyses each version of
// an open document from the one before: its ParseCache hears each edit's range and cuts only the edited
// parts again, the parts that did not change keep their objects and their findings (unless a cross rule on
// them reads a kind of object the edit touched), and the diagnostics of a part whose findings stayed the same
// are taken again, moved by the lines added above it. These tests prove that
// - after any sequence of random edits of corpus files, that incremental result (findings, ranges, related
//   locations, suppressions, failures and the LSP diagnostics) equals an analysis of the same text from
//   scratch, converted by TextDocument;
// - the work of one keystroke (parts cut, parts parsed, parts and objects checked, findings converted) is
//   the same in the argo-cd bundle and in sixteen copies of it, by counting that work, not by timing it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver/node';
import { concatenated } from '../../bench/large-file';
import { analyseFile } from '../../server/engine/engine';
import { ParseCache, parseFile } from '../../server/engine/parse';
import { sourcePosition } from '../../server/engine/positions';
import { editTouched } from '../../server/engine/chunk-reuse';
import type { Analysis } from '../../server/engine/types';
import { piecedTextWork } from '../../server/engine/pieced-text';
import { DiagnosticsConverter, failureToDiagnostic, findingToDiagnostic } from '../../server/lsp/convert';
import { trackingEdits } from '../../server/lsp/edit-tracking';
import type { PiecedDocument } from '../../server/lsp/pieced-document';
import { BUILT_IN_RULES } from '../built-in-rules';
import { stillClockInThisFile } from '../clock';
import { corpus, corpusFiles, corpusMissing } from '../corpus';
import { random } from '../random';

// The engine's clock stands still (test/clock.ts): no time budget can cut one side of a comparison short.
stillClockInThisFile();

const URI = 'file:///work/manifests.yaml';
const BODY_KINDS = BUILT_IN_RULES.bodyKinds();
/** Above the sixteen copies of the argo-cd bundle (16 MB), as the bench raises it too. */
const LIMITS = { maxFileBytes: 64 * 1024 * 1024 };

/** One open document as the language server follows it: its text, parse cache and last analysis. */
class OpenDocument {
  readonly cache = new ParseCache();
  readonly converter = new DiagnosticsConverter();
  document: PiecedDocument;
  analysis: Analysis | undefined;
  diagnostics: Diagnostic[] = [];
  /** The server's TextDocuments configuration, which updates the document and reports each edit's range. */
  private readonly tracking = trackingEdits((_uri, region) => this.cache.edited(region));

  constructor(text: string) {
    this.document = this.tracking.create(URI, 'yaml', 1, text);
    this.analyse();
  }

  /** An incremental edit, as the client sends it. */
  edit(start: number, end: number, insert: string): void {
    const range = { start: this.document.positionAt(start), end: this.document.positionAt(end) };
    this.tracking.update(this.document, [{ range, text: insert }], this.document.version + 1);
    this.analyse();
  }

  /** What DocumentAnalyses.analysing does for a new version, with the settings and index unchanged. */
  private analyse(): void {
    const file = parseFile(this.document.text, LIMITS, URI, {
      bodyKinds: BODY_KINDS,
      cache: this.cache,
    });
    const before = this.analysis;
    this.analysis = analyseFile(file, BUILT_IN_RULES, {
      reuse: {
        previous: before?.token,
        touched: before ? editTouched(before.file.objects, file.objects) : 'everything',
      },
    });
    this.diagnostics = this.converter.diagnostics(this.document, this.analysis);
  }
}

/** Everything an editor shows of an analysis, in file offsets and positions, as comparable data. */
function snapshot(analysis: Analysis): unknown {
  return {
    findings: analysis.findings.map((f) => ({
      rule: f.ruleId,
      severity: f.severity,
      message: f.message,
      span: [f.span.start, f.span.end],
      related: f.related.map((r) => [r.source.uri, sourcePosition(r.source, r.span.start), r.message]),
      fixes: f.getFixes().map((fix) => [fix.title, fix.edits]),
    })),
    suppressed: analysis.suppressed.map((s) => [s.finding.ruleId, s.finding.span.start, s.kind]),
    failures: analysis.failures,
    notices: analysis.notices,
  };
}

/** Diagnostics in one order (a client shows them by position; the order of the array is not part of LSP). */
function ordered(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => JSON.stringify(d)).sort();
}

/** The same text analysed from scratch, its diagnostics converted by TextDocument as before issue 17. */
function fromScratch(text: string): { analysis: Analysis; diagnostics: Diagnostic[] } {
  const document = TextDocument.create(URI, 'yaml', 1, text);
  const analysis = analyseFile(parseFile(text, LIMITS, URI, { bodyKinds: BODY_KINDS }), BUILT_IN_RULES);
  return {
    analysis,
    diagnostics: [
      ...analysis.findings.map((f) => findingToDiagnostic(document, f)),
      ...analysis.failures.map((f) => failureToDiagnostic(document, analysis, f)),
    ],
  };
}

/**
 * One random edit of the kinds typing makes: a letter, a new line with a key, a deleted run of characters,
 * a document marker typed or deleted, an edit across a part boundary.
 */
function randomEdit(text: string, next: () => number): { start: number; end: number; insert: string } {
  const at = Math.floor(next() * (text.length + 1));
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  switch (Math.floor(next() * 6)) {
    case 0:
      return { start: at, end: at, insert: 'abcdefghij'[Math.floor(next() * 10)]! };
    case 1:
      return { start: lineStart, end: lineStart, insert: '  added: x\n' };
    case 2:
      return { start: at, end: Math.min(text.length, at + 1 + Math.floor(next() * 20)), insert: '' };
    case 3:
      return { start: lineStart, end: lineStart, insert: '---\n' };
    case 4: {
      const marker = text.indexOf('\n---', at);
      return marker === -1
        ? { start: at, end: at, insert: '\n' }
        : { start: marker + 1, end: marker + 4, insert: next() < 0.5 ? '' : '--x' };
    }
    default:
      return { start: Math.max(0, at - 3), end: Math.min(text.length, at + 3), insert: 'kind: Service\n' };
  }
}

describe('a keystroke analysed from the version before', () => {
  const files = corpusFiles(60_000);

  it(
    'equals an analysis from scratch after any sequence of random edits (findings, ranges, diagnostics)',
    {
      skip: corpusMissing,
    },
    () => {
      for (const [fileIndex, path] of files.entries()) {
        for (let sequence = 0; sequence < 2; sequence++) {
          const seed = fileIndex * 100 + sequence;
          const next = random(seed);
          const open = new OpenDocument(readFileSync(path, 'utf8'));
          for (let step = 0; step < 6; step++) {
            const { start, end, insert } = randomEdit(open.document.getText(), next);
            open.edit(start, end, insert);
            const scratch = fromScratch(open.document.getText());
            const where = `${path}, seed ${seed}, edit ${step}`;
            assert.deepEqual(snapshot(open.analysis!), snapshot(scratch.analysis), where);
            assert.deepEqual(ordered(open.diagnostics), ordered(scratch.diagnostics), where);
          }
        }
      }
    },
  );
});

describe('the work of a keystroke in a large file', () => {
  /** The work counters of one open document, read before and after a keystroke. */
  function counters(open: OpenDocument): Record<string, number> {
    const { partsCut, partsParsed, wholeSplits } = open.cache.work;
    return {
      partsCut,
      partsParsed,
      wholeSplits,
      findingsConverted: open.converter.findingsConverted,
      wholeTextsJoined: piecedTextWork.joins,
    };
  }

  /**
   * The work of a letter typed in an env var of argocd-server, then of a new env var (two new lines),
   * in `copies` copies of the bundle (as the bench's large-file scenario makes them).
   */
  function keystrokeWork(copies: number): Record<string, Record<string, number>> {
    const bundle = readFileSync(join(corpus, 'argo-cd-install.yaml'), 'utf8');
    const open = new OpenDocument(concatenated(bundle, copies));
    const text = open.document.getText();
    // The first copy's argocd-server Deployment: its `name:` line, then its first env var's name.
    const deployment = text.search(/^kind: Deployment\n(?:.*\n)*?^ {2}name: argocd-server$/m);
    const name = text.indexOf('\n  name: argocd-server\n', deployment) + 1;
    const env = name + text.slice(name).search(/^ *- name: [A-Z_]+$/m);
    const envEnd = text.indexOf('\n', env);
    const indent = ' '.repeat(text.indexOf('-', env) - env);
    const work: Record<string, Record<string, number>> = {};
    for (const [kind, start, insert] of [
      ['scalar', envEnd, 'x'],
      ['structural', env, `${indent}- name: KH_ADDED\n${indent}  value: x\n`],
    ] as const) {
      const before = counters(open);
      open.edit(start, start, insert);
      const after = counters(open);
      const { partsChecked, objectsChecked } = open.analysis!.work!;
      // The findings of the edited part, and those of the input rules (made anew each time).
      const groups = open.analysis!.groups!;
      const edited = groups.find(
        ({ chunk }) => chunk && chunk.offset <= start && start < chunk.offset + chunk.file.text.length,
      );
      const input = groups.find(({ chunk }) => !chunk);
      work[kind] = {
        ...Object.fromEntries(Object.keys(after).map((key) => [key, after[key]! - before[key]!])),
        partsChecked,
        objectsChecked,
        findingsOfTheEdit: (edited?.findings.length ?? 0) + (input?.findings.length ?? 0),
      };
      // The incremental result is the right one (the random edits above prove it at length).
      if (copies === 1)
        assert.deepEqual(
          ordered(open.diagnostics),
          ordered(fromScratch(open.document.getText()).diagnostics),
          kind,
        );
    }
    return work;
  }

  it(
    'is the same in sixteen copies of the bundle as in one: parts cut, parsed and checked, findings converted',
    {
      skip: corpusMissing,
    },
    () => {
      const one = keystrokeWork(1);
      const sixteen = keystrokeWork(16);
      for (const kind of ['scalar', 'structural']) {
        const [a, b] = [one[kind]!, sixteen[kind]!];
        // One part cut again, parsed again and checked again (its one object, the Deployment), no whole split.
        // The other workloads and the Services of the same namespace keep their findings: the cross rules that
        // read Deployments there (toleration-typo, service-selects-nothing) read nothing of their containers.
        // No whole text of the document is joined: the keystroke reads the edited part's text alone.
        assert.deepEqual(
          [a.partsCut, a.partsParsed, a.wholeSplits, a.partsChecked, a.objectsChecked, a.wholeTextsJoined],
          [1, 1, 0, 1, 1, 0],
          kind,
        );
        // Only the Deployment's findings are converted to diagnostics again.
        assert.equal(a.findingsConverted, a.findingsOfTheEdit, kind);
        for (const counter of Object.keys(a)) assert.equal(b[counter], a[counter], `${kind}: ${counter}`);
      }
    },
  );
});
