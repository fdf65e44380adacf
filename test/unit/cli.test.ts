// Runs the built CLI (dist/cli.js) as a user or a CI job would, and checks its contract: formats, exit codes,
// inputs (files, folders, globs, stdin), configuration, rule overrides, rule documents, cross-file analysis and
// Helm attribution. The SARIF log is validated against the official schema in cli-sarif.test.ts.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../rules';
import { DEPLOYMENT, json, PDB, POD, runCli as run, tempTree } from './cli-run';

const MEMORY_MESSAGE =
  'Container "shell" has no memory limit: a leak can exhaust the node\u2019s memory and take its neighbours down.';
const MEMORY_STORY =
  'Blue Matador: two production nodes ran out of memory (postmortem) https://www.bluematador.com/blog/post-mortem-kubernetes-node-oom';

/** A Helm stream: two templates (one rendering two documents) and a document without a `# Source:`. */
const HELM = `---
# Source: shop/templates/pod.yaml
${POD}---
# Source: shop/templates/two.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: a
---
# Source: shop/templates/two.yaml
apiVersion: v1
kind: Pod
metadata:
  name: second
spec:
  containers:
  - name: app
    image: busybox:1.36
---
apiVersion: v1
kind: Pod
metadata:
  name: plain
spec:
  containers:
  - name: tail
    image: busybox:1.36
`;

/** An autoscaler of DEPLOYMENT: two to four replicas. */
const HPA = [
  'apiVersion: autoscaling/v2',
  'kind: HorizontalPodAutoscaler',
  'metadata: {name: web, namespace: shop}',
  'spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, minReplicas: 2, maxReplicas: 4}',
  '',
].join('\n');

describe('kube-hindsight check: formats', () => {
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
        message: MEMORY_MESSAGE,
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
        related: [],
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

  it('writes GitHub workflow commands: level, exact region, rule title and the story', () => {
    const { code, stdout, stderr } = run(
      ['check', '--format', 'github', '--stdin-filename', 'k8s/pod.yaml', '-'],
      POD,
    );
    assert.equal(stderr, '');
    assert.equal(code, 1);
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines.length, 4);
    assert.equal(
      lines.find((l) => l.includes('title=missing-memory-limit')),
      '::warning file=k8s/pod.yaml,line=8,col=11,endLine=8,endColumn=16,' +
        'title=missing-memory-limit%3A Container without a memory limit::' +
        `${MEMORY_MESSAGE}%0AWar story: ${MEMORY_STORY}`,
    );
    // info findings become notices, errors stay errors.
    assert.match(
      lines.find((l) => l.includes('missing-ephemeral-storage-limit'))!,
      /^::notice file=/,
    );
    const errors = run(['check', '--format', 'github', 'examples/network-policies.yaml']).stdout;
    assert.match(errors, /^::error file=examples\/network-policies\.yaml,line=12,col=5,/);
  });

  it('escapes % CR LF in GitHub messages, and also , and : in properties', () => {
    const pod = POD.replace('name: shell', 'name: "50%\\r\\nsure"');
    const dir = tempTree({ 'a,b:c/pod.yaml': pod });
    const { stdout } = run(['check', '--format', 'github', join(dir, 'a,b:c', 'pod.yaml')], undefined, dir);
    const line = stdout.split('\n').find((l) => l.includes('title=missing-memory-limit'))!;
    assert.ok(line.startsWith('::warning file=a%2Cb%3Ac/pod.yaml,line=8,'), line);
    assert.ok(line.includes('::Container "50%25%0D%0Asure" has no memory limit'), line);
    // The one unescaped `::` separates the properties from the message.
    assert.equal(line.split('::').length, 3);
  });

  it('prints nothing but the commands for a clean run, and no file for unnamed stdin', () => {
    assert.equal(run(['check', '--format', 'github', 'examples/hardened.yaml']).stdout, '');
    const unnamed = run(['check', '--format', 'github', '-'], POD).stdout;
    assert.match(unnamed, /^::warning title=missing-memory-limit%3A/m);
    assert.doesNotMatch(unnamed, /file=/);
  });
});

