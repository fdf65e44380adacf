// The quiet default, measured on the small real workspace a new user would try (issue 22): the Kubernetes
// guestbook tutorial, microservices-demo, the HPA walkthrough's php-apache and a CronJob, one folder per
// app as in a repository. An editor's Problems panel lists errors, warnings and informational diagnostics
// (VS Code leaves hints out of it), so those are the entries counted here; the CLI's JSON carries exactly
// the diagnostics the server publishes, from the same engine and the same deployment units.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { corpus, corpusMissing } from '../corpus';
import { runCli } from './cli-run';

const APPS: Record<string, string[]> = {
  guestbook: [
    'website/application__guestbook__frontend-deployment.yaml',
    'website/application__guestbook__frontend-service.yaml',
    'website/application__guestbook__redis-follower-deployment.yaml',
    'website/application__guestbook__redis-leader-deployment.yaml',
    'website/application__guestbook__redis-leader-service.yaml',
  ],
  'microservices-demo': ['microservices-demo-kubernetes-manifests.yaml'],
  hpa: ['website/application__hpa__php-apache.yaml'],
  cronjob: ['website/application__job__cronjob.yaml'],
};

interface Finding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
  column: number;
}

/** The workspace as a user's clone would hold it: a temporary folder with one folder per app. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kh-workspace-'));
  for (const [app, files] of Object.entries(APPS)) {
    mkdirSync(join(dir, app));
    for (const file of files) copyFileSync(join(corpus, file), join(dir, app, basename(file)));
  }
  return dir;
}

function findings(dir: string, ...args: string[]): Finding[] {
  const result = runCli(['check', '--format', 'json', '--fail-on', 'none', ...args, '.'], undefined, dir);
  assert.equal(result.code, 0, result.stderr);
  return (JSON.parse(result.stdout) as { findings: Finding[] }).findings;
}

const count = (list: Finding[], severity: string): number =>
  list.filter((f) => f.severity === severity).length;
const listed = (list: Finding[]): Finding[] => list.filter((f) => f.severity !== 'hint');
const key = (f: Finding): string => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.severity}`;

describe('the default profile on a small real workspace', { skip: corpusMissing }, () => {
  it('lists at least 70 % fewer Problems entries than every rule at its default, and loses no warning or error', () => {
    const dir = workspace();
    const strict = findings(dir, '--profile', 'strict');
    const recommended = findings(dir);
    // Every rule at its default severity (what the product showed before profiles existed).
    assert.deepEqual(
      { error: count(strict, 'error'), warning: count(strict, 'warning'), info: count(strict, 'info') },
      { error: 1, warning: 13, info: 68 },
    );
    assert.equal(listed(strict).length, 82);
    // The default: the same errors and warnings, the advice as hints.
    assert.deepEqual(
      {
        error: count(recommended, 'error'),
        warning: count(recommended, 'warning'),
        info: count(recommended, 'info'),
        hint: count(recommended, 'hint'),
      },
      { error: 1, warning: 13, info: 0, hint: 68 },
    );
    assert.equal(listed(recommended).length, 14);
    assert.ok(1 - listed(recommended).length / listed(strict).length >= 0.7);
    const loud = (list: Finding[]): string[] =>
      list
        .filter((f) => f.severity === 'error' || f.severity === 'warning')
        .map(key)
        .sort();
    assert.deepEqual(loud(recommended), loud(strict));
    // Nothing disappears: each informational finding is still there, as a hint at the same place.
    assert.deepEqual(
      recommended
        .filter((f) => f.severity === 'hint')
        .map(key)
        .sort(),
      strict
        .filter((f) => f.severity === 'info')
        .map((f) => key({ ...f, severity: 'hint' }))
        .sort(),
    );
  });

  it('the terminal report lists the errors and warnings one by one, and groups the hints by rule', () => {
    const dir = workspace();
    const text = (...args: string[]): string[] =>
      runCli(['check', '--fail-on', 'none', ...args, '.'], undefined, dir).stdout.split('\n');
    const findingLine = /^[\w./-]+\.yaml:\d+:\d+ (error|warning|info|hint) /;
    const quiet = text();
    assert.equal(quiet.filter((line) => findingLine.test(line)).length, 14);
    const start = quiet.indexOf('Hints, by rule (--profile strict lists each one):');
    assert.notEqual(start, -1);
    const groups = quiet.slice(start + 1, quiet.indexOf('', start));
    assert.deepEqual(groups.map((line) => line.split(':')[0]!.trim()).sort(), [
      'cpu-limit-throttling',
      'hpa-missing-behavior',
      'identical-liveness-readiness',
      'job-without-limits',
      'missing-ephemeral-storage-limit',
      'missing-graceful-shutdown',
      'missing-startup-probe',
      'service-account-token-automount',
    ]);
    assert.ok(
      groups.includes(
        '  missing-ephemeral-storage-limit: Container without an ephemeral-storage limit, at cronjob/application__job__cronjob.yaml:12:19 and 16 more',
      ),
      groups.join('\n'),
    );
    assert.equal(quiet.at(-2), '1 error, 13 warnings, 68 hints in 8 files.');
    const strict = text('--profile', 'strict');
    assert.equal(strict.filter((line) => findingLine.test(line)).length, 82);
    assert.ok(!strict.includes('Hints, by rule (--profile strict lists each one):'));
  });

  it('extends: in the workspace configuration chooses the profile, and --profile overrides it', () => {
    const dir = workspace();
    writeFileSync(join(dir, '.kube-hindsight.yaml'), 'extends: strict\n');
    assert.equal(listed(findings(dir)).length, 82);
    assert.equal(listed(findings(dir, '--profile', 'recommended')).length, 14);
    writeFileSync(join(dir, '.kube-hindsight.yaml'), 'extends: security\n');
    const security = findings(dir);
    assert.deepEqual([...new Set(security.map((f) => f.ruleId))].sort(), [
      'removed-api-version',
      'service-account-token-automount',
    ]);
  });
});
