// Where platform teams already work: the pre-commit hooks (.pre-commit-hooks.yaml) run as pre-commit runs
// them, the GitHub Action's step (scripts/action/check.sh) with its inputs as environment variables, and the
// README's snippets for --fix, pre-commit, the Action and profiles, extracted and run or validated.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { load } from 'js-yaml';
import { BUILT_IN_RULES } from '../built-in-rules';
import { stillClockPreload } from '../clock';
import { parseConfig } from '../../server/engine/config';
import { cli, DEPLOYMENT, POD, root, tempTree } from './cli-run';

/** A folder with a `kube-hindsight` command on it, as `npm install --global` leaves one (the built CLI). */
/** A budget of a removed API version with a comment: its fix (policy/v1) is safe, so --fix applies it. */
const OLD_PDB =
  '# the web tier may lose one pod at a time\napiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: { app: web }\n';
const NEW_PDB = OLD_PDB.replace('policy/v1beta1', 'policy/v1');

function commandDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kh-bin-'));
  const command = join(dir, 'kube-hindsight');
  writeFileSync(
    command,
    `#!/usr/bin/env bash\nexec ${JSON.stringify(process.execPath)} --require ${JSON.stringify(stillClockPreload)} ${JSON.stringify(cli)} "$@"\n`,
  );
  chmodSync(command, 0o755);
  return dir;
}
const bin = commandDir();
const PATH = `${bin}:${process.env.PATH ?? ''}`;

function sh(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PATH, ...env },
    timeout: 120000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Hook {
  id: string;
  entry: string;
  language: string;
  types: string[];
  args?: string[];
}
const hooks = load(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

/**
 * Runs a hook as pre-commit does: the staged files of the hook's types (`yaml`: the names identify reads as
 * YAML) appended to the entry and its args, from the repository's root.
 */
function runHook(repo: string, id: string, args: string[] = []) {
  const hook = hooks.find((h) => h.id === id)!;
  const staged = sh('git', ['diff', '--cached', '--name-only', '--diff-filter=ACMR'], repo)
    .stdout.split('\n')
    .filter((name) => /\.ya?ml$/.test(name));
  const [command, ...entryArgs] = hook.entry.split(/\s+/);
  return sh(command!, [...entryArgs, ...(hook.args ?? []), ...args, ...staged], repo);
}

function gitRepo(files: Record<string, string>): string {
  const repo = tempTree(files);
  sh('git', ['init', '-q'], repo);
  sh('git', ['add', '.'], repo);
  return repo;
}

/** The fenced block of `language` in the README that follows `heading` (the first after it). */
function readmeBlock(heading: string, language: string): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const at = readme.indexOf(heading);
  assert.notEqual(at, -1, `README has "${heading}"`);
  const open = readme.indexOf('```' + language + '\n', at);
  const close = readme.indexOf('\n```', open + 4);
  return readme.slice(open + language.length + 4, close + 1);
}

