// The check's worker threads (KUBE_HINDSIGHT_THREADS, server/cli/parallel-check.ts): the report made by two
// threads is the report one thread makes, byte for byte, and a worker that fails is reported while its files
// are still analysed. A preload (test/check-worker-probe.js) counts what the worker sent, so each test knows
// the worker did analyse files, and makes the failures.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stillClockPreload } from '../clock';
import { corpus, corpusMissing, kustomizeCorpus } from '../corpus';
import { cli, DEPLOYMENT, PDB, POD, root, tempTree, type CliResult } from './cli-run';

const probe = join(root, 'test', 'check-worker-probe.js');

interface Probe {
  result: CliResult;
  /** How many file outcomes the worker sent. */
  sent: number;
}

/** Runs the CLI with `env` added, under the probe. */
function runProbed(args: string[], cwd: string, env: Record<string, string>): Probe {
  const out = join(mkdtempSync(join(tmpdir(), 'kh-probe-')), 'sent');
  const result = spawnSync(
    process.execPath,
    ['--require', stillClockPreload, '--require', probe, cli, ...args],
    {
      cwd,
      encoding: 'utf8',
      timeout: 120000,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, KUBE_HINDSIGHT_THREADS: '', KH_PROBE_OUT: out, ...env },
    },
  );
  return {
    result: { code: result.status, stdout: result.stdout, stderr: result.stderr },
    sent: existsSync(out) ? readFileSync(out, 'utf8').length : 0,
  };
}

/** One thread, then two threads whose worker takes the first `waits` files; both runs' results. */
function serialAndParallel(args: string[], cwd: string, waits = 1): { serial: Probe; parallel: Probe } {
  return {
    serial: runProbed(args, cwd, {}),
    parallel: runProbed(args, cwd, { KUBE_HINDSIGHT_THREADS: '2', KH_PROBE_MAIN_WAITS: String(waits) }),
  };
}

/** The findings of a JSON report, which a failed worker's run must still hold in full. */
function findingsOf(probe: Probe): unknown[] {
  return (JSON.parse(probe.result.stdout) as { findings: unknown[] }).findings;
}

/** The run's problems, which the JSON report lists after the findings. */
function errorsOf(probe: Probe): string[] {
  return (JSON.parse(probe.result.stdout) as { errors?: string[] }).errors ?? [];
}

/** Ten files of one folder (one deployment unit) whose findings relate across files. */
function smallTree(): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < 10; i++) {
    files[`m${i}.yaml`] = [
      DEPLOYMENT.replaceAll('web', `web${i % 4}`),
      i % 2 === 0 ? PDB.replaceAll('web', `web${i % 4}`) : POD.replace('lonely', `lonely${i}`),
    ].join('---\n');
  }
  return tempTree(files);
}

describe('check in two threads', () => {
  it('reports what one thread reports, in every format, with the worker analysing files', () => {
    const dir = smallTree();
    for (const format of ['json', 'text', 'sarif', 'github']) {
      const { serial, parallel } = serialAndParallel(['check', '.', '--format', format], dir, 4);
      assert.equal(serial.sent, 0, 'one thread starts no worker');
      assert.ok(parallel.sent >= 4, `the worker sent ${parallel.sent} files`);
      assert.equal(parallel.result.stdout, serial.result.stdout, format);
      assert.equal(parallel.result.stderr, serial.result.stderr, format);
      assert.equal(parallel.result.code, serial.result.code, format);
    }
  });

  it('reports what one thread reports over the real-world corpus', { skip: corpusMissing }, () => {
    const { serial, parallel } = serialAndParallel(['check', '.', '--format', 'json'], corpus, 20);
    assert.ok(parallel.sent >= 20, `the worker sent ${parallel.sent} files`);
    assert.ok(JSON.parse(serial.result.stdout).findings.length > 100);
    assert.equal(parallel.result.stdout, serial.result.stdout);
    assert.equal(parallel.result.stderr, serial.result.stderr);
    assert.equal(parallel.result.code, serial.result.code);
  });

  it('reports what one thread reports over the kustomize corpus', { skip: corpusMissing }, () => {
    const { serial, parallel } = serialAndParallel(['check', '.', '--format', 'json'], kustomizeCorpus, 20);
    assert.ok(parallel.sent >= 20, `the worker sent ${parallel.sent} files`);
    assert.equal(parallel.result.stdout, serial.result.stdout);
    assert.equal(parallel.result.stderr, serial.result.stderr);
    assert.equal(parallel.result.code, serial.result.code);
  });

  it('reports a worker that stops halfway, and still analyses the files it did not send', () => {
    const dir = smallTree();
    const serial = runProbed(['check', '.', '--format', 'json'], dir, {});
    const failed = runProbed(['check', '.', '--format', 'json'], dir, {
      KUBE_HINDSIGHT_THREADS: '2',
      KH_PROBE_MAIN_WAITS: '3',
      KH_PROBE_FAULT: 'exit:2',
    });
    // It sent two files and stopped on the third it had taken.
    assert.equal(failed.sent, 2);
    assert.equal(failed.result.code, 2);
    assert.match(
      failed.result.stderr,
      /^kube-hindsight: a worker thread of the check failed \(it exited with code 1\); this thread analysed the files it had not\n$/,
    );
    assert.deepEqual(findingsOf(failed), findingsOf(serial));
    assert.deepEqual(errorsOf(failed), [
      'a worker thread of the check failed (it exited with code 1); this thread analysed the files it had not',
    ]);
  });

  it('reports a worker that fails as it starts, and analyses every file in the main thread', () => {
    const dir = smallTree();
    const serial = runProbed(['check', '.', '--format', 'json'], dir, {});
    const failed = runProbed(['check', '.', '--format', 'json'], dir, {
      KUBE_HINDSIGHT_THREADS: '2',
      KH_PROBE_FAULT: 'start',
    });
    assert.equal(failed.sent, 0);
    assert.equal(failed.result.code, 2);
    assert.match(
      failed.result.stderr,
      /a worker thread of the check failed \(Error: probe: the worker fails as it starts\)/,
    );
    assert.deepEqual(findingsOf(failed), findingsOf(serial));
    assert.equal(errorsOf(failed).length, 1);
  });

  it('leaves standard input and --fix to one thread', () => {
    const dir = smallTree();
    const stdin = spawnSync(process.execPath, ['--require', probe, cli, 'check', '-', '--format', 'json'], {
      cwd: dir,
      input: POD,
      encoding: 'utf8',
      env: { ...process.env, KUBE_HINDSIGHT_THREADS: '2', KH_PROBE_FAULT: 'start' },
    });
    // A worker would have failed as it started, and said so.
    assert.equal(stdin.stderr, '');
    assert.equal(stdin.status, 1);
    const dry = runProbed(['check', '.', '--fix-dry-run'], dir, {
      KUBE_HINDSIGHT_THREADS: '2',
      KH_PROBE_FAULT: 'start',
    });
    assert.doesNotMatch(dry.result.stderr, /worker thread/);
    assert.equal(dry.sent, 0);
  });
});
