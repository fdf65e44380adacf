// What bounds the CLI's memory over a large repository: a file's text is let go once the file is analysed
// (the related-object index and the findings kept for the report hold no slice of it), and findings that
// point into other files are still placed, from a second read. Measured as the heap that survives full
// collections, with a margin far above noise, never as resident memory or time.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { BUILT_IN_RULES } from '../built-in-rules';
import { parseArgs, type CheckOptions } from '../../server/cli/args';
import { check, type CheckReport } from '../../server/cli/check';
import { formatJson, jsonPieces, toJsonFinding } from '../../server/cli/format-json';
import { VERSION } from '../../server/engine/version';

/** V8's collector, exposed for this test only (the test runner starts node without --expose-gc). */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const FILES = 40;
/** Comment lines that make each file large: nothing the index or a finding needs, all of it text. */
const PADDING = `# ${'padding '.repeat(12)}\n`.repeat(3000);

/**
 * A Deployment with findings whose messages, names and flagged lines come from the file's text; names of
 * 13 to 15 characters are the ones V8 keeps as views of the whole text when sliced.
 */
const manifest = (i: number): string =>
  [
    PADDING,
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: payments-${String(i).padStart(4, '0')}}`,
    'spec:',
    '  replicas: 3',
    `  selector: {matchLabels: {app: payments-${i}}}`,
    '  template:',
    `    metadata: {labels: {app: payments-${i}}}`,
    '    spec:',
    '      containers:',
    '        - name: application',
    '          image: registry.example/payments:1.0',
    '',
  ].join('\n');

const COPIES = 150;
/** A container name long enough that a copy of each message about it weighs more than the whole bound. */
const CONTAINER = `payments-${'processor-'.repeat(40)}worker`;

/** A Deployment and the Service that sends its pods traffic, with findings about both, many with related locations. */
const serviceWithWorkload = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: payments-processor-worker}',
  'spec:',
  '  replicas: 3',
  '  selector: {matchLabels: {app: payments}}',
  '  template:',
  '    metadata: {labels: {app: payments}}',
  '    spec:',
  '      containers:',
  `        - name: ${CONTAINER}`,
  '          image: registry.example/payments:1.0',
  '          ports: [{containerPort: 8080}]',
  '---',
  'apiVersion: v1',
  'kind: Service',
  'metadata: {name: payments-processor-frontend}',
  'spec: {selector: {app: payments}, ports: [{port: 80, targetPort: 8080}]}',
  '',
].join('\n');

/**
 * Checks `copies` copies of the same chart, each in a folder (a unit) of its own, as a monorepo's copies of
 * one service are: every file has the same findings, whose messages, names, key paths and related messages
 * repeat from file to file. Returns the heap the report keeps and its number of results.
 */
function keptByReport(gc: () => void, copies: number): { bytes: number; results: number } {
  const dir = mkdtempSync(join(tmpdir(), 'kh-findings-'));
  for (let i = 0; i < copies; i++) {
    mkdirSync(join(dir, `team-${i}`));
    writeFileSync(join(dir, `team-${i}`, 'app.yaml'), serviceWithWorkload);
  }
  const before = heapUsed(gc);
  const report: CheckReport = check(
    parseArgs(['check', dir, '--profile', 'strict'], BUILT_IN_RULES) as CheckOptions,
    { cwd: dir, readStdin: () => '' },
    BUILT_IN_RULES,
  );
  const bytes = heapUsed(gc) - before;
  assert.deepEqual(report.errors, []);
  // Every copy has the same findings, some with related locations (the Service that sends the pods
  // traffic), placed in the copy's own file.
  assert.ok(report.results.length >= 5 * copies, `${report.results.length} results`);
  const related = report.results.flatMap((result) => result.related);
  assert.ok(related.length >= copies, `${related.length} related locations`);
  assert.ok(related.every(({ file, message }) => /^team-\d+\/app\.yaml$/.test(file) && message.length > 0));
  return { bytes, results: report.results.length };
}

/** A small run's report: findings about an object, and a syntax error's. */
function smallReport(): CheckReport {
  const dir = mkdtempSync(join(tmpdir(), 'kh-json-'));
  writeFileSync(join(dir, 'a.yaml'), manifest(1).replace(PADDING, '# é \\ "quoted"\n'));
  writeFileSync(join(dir, 'b.yaml'), 'kind: [\n');
  return check(
    parseArgs(['check', dir], BUILT_IN_RULES) as CheckOptions,
    { cwd: dir, readStdin: () => '' },
    BUILT_IN_RULES,
  );
}

function heapUsed(gc: () => void): number {
  // Two collections: the first may only queue finalisers whose objects the second frees.
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('the memory of a check run', () => {
  it('holds no input text once its file is analysed, and its findings hold none', () => {
    const gc = collector();
    const dir = mkdtempSync(join(tmpdir(), 'kh-memory-'));
    for (let i = 0; i < FILES; i++) writeFileSync(join(dir, `app-${i}.yaml`), manifest(i));
    const textBytes = FILES * manifest(0).length;
    assert.ok(textBytes > 10_000_000, 'the texts must dwarf everything else the run keeps');

    const before = heapUsed(gc);
    let beforeLast: number | undefined;
    const report: CheckReport = check(
      parseArgs(['check', dir], BUILT_IN_RULES) as CheckOptions,
      {
        cwd: dir,
        readStdin: () => '',
        // As the last file's analysis starts, every other file has been indexed and analysed.
        onProgress: (phase, done, total) => {
          if (phase === 'analysing' && done === total) beforeLast = heapUsed(gc);
        },
      },
      BUILT_IN_RULES,
    );
    const after = heapUsed(gc);
    assert.deepEqual(report.errors, []);
    assert.equal(report.fileCount, FILES);
    // Every file has findings (so their strings and lines were kept), each located in its own file.
    for (let i = 0; i < FILES; i++) {
      const own = report.findings.filter(({ location }) => location.file === `app-${i}.yaml`);
      assert.ok(
        own.some(({ finding }) => finding.ruleId === 'missing-memory-limit'),
        `app-${i}.yaml`,
      );
      assert.ok(own.some(({ finding }) => finding.object?.name === `payments-${String(i).padStart(4, '0')}`));
    }
    // Holding the texts would take all of textBytes (twice over for two-byte strings); a quarter is plenty
    // for the index's values and the findings.
    assert.ok(beforeLast !== undefined);
    assert.ok(beforeLast - before < textBytes / 4, `kept ${beforeLast - before} bytes of ${textBytes}`);
    assert.ok(after - before < textBytes / 4, `the report keeps ${after - before} bytes of ${textBytes}`);
  });

  it('keeps each finding in a few hundred bytes: repeated strings and related locations share memory', () => {
    const gc = collector();
    // What one more copy of the chart costs the report, from a run over few copies to one over many: what
    // any run keeps whatever its size (compiled code, the rules' tables) is not counted.
    const few = keptByReport(gc, COPIES);
    const many = keptByReport(gc, 4 * COPIES);
    assert.equal(many.results, 4 * few.results);
    const perFinding = (many.bytes - few.bytes) / (many.results - few.results);
    // Copied per finding, the messages alone (a long container name in each) would take more than this; a
    // related location with a hidden class of its own took about 300 bytes more.
    assert.ok(perFinding < 600, `${Math.round(perFinding)} bytes per finding`);
  });

  it("writes the JSON report in pieces that join into JSON.stringify's text, findings or none", () => {
    const { findings } = smallReport();
    assert.ok(findings.length > 3);
    for (const list of [findings, findings.slice(0, 1), []]) {
      for (const errors of [[], ['cannot read a.yaml: EACCES', 'rule x failed on "b.yaml"']]) {
        const whole = JSON.stringify(
          {
            tool: 'kube-hindsight',
            version: VERSION,
            findings: list.map(toJsonFinding),
            ...(errors.length > 0 ? { errors } : {}),
          },
          null,
          2,
        );
        const pieces = [...jsonPieces(list, errors)];
        assert.equal(pieces.join(''), `${whole}\n`);
        assert.equal(formatJson(list, errors), `${whole}\n`);
        // One piece per finding besides the head and the tail: no piece grows with the report.
        assert.equal(pieces.length, list.length + 2);
      }
    }
  });
});