describe('pre-commit hooks', () => {
  it('declares a check hook and a fix hook for YAML files, in Node.js', () => {
    assert.deepEqual(
      hooks.map((h) => [h.id, h.entry, h.language, h.types]),
      [
        ['kube-hindsight', 'kube-hindsight check', 'node', ['yaml']],
        ['kube-hindsight-fix', 'kube-hindsight check --fix', 'node', ['yaml']],
      ],
    );
  });

  it('the check hook fails a commit with a warning and passes a clean one; other YAML is no manifest', () => {
    const repo = gitRepo({ 'k8s/pod.yaml': POD, 'k8s/values.yaml': 'replicas: 3\n', 'notes.txt': 'x' });
    const failed = runHook(repo, 'kube-hindsight');
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stdout, /^k8s\/pod\.yaml:8:11 warning missing-memory-limit /m);
    assert.doesNotMatch(failed.stdout, /values\.yaml|notes\.txt/);
    const clean = gitRepo({ 'k8s/values.yaml': 'replicas: 3\n' });
    assert.equal(runHook(clean, 'kube-hindsight').code, 0);
  });

  it('the fix hook rewrites the staged files in place, so pre-commit sees a change; a second run changes nothing', () => {
    const repo = gitRepo({ 'k8s/pdb.yaml': OLD_PDB });
    const first = runHook(repo, 'kube-hindsight-fix');
    assert.equal(first.code, 0, first.stderr);
    assert.equal(readFileSync(join(repo, 'k8s/pdb.yaml'), 'utf8'), NEW_PDB);
    assert.equal(sh('git', ['diff', '--name-only'], repo).stdout, 'k8s/pdb.yaml\n');
    sh('git', ['add', '.'], repo);
    runHook(repo, 'kube-hindsight-fix');
    assert.equal(sh('git', ['diff', '--name-only'], repo).stdout, '');
  });

  it("the README's pre-commit configuration names these hooks and valid arguments", () => {
    const config = load(readmeBlock('**pre-commit**', 'yaml')) as {
      repos: { repo: string; rev: string; hooks: { id: string; args?: string[] }[] }[];
    };
    const used = config.repos[0]!.hooks;
    assert.deepEqual(used.map((h) => h.id).sort(), hooks.map((h) => h.id).sort());
    const repo = gitRepo({ 'pod.yaml': POD });
    for (const hook of used) {
      const result = runHook(repo, hook.id, hook.args ?? []);
      assert.notEqual(result.code, 2, `${hook.id}: ${result.stderr}`);
    }
  });
});

