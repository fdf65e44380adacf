// What the CLI could not parse or did not analyse is a finding in every format, counted by --fail-on:
// a syntax error (invalid-yaml), a file over the size bound (file-skipped), and the bound raised by
// `--max-file-bytes` or `limits:` in .kube-hindsight.yaml. The SARIF side (schema and regions) is in
// cli-sarif.test.ts.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MISINDENTED_CONTAINERS } from '../../rules/invalid-yaml/cases';
import { json, POD, runCli as run, tempTree } from './cli-run';

const SYNTAX_MESSAGE =
  'YAML syntax error (BAD_INDENT): This line is indented differently from the keys before it, so it belongs ' +
  'to no mapping. Keys of one mapping must start in the same column; indent this key like its siblings, or ' +
  'under the key it belongs to. Kube Hindsight checks this document once it parses.';

/** The mis-indented Deployment, then a valid Pod that must still be analysed. */
const BROKEN_THEN_POD = MISINDENTED_CONTAINERS + '---\n' + POD;

/** A ConfigMap of about `bytes` bytes (no rule reads a ConfigMap's data, so analysing it is quick). */
function configMap(bytes: number): string {
  const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n';
  const line = '  key: a value that repeats until the file is large enough\n';
  return head + line.repeat(Math.ceil((bytes - head.length) / line.length));
}

describe('kube-hindsight check: syntax errors are findings', () => {
  it('reports the mis-indented containers: at their line in JSON, exits 1, and still analyses the valid Pod', () => {
    const dir = tempTree({ 'deploy.yaml': BROKEN_THEN_POD });
    const result = run(['check', '--format', 'json', 'deploy.yaml'], undefined, dir);
    assert.equal(result.stderr, '');
    assert.equal(result.code, 1);
    const findings = json(result).findings;
    assert.deepEqual(
      findings
        .filter((f) => f.ruleId === 'invalid-yaml')
        .map((f) => [f.severity, f.file, f.line, f.column, f.endLine, f.endColumn, f.message, f.object]),
      [['error', 'deploy.yaml', 21, 6, 21, 17, SYNTAX_MESSAGE, null]],
    );
    // The Pod after the broken Deployment (from line 25) is analysed as if it were alone.
    const alone = json(run(['check', '--format', 'json', '-'], POD)).findings;
    assert.deepEqual(
      findings.filter((f) => f.ruleId !== 'invalid-yaml').map((f) => [f.ruleId, f.line - 24, f.column]),
      alone.map((f) => [f.ruleId, f.line, f.column]),
    );
    // At --fail-on error the syntax error alone still fails the run; only `none` lets it pass.
    assert.equal(run(['check', '--fail-on', 'error', 'deploy.yaml'], undefined, dir).code, 1);
    assert.equal(run(['check', '--fail-on', 'none', 'deploy.yaml'], undefined, dir).code, 0);
  });

  it('prints it in text, with its story, and as a GitHub error annotation with its region', () => {
    const dir = tempTree({ 'deploy.yaml': MISINDENTED_CONTAINERS });
    const text = run(['check', 'deploy.yaml'], undefined, dir);
    assert.equal(text.code, 1);
    const lines = text.stdout.split('\n');
    assert.equal(lines[0], `deploy.yaml:21:6 error invalid-yaml ${SYNTAX_MESSAGE}`);
    assert.match(
      lines[1]!,
      /^ {4}war story: KubeLinter: manifests that failed to parse passed without a word /,
    );
    assert.match(text.stdout, /\n1 error in 1 file\.\n$/);

    const github = run(['check', '--format', 'github', 'deploy.yaml'], undefined, dir);
    assert.equal(github.code, 1);
    assert.equal(
      github.stdout.split('\n')[0],
      '::error file=deploy.yaml,line=21,col=6,endLine=21,endColumn=17,' +
        `title=invalid-yaml%3A YAML that does not parse::${SYNTAX_MESSAGE}` +
        '%0AWar story: KubeLinter: manifests that failed to parse passed without a word (public report) ' +
        'https://github.com/stackrox/kube-linter/issues/41',
    );
  });

  it('follows severity and suppression like any rule', () => {
    const dir = tempTree({ 'deploy.yaml': MISINDENTED_CONTAINERS });
    const warning = run(
      ['check', '--format', 'json', '--rule', 'invalid-yaml=warning', 'deploy.yaml'],
      undefined,
      dir,
    );
    assert.deepEqual(
      json(warning).findings.map((f) => [f.ruleId, f.severity]),
      [['invalid-yaml', 'warning']],
    );
    const off = run(['check', '--rule', 'invalid-yaml=off', 'deploy.yaml'], undefined, dir);
    assert.deepEqual([off.code, off.stdout], [0, 'No findings in 1 file.\n']);
    const ignored = MISINDENTED_CONTAINERS.replace(
      '     containers:',
      '     # kube-hindsight-ignore invalid-yaml -- being rewritten\n     containers:',
    );
    writeFileSync(join(dir, 'deploy.yaml'), ignored);
    assert.equal(run(['check', 'deploy.yaml'], undefined, dir).code, 0);
  });
});

