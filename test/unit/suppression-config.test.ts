// Suppression comments and annotations, the central "ignore" code actions, and .kube-hindsight.yaml.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILT_IN_RULES } from '../built-in-rules';
import { RuleSet } from '../../server/engine/rule-set';
import { isIgnoredPath, layerSettings, parseConfig } from '../../server/engine/config';
import { applyEdits } from '../../server/engine/edits';
import { analyseText } from '../../server/engine/engine';
import { normaliseSettings } from '../../server/engine/settings';
import { ignoreForObjectFix, ignoreOnLineFix } from '../../server/engine/suppression';

const pod = (...extra: string[]): string =>
  [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: p',
    ...extra,
    'spec:',
    '  containers:',
    '  - name: app',
    '    image: app:1',
    '',
  ].join('\n');

/** The two resource rules are enough to exercise suppression, and keep the expectations readable. */
const RESOURCE_RULES = new RuleSet([
  BUILT_IN_RULES.get('missing-memory-limit')!,
  BUILT_IN_RULES.get('missing-resource-requests')!,
]);

const ids = (text: string): string[] => analyseText(text, RESOURCE_RULES).findings.map((f) => f.ruleId);

describe('suppression', () => {
  it('an ignore comment on the line before silences the named rules there, with a reason', () => {
    const text = pod().replace(
      '  - name: app',
      '  # kube-hindsight-ignore missing-memory-limit,missing-resource-requests -- sized by the VPA\n  - name: app',
    );
    const analysis = analyseText(text, RESOURCE_RULES);
    assert.deepEqual(analysis.findings, []);
    assert.deepEqual(
      analysis.suppressed.map((s) => [s.finding.ruleId, s.kind, s.reason]),
      [
        ['missing-memory-limit', 'line', 'sized by the VPA'],
        ['missing-resource-requests', 'line', 'sized by the VPA'],
      ],
    );
  });

  it('an ignore comment elsewhere, or for another rule, does not silence anything', () => {
    assert.deepEqual(ids(pod().replace('spec:', '# kube-hindsight-ignore missing-memory-limit\nspec:')), [
      'missing-memory-limit',
      'missing-resource-requests',
    ]);
    assert.deepEqual(
      ids(pod().replace('  - name: app', '  # kube-hindsight-ignore missing-pdb\n  - name: app')),
      ['missing-memory-limit', 'missing-resource-requests'],
    );
  });

  it('an ignore-file comment silences a rule in its own document only', () => {
    const text = `${pod('# kube-hindsight-ignore-file missing-memory-limit')}---\n${pod()}`;
    assert.deepEqual(ids(text), [
      'missing-resource-requests',
      'missing-memory-limit',
      'missing-resource-requests',
    ]);
  });

  it('the kube-hindsight/ignore annotation silences rules for the object', () => {
    const text = pod(
      '  annotations:',
      '    kube-hindsight/ignore: "missing-resource-requests, missing-memory-limit"',
    );
    assert.deepEqual(ids(text), []);
  });

  it('"ignore on this line" inserts a comment at the line’s indentation, or extends the one there', () => {
    const text = pod();
    const finding = analyseText(text, RESOURCE_RULES).findings[0]!;
    const once = applyEdits(text, ignoreOnLineFix(analyseText(text, RESOURCE_RULES).file, finding)!.edits);
    assert.match(once, /\n {2}# kube-hindsight-ignore missing-memory-limit\n {2}- name: app\n/);
    const next = analyseText(once, RESOURCE_RULES);
    assert.deepEqual(
      next.findings.map((f) => f.ruleId),
      ['missing-resource-requests'],
    );
    const twice = applyEdits(once, ignoreOnLineFix(next.file, next.findings[0]!)!.edits);
    assert.match(twice, /# kube-hindsight-ignore missing-memory-limit,missing-resource-requests\n/);
    assert.deepEqual(ids(twice), []);
  });

  it('"ignore for this object" creates or extends the annotation', () => {
    const text = pod();
    let analysis = analyseText(text, RESOURCE_RULES);
    const first = ignoreForObjectFix(analysis.file, analysis.findings[0]!, analysis.findings[0]!.target)!;
    assert.equal(first.title, 'Ignore missing-memory-limit for Pod "p"');
    const once = applyEdits(text, first.edits);
    assert.match(
      once,
      /metadata:\n {2}name: p\n {2}annotations:\n {4}kube-hindsight\/ignore: missing-memory-limit\n/,
    );
    analysis = analyseText(once, RESOURCE_RULES);
    const second = ignoreForObjectFix(analysis.file, analysis.findings[0]!, analysis.findings[0]!.target)!;
    const twice = applyEdits(once, second.edits);
    assert.match(twice, /kube-hindsight\/ignore: "missing-memory-limit,missing-resource-requests"\n/);
    assert.deepEqual(ids(twice), []);
  });
});

describe('.kube-hindsight.yaml', () => {
  it('reads severities, options, the Kubernetes version and ignored paths', () => {
    const { config, problems } = parseConfig(
      [
        'kubernetesVersion: "1.24"',
        'podSecurity: {level: baseline}',
        'rules:',
        '  missing-memory-limit: off',
        '  missing-pdb:',
        '    severity: error',
        'ignore:',
        '  - generated/**',
      ].join('\n'),
      BUILT_IN_RULES,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(config.ignore, ['generated/**']);
    const settings = normaliseSettings(layerSettings(config, {}));
    assert.equal(settings.kubernetesVersion, '1.24');
    assert.equal(settings.podSecurityLevel, 'baseline');
    // The editor's level, when it sets one, wins over the file's; an unset (null) one does not.
    assert.equal(
      normaliseSettings(layerSettings(config, { podSecurity: { level: 'restricted' } })).podSecurityLevel,
      'restricted',
    );
    assert.equal(
      normaliseSettings(layerSettings(config, { podSecurity: { level: null } })).podSecurityLevel,
      'baseline',
    );
    assert.deepEqual(settings.rules, { 'missing-memory-limit': 'off', 'missing-pdb': 'error' });
  });

  it('reports each problem at its key, with a suggestion for misspelt rules, and keeps the valid parts', () => {
    const text = [
      'rules:',
      '  missing-memory-limits: off',
      '  missing-pdb: loud',
      '  missing-resource-requests: info',
      'kubernetesVersion: latest',
      'podSecurity: {level: strict}',
      'colour: blue',
    ].join('\n');
    const { config, problems } = parseConfig(text, BUILT_IN_RULES);
    assert.deepEqual(
      problems.map((p) => [p.message, text.slice(p.span.start, p.span.end)]),
      [
        [
          'Unknown rule "missing-memory-limits"; did you mean "missing-memory-limit"?',
          'missing-memory-limits',
        ],
        ['Rule "missing-pdb": severity must be off, hint, info, warning or error, not "loud".', 'loud'],
        [
          'kubernetesVersion must be a Kubernetes release such as "1.30" (or "v1.30.2"), 1.16 or later, not "latest".',
          'latest',
        ],
        ['podSecurity must be a mapping with level: privileged, baseline, restricted.', 'strict'],
        [
          'Unknown setting "colour": expected one of extends, kubernetesVersion, podSecurity, rules, ignore, limits, units, teamRules, include, admissionPolicies.',
          'colour',
        ],
      ],
    );
    assert.deepEqual(config.settings.rules, { 'missing-resource-requests': { severity: 'info' } });
  });

  it('reads admissionPolicies as a list of paths, and says where a wrong one is', () => {
    assert.deepEqual(
      parseConfig(
        'admissionPolicies:\n  - policies\n  - ../platform/admission\n',
        BUILT_IN_RULES,
      ).config.admissionPolicies.map((entry) => entry.path),
      ['policies', '../platform/admission'],
    );
    const text = 'admissionPolicies: policies\n';
    const { problems } = parseConfig(text, BUILT_IN_RULES);
    assert.deepEqual(
      problems.map((p) => [p.message, text.slice(p.span.start, p.span.end)]),
      [
        [
          'admissionPolicies must be a list of folders, files or glob patterns, such as "policies" or "../platform/policies".',
          'policies',
        ],
      ],
    );
  });

  it('never throws on broken YAML or alias bombs', () => {
    for (const text of [
      'rules: [',
      'a: &a [1,1,1,1,1]\nb: [*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b]',
      '- just\n- a list',
      '',
    ]) {
      assert.doesNotThrow(() => parseConfig(text, BUILT_IN_RULES));
    }
    assert.match(parseConfig('rules: [', BUILT_IN_RULES).problems[0]!.message, /^Invalid YAML/);
  });

  it('editor settings layer over the file', () => {
    const { config } = parseConfig(
      'rules:\n  missing-pdb: off\n  missing-memory-limit: info\n',
      BUILT_IN_RULES,
    );
    const settings = normaliseSettings(layerSettings(config, { rules: { 'missing-pdb': 'warning' } }));
    assert.deepEqual(settings.rules, { 'missing-pdb': 'warning', 'missing-memory-limit': 'info' });
  });

  it('matches ignore globs like .gitignore does', () => {
    const cases: [string, string, boolean][] = [
      ['generated/**', 'generated/a/b.yaml', true],
      ['generated/**', 'src/generated/a.yaml', false],
      ['*.tmpl.yaml', 'charts/x/deploy.tmpl.yaml', true],
      ['charts/*/templates/**', 'charts/web/templates/d.yaml', true],
      ['**/kustomization.yaml', 'kustomization.yaml', true],
      ['{a,b}/*.yaml', 'b/x.yaml', true],
    ];
    for (const [glob, path, expected] of cases) {
      const { config, problems } = parseConfig(`ignore: ["${glob}"]\n`, BUILT_IN_RULES);
      assert.deepEqual(problems, []);
      assert.equal(isIgnoredPath(config, path), expected, `${glob} ~ ${path}`);
    }
  });

  it('reports a glob it cannot read at the pattern, and keeps the other patterns and settings', () => {
    const text = [
      'rules:',
      '  missing-pdb: off',
      'ignore:',
      '  - generated/**',
      '  - "x/[z-a].yaml"',
      '  - "{*.yaml,b}"',
      '  - 7',
      'include:',
      '  - rules/{a,b',
      '  - ../outside/*.yaml',
      '  - rules/*.yaml',
    ].join('\n');
    const { config, problems } = parseConfig(text, BUILT_IN_RULES);
    assert.deepEqual(
      problems.map((p) => [p.message, text.slice(p.span.start, p.span.end)]),
      [
        [
          'include: invalid glob "rules/{a,b" (character 7): "{" has no closing "}" (write \\{ for a literal brace).',
          'rules/{a,b',
        ],
        [
          'include must be a list of glob patterns below this folder, such as ".kube-hindsight/rules/*.yaml".',
          '../outside/*.yaml',
        ],
        [
          'ignore: invalid glob "x/[z-a].yaml" (character 4): the range "z-a" is backwards.',
          '"x/[z-a].yaml"',
        ],
        ['ignore must be a list of glob patterns, such as "generated/**".', '7'],
      ],
    );
    assert.deepEqual(config.ignore, ['generated/**', '{*.yaml,b}']);
    assert.deepEqual(config.include, ['rules/*.yaml']);
    assert.deepEqual(config.settings.rules, { 'missing-pdb': { severity: 'off' } });
    // `{*.yaml,b}` was a RegExp syntax error under the old matcher; it is a valid pattern.
    assert.equal(isIgnoredPath(config, 'apps/web.yaml'), true);
    assert.equal(isIgnoredPath(config, 'x/[z-a].yml'), false);
  });
});
