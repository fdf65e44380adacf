// Profiles: the severities each gives, `extends:` in .kube-hindsight.yaml, and how the editor and the
// command line choose one over the file.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILT_IN_RULES } from '../built-in-rules';
import { layerSettings, parseConfig } from '../../server/engine/config';
import { analyseText } from '../../server/engine/engine';
import { PROFILE_NAMES, profileSeverity } from '../../server/engine/profiles';
import { normaliseSettings } from '../../server/engine/settings';
import { runCli, tempTree, POD } from './cli-run';

const meta = (id: string) => BUILT_IN_RULES.get(id)!.meta;

describe('profiles', () => {
  it('every built-in rule says what it guards against, so that each profile can place it', () => {
    const without = BUILT_IN_RULES.rules.filter((rule) => rule.meta.concern === undefined);
    assert.deepEqual(
      without.map((rule) => rule.meta.id),
      [],
    );
  });

  it('recommended keeps errors and warnings and turns informational advice into hints', () => {
    for (const rule of BUILT_IN_RULES.rules) {
      // An input rule says what was not analysed, which a hint would hide.
      const advice = rule.meta.defaultSeverity === 'info' && !rule.meta.input;
      const expected = advice ? 'hint' : rule.meta.defaultSeverity;
      assert.equal(profileSeverity(rule.meta, ['recommended']), expected, rule.meta.id);
      assert.equal(profileSeverity(rule.meta, ['strict']), rule.meta.defaultSeverity, rule.meta.id);
    }
  });

  it('the focused profiles keep their concern and the validity rules, and switch the rest off', () => {
    assert.equal(profileSeverity(meta('privileged-container'), ['security']), 'warning');
    assert.equal(profileSeverity(meta('service-account-token-automount'), ['security']), 'info');
    assert.equal(profileSeverity(meta('missing-memory-limit'), ['security']), 'off');
    assert.equal(profileSeverity(meta('invalid-yaml'), ['security']), 'error');
    assert.equal(profileSeverity(meta('file-skipped'), ['reliability']), 'warning');
    assert.equal(profileSeverity(meta('missing-memory-limit'), ['reliability']), 'warning');
    assert.equal(profileSeverity(meta('privileged-container'), ['reliability']), 'off');
    // A list is the union: each rule at the loudest severity any of them gives it.
    assert.equal(profileSeverity(meta('privileged-container'), ['security', 'reliability']), 'warning');
    assert.equal(profileSeverity(meta('missing-memory-limit'), ['security', 'reliability']), 'warning');
    assert.equal(profileSeverity(meta('cpu-limit-throttling'), ['recommended', 'reliability']), 'info');
  });

  it('the input rules are on in every profile and never hidden as hints: nothing passes in silence', () => {
    for (const id of ['invalid-yaml', 'file-skipped', 'unrendered-template', 'kustomization-not-rendered']) {
      for (const profile of PROFILE_NAMES) {
        assert.notEqual(profileSeverity(meta(id), [profile]), 'off', `${id} under ${profile}`);
        assert.notEqual(profileSeverity(meta(id), [profile]), 'hint', `${id} under ${profile}`);
      }
    }
  });

  it('a Pod without resources: the default shows the warning, and the advice as hints', () => {
    const severities = (raw: Record<string, unknown>): string[] =>
      analyseText(POD, BUILT_IN_RULES, { settings: normaliseSettings(raw) })
        .findings.map((f) => `${f.ruleId} ${f.severity}`)
        .sort();
    assert.deepEqual(severities({}), [
      'missing-ephemeral-storage-limit hint',
      'missing-memory-limit warning',
      'missing-resource-requests warning',
      'service-account-token-automount hint',
    ]);
    assert.deepEqual(severities({ profile: 'strict' }), [
      'missing-ephemeral-storage-limit info',
      'missing-memory-limit warning',
      'missing-resource-requests warning',
      'service-account-token-automount info',
    ]);
    assert.deepEqual(severities({ profile: 'security' }), ['service-account-token-automount info']);
    // A rule named in the settings wins over the profile.
    assert.ok(
      severities({ rules: { 'missing-ephemeral-storage-limit': 'warning' } }).includes(
        'missing-ephemeral-storage-limit warning',
      ),
    );
  });
});

describe('extends in .kube-hindsight.yaml', () => {
  it('takes a profile or a list of profiles', () => {
    assert.deepEqual(parseConfig('extends: strict\n', BUILT_IN_RULES).config.settings.profile, ['strict']);
    const both = parseConfig('extends: [security, reliability]\n', BUILT_IN_RULES);
    assert.deepEqual(both.problems, []);
    assert.deepEqual(both.config.settings.profile, ['security', 'reliability']);
  });

  it('an unknown profile is a problem at its name, with the nearest one; the valid names still apply', () => {
    const text = 'extends:\n  - securty\n  - reliability\n';
    const { config, problems } = parseConfig(text, BUILT_IN_RULES);
    assert.deepEqual(problems, [
      {
        message:
          'Unknown profile "securty"; did you mean "security"? (profiles: recommended, strict, security, reliability).',
        span: { start: text.indexOf('securty'), end: text.indexOf('securty') + 'securty'.length },
      },
    ]);
    assert.deepEqual(config.settings.profile, ['reliability']);
  });

  it('a value of another shape is one problem at the value', () => {
    const text = 'extends: { name: strict }\n';
    const { problems } = parseConfig(text, BUILT_IN_RULES);
    assert.equal(problems.length, 1);
    assert.match(
      problems[0]!.message,
      /^extends must be a profile \(recommended, strict, security, reliability\)/,
    );
    assert.equal(problems[0]!.span.start, text.indexOf('{'));
  });

  it('the editor profile wins over the file, an unset (null) one leaves the file in force', () => {
    const { config } = parseConfig('extends: security\n', BUILT_IN_RULES);
    assert.deepEqual(normaliseSettings(layerSettings(config, { profile: null })).profiles, ['security']);
    assert.deepEqual(normaliseSettings(layerSettings(config, { profile: 'strict' })).profiles, ['strict']);
    assert.deepEqual(normaliseSettings(layerSettings(undefined, {})).profiles, ['recommended']);
  });
});

describe('--profile', () => {
  it('overrides extends for the run, and an unknown name is a usage error', () => {
    const dir = tempTree({ '.kube-hindsight.yaml': 'extends: strict\n', 'pod.yaml': POD });
    const json = (args: string[]): string[] =>
      (
        JSON.parse(
          runCli(['check', '--format', 'json', '--fail-on', 'none', ...args, 'pod.yaml'], undefined, dir)
            .stdout,
        ) as {
          findings: { ruleId: string; severity: string }[];
        }
      ).findings.map((f) => `${f.ruleId} ${f.severity}`);
    assert.ok(json([]).includes('missing-ephemeral-storage-limit info'));
    assert.ok(json(['--profile', 'recommended']).includes('missing-ephemeral-storage-limit hint'));
    assert.deepEqual(json(['--profile', 'security']), ['service-account-token-automount info']);
    const bad = runCli(['check', '--profile', 'strikt', 'pod.yaml'], undefined, dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--profile must be recommended, strict, security, reliability, not "strikt"/);
  });
});