describe('kube-hindsight check: exit codes', () => {
  it('exits 0 for a clean manifest and when nothing reaches --fail-on', () => {
    assert.equal(run(['check', 'examples/hardened.yaml']).code, 0);
    assert.equal(run(['check', '--fail-on', 'error', 'examples/checkout.yaml']).code, 0);
    assert.equal(run(['check', '--fail-on=error', 'examples/network-policies.yaml']).code, 1);
    assert.equal(run(['check', '--fail-on', 'none', 'examples']).code, 0);
    assert.match(run(['check', 'examples/hardened.yaml']).stdout, /^No findings in 1 file\.\n$/);
  });

  it('--fail-on counts the levels at or above it', () => {
    const pod = POD.replace(
      '  - name: shell',
      '  # kube-hindsight-ignore missing-memory-limit,missing-resource-requests\n  - name: shell',
    );
    // Only the informational rules' findings are left: hints under the default profile, info under strict.
    assert.equal(run(['check', '--fail-on', 'warning', '-'], pod).code, 0);
    assert.equal(run(['check', '--fail-on', 'info', '-'], pod).code, 0);
    assert.equal(run(['check', '--fail-on', 'hint', '-'], pod).code, 1);
    assert.equal(run(['check', '--profile', 'strict', '--fail-on', 'warning', '-'], pod).code, 0);
    assert.equal(run(['check', '--profile', 'strict', '--fail-on', 'info', '-'], pod).code, 1);
  });

  it('--max-warnings exits 1 only when the warnings outnumber it, whatever --fail-on says', () => {
    // POD has two warnings (memory limit, requests) and two info findings.
    assert.equal(run(['check', '--fail-on', 'error', '--max-warnings', '2', '-'], POD).code, 0);
    assert.equal(run(['check', '--fail-on', 'error', '--max-warnings', '1', '-'], POD).code, 1);
    assert.equal(run(['check', '--fail-on', 'none', '--max-warnings=0', '-'], POD).code, 1);
    assert.equal(run(['check', '--max-warnings', '0', 'examples/hardened.yaml']).code, 0);
  });

  it('exits 2 with one line on stderr for usage errors', () => {
    for (const args of [
      [],
      ['lint', 'x'],
      ['check'],
      ['check', '--format', 'xml', 'x'],
      ['check', '--nope', 'x'],
      ['check', '--fail-on', 'loud', 'x'],
      ['check', '--max-warnings', 'many', 'x'],
      ['check', '--max-warnings', '-1', 'x'],
      ['check', '--stdin-filename', 'a.yaml', 'x.yaml'],
      ['check', '-', '-'],
      ['check', '--rule', 'missing-memory-limit', 'x'],
      ['check', '--rule', 'missing-memory-limit=loud', 'x'],
      ['--list-rules', '--format', 'sarif'],
      ['check', '--config'],
    ]) {
      const { code, stderr, stdout } = run(args, '');
      assert.equal(code, 2, `args ${JSON.stringify(args)}`);
      assert.match(stderr, /^kube-hindsight: [^\n]+\n$/, `args ${JSON.stringify(args)}`);
      assert.equal(stdout, '');
    }
  });

  it('exits 2 for unreadable inputs, and still reports the readable ones', () => {
    const missing = run(['check', 'examples/does-not-exist.yaml', 'examples/hardened.yaml']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'kube-hindsight: no such file or directory: examples/does-not-exist.yaml\n');
    assert.match(missing.stdout, /No findings in 1 file/);
  });

  it('writes what made the run incomplete into the JSON and GitHub reports too, not only on stderr', () => {
    const dir = tempTree({
      '.kube-hindsight.yaml': [
        'teamRules:',
        '  - id: team/throws',
        '    title: Reads a field that is not there',
        '    kinds: [Deployment]',
        '    condition: object.spec.nothing.deeper == 1',
        '    message: M',
        '    remediation: R',
        '    story:',
        '      title: An illustrative case',
        '      evidence: scenario',
        '      summary: A composite.',
        '',
      ].join('\n'),
      'deploy.yaml': DEPLOYMENT,
    });
    const failed = /^rule team\/throws failed on deploy\.yaml: .*condition failed/;
    const asJson = run(['check', '--format', 'json', 'deploy.yaml', 'missing.yaml'], undefined, dir);
    assert.equal(asJson.code, 2);
    const report = json(asJson);
    const errors = report.errors ?? [];
    assert.equal(errors.length, 2, asJson.stdout);
    assert.equal(errors[0], 'no such file or directory: missing.yaml');
    assert.match(errors[1]!, failed);
    // The other rules' findings are still there, and stderr says the same as the report.
    assert.ok(report.findings.length > 0);
    assert.equal(asJson.stderr, errors.map((line) => `kube-hindsight: ${line}\n`).join(''));

    const annotations = run(['check', '--format', 'github', 'deploy.yaml'], undefined, dir);
    assert.equal(annotations.code, 2);
    const last = annotations.stdout.trimEnd().split('\n').at(-1)!;
    assert.match(last, /^::error title=kube-hindsight::rule team\/throws failed on deploy\.yaml: /);

    // A run without problems keeps the JSON shape scripts already read: no "errors" key at all.
    const clean = run(['check', '--format', 'json', 'examples/hardened.yaml']);
    assert.equal(clean.code, 0);
    assert.ok(!('errors' in json(clean)));
  });

  it('never crashes on malformed YAML, Helm templates, empty or binary input, and says what it skipped', () => {
    const inputs: [string, [string, string, number][], number][] = [
      // Syntax errors are findings (errors by default), so they fail the run at the default --fail-on.
      ['apiVersion: v1\nkind: Pod\nspec: [unclosed\n', [['invalid-yaml', 'error', 3]], 1],
      // A template is not analysed, and says so as an informational finding (kept visible under every
      // profile) that does not fail the run.
      [
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
        [['unrendered-template', 'info', 4]],
        0,
      ],
      ['', [], 0],
      ['\u0000\u0001binary\u00ff', [], 0],
      ['just: a config\n', [], 0],
    ];
    for (const [input, expected, exit] of inputs) {
      const result = run(['check', '--format', 'json', '-'], input);
      assert.equal(result.stderr, '', JSON.stringify(input));
      assert.equal(result.code, exit, JSON.stringify(input));
      assert.deepEqual(
        json(result).findings.map((f) => [f.ruleId, f.severity, f.line]),
        expected,
      );
    }
  });
});

