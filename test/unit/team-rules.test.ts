// Team rules: declarative rules from a team's postmortems in .kube-hindsight.yaml, with CEL conditions.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUILT_IN_RULES } from '../built-in-rules';
import { ConfigLocator, includedFiles } from '../../server/config/discovery';
import { parseConfig } from '../../server/engine/config';
import { applyEdits } from '../../server/engine/edits';
import { RuleSet } from '../../server/engine/rule-set';
import { analyseText } from '../../server/engine/engine';
import { normaliseSettings } from '../../server/engine/settings';
import { stepsForBudget } from '../../server/engine/cel/metered';
import { compileCondition, readTeamRules, TEAM_RULE_BUDGET_MS } from '../../server/engine/team-rules';
import { fakeClock, stillClockInThisFile, stillClockPreload } from '../clock';
import { examples } from '../corpus';
import { checkFixes, formatFailures } from '../fix-safety';
import { parseDocument } from 'yaml';

const root = join(__dirname, '..', '..');

// The clock stands still (test/clock.ts): a condition's 50 ms budget cannot run out because the machine is busy.
stillClockInThisFile();

const STORY = [
  '    story:',
  '      title: A drain took every replica',
  '      evidence: scenario',
  '      summary: An illustrative composite.',
];

const rule = (...lines: string[]): string => ['teamRules:', ...lines, ...STORY, ''].join('\n');

const MEMORY_RULE = rule(
  '  - id: team/memory-1gi',
  '    title: Memory limit under 1Gi',
  '    severity: error',
  '    kinds: [workloads]',
  '    condition: >-',
  '      !(has(item.resources) && has(item.resources.limits) && has(item.resources.limits.memory) &&',
  '      quantity(item.resources.limits.memory) >= quantity("1Gi"))',
  '    at: podSpec.containers[*].resources',
  '    message: Container "{item}" of {name} needs 1Gi.',
  '    remediation: Raise it.',
  '    fix:',
  '      insert:',
  '        at: podSpec.containers[*].resources.limits',
  '        value: { memory: 1Gi }',
);

const deployment = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: checkout # the shop',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: api',
  '          image: api:1',
  '          resources:',
  '            limits:',
  '              cpu: "1"',
  '        - name: side',
  '          image: side:1',
  '          resources:',
  '            limits:',
  '              memory: 2Gi',
  '        - name: bare',
  '          image: bare:1',
  '',
].join('\n');

function load(text: string) {
  const { config, problems } = parseConfig(text, BUILT_IN_RULES);
  return { rules: config.teamRules, problems, settings: normaliseSettings(config.settings) };
}

function positions(text: string, problems: { message: string; span: { start: number } }[]) {
  return problems.map((p) => {
    const before = text.slice(0, p.span.start).split('\n');
    return [before.length, before[before.length - 1]!.length + 1, p.message];
  });
}

const lineCol = (text: string, offset: number): [number, number] => {
  const before = text.slice(0, offset).split('\n');
  return [before.length, before[before.length - 1]!.length + 1];
};