describe('kube-hindsight check: skipped files are findings', () => {
  const bound = 'limits:\n  maxFileBytes: 1024\n';

  it('reports a file over limits.maxFileBytes in JSON, text and GitHub, and exits 1 at the default --fail-on', () => {
    const dir = tempTree({ '.kube-hindsight.yaml': bound, 'big.yaml': configMap(3000) });
    const result = run(['check', '--format', 'json', 'big.yaml'], undefined, dir);
    assert.equal(result.stderr, '');
    assert.equal(result.code, 1);
    const message =
      'Kube Hindsight skipped this file: it is 3 KiB, above the 1 KiB it analyses (kubeHindsight.limits.maxFileBytes). ' +
      'Raise that bound to analyse it, in the editor setting or as limits.maxFileBytes in .kube-hindsight.yaml, ' +
      'or with --max-file-bytes on the command line.';
    assert.deepEqual(
      json(result).findings.map((f) => [
        f.ruleId,
        f.severity,
        f.line,
        f.column,
        f.endLine,
        f.endColumn,
        f.message,
      ]),
      [['file-skipped', 'warning', 1, 1, 1, 15, message]],
    );

    const text = run(['check', 'big.yaml'], undefined, dir);
    assert.equal(text.code, 1);
    assert.equal(text.stdout.split('\n')[0], `big.yaml:1:1 warning file-skipped ${message}`);
    assert.match(text.stdout, /\n1 warning in 1 file\.\n$/);

    const github = run(['check', '--format', 'github', 'big.yaml'], undefined, dir);
    assert.match(
      github.stdout,
      /^::warning file=big\.yaml,line=1,col=1,endLine=1,endColumn=15,title=file-skipped%3A File or document skipped at a bound::Kube Hindsight skipped this file: it is 3 KiB/,
    );
    // A warning: --fail-on error lets the run pass, and the finding still shows.
    const lenient = run(['check', '--fail-on', 'error', 'big.yaml'], undefined, dir);
    assert.equal(lenient.code, 0);
    assert.match(lenient.stdout, /warning file-skipped/);
  });

  it('--max-file-bytes raises the bound over the configuration, and the file is analysed', () => {
    const dir = tempTree({ '.kube-hindsight.yaml': bound, 'big.yaml': configMap(3000), 'pod.yaml': POD });
    for (const size of ['4096', '4KB', '4k', '4KiB']) {
      const raised = run(['check', '--format', 'json', '--max-file-bytes', size, 'big.yaml'], undefined, dir);
      assert.deepEqual([raised.code, json(raised).findings], [0, []], size);
    }
    // Over the default bound of 5 MiB, without any configuration.
    const plain = tempTree({ 'huge.yaml': configMap(6 * 1024 * 1024) });
    const skipped = json(run(['check', '--format', 'json', 'huge.yaml'], undefined, plain)).findings;
    assert.deepEqual(
      skipped.map((f) => f.ruleId),
      ['file-skipped'],
    );
    assert.match(skipped[0]!.message, /it is 6(\.0)? MiB, above the 5 MiB it analyses/);
    const analysed = run(['check', '--max-file-bytes=8MB', 'huge.yaml'], undefined, plain);
    assert.deepEqual([analysed.code, analysed.stdout], [0, 'No findings in 1 file.\n']);
  });

  it('can be turned off in the configuration or with --rule, like any rule', () => {
    const dir = tempTree({
      '.kube-hindsight.yaml': `${bound}rules:\n  file-skipped: off\n`,
      'big.yaml': configMap(3000),
    });
    assert.deepEqual(
      [run(['check', 'big.yaml'], undefined, dir).code, run(['check', 'big.yaml'], undefined, dir).stdout],
      [0, 'No findings in 1 file.\n'],
    );
    const other = tempTree({ '.kube-hindsight.yaml': bound, 'big.yaml': configMap(3000) });
    assert.equal(run(['check', '--rule', 'file-skipped=off', 'big.yaml'], undefined, other).code, 0);
    assert.equal(
      run(['check', '--rule', 'file-skipped=error', '--fail-on', 'error', 'big.yaml'], undefined, other).code,
      1,
    );
  });

  it('rejects a size it cannot read, and a wrong limits: entry is a configuration problem', () => {
    for (const size of ['lots', '10', '2GB', '-1']) {
      const result = run(['check', '--max-file-bytes', size, '-'], POD);
      assert.equal(result.code, 2, size);
      assert.equal(
        result.stderr,
        `kube-hindsight: --max-file-bytes must be a size from 1 KiB to 1 GiB, such as 20MiB or 20971520, not "${size}"\n`,
      );
    }
    const dir = tempTree({
      '.kube-hindsight.yaml': 'limits:\n  maxFileByte: 9000\n  maxDepth: 3\n',
      'pod.yaml': POD,
    });
    const result = run(['check', 'pod.yaml'], undefined, dir);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      'kube-hindsight: .kube-hindsight.yaml:2:3: Unknown limit "maxFileByte"; did you mean "maxFileBytes"? ' +
        '(limits: maxFileBytes, maxDocuments, maxAliasCount, maxDepth, timeBudgetMs).\n' +
        'kube-hindsight: .kube-hindsight.yaml:3:13: limits.maxDepth must be a whole number from 8 to 500.\n',
    );
  });
});