describe('kube-hindsight check: inputs', () => {
  it('recurses into directories for *.yaml and *.yml, skipping node_modules, .git and config files', () => {
    const dir = tempTree({
      'apps/pod.yml': POD,
      'node_modules/pod.yaml': POD,
      '.git/pod.yaml': POD,
      'notes.txt': POD,
      '.kube-hindsight.yaml': 'rules: {}\n',
    });
    const { stdout, stderr } = run(['check', '--format', 'json', dir]);
    assert.equal(stderr, '');
    const files = new Set(json({ stdout, stderr, code: 0 }).findings.map((f) => f.file));
    assert.deepEqual([...files], [join(dir, 'apps', 'pod.yml')]);
    assert.match(run(['check', '--fail-on', 'none', dir]).stdout, /in 1 file\.\n$/);
  });

  it('expands quoted globs itself: **, *, ?, {a,b}, without dotfiles or config files', () => {
    const dir = tempTree({
      'manifests/a.yaml': POD,
      'manifests/sub/b.yml': POD,
      'manifests/sub/deeper/c.yaml': POD,
      'manifests/sub/notes.txt': POD,
      'manifests/.hidden.yaml': POD,
      'manifests/.kube-hindsight.yaml': 'rules: {}\n',
      'manifests/node_modules/d.yaml': POD,
    });
    const files = (...patterns: string[]): string[] => {
      const result = run(['check', '--format', 'json', ...patterns], undefined, dir);
      assert.equal(result.stderr, '', patterns.join(' '));
      return [...new Set(json(result).findings.map((f) => f.file))];
    };
    assert.deepEqual(files('manifests/**/*.yaml'), ['manifests/a.yaml', 'manifests/sub/deeper/c.yaml']);
    assert.deepEqual(files('manifests/**/*.{yaml,yml}'), [
      'manifests/a.yaml',
      'manifests/sub/b.yml',
      'manifests/sub/deeper/c.yaml',
    ]);
    // A single `*` stays in its folder, as in a shell.
    assert.deepEqual(files('manifests/*.yaml'), ['manifests/a.yaml']);
    assert.deepEqual(files('*/sub/?.yml'), ['manifests/sub/b.yml']);
    assert.deepEqual(files('manifests/.*.yaml'), ['manifests/.hidden.yaml']);
    // A file named twice (by path and by pattern) is analysed once.
    assert.deepEqual(files('manifests/a.yaml', 'manifests/*.yaml'), ['manifests/a.yaml']);
    const none = run(['check', 'manifests/**/*.json'], undefined, dir);
    assert.equal(none.code, 2);
    assert.equal(none.stderr, 'kube-hindsight: no files match manifests/**/*.json\n');
  });

  it('reads stdin as <stdin>, or as --stdin-filename, which also finds its configuration', () => {
    assert.deepEqual(
      [...new Set(json(run(['check', '--format', 'json', '-'], POD)).findings.map((f) => f.file))],
      ['<stdin>'],
    );
    const dir = tempTree({ 'repo/.kube-hindsight.yaml': 'rules:\n  missing-memory-limit: error\n' });
    const named = run(
      ['check', '--format', 'json', '--stdin-filename', join(dir, 'repo', 'k8s', 'pod.yaml'), '-'],
      POD,
      dir,
    );
    assert.equal(named.stderr, '');
    const memory = json(named).findings.find((f) => f.ruleId === 'missing-memory-limit')!;
    assert.equal(memory.file, join('repo', 'k8s', 'pod.yaml'));
    assert.equal(memory.severity, 'error');
    // The configuration's ignore list applies to the name too.
    writeFileSync(join(dir, 'repo', '.kube-hindsight.yaml'), 'ignore: [k8s/**]\n');
    const ignored = run(['check', '--stdin-filename', 'repo/k8s/pod.yaml', '-'], POD, dir);
    assert.equal(ignored.code, 0);
    assert.equal(ignored.stdout, 'No findings in 0 files.\n');
  });

  it('analyses all inputs together: a PodDisruptionBudget in another file satisfies missing-pdb', () => {
    const dir = tempTree({ 'deploy.yaml': DEPLOYMENT, 'pdb.yaml': PDB });
    const alone = run(['check', '--format', 'json', 'deploy.yaml'], undefined, dir);
    assert.deepEqual(
      json(alone).findings.map((f) => [f.ruleId, f.file, f.line]),
      [['missing-pdb', 'deploy.yaml', 4]],
    );
    assert.equal(alone.code, 1);
    for (const args of [['deploy.yaml', 'pdb.yaml'], ['.'], ['*.yaml']]) {
      const together = run(['check', ...args], undefined, dir);
      assert.equal(together.stdout, 'No findings in 2 files.\n', args.join(' '));
      assert.equal(together.code, 0);
    }
    // Standard input takes part like any file.
    const piped = run(['check', '-', 'pdb.yaml'], DEPLOYMENT, dir);
    assert.equal(piped.stdout, 'No findings in 2 files.\n');
  });

  it('relates the files of one deployment unit only: a folder, or a Helm chart with everything below it', () => {
    const dir = tempTree({
      // Budget and autoscaler in a sibling folder: strangers to b/.
      'a/pdb.yaml': PDB,
      'a/hpa.yaml': HPA,
      'b/deploy.yaml': DEPLOYMENT,
      // A chart's templates relate to each other from any subfolder of the chart.
      'chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
      'chart/templates/web/deploy.yaml': DEPLOYMENT,
      'chart/templates/policies/pdb.yaml': PDB,
      'chart/templates/policies/hpa.yaml': HPA,
    });
    const found = json(run(['check', '--format', 'json', '.'], undefined, dir)).findings.map((f) => [
      f.ruleId,
      f.file,
    ]);
    assert.deepEqual(
      found.filter(([, file]) => file === 'b/deploy.yaml'),
      [['missing-pdb', 'b/deploy.yaml']],
    );
    // Covered by the chart's budget, and told that the chart's autoscaler sets its replicas.
    assert.deepEqual(
      found.filter(([, file]) => file === 'chart/templates/web/deploy.yaml'),
      [['replicas-with-hpa', 'chart/templates/web/deploy.yaml']],
    );
  });

  it('names the file of a related object in messages, relative to the working folder, and points at it in every format', () => {
    const dir = tempTree({
      'chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
      'chart/templates/web/deploy.yaml': DEPLOYMENT,
      'chart/templates/policies/hpa.yaml': HPA,
    });
    const result = run(['check', '--format', 'json', '.'], undefined, dir);
    assert.equal(result.stderr, '');
    const cross = json(result).findings.filter((f) =>
      ['replicas-with-hpa', 'missing-pdb'].includes(f.ruleId),
    );
    assert.deepEqual(
      cross.map(({ ruleId, severity, message, file, line, column, endLine, endColumn, related }) => ({
        ruleId,
        severity,
        message,
        at: `${file}:${line}:${column}-${endLine}:${endColumn}`,
        related,
      })),
      [
        {
          ruleId: 'missing-pdb',
          severity: 'warning',
          message:
            'Deployment "web" runs 2 replicas (minReplicas of HorizontalPodAutoscaler "web" in chart/templates/policies/hpa.yaml) but no PodDisruptionBudget selects its pods: a drain can evict them all at once.',
          at: 'chart/templates/web/deploy.yaml:4:9-4:12',
          related: [
            {
              file: 'chart/templates/policies/hpa.yaml',
              line: 4,
              column: 76,
              endLine: 4,
              endColumn: 87,
              message: 'HorizontalPodAutoscaler "web" sets minReplicas: 2',
            },
          ],
        },
        {
          ruleId: 'replicas-with-hpa',
          // Informational, so a hint under the default profile.
          severity: 'hint',
          message:
            'Deployment "web" sets replicas: 3, but HorizontalPodAutoscaler "web" in chart/templates/policies/hpa.yaml scales it: every apply of this manifest resets it to 3 replicas until the autoscaler catches up.',
          at: 'chart/templates/web/deploy.yaml:7:3-7:11',
          related: [
            {
              file: 'chart/templates/policies/hpa.yaml',
              line: 3,
              column: 18,
              endLine: 3,
              endColumn: 21,
              message: 'HorizontalPodAutoscaler "web" scales this Deployment between 2 and 4 replicas',
            },
          ],
        },
      ],
    );
    // Run from inside the chart, the same file is named relative to that folder: always a path that exists.
    const inside = run(['check', '--format', 'json', '.'], undefined, join(dir, 'chart'));
    const message = json(inside).findings.find((f) => f.ruleId === 'replicas-with-hpa')!.message;
    assert.match(message, / HorizontalPodAutoscaler "web" in templates\/policies\/hpa\.yaml scales it/);
    assert.ok(existsSync(join(dir, 'chart', 'templates/policies/hpa.yaml')));
    // SARIF points code scanning at the autoscaler's file, relative to the source root.
    const sarif = JSON.parse(run(['check', '--format', 'sarif', '.'], undefined, dir).stdout) as {
      runs: {
        results: {
          ruleId: string;
          relatedLocations?: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
            message: { text: string };
          }[];
        }[];
      }[];
    };
    const scaled = sarif.runs[0]!.results.find((r) => r.ruleId === 'replicas-with-hpa')!;
    assert.deepEqual(
      scaled.relatedLocations?.map((r) => [
        r.physicalLocation.artifactLocation.uri,
        r.physicalLocation.region.startLine,
        r.message.text,
      ]),
      [
        [
          'chart/templates/policies/hpa.yaml',
          3,
          'HorizontalPodAutoscaler "web" scales this Deployment between 2 and 4 replicas',
        ],
      ],
    );
    // The text report lists the related places under the finding.
    assert.match(
      run(['check', '.'], undefined, dir).stdout,
      /^chart\/templates\/web\/deploy\.yaml:4:9 warning missing-pdb .*\n {4}related: chart\/templates\/policies\/hpa\.yaml:4:76 HorizontalPodAutoscaler "web" sets minReplicas: 2$/m,
    );
  });

  it('names the template of a related object in rendered Helm output when the template exists', () => {
    const dir = tempTree({
      'shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
      'shop/templates/deploy.yaml': '# the template\n',
      'shop/templates/hpa.yaml': '# the template\n',
    });
    const rendered = `---\n# Source: shop/templates/deploy.yaml\n${DEPLOYMENT}---\n# Source: shop/templates/hpa.yaml\n${HPA}---\n# Source: shop/templates/gone.yaml\n${HPA.replace('name: web, namespace', 'name: web-2, namespace')}`;
    const result = run(['check', '--format', 'json', '-'], rendered, dir);
    const message = json(result).findings.find((f) => f.ruleId === 'replicas-with-hpa')!.message;
    assert.equal(
      message,
      'Deployment "web" sets replicas: 3, but HorizontalPodAutoscaler "web" in shop/templates/hpa.yaml scales it: every apply of this manifest resets it to 3 replicas until the autoscaler catches up.',
    );
  });

  it('groups folders the configuration declares as one unit (`units:`), and only those', () => {
    const dir = tempTree({
      '.kube-hindsight.yaml': 'units:\n  - [apps/web/*, policies/web/*]\n  - "[z-a]/*"\n',
      'apps/web/deploy.yaml': DEPLOYMENT,
      'policies/web/pdb.yaml': PDB,
      // Not in the declared unit: its folder is its unit, as without the configuration.
      'apps/other/deploy.yaml': DEPLOYMENT,
    });
    const result = run(['check', '--format', 'json', '.'], undefined, dir);
    // The unreadable glob is a located problem (exit 2); the valid unit still applies.
    assert.equal(
      result.stderr,
      'kube-hindsight: .kube-hindsight.yaml:3:5: units: invalid glob "[z-a]/*" (character 2): the range "z-a" is backwards.\n',
    );
    const found = json(result).findings.map((f) => [f.ruleId, f.file]);
    assert.deepEqual(
      found.filter(([rule]) => rule === 'missing-pdb'),
      [['missing-pdb', 'apps/other/deploy.yaml']],
    );
  });

  it('reports findings of `helm template` output against the templates named by # Source:, when they exist', () => {
    // The chart as `helm template ./shop` sees it from its parent folder.
    const chart = {
      'shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
      'shop/templates/pod.yaml': '# the template\n',
      'shop/templates/two.yaml': '# the template\n',
    };
    const dir = tempTree(chart);
    const result = run(['check', '--format', 'json', '--stdin-filename', 'rendered.yaml', '-'], HELM, dir);
    assert.equal(result.stderr, '');
    const memory = json(result)
      .findings.filter((f) => f.ruleId === 'missing-memory-limit')
      .map((f) => [f.object?.name, f.file, f.line, f.column, f.endLine, f.endColumn]);
    assert.deepEqual(memory, [
      // Line 1 is the first line after the comment.
      ['lonely', 'shop/templates/pod.yaml', 8, 11, 8, 16],
      // The second document of two.yaml continues its count after the first one and the `---` between them.
      ['second', 'shop/templates/two.yaml', 12, 11, 12, 14],
      // A document without the comment stays in the stream.
      ['plain', 'rendered.yaml', 35, 11, 35, 15],
    ]);
    // The template is found, so the message is the rule's own.
    assert.equal(
      json(result).findings.find((f) => f.ruleId === 'missing-memory-limit')!.message,
      MEMORY_MESSAGE,
    );
    const text = run(['check', '-'], HELM, dir).stdout;
    assert.match(text, /^shop\/templates\/pod\.yaml:8:11 warning missing-memory-limit /m);
    assert.match(text, /^<stdin>:35:11 warning missing-memory-limit /m);
    // A file on disk holding Helm output is attributed the same way.
    const disk = tempTree({ ...chart, 'out/all.yaml': HELM });
    assert.match(
      run(['check', 'out/all.yaml'], undefined, disk).stdout,
      /^shop\/templates\/two\.yaml:12:11 /m,
    );
  });

  it('finds the templates from the chart root: rendered output kept inside the chart, checked from elsewhere', () => {
    // The chart's folder is not named after the chart: `# Source:` starts with the chart's name.
    const dir = tempTree({
      'charts/shop-chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
      'charts/shop-chart/templates/pod.yaml': '# the template\n',
      'charts/shop-chart/templates/two.yaml': '# the template\n',
      'charts/shop-chart/rendered/all.yaml': HELM,
    });
    const result = run(['check', '--format', 'json', 'charts/shop-chart/rendered/all.yaml'], undefined, dir);
    assert.deepEqual(
      json(result)
        .findings.filter((f) => f.ruleId === 'missing-memory-limit')
        .map((f) => [f.file, f.line]),
      [
        ['charts/shop-chart/templates/pod.yaml', 8],
        ['charts/shop-chart/templates/two.yaml', 12],
        ['charts/shop-chart/rendered/all.yaml', 35],
      ],
    );
    // From inside the chart, its own templates are relative to the working folder's chart root.
    const inside = run(
      ['check', '--format', 'json', 'rendered/all.yaml'],
      undefined,
      join(dir, 'charts', 'shop-chart'),
    );
    assert.deepEqual(
      json(inside)
        .findings.filter((f) => f.ruleId === 'missing-memory-limit')
        .map((f) => [f.file, f.line]),
      [
        ['templates/pod.yaml', 8],
        ['templates/two.yaml', 12],
        ['rendered/all.yaml', 35],
      ],
    );
  });

  it('keeps findings of committed rendered output in the file when the template is not there, and names it', () => {
    // As istio ships samples/addons/prometheus.yaml: `helm template` output with no chart beside it.
    const rendered = `---
# Source: prometheus/templates/deploy.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: prometheus
  namespace: istio-system
spec:
  replicas: 1
  selector:
    matchLabels: {app: prometheus}
  template:
    metadata:
      labels: {app: prometheus}
    spec:
      containers:
        - name: prometheus-server
          image: "prom/prometheus:v2.54.1"
`;
    const dir = tempTree({ 'samples/addons/prometheus.yaml': rendered });
    const result = run(['check', '--format', 'json', 'samples/addons/prometheus.yaml'], undefined, dir);
    const findings = json(result).findings;
    assert.ok(findings.length > 0);
    // Never a path that does not exist: every finding is in the file that was checked.
    for (const finding of findings) {
      assert.equal(finding.file, 'samples/addons/prometheus.yaml');
      assert.ok(existsSync(join(dir, finding.file)));
    }
    const memory = findings.find((f) => f.ruleId === 'missing-memory-limit')!;
    assert.deepEqual([memory.line, memory.column, memory.endLine, memory.endColumn], [17, 17, 17, 34]);
    assert.equal(
      memory.message,
      'Container "prometheus-server" has no memory limit: a leak can exhaust the node\u2019s memory and take its neighbours down. (rendered by Helm from the template prometheus/templates/deploy.yaml, which is not on disk here)',
    );
    assert.match(
      run(['check', 'samples/addons/prometheus.yaml'], undefined, dir).stdout,
      /^samples\/addons\/prometheus\.yaml:17:17 warning missing-memory-limit .*\(rendered by Helm from the template prometheus\/templates\/deploy\.yaml, which is not on disk here\)$/m,
    );
    // The same stream from standard input with no chart in the working folder stays in <stdin>.
    const piped = json(run(['check', '--format', 'json', '-'], rendered, dir));
    assert.deepEqual([...new Set(piped.findings.map((f) => f.file))], ['<stdin>']);
  });
});

