// `kube-hindsight check --fix` and `--fix-dry-run`, through the built CLI on copies of corpus files and small
// fixtures: fixes keep comments, line endings, a BOM and every unrelated byte, a second run changes nothing,
// a dry run changes nothing and prints a diff that `git apply` turns into exactly what --fix writes, standard
// input's fixed text goes to stdout, the exit code counts what remains, and an unsafe result is refused.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { corpusOrExamples } from '../corpus';
import { refusalOf } from '../../server/cli/fix';
import { unifiedDiff } from '../../server/cli/unified-diff';
import { DEPLOYMENT, json, POD, runCli as run, tempTree } from './cli-run';

/** A PodDisruptionBudget of a removed API version (its fix is safe), with comments, CRLF and no BOM. */
const OLD_PDB = [
  '# Budget for the web tier.',
  'apiVersion: policy/v1beta1 # still the old group',
  'kind: PodDisruptionBudget',
  'metadata:',
  '  name: web',
  '  namespace: shop',
  'spec:',
  '  maxUnavailable: 1   # keep this spacing',
  '  selector:',
  '    matchLabels: { app: web }',
  '',
].join('\r\n');
const FIXED_PDB = OLD_PDB.replace('policy/v1beta1', 'policy/v1');
const BOM = '\uFEFF';

/** Applies `patch` in `dir` with git (outside any repository, git apply works as patch does). */
function gitApply(dir: string, patch: string, check = false): void {
  writeFileSync(join(dir, '..', `${basename(dir)}.patch`), patch);
  const result = spawnSync(
    'git',
    ['apply', ...(check ? ['--check'] : []), join('..', `${basename(dir)}.patch`)],
    {
      cwd: dir,
      encoding: 'utf8',
    },
  );
  assert.equal(result.status, 0, `git apply failed: ${result.stderr}`);
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'latin1')]));
}

