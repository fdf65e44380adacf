// `check` over a Kustomize tree (test/fixtures/kustomize-overlays): a base, two overlays that disagree and a
// component. Each finding must be placed where its cause is written, name the overlays it holds for, and be
// absent wherever kustomize's output does not have the problem. The expected output of both overlays
// (`kubectl kustomize overlays/prod`) is what the comments below describe.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { root, runCli } from './cli-run';

const tree = join(root, 'test', 'fixtures', 'kustomize-overlays');

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: string;
  message: string;
  kustomize?: { entryPoints: string[]; everywhere: boolean };
}

function check(...args: string[]): JsonFinding[] {
  return checkIn(tree, ...args);
}

function checkIn(cwd: string, ...args: string[]): JsonFinding[] {
  const result = runCli(
    ['check', ...args, '--profile', 'strict', '--fail-on', 'none', '--format', 'json'],
    undefined,
    cwd,
  );
  assert.equal(result.code, 0, result.stderr);
  return (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
}

const at = (f: JsonFinding): string =>
  `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.ruleId}`;

describe('check over Kustomize overlays', () => {
  const findings = check('.');

  it('reports what the rendered output lacks, in the base, for the overlays that lack it', () => {
    assert.deepEqual(findings.map(at), [
      // The base's replicas, once per name the overlays give the Deployment (prod prefixes it).
      'base/deploy.yaml:6:3-6:11 missing-anti-affinity',
      'base/deploy.yaml:6:3-6:11 missing-anti-affinity',
      // Prod's patch adds both limits to "app"; only staging lacks them.
      'base/deploy.yaml:19:11-19:20 missing-ephemeral-storage-limit',
      'base/deploy.yaml:19:11-19:20 missing-memory-limit',
      // Staging's component deletes the "debug" container ($patch: delete); only prod has it.
      'base/deploy.yaml:21:17-21:22 missing-ephemeral-storage-limit',
      'base/deploy.yaml:21:17-21:22 missing-memory-limit',
      'base/deploy.yaml:21:17-21:22 missing-resource-requests',
    ]);
  });

  it('says in JSON which overlays a finding holds for, and whether all that include the file', () => {
    const byRule = (rule: string) => findings.filter((f) => f.ruleId === rule).map((f) => f.kustomize);
    assert.deepEqual(byRule('missing-memory-limit'), [
      { entryPoints: ['overlays/staging'], everywhere: false },
      { entryPoints: ['overlays/prod'], everywhere: false },
    ]);
    // Each overlay names the Deployment differently, but both report at the base's replicas.
    assert.deepEqual(byRule('missing-anti-affinity'), [
      { entryPoints: ['overlays/prod'], everywhere: true },
      { entryPoints: ['overlays/staging'], everywhere: true },
    ]);
  });

  it('names the overlays a finding holds for', () => {
    const overlays = findings.map(
      (f) => `${f.ruleId} ${/\(in kustomize build of (.*)\)$/.exec(f.message)?.[1]}`,
    );
    assert.deepEqual(overlays, [
      'missing-anti-affinity overlays/prod',
      'missing-anti-affinity overlays/staging',
      'missing-ephemeral-storage-limit overlays/staging',
      'missing-memory-limit overlays/staging',
      'missing-ephemeral-storage-limit overlays/prod',
      'missing-memory-limit overlays/prod',
      'missing-resource-requests overlays/prod',
    ]);
    assert.equal(
      findings[0]!.message,
      'Deployment "prod-web" runs 3 replicas with no anti-affinity or topology spread: one node failure can take them all. (in kustomize build of overlays/prod)',
    );
  });

  it('finds nothing in the patches, nor what the overlays complete', () => {
    const files = new Set(findings.map((f) => f.file));
    // A PDB patch without a selector, a patch that only sets limits: fragments, not objects.
    assert.equal(files.has('overlays/prod/pdb-patch.yaml'), false);
    assert.equal(files.has('overlays/prod/limits.yaml'), false);
    // `images:` sets the tag the base leaves out, in both overlays.
    assert.equal(
      findings.some((f) => f.ruleId === 'image-pull-always'),
      false,
    );
    // namePrefix renames the PDB and the Deployment but not the selector, which still matches the pods.
    assert.equal(
      findings.some((f) => f.ruleId === 'missing-pdb' || f.ruleId === 'pdb-matches-nothing'),
      false,
    );
  });

  it('renders only what it is asked to: check of one overlay reports for that overlay alone', () => {
    const prod = check('overlays/prod');
    assert.deepEqual(
      prod.map((f) => `${at(f)} ${/\(in kustomize build of (.*)\)$/.exec(f.message)?.[1]}`),
      [
        'base/deploy.yaml:6:3-6:11 missing-anti-affinity overlays/prod',
        'base/deploy.yaml:21:17-21:22 missing-ephemeral-storage-limit overlays/prod',
        'base/deploy.yaml:21:17-21:22 missing-memory-limit overlays/prod',
        'base/deploy.yaml:21:17-21:22 missing-resource-requests overlays/prod',
      ],
    );
  });

  it('--fix edits the base when every overlay has the finding there, and the overlays rendered again lose it', () => {
    const copy = mkdtempSync(join(tmpdir(), 'kh-kustomize-fix-'));
    cpSync(tree, copy, { recursive: true });
    const result = runCli(
      ['check', '.', '--fix', '--fix-rule', 'missing-anti-affinity', '--fail-on', 'none'],
      undefined,
      copy,
    );
    assert.equal(result.code, 0, result.stderr);
    const fixed = readFileSync(join(copy, 'base', 'deploy.yaml'), 'utf8');
    assert.match(fixed, /\n {6}affinity:\n {8}podAntiAffinity:\n/);
    // The patches are untouched, and what remains comes from the rendered overlays as before.
    assert.equal(
      readFileSync(join(copy, 'overlays', 'prod', 'limits.yaml'), 'utf8'),
      readFileSync(join(tree, 'overlays', 'prod', 'limits.yaml'), 'utf8'),
    );
    const after = checkIn(copy, '.');
    assert.equal(
      after.some((f) => f.ruleId === 'missing-anti-affinity'),
      false,
    );
    assert.equal(after.length, findings.length - 2);
  });

  it('--fix leaves to the editor the fixes that belong in an overlay, and says so', () => {
    const copy = mkdtempSync(join(tmpdir(), 'kh-kustomize-fix-'));
    cpSync(tree, copy, { recursive: true });
    const result = runCli(
      [
        'check',
        '.',
        '--fix',
        '--fix-rule',
        'missing-memory-limit',
        '--profile',
        'strict',
        '--fail-on',
        'none',
      ],
      undefined,
      copy,
    );
    assert.equal(result.code, 0, result.stderr);
    // The five findings of one overlay only (two limits of staging's "app", three of prod's "debug") have
    // their cures in the overlays' files, which --fix does not write.
    assert.match(
      result.stderr,
      /base\/deploy\.yaml: 5 findings left unfixed: their fixes change Kustomize overlays' files, which --fix does not do \(the editor's quick fix can\)/,
    );
    for (const file of ['overlays/staging/kustomization.yaml', 'overlays/prod/limits.yaml']) {
      assert.equal(readFileSync(join(copy, file), 'utf8'), readFileSync(join(tree, file), 'utf8'), file);
    }
    assert.deepEqual(readdirSync(join(copy, 'overlays', 'staging')), ['kustomization.yaml']);
  });
});

/**
 * test/fixtures/kustomize-unrendered: a kustomization the renderer cannot render (as jobset's config/default
 * reaches a component with `configurations`). Its resources are checked as written, and related to each
 * other as the unit kustomize applies, wherever their folders are.
 */
describe('check over a kustomization it cannot render', () => {
  it('relates the resources it names across folders, and not the files it does not name', () => {
    const findings = checkIn(join(root, 'test', 'fixtures', 'kustomize-unrendered'), '.');
    // The Service that the kustomization names selects the Deployment of ../manager: it selects something.
    assert.deepEqual(
      findings.filter((f) => f.ruleId === 'service-selects-nothing'),
      [],
    );
    // The Deployment is seen to get that Service's traffic, and only that one's: the Service in the same
    // folder that the kustomization does not name is no part of what it applies.
    const shutdown = findings.filter((f) => f.ruleId === 'missing-graceful-shutdown');
    assert.deepEqual(shutdown.map(at), ['manager/manager.yaml:15:17-15:24 missing-graceful-shutdown']);
    assert.match(shutdown[0]!.message, /but Service "metrics" in default\/metrics-service\.yaml sends it/);
    assert.ok(findings.some((f) => f.ruleId === 'kustomization-not-rendered'));
  });
});