describe('team rules: parsing and validation', () => {
  it('builds a Rule from a valid entry', () => {
    const { rules, problems } = load(MEMORY_RULE);
    assert.deepEqual(problems, []);
    assert.equal(rules.length, 1);
    assert.equal(rules[0]!.meta.id, 'team/memory-1gi');
    assert.equal(rules[0]!.meta.defaultSeverity, 'error');
    assert.ok(rules[0]!.meta.kinds.includes('CronJob'));
    assert.equal(rules[0]!.meta.stories[0]!.evidence, 'scenario');
  });

  it('reports each malformed rule at the exact line and keeps the valid ones', () => {
    const text = [
      'teamRules:',
      '  - id: payments',
      '    title: T',
      '    kinds: [Deploymnet]',
      '    condition: object.spec.replicas >',
      '    message: M',
      '    remediation: R',
      '    story:',
      '      title: S',
      '      evidence: rumour',
      '      summary: x',
      '  - title: no id',
      '    kinds: [Pod]',
      '    condition: "true"',
      '    message: M',
      '    remediation: R',
      ...STORY,
      '  - id: team/ok',
      '    title: fine',
      '    kinds: [Pod]',
      '    condition: has(object.spec.hostNetwork)',
      '    message: M',
      '    remediation: R',
      ...STORY,
      'rules:',
      '  team/ok: off',
      '',
    ].join('\n');
    const { rules, problems, settings } = load(text);
    assert.deepEqual(
      rules.map((r) => r.meta.id),
      ['team/ok'],
    );
    assert.equal(settings.rules['team/ok'], 'off');
    const found = positions(text, problems);
    assert.deepEqual(
      found.map(([line, column]) => [line, column]),
      [
        [2, 9],
        [4, 13],
        [5, 16],
        [10, 17],
        [12, 5],
      ],
    );
    assert.match(String(found[0]![2]), /must look like "team\/<name>"/);
    assert.match(String(found[1]![2]), /unknown kind "Deploymnet"/);
    assert.match(String(found[2]![2]), /invalid CEL condition/);
    assert.match(String(found[3]![2]), /evidence must be one of postmortem/);
    assert.match(String(found[4]![2]), /"id" is required/);
  });

  it('rejects duplicate ids, a postmortem without url, and a rule listed under rules: stays known', () => {
    const one = (id: string, evidence = 'scenario') =>
      [
        `  - id: ${id}`,
        '    title: T',
        '    kinds: [Pod]',
        '    condition: "false"',
        '    message: M',
        '    remediation: R',
        '    story: { title: S, summary: x, evidence: ' + evidence + ' }',
      ].join('\n');
    const text = ['teamRules:', one('team/a'), one('team/a'), one('team/b', 'postmortem'), ''].join('\n');
    const { rules, problems } = load(text);
    assert.deepEqual(
      rules.map((r) => r.meta.id),
      ['team/a'],
    );
    assert.deepEqual(
      positions(text, problems).map(([l, c, m]) => [l, c, String(m).replace(/ \(.*$/, '')]),
      [
        [9, 9, 'Team rule id "team/a" is already used by another rule.'],
        [
          22,
          12,
          'Team rule "team/b": story with evidence "postmortem" needs the url of the original write-up.',
        ],
      ],
    );
  });

  it('reads the team rules of included files, with problems on those files', () => {
    const files: Record<string, string> = {
      '/repo/.kube-hindsight/rules/a.yaml': MEMORY_RULE,
      '/repo/.kube-hindsight/rules/b.yaml': '- id: bad\n',
      '/repo/.kube-hindsight/other.txt': 'x',
    };
    const list = (folder: string) =>
      Object.keys(files)
        .filter((f) => f.startsWith(folder + '/'))
        .map((f) => f.slice(folder.length + 1));
    const { config, problems } = parseConfig(
      'include:\n  - .kube-hindsight/rules/*.yaml\n',
      BUILT_IN_RULES,
      (globs) => includedFiles('/repo', globs, (p) => files[p], list),
    );
    assert.deepEqual(
      config.teamRules.map((r) => r.meta.id),
      ['team/memory-1gi'],
    );
    assert.ok(problems.length > 0 && problems.every((p) => p.path === '/repo/.kube-hindsight/rules/b.yaml'));
    assert.equal(problems[0]!.span.start, 6);
  });
});

describe('team rules: findings, suppression and fixes', () => {
  const { rules, settings } = load(MEMORY_RULE);
  const all = BUILT_IN_RULES.with(rules);
  const team = (text: string) =>
    analyseText(text, all, { settings }).findings.filter((f) => f.ruleId.startsWith('team/'));

  it('fans out over containers[*] and squiggles the key, or the deepest existing one', () => {
    const findings = team(deployment);
    assert.deepEqual(
      findings.map((f) => [
        ...lineCol(deployment, f.span.start),
        ...lineCol(deployment, f.span.end),
        f.message,
      ]),
      [
        [11, 11, 11, 20, 'Container "api" of checkout needs 1Gi.'],
        [19, 11, 19, 15, 'Container "bare" of checkout needs 1Gi.'],
      ],
    );
    assert.equal(findings[0]!.meta?.stories[0]?.title, 'A drain took every replica');
    assert.equal(findings[0]!.severity, 'error');
  });

  it('is silenced by an ignore comment and turned off by rules:', () => {
    const silenced = deployment.replace(
      '          image: api:1\n',
      '          image: api:1\n          # kube-hindsight-ignore team/memory-1gi -- sized by VPA\n',
    );
    assert.deepEqual(
      team(silenced).map((f) => f.message),
      ['Container "bare" of checkout needs 1Gi.'],
    );
    const off = load(MEMORY_RULE + 'rules:\n  team/memory-1gi: off\n');
    assert.deepEqual(
      analyseText(deployment, BUILT_IN_RULES.with(off.rules), { settings: off.settings }).findings.filter(
        (f) => f.ruleId.startsWith('team/'),
      ),
      [],
    );
  });

  it('inserts the declared mapping only where absent, keeping comments', () => {
    const [first, second] = team(deployment);
    const fixed = applyEdits(deployment, first!.getFixes()[0]!.edits);
    assert.ok(fixed.includes('              cpu: "1"\n              memory: 1Gi\n'));
    assert.ok(fixed.includes('# the shop'));
    assert.equal(parseDocument(fixed).errors.length, 0);
    const both = applyEdits(fixed, []);
    assert.deepEqual(
      team(both).map((f) => f.message),
      ['Container "bare" of checkout needs 1Gi.'],
    );
    const bare = applyEdits(deployment, second!.getFixes()[0]!.edits);
    assert.ok(
      bare.includes(
        '          image: bare:1\n          resources:\n            limits:\n              memory: 1Gi\n',
      ),
    );
    assert.deepEqual(
      team(bare).map((f) => f.message),
      ['Container "api" of checkout needs 1Gi.'],
    );
  });

  it('isolates a condition that throws, and stops a slow one once per file', (t) => {
    const throwing = load(
      rule(
        '  - id: team/throws',
        '    title: T',
        '    kinds: [Deployment]',
        '    condition: object.spec.nothing.deeper == 1',
        '    message: M',
        '    remediation: R',
      ),
    );
    const analysis = analyseText(deployment, BUILT_IN_RULES.with(throwing.rules), {
      settings: throwing.settings,
    });
    assert.equal(analysis.failures.length, 1);
    assert.match(analysis.failures[0]!.error, /condition failed/);
    assert.ok(analysis.findings.some((f) => f.ruleId === 'missing-memory-limit'));

    // Every look at the clock finds it 10 ms later, so every evaluation takes 10 ms, over a 5 ms budget.
    fakeClock(t, 10);
    const slowText = rule(
      '  - id: team/slow',
      '    title: T',
      '    kinds: [Deployment]',
      '    condition: object.kind == "Deployment"',
      '    at: podSpec.containers[*]',
      '    message: M',
      '    remediation: R',
    );
    const slowList = parseDocument(slowText).get('teamRules', true) as Parameters<typeof readTeamRules>[0];
    const slow = readTeamRules(slowList, new Set(), { budgetMs: 5 });
    assert.deepEqual(slow.problems, []);
    const result = analyseText(deployment, new RuleSet(slow.rules));
    assert.equal(result.failures.length, 1, JSON.stringify(result.failures));
    assert.equal(
      result.failures[0]!.error,
      'Error: condition ran over its budget of 5 ms (50,000 evaluation steps) and was stopped; the rule is stopped for this file',
    );
  });

  // Six nested .all() over ten items: a million innermost evaluations, 16.7 million steps, which took
  // 188 ms to a second before the budget was checked, after the fact.
  const TEN = '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]';
  const SIX_NESTED = `${TEN}.all(a, ${TEN}.all(b, ${TEN}.all(c, ${TEN}.all(d, ${TEN}.all(e, ${TEN}.all(f, a + b + c + d + e + f >= 0))))))`;
  const activation = { object: {}, podSpec: {}, containers: [], item: null };
  const stepsOnly = { maxSteps: stepsForBudget(TEAM_RULE_BUDGET_MS), budgetMs: Infinity };

  it('stops a condition during evaluation once it has used its budget of steps', () => {
    const evaluate = compileCondition(SIX_NESTED);
    assert.ok(typeof evaluate === 'function', String(evaluate));
    assert.equal(stepsOnly.maxSteps, 500_000);
    const outcome = evaluate(activation, stepsOnly);
    assert.equal(outcome.exceeded, 'steps');
    // Past the limit every node throws at once, so unwinding the six loops adds a few steps per level.
    assert.ok(
      outcome.steps > stepsOnly.maxSteps && outcome.steps <= stepsOnly.maxSteps + 200,
      `${outcome.steps}`,
    );
    // cel-js keeps an error inside `||` or `.all()` until the other side is known; the stop still counts.
    const hidden = compileCondition(`${SIX_NESTED} || true`);
    assert.ok(typeof hidden === 'function');
    assert.equal(hidden(activation, stepsOnly).exceeded, 'steps');
    // The same condition over fewer items finishes, with its true count of steps, and so does an ordinary one.
    const small = compileCondition(SIX_NESTED.replaceAll(TEN, '[0, 1]'));
    assert.ok(typeof small === 'function');
    assert.deepEqual(small(activation, stepsOnly), { value: true, steps: 1398 });
    const ordinary = compileCondition('has(object.spec) && object.spec.replicas > 1');
    assert.ok(typeof ordinary === 'function');
    assert.deepEqual(ordinary({ ...activation, object: { spec: { replicas: 3 } } }, stepsOnly), {
      value: true,
      steps: 7,
    });
  });

  it('reports a condition over its budget as a rule failure, once per file, and the other rules carry on', () => {
    const loaded = load(
      rule(
        '  - id: team/six-nested',
        '    title: T',
        '    kinds: [Deployment]',
        `    condition: "${SIX_NESTED}"`,
        '    at: podSpec.containers[*]',
        '    message: M',
        '    remediation: R',
      ),
    );
    const analysis = analyseText(deployment, BUILT_IN_RULES.with(loaded.rules), {
      settings: loaded.settings,
    });
    assert.deepEqual(
      analysis.failures.map((f) => [f.ruleId, f.error]),
      [
        [
          'team/six-nested',
          'Error: condition ran over its budget of 50 ms (500,000 evaluation steps) and was stopped; the rule is stopped for this file',
        ],
      ],
    );
    assert.ok(analysis.findings.some((f) => f.ruleId === 'missing-memory-limit'));
  });
});

describe('team rules: fix safety', () => {
  it('every fix of the example team rules keeps the fix-safety promises', () => {
    const folder = join(examples, 'team-rules');
    const loaded = new ConfigLocator(BUILT_IN_RULES).forFolder(folder);
    assert.ok(loaded && loaded.problems.length === 0, JSON.stringify(loaded?.problems));
    assert.ok(loaded.config.teamRules.some((r) => r.meta.fixable));
    const path = join(folder, 'manifests.yaml');
    const report = checkFixes(
      [{ path, text: readFileSync(path, 'utf8') }],
      BUILT_IN_RULES.with(loaded.config.teamRules),
    );
    const teamFixes =
      report.tried - checkFixes([{ path, text: readFileSync(path, 'utf8') }], BUILT_IN_RULES).tried;
    assert.ok(teamFixes > 0, 'no team rule fix was tried');
    assert.deepEqual(report.failures, [], formatFailures(report.failures));
    assert.equal(report.passed, report.tried);
  });
});

describe('team rules: no JavaScript from the workspace runs', () => {
  it('the CEL library never builds code with eval or Function', () => {
    const lib = join(root, 'node_modules', '@marcbachmann', 'cel-js', 'lib');
    const sources = ['evaluator.js', 'parser.js', 'macros.js', 'operators.js', 'functions.js', 'registry.js'];
    for (const name of sources) {
      const text = readFileSync(join(lib, name), 'utf8');
      assert.doesNotMatch(text, /\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(\s*['"`]/, name);
    }
  });

  it('conditions still evaluate with eval and Function disabled', () => {
    const saved = { eval: globalThis.eval, Function: globalThis.Function };
    const deny = () => {
      throw new Error('code generation denied');
    };
    try {
      globalThis.eval = deny as typeof eval;
      (globalThis as { Function: unknown }).Function = deny;
      const { rules, settings } = load(MEMORY_RULE);
      const findings = analyseText(deployment, new RuleSet(rules), { settings }).findings;
      assert.equal(findings.length, 2);
    } finally {
      globalThis.eval = saved.eval;
      globalThis.Function = saved.Function;
    }
  });
});

describe('team rules: CLI', () => {
  it('reports the example team rules with their stories in JSON', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--require',
        stillClockPreload,
        join(root, 'dist', 'cli.js'),
        'check',
        'examples/team-rules',
        '--format',
        'json',
        '--fail-on',
        'none',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    const team = (
      JSON.parse(out) as {
        findings: { ruleId: string; line: number; story: { evidence: string; title: string } }[];
      }
    ).findings.filter((f) => f.ruleId.startsWith('team/'));
    assert.deepEqual(
      team.map((f) => [f.ruleId, f.line, f.story.evidence]),
      [
        ['team/payments-need-pdb', 14, 'scenario'],
        ['team/checkout-memory-limit', 20, 'scenario'],
        ['team/no-host-network-debug', 32, 'scenario'],
      ],
    );
    assert.equal(team[0]!.story.title, 'A node drain took every payments replica at once');
  });
});

describe('team rules: untrusted workspaces', () => {
  it('the extension fully supports untrusted workspaces, with no setting withheld there', () => {
    // Team rules are data (YAML and CEL interpreted by the server), so nothing needs the workspace's trust:
    // VS Code must not switch the extension or any of its settings off in Restricted Mode.
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      capabilities: { untrustedWorkspaces: { supported: unknown; restrictedConfigurations?: unknown } };
    };
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, true);
    assert.equal(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, undefined);
  });
});