describe('kube-hindsight check --fix', () => {
  it('fixes in place, keeping comments, CRLF, a BOM and every other byte, and a second run changes nothing', () => {
    const dir = tempTree({ 'pdb.yaml': OLD_PDB, 'bom.yaml': BOM + OLD_PDB });
    const before = run(['check', '--format', 'json', '.'], undefined, dir);
    assert.equal(before.code, 1, 'removed-api-version is an error before the fix');
    const first = run(['check', '--fix', '--format', 'json', '.'], undefined, dir);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(json(first).findings, []);
    assert.match(first.stderr, /pdb\.yaml: fixed 1 problem/);
    assert.equal(readFileSync(join(dir, 'pdb.yaml'), 'utf8'), FIXED_PDB);
    assert.equal(readFileSync(join(dir, 'bom.yaml'), 'utf8'), BOM + FIXED_PDB);
    assert.deepEqual([...readFileSync(join(dir, 'bom.yaml')).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const fixed = snapshot(dir);
    const second = run(['check', '--fix', '--format', 'json', '.'], undefined, dir);
    assert.equal(second.code, 0);
    assert.doesNotMatch(second.stderr, /fixed/);
    assert.deepEqual(snapshot(dir), fixed, 'a second run changes nothing');
  });

  it('reports what remains and exits by it', () => {
    // The Deployment's safe fixes (anti-affinity, a PodDisruptionBudget) leave nothing at warning level.
    const dir = tempTree({
      'deploy.yaml': DEPLOYMENT.replace(/ {6}affinity:[\s\S]*?(?= {6}containers:)/, ''),
    });
    assert.equal(run(['check', 'deploy.yaml'], undefined, dir).code, 1);
    const result = run(['check', '--fix', '--format', 'json', 'deploy.yaml'], undefined, dir);
    assert.match(result.stderr, /deploy\.yaml: fixed 2 problems/);
    assert.deepEqual(
      json(result).findings.map((f) => f.ruleId),
      [],
    );
    assert.equal(result.code, 0);
    // A Pod's findings have no safe fix: nothing is written, and the warnings still fail the run.
    const pod = tempTree({ 'pod.yaml': POD });
    const left = run(['check', '--fix', '--format', 'json', 'pod.yaml'], undefined, pod);
    assert.equal(left.code, 1);
    assert.equal(readFileSync(join(pod, 'pod.yaml'), 'utf8'), POD);
    assert.ok(json(left).findings.some((f) => f.ruleId === 'missing-memory-limit'));
  });

  it('applies the first fix of each --fix-rule too, and validates the ids', () => {
    const result = run(
      ['check', '--fix', '--fix-rule', 'missing-memory-limit', '--format', 'json', '-'],
      POD,
    );
    assert.match(result.stdout, /^ {4}resources:\n {6}limits:\n {8}memory: /m);
    assert.ok(result.stdout.startsWith(POD), 'standard input keeps its text and gains the fix');
    const report = JSON.parse(result.stderr.slice(result.stderr.indexOf('{'))) as ReturnType<typeof json>;
    assert.ok(!report.findings.some((f) => f.ruleId === 'missing-memory-limit'));
    const typo = run(['check', '--fix', '--fix-rule', 'missing-memory-limt', '-'], POD);
    assert.equal(typo.code, 2);
    assert.match(
      typo.stderr,
      /--fix-rule: unknown rule "missing-memory-limt"; did you mean "missing-memory-limit"\?/,
    );
    const alone = run(['check', '--fix-rule', 'missing-memory-limit', '-'], POD);
    assert.equal(alone.code, 2);
    assert.match(alone.stderr, /--fix-rule needs --fix or --fix-dry-run/);
    assert.equal(run(['check', '--fix', '--fix-dry-run', '-'], POD).code, 2);
  });

  it('prints standard input fixed on stdout and the report on stderr', () => {
    const result = run(['check', '--fix', '-'], BOM + OLD_PDB);
    assert.equal(result.stdout, BOM + FIXED_PDB);
    assert.match(result.stderr, /<stdin>: fixed 1 problem/);
    assert.equal(result.code, 0);
    // Nothing to fix: the text passes through unchanged, and the findings still count.
    const pod = run(['check', '--fix', '-'], POD);
    assert.equal(pod.stdout, POD);
    assert.match(pod.stderr, /missing-memory-limit/);
    assert.equal(pod.code, 1);
  });

  it('--fix-dry-run changes nothing and prints a diff that git apply turns into what --fix writes', () => {
    const dir = tempTree({ 'pdb.yaml': OLD_PDB, 'bom.yaml': BOM + OLD_PDB });
    const before = snapshot(dir);
    const dry = run(['check', '--fix-dry-run', '.'], undefined, dir);
    assert.equal(dry.code, 0, 'the exit code is that of what would remain');
    assert.deepEqual(snapshot(dir), before, 'a dry run writes nothing');
    assert.match(dry.stdout, /^--- a\/bom\.yaml\n\+\+\+ b\/bom\.yaml\n@@ -1,5 \+1,5 @@\n/m);
    assert.match(dry.stderr, /pdb\.yaml: would fix 1 problem/);
    gitApply(dir, dry.stdout, true);
    gitApply(dir, dry.stdout);
    assert.equal(readFileSync(join(dir, 'pdb.yaml'), 'utf8'), FIXED_PDB);
    assert.equal(readFileSync(join(dir, 'bom.yaml'), 'utf8'), BOM + FIXED_PDB);
    assert.equal(run(['check', '--fix-dry-run', '.'], undefined, dir).stdout, '', 'nothing left to diff');
  });

  it('on copies of corpus files: the dry run diff and --fix agree, comments are kept, a second run is idempotent', () => {
    const files = corpusOrExamples(60_000).slice(0, 40);
    const fixedDir = mkdtempSync(join(tmpdir(), 'kh-fix-'));
    const patchedDir = mkdtempSync(join(tmpdir(), 'kh-fix-'));
    // Flattened names keep the copies apart; a unit per file keeps cross-file rules within it as well.
    const names = files.map((file, i) => `${i}-${basename(file)}`);
    files.forEach((file, i) => {
      copyFileSync(file, join(fixedDir, names[i]!));
      copyFileSync(file, join(patchedDir, names[i]!));
    });
    const original = snapshot(fixedDir);
    const dry = run(['check', '--fix-dry-run', '--fail-on', 'none', '.'], undefined, patchedDir);
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(snapshot(patchedDir), original);
    const fix = run(['check', '--fix', '--fail-on', 'none', '.'], undefined, fixedDir);
    assert.equal(fix.code, 0, fix.stderr);
    const fixed = snapshot(fixedDir);
    assert.notDeepEqual(fixed, original, 'some corpus file has a safe fix');
    if (dry.stdout) gitApply(patchedDir, dry.stdout);
    assert.deepEqual(snapshot(patchedDir), fixed, 'the diff applies to exactly what --fix wrote');
    for (const name of names) assert.equal(refusalOf(original[name]!, fixed[name]!), undefined, name);
    const again = run(['check', '--fix', '--fail-on', 'none', '.'], undefined, fixedDir);
    assert.equal(again.code, 0);
    assert.deepEqual(snapshot(fixedDir), fixed, 'a second --fix changes nothing');
  });
});

describe('--fix refuses an unsafe result', () => {
  it('refuses a text that would not parse or would lose a comment', () => {
    const text = 'a: 1 # one\nb: "#not a comment"\n';
    assert.equal(refusalOf(text, 'a: 2 # one\nb: "#not a comment"\n'), undefined);
    assert.equal(refusalOf(text, 'a: 2 # one\nb: [unclosed\n'), 'would not parse');
    assert.equal(refusalOf(text, 'a: 2\nb: "#not a comment"\n'), 'would lose the comment "# one"');
    // A text that did not parse before may stay as broken, but not get worse.
    assert.equal(refusalOf('a: [\n', 'a: [\n'), undefined);
  });
});

describe('unified diffs', () => {
  it('are accepted by git apply and produce the new text, for line-ending and end-of-file edge cases', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const text = (): string => {
      const n = Math.floor(random() * 10);
      let out = '';
      for (let i = 0; i < n; i++) {
        out += 'abcd'[Math.floor(random() * 4)]!;
        if (i < n - 1 || random() < 0.8) out += random() < 0.2 ? '\r\n' : '\n';
      }
      return out;
    };
    for (let round = 0; round < 60; round++) {
      const [before, after] = [text(), text()];
      const diff = unifiedDiff('f.yaml', before, after);
      if (before === after) {
        assert.equal(diff, '');
        continue;
      }
      const dir = tempTree({ 'f.yaml': before });
      gitApply(dir, diff);
      assert.equal(readFileSync(join(dir, 'f.yaml'), 'utf8'), after, JSON.stringify({ before, after, diff }));
    }
  });
});