describe('kube-hindsight check: configuration and rules', () => {
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
      json(report).findings.map((f) => [f.ruleId, f.severity, f.file]),
      [
        ['service-account-token-automount', 'hint', relative(tmpdir(), join(dir, 'apps', 'ops', 'pod.yaml'))],
        ['missing-ephemeral-storage-limit', 'hint', relative(tmpdir(), join(dir, 'apps', 'ops', 'pod.yaml'))],
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

  it('reports a glob it cannot read in the configuration or the command line at its place, never as an internal error', () => {
    const dir = tempTree({
      '.kube-hindsight.yaml': [
        'rules:',
        '  missing-memory-limit: error',
        'ignore:',
        '  - "{generated,vendored}/**"',
        '  - "apps/[z-a]*.yaml"',
        '',
      ].join('\n'),
      'apps/pod.yaml': POD,
      'generated/pod.yaml': POD,
      'vendored/pod.yaml': POD,
    });
    const report = run(['check', '--format', 'json', '.'], undefined, dir);
    assert.equal(
      report.stderr,
      'kube-hindsight: .kube-hindsight.yaml:5:5: ignore: invalid glob "apps/[z-a]*.yaml" (character 7): the range "z-a" is backwards.\n',
    );
    assert.equal(report.code, 2);
    // The rest of the configuration applies: the severity, and the patterns that could be read.
    assert.deepEqual([...new Set(json(report).findings.map((f) => f.file))], ['apps/pod.yaml']);
    assert.equal(json(report).findings.find((f) => f.ruleId === 'missing-memory-limit')?.severity, 'error');

    // A pattern the old matcher turned into a broken RegExp ("internal error: SyntaxError") now just works.
    writeFileSync(join(dir, '.kube-hindsight.yaml'), 'ignore: ["{*.yaml,b}"]\n');
    const everything = run(['check', '.'], undefined, dir);
    assert.deepEqual(
      [everything.code, everything.stdout, everything.stderr],
      [0, 'No findings in 0 files.\n', ''],
    );

    const argument = run(['check', 'apps/[z-a]*.yaml'], undefined, dir);
    assert.equal(argument.code, 2);
    assert.equal(
      argument.stderr,
      'kube-hindsight: invalid glob "apps/[z-a]*.yaml" (character 7): the range "z-a" is backwards\n',
    );
  });

  it('--config replaces discovery for every input; a missing file is exit 2', () => {
    const dir = tempTree({
      '.kube-hindsight.yaml': 'rules:\n  missing-memory-limit: error\n',
      'apps/pod.yaml': POD,
      'ci/strict.yaml': 'rules:\n  missing-memory-limit: off\n  missing-resource-requests: error\n',
    });
    const rules = (args: string[]): string[][] =>
      json(run(['check', '--format', 'json', ...args], undefined, dir)).findings.map((f) => [
        f.ruleId,
        f.severity,
      ]);
    assert.deepEqual(
      rules(['apps/pod.yaml']).find(([id]) => id === 'missing-memory-limit'),
      ['missing-memory-limit', 'error'],
    );
    const explicit = rules(['--config', 'ci/strict.yaml', 'apps/pod.yaml']);
    assert.equal(
      explicit.find(([id]) => id === 'missing-memory-limit'),
      undefined,
    );
    assert.deepEqual(
      explicit.find(([id]) => id === 'missing-resource-requests'),
      ['missing-resource-requests', 'error'],
    );
    const missing = run(['check', '--config', 'nope.yaml', 'apps/pod.yaml'], undefined, dir);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'kube-hindsight: no such configuration file: nope.yaml\n');
    const invalid = tempTree({ 'bad.yaml': 'rules:\n  no-such-rule: off\n', 'pod.yaml': POD });
    const bad = run(['check', '--config', 'bad.yaml', 'pod.yaml'], undefined, invalid);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'kube-hindsight: bad.yaml:2:3: Unknown rule "no-such-rule".\n');
  });

  it('--rule sets severities over the configuration, keeps its options, and rejects unknown ids', () => {
    const throttled = POD.replace(
      '    image: busybox:1.36\n',
      '    image: busybox:1.36\n    resources:\n      requests: { cpu: 100m, memory: 64Mi }\n      limits: { cpu: 500m, memory: 64Mi }\n',
    );
    const dir = tempTree({
      '.kube-hindsight.yaml':
        'rules:\n  cpu-limit-throttling:\n    severity: info\n    options: { minCpuLimitCores: 0 }\n',
      'pod.yaml': throttled,
      'plain/pod.yaml': throttled,
      'plain/.kube-hindsight.yaml': '',
    });
    const found = (args: string[]): string[][] =>
      json(run(['check', '--format', 'json', ...args], undefined, dir)).findings.map((f) => [
        f.ruleId,
        f.severity,
      ]);
    // With its default option the limit is flagged (a hint, as the default profile shows informational
    // rules); the repository's option (0) stops that.
    assert.deepEqual(
      found(['plain/pod.yaml']).find(([id]) => id === 'cpu-limit-throttling'),
      ['cpu-limit-throttling', 'hint'],
    );
    assert.equal(
      found(['pod.yaml']).find(([id]) => id === 'cpu-limit-throttling'),
      undefined,
    );
    // --rule changes the level, not the tuning.
    assert.equal(
      found(['--rule', 'cpu-limit-throttling=error', 'pod.yaml']).find(
        ([id]) => id === 'cpu-limit-throttling',
      ),
      undefined,
    );
    assert.deepEqual(
      found(['--rule=cpu-limit-throttling=error', 'plain/pod.yaml']).find(
        ([id]) => id === 'cpu-limit-throttling',
      ),
      ['cpu-limit-throttling', 'error'],
    );
    assert.deepEqual(
      found([
        '--rule',
        'service-account-token-automount=off',
        '--rule',
        'missing-ephemeral-storage-limit=warn',
        'pod.yaml',
      ]),
      [['missing-ephemeral-storage-limit', 'warning']],
    );
    const unknown = run(['check', '--rule', 'missing-pbd=off', 'pod.yaml'], undefined, dir);
    assert.equal(unknown.code, 2);
    assert.equal(
      unknown.stderr,
      'kube-hindsight: --rule: unknown rule "missing-pbd"; did you mean "missing-pdb"? (kube-hindsight --list-rules lists them)\n',
    );
  });

  it('--list-rules prints a table, or JSON with --format json', () => {
    const text = run(['--list-rules']);
    assert.equal(text.code, 0);
    const lines = text.stdout.split('\n');
    assert.match(lines[0]!, /^RULE +SEVERITY +CATEGORY +FIX +WAR STORY$/);
    assert.match(
      lines.find((l) => l.startsWith('missing-memory-limit '))!,
      /^missing-memory-limit +warning +resources +yes +Blue Matador: two production nodes ran out of memory \(postmortem\)$/,
    );
    // Every column starts at the same place on every row.
    const column = lines[0]!.indexOf('SEVERITY');
    for (const line of lines.slice(1, RULES.length + 1))
      assert.match(line.slice(column), /^(error|warning|info|hint) /);
    assert.equal(lines.filter((l) => /^[a-z0-9-]+ {2,}/.test(l)).length, RULES.length);

    for (const args of [
      ['--list-rules', '--format', 'json'],
      ['check', '--format=json', '--list-rules'],
    ]) {
      const listed = run(args);
      assert.equal(listed.code, 0);
      const { rules } = JSON.parse(listed.stdout) as { rules: Record<string, unknown>[] };
      assert.deepEqual(
        rules.map((r) => r.id),
        RULES.map((r) => r.meta.id),
      );
      assert.deepEqual(rules[0], {
        id: 'missing-memory-limit',
        title: 'Container without a memory limit',
        defaultSeverity: 'warning',
        category: 'resources',
        fixable: true,
        crossObject: false,
        story: {
          title: 'Blue Matador: two production nodes ran out of memory',
          url: 'https://www.bluematador.com/blog/post-mortem-kubernetes-node-oom',
          evidence: 'postmortem',
        },
        helpUri: 'https://www.bluematador.com/blog/post-mortem-kubernetes-node-oom',
        documentation:
          'https://github.com/kube-hindsight/kube-hindsight/blob/main/docs/rules/missing-memory-limit.md',
      });
    }
  });

  it('--explain prints the rule document as plain text; unknown ids are exit 2', () => {
    for (const args of [
      ['--explain', 'missing-memory-limit'],
      ['explain', 'missing-memory-limit'],
    ]) {
      const { code, stdout } = run(args);
      assert.equal(code, 0);
      assert.match(stdout, /^# missing-memory-limit: Container without a memory limit\n\n/);
      assert.match(
        stdout,
        /\ncategory +default severity +quick fix +needs other objects\nresources +warning +yes +no\n/,
      );
      assert.match(stdout, /\nWhy it matters\. /);
      assert.match(
        stdout,
        /### Blue Matador: two production nodes ran out of memory \(https:\/\/www\.bluematador\.com\/blog\/post-mortem-kubernetes-node-oom\)/,
      );
      assert.match(stdout, /\n {4}rules:\n {4} {2}missing-memory-limit:\n/);
      assert.doesNotMatch(stdout, /<!--|\]\(|\*\*|```/);
      assert.match(
        stdout,
        /\nOnline: https:\/\/github\.com\/kube-hindsight\/kube-hindsight\/blob\/main\/docs\/rules\/missing-memory-limit\.md\n$/,
      );
    }
    const unknown = run(['--explain', 'missing-memory-limits']);
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /^kube-hindsight: --explain: unknown rule "missing-memory-limits"; did you mean "missing-memory-limit"\?/,
    );
  });

  it('--rule, --list-rules and --explain know the team rules of the configuration in use', () => {
    const dir = tempTree({
      '.kube-hindsight.yaml': [
        'teamRules:',
        '  - id: team/no-busybox',
        '    title: Busybox in a Pod',
        '    severity: error',
        '    kinds: [Pod]',
        '    condition: item.image.startsWith("busybox")',
        '    at: podSpec.containers[*].image',
        '    message: Container "{item}" of {name} runs busybox.',
        '    remediation: Use the debug image.',
        '    story:',
        '      title: Busybox in production',
        '      evidence: scenario',
        '      summary: An illustrative composite.',
        '',
      ].join('\n'),
      'pod.yaml': POD,
      'other/config.yaml': 'rules: {}\n',
    });
    const team = (args: string[]) =>
      json(run(['check', '--format', 'json', '--fail-on', 'none', ...args, 'pod.yaml'], undefined, dir))
        .findings.filter((f) => f.ruleId.startsWith('team/'))
        .map((f) => [f.ruleId, f.severity]);
    assert.deepEqual(team([]), [['team/no-busybox', 'error']]);
    assert.deepEqual(team(['--rule', 'team/no-busybox=info']), [['team/no-busybox', 'info']]);
    assert.deepEqual(team(['--rule=team/no-busybox=off']), []);
    const unknown = run(['check', '--rule', 'team/no-busybx=off', 'pod.yaml'], undefined, dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--rule: unknown rule "team\/no-busybx"; did you mean "team\/no-busybox"\?/);
    // Where no configuration defines it, a team id is unknown as before.
    const elsewhere = run(
      ['check', '--rule', 'team/no-busybox=off', 'pod.yaml'],
      undefined,
      join(dir, 'other'),
    );
    assert.equal(elsewhere.code, 2);

    const listed = run(['--list-rules'], undefined, dir);
    assert.equal(listed.code, 0);
    assert.match(
      listed.stdout,
      /\nteam\/no-busybox +error +\S+ +no +Busybox in production \(illustrative scenario\)\n/,
    );
    assert.match(listed.stdout, / and 1 team rules\./);
    const asJson = (args: string[], cwd: string) =>
      (
        JSON.parse(run(['--list-rules', '--format', 'json', ...args], undefined, cwd).stdout) as {
          rules: { id: string }[];
        }
      ).rules.map((r) => r.id);
    assert.deepEqual(asJson([], dir), [...RULES.map((r) => r.meta.id), 'team/no-busybox']);
    assert.deepEqual(
      asJson(['--config', join(dir, '.kube-hindsight.yaml')], tmpdir()).at(-1),
      'team/no-busybox',
    );
    assert.deepEqual(
      asJson([], tmpdir()),
      RULES.map((r) => r.meta.id),
    );
    assert.equal(run(['--list-rules', '--config', 'missing.yaml'], undefined, dir).code, 2);

    const explained = run(['--explain', 'team/no-busybox'], undefined, dir);
    assert.equal(explained.code, 0);
    assert.match(explained.stdout, /^# team\/no-busybox: Busybox in a Pod\n/);
    assert.match(
      explained.stdout,
      /\nOnline: https:\/\/github\.com\/kube-hindsight\/kube-hindsight#turn-your-postmortems-into-hints\n$/,
    );
    assert.equal(run(['explain', 'team/no-busybox'], undefined, dir).code, 0);
    const typo = run(['--explain', 'team/no-busybx'], undefined, dir);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /did you mean "team\/no-busybox"/);
    assert.equal(run(['--explain', 'team/no-busybox']).code, 2);
  });

  it('prints help and version', () => {
    const help = run(['--help']).stdout;
    assert.match(help, /^Usage: kube-hindsight check/);
    for (const option of [
      '--format',
      '--fail-on',
      '--max-warnings',
      '--config',
      '--rule',
      '--stdin-filename',
      '--list-rules',
      '--explain',
    ]) {
      assert.ok(help.includes(option), option);
    }
    assert.match(help, /Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 /);
    assert.match(run(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