describe('the GitHub Action', () => {
  const action = load(readFileSync(join(root, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default: string }>;
    outputs: Record<string, { value: string }>;
    runs: { using: string; steps: { run?: string; uses?: string; env?: Record<string, string> }[] };
  };

  /** Runs the check step as the runner does: each input as INPUT_<NAME>, with its default when not given. */
  function runStep(cwd: string, inputs: Record<string, string>) {
    const env: Record<string, string> = {};
    const step = action.runs.steps.find((s) => s.run?.includes('scripts/action/check.sh'))!;
    for (const [variable, expression] of Object.entries(step.env ?? {})) {
      const name = /inputs\.([a-z-]+)/.exec(expression)![1]!;
      env[variable] = inputs[name] ?? action.inputs[name]!.default;
    }
    const output = join(mkdtempSync(join(tmpdir(), 'kh-output-')), 'output');
    writeFileSync(output, '');
    const result = sh('bash', [join(root, 'scripts/action/check.sh')], cwd, {
      ...env,
      GITHUB_OUTPUT: output,
      GITHUB_ACTION_PATH: root,
    });
    const outputs = Object.fromEntries(
      readFileSync(output, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(/=(.*)/s, 2) as [string, string]),
    );
    return { ...result, outputs };
  }

  it('is a composite action that installs only the npm package', () => {
    assert.equal(action.runs.using, 'composite');
    assert.deepEqual(
      action.runs.steps.map((s) => s.uses),
      [undefined, undefined],
    );
    assert.match(
      action.runs.steps[0]!.run!,
      /^npm install --global .*"kube-hindsight@\$\{KUBE_HINDSIGHT_VERSION\}"$/,
    );
  });

  it('writes SARIF, annotates, fails on a warning, and sets its outputs', () => {
    const dir = tempTree({ 'k8s/pod.yaml': POD, 'k8s/web.yaml': DEPLOYMENT });
    const result = runStep(dir, { paths: 'k8s/' });
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stdout,
      /^::warning file=k8s\/pod\.yaml,line=8,col=11,.*title=missing-memory-limit%3A /m,
    );
    const sarif = JSON.parse(readFileSync(join(dir, 'kube-hindsight.sarif'), 'utf8')) as {
      version: string;
      runs: { results: { ruleId: string; suppressions?: unknown[] }[] }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const results = sarif.runs[0]!.results;
    assert.ok(results.some((r) => r.ruleId === 'missing-memory-limit'));
    assert.deepEqual(result.outputs, {
      'sarif-file': 'kube-hindsight.sarif',
      findings: String(results.length),
      'exit-code': '1',
    });
  });

  it('passes with fail-on none and still writes the report; a profile and several paths are honoured', () => {
    const dir = tempTree({ 'a/pod.yaml': POD, 'b/pod.yaml': POD });
    const result = runStep(dir, {
      paths: 'a/pod.yaml\nb/pod.yaml',
      'fail-on': 'none',
      profile: 'security',
      format: 'text',
      'sarif-file': 'out/report.sarif'.replace('out/', ''),
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /a\/pod\.yaml:\d+:\d+ info service-account-token-automount/);
    assert.match(result.stdout, /b\/pod\.yaml:\d+:\d+ info service-account-token-automount/);
    assert.doesNotMatch(result.stdout, /missing-memory-limit/);
    assert.equal(result.outputs['exit-code'], '0');
    assert.equal(result.outputs.findings, '2');
    assert.ok(existsSync(join(dir, 'report.sarif')));
  });

  it('a configuration error fails the step with exit code 2, with the report of what could be read', () => {
    const dir = tempTree({ 'pod.yaml': POD, 'team.yaml': 'extends: strikt\n' });
    const result = runStep(dir, { config: 'team.yaml', 'fail-on': 'none' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /team\.yaml:1:10: Unknown profile "strikt"; did you mean "strict"\?/);
    assert.equal(result.outputs['exit-code'], '2');
    assert.ok(readFileSync(join(dir, 'kube-hindsight.sarif'), 'utf8').includes('"version": "2.1.0"'));
  });

  it("the README's workflow uses the action with its declared inputs and outputs", () => {
    const workflow = load(readmeBlock('**GitHub Actions**', 'yaml')) as {
      jobs: Record<string, { steps: { uses?: string; id?: string; with?: Record<string, string> }[] }>;
    };
    const steps = Object.values(workflow.jobs)[0]!.steps;
    const ours = steps.find((s) => s.uses?.startsWith('kube-hindsight/kube-hindsight@'))!;
    for (const input of Object.keys(ours.with ?? {})) assert.ok(action.inputs[input], input);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    const referenced = /steps\.([\w-]+)\.outputs\.([\w-]+)/.exec(upload.with!.sarif_file!)!;
    assert.equal(referenced[1], ours.id);
    assert.ok(action.outputs[referenced[2]!]);
    // The same inputs, run locally, produce the file the upload step reads.
    const dir = tempTree({ 'k8s/pod.yaml': POD });
    const result = runStep(dir, ours.with ?? {});
    assert.ok(existsSync(join(dir, result.outputs[referenced[2]!]!)));
  });
});

describe("the README's snippets", () => {
  it('the --fix commands run as written on a k8s/ folder', () => {
    const dir = tempTree({ 'k8s/pdb.yaml': OLD_PDB });
    writeFileSync(join(dir, 'deploy.yaml'), POD);
    const block = readmeBlock('**Fixing from the command line.**', 'sh');
    const commands = block.split('\n').filter((line) => line.trim() && !line.startsWith('#'));
    assert.equal(commands.length, 4);
    for (const command of commands) {
      const result = sh('bash', ['-c', command], dir);
      assert.ok(result.code === 0 || result.code === 1, `${command}: ${result.stderr}`);
    }
    assert.equal(readFileSync(join(dir, 'k8s/pdb.yaml'), 'utf8'), NEW_PDB);
    assert.match(readFileSync(join(dir, 'fixes.patch'), 'utf8'), /^-apiVersion: policy\/v1beta1$/m);
    assert.match(readFileSync(join(dir, 'deploy.fixed.yaml'), 'utf8'), /^kind: Pod$/m);
  });

  it('the profiles configuration parses without a problem, and the --profile command runs', () => {
    const text = readmeBlock('### Profiles', 'yaml');
    const { config, problems } = parseConfig(text, BUILT_IN_RULES);
    assert.deepEqual(problems, []);
    assert.deepEqual(config.settings.profile, ['recommended']);
    const dir = tempTree({ 'k8s/pod.yaml': POD });
    mkdirSync(join(dir, 'k8s', 'more'));
    const result = sh('kube-hindsight', ['check', '--profile', 'strict', 'k8s/'], dir);
    assert.equal(result.code, 1);
    assert.match(result.stdout, / info missing-ephemeral-storage-limit /);
  });
});
