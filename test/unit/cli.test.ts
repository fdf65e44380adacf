// Runs the built CLI (dist/cli.js) as a user or a CI job would, and checks its contract.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');

function run(
  args: string[],
  input?: string,
  cwd = root,
): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    input,
    encoding: 'utf8',
    timeout: 30000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const POD =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: lonely\n  namespace: ops\nspec:\n  containers:\n  - name: shell\n    image: busybox:1.36\n';

describe('kube-hindsight check', () => {
  it('writes the JSON contract with 1-based positions, object identity and story', () => {
    const { code, stdout, stderr } = run(['check', '--format', 'json', '-'], POD);
    assert.equal(stderr, '');
    assert.equal(code, 1);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(report), ['tool', 'version', 'findings']);
    assert.equal(report.tool, 'kube-hindsight');
    assert.match(String(report.version), /^\d+\.\d+\.\d+/);
    const findings = report.findings as Record<string, unknown>[];
    assert.deepEqual(
      findings.find((f) => f.ruleId === 'missing-memory-limit'),
      {
        ruleId: 'missing-memory-limit',
        severity: 'warning',
        message:
          'Container "shell" has no memory limit: a leak can exhaust the node\u2019s memory and take its neighbours down.',
        file: '<stdin>',
        line: 8,
        column: 11,
        endLine: 8,
        endColumn: 16,
        object: { apiVersion: 'v1', kind: 'Pod', name: 'lonely', namespace: 'ops' },
        story: {
          title: 'Blue Matador: two production nodes ran out of memory',
          url: 'https://www.bluematador.com/blog/post-mortem-kubernetes-node-oom',
          evidence: 'postmortem',
        },
      },
    );
    // Sorted by position, then rule id.
    assert.deepEqual(
      findings.map((f) => f.ruleId),
      [
        'service-account-token-automount',
        'missing-ephemeral-storage-limit',
        'missing-memory-limit',
        'missing-resource-requests',
      ],
    );
  });

  it('prints file:line:col severity rule message and the story in text mode', () => {
    const { code, stdout } = run(['check', 'examples/network-policies.yaml']);
    assert.equal(code, 1);
    const [first, story] = stdout.split('\n');
    assert.equal(
      first,
      'examples/network-policies.yaml:12:5 error default-deny-blocks-dns This policy isolates egress, but nothing in namespace "payments" allows DNS (port 53): every name lookup will fail.',
    );
    assert.match(
      story ?? '',
      /war story: kubernetes\/website #38267.*\(public report\) https:\/\/github\.com/,
    );
    assert.match(stdout, /1 error in 1 file\.\n$/);
  });

  it('exits 0 for a clean manifest and when nothing reaches --fail-on', () => {
    assert.equal(run(['check', 'examples/hardened.yaml']).code, 0);
    assert.equal(run(['check', '--fail-on', 'error', 'examples/checkout.yaml']).code, 0);
    assert.equal(run(['check', '--fail-on=error', 'examples/network-policies.yaml']).code, 1);
    assert.equal(run(['check', '--fail-on', 'none', 'examples']).code, 0);
    assert.match(run(['check', 'examples/hardened.yaml']).stdout, /^No findings in 1 file\.\n$/);
  });

  it('recurses into directories for *.yaml and *.yml, skipping node_modules and .git', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-cli-'));
    mkdirSync(join(dir, 'node_modules'));
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'apps'));
    writeFileSync(join(dir, 'apps', 'pod.yml'), POD);
    writeFileSync(join(dir, 'node_modules', 'pod.yaml'), POD);
    writeFileSync(join(dir, '.git', 'pod.yaml'), POD);
    writeFileSync(join(dir, 'notes.txt'), POD);
    const { stdout } = run(['check', '--format', 'json', dir]);
    const files = new Set((JSON.parse(stdout).findings as { file: string }[]).map((f) => f.file));
    assert.deepEqual([...files], [join(dir, 'apps', 'pod.yml')]);
  });

  it('exits 2 with one line on stderr for usage and I/O errors', () => {
    for (const args of [
      [],
      ['lint', 'x'],
      ['check'],
      ['check', '--format', 'xml', 'x'],
      ['check', '--nope', 'x'],
    ]) {
      const { code, stderr } = run(args);
      assert.equal(code, 2, `args ${JSON.stringify(args)}`);
      assert.match(stderr.split('\n')[0]!, /^kube-hindsight: /);
    }
    const missing = run(['check', 'examples/does-not-exist.yaml', 'examples/hardened.yaml']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'kube-hindsight: no such file or directory: examples/does-not-exist.yaml\n');
    assert.match(missing.stdout, /No findings in 1 file/);
  });

  it('never crashes on malformed YAML, Helm templates, empty or binary input', () => {
    const inputs = [
      'apiVersion: v1\nkind: Pod\nspec: [unclosed\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
      '',
      '\u0000\u0001binary\u00ff',
      'just: a config\n',
    ];
    for (const input of inputs) {
      const { code, stdout, stderr } = run(['check', '--format', 'json', '-'], input);
      assert.equal(stderr, '');
      assert.equal(code, 0);
      assert.deepEqual(JSON.parse(stdout).findings, []);
    }
  });

  it('follows the nearest .kube-hindsight.yaml: severities, ignored paths, and located config errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-cli-config-'));
    mkdirSync(join(dir, 'apps', 'ops'), { recursive: true });
    mkdirSync(join(dir, 'generated'));
    writeFileSync(join(dir, 'apps', 'ops', 'pod.yaml'), POD);
    writeFileSync(join(dir, 'generated', 'pod.yaml'), POD);
    writeFileSync(
      join(dir, '.kube-hindsight.yaml'),
      'rules:\n  missing-memory-limit: error\n  missing-resource-requests: off\nignore: [generated/**]\n',
    );
    const report = run(['check', '--format', 'json', dir], undefined, tmpdir());
    assert.equal(report.stderr, '');
    assert.equal(report.code, 1);
    assert.deepEqual(
      (JSON.parse(report.stdout).findings as { ruleId: string; severity: string; file: string }[]).map(
        (f) => [f.ruleId, f.severity, f.file],
      ),
      [
        ['service-account-token-automount', 'info', relative(tmpdir(), join(dir, 'apps', 'ops', 'pod.yaml'))],
        ['missing-ephemeral-storage-limit', 'info', relative(tmpdir(), join(dir, 'apps', 'ops', 'pod.yaml'))],
        ['missing-memory-limit', 'error', relative(tmpdir(), join(dir, 'apps', 'ops', 'pod.yaml'))],
      ],
    );

    writeFileSync(join(dir, '.kube-hindsight.yaml'), 'rules:\n  missing-memory-limit: loud\n');
    const broken = run(['check', join(dir, 'apps')], undefined, tmpdir());
    assert.equal(broken.code, 2);
    assert.equal(
      broken.stderr,
      `kube-hindsight: ${relative(tmpdir(), join(dir, '.kube-hindsight.yaml'))}:2:25: Rule "missing-memory-limit": severity must be off, hint, info, warning or error, not "loud".\n`,
    );
    // The valid rest of the configuration still applies, and findings are still printed.
    assert.match(broken.stdout, /missing-memory-limit/);
  });

  it('prints help and version', () => {
    assert.match(run(['--help']).stdout, /^Usage: kube-hindsight check/);
    assert.match(run(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
