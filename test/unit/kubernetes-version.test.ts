// The target Kubernetes version: one reading of the value for `.kube-hindsight.yaml`, the editor and the CLI;
// the table of deprecated and removed APIs the version rules read; and the acceptance case of issue 20, a
// deprecated and a removed API under two different targets, in the engine and through the CLI.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REMOVALS, removalOf } from '../../server/engine/api-removals';
import { layerSettings, parseConfig } from '../../server/engine/config';
import { analyseText } from '../../server/engine/engine';
import { hoverMarkdown, ruleDocument } from '../../server/engine/explain';
import {
  DEFAULT_KUBERNETES_VERSION,
  KUBERNETES_VERSION_PATTERN,
  OLDEST_KUBERNETES_MINOR,
  parseKubernetesVersion,
} from '../../server/engine/kubernetes-version';
import { kubernetesSchema } from '../../server/engine/schema/k8s-schema';
import { SCHEMA_RULE_IDS } from '../../server/engine/schema/violations';
import { normaliseSettings } from '../../server/engine/settings';
import { BUILT_IN_RULES } from '../built-in-rules';
import { type CliResult, json, runCli, tempTree } from './cli-run';

/** A CronJob whose API 1.21 deprecated and 1.25 removed, and an Ingress whose API 1.19 deprecated and 1.22 removed. */
const MANIFEST = [
  'apiVersion: batch/v1beta1',
  'kind: CronJob',
  'metadata: {name: nightly}',
  'spec:',
  '  schedule: "0 2 * * *"',
  '---',
  'apiVersion: networking.k8s.io/v1beta1',
  'kind: Ingress',
  'metadata: {name: shop}',
  '',
].join('\n');

const VERSION_RULES = new Set(['deprecated-api-version', 'removed-api-version']);

/** The version rules' findings as [rule, line, column, end column], 1-based as the CLI prints them. */
function versionFindings(text: string, kubernetesVersion: string): [string, number, number, number][] {
  const { findings } = analyseText(text, BUILT_IN_RULES, {
    settings: normaliseSettings({ kubernetesVersion }),
  });
  return findings
    .filter((f) => VERSION_RULES.has(f.ruleId))
    .map((f) => {
      const before = text.slice(0, f.span.start);
      const line = before.split('\n').length;
      const column = f.span.start - before.lastIndexOf('\n');
      return [f.ruleId, line, column, column + (f.span.end - f.span.start)];
    });
}

describe('kubernetesVersion: the reading shared by the configuration, the editor and the CLI', () => {
  it('reads a minor release, with or without "v" and a patch level', () => {
    assert.equal(parseKubernetesVersion('1.30'), '1.30');
    assert.equal(parseKubernetesVersion(' v1.30.2 '), '1.30');
    assert.equal(parseKubernetesVersion(`1.${OLDEST_KUBERNETES_MINOR}`), '1.16');
    assert.equal(parseKubernetesVersion('1.100'), '1.100');
    for (const bad of ['latest', '', '1', '2.0', '1.30.x', '1.3', '1.15', 'v1', '1.30-rc.1']) {
      assert.equal(parseKubernetesVersion(bad), undefined, bad);
    }
  });

  it('the editor schema pattern accepts exactly what the reading accepts', () => {
    const pattern = new RegExp(KUBERNETES_VERSION_PATTERN);
    for (const text of [
      '1.30',
      'v1.30.2',
      '1.16',
      '1.100',
      'latest',
      '1.3',
      '1.15',
      '1.09',
      '2.0',
      '1.30.x',
    ]) {
      assert.equal(pattern.test(text), parseKubernetesVersion(text) !== undefined, text);
    }
  });

  it('defaults to the release of the bundled schema, so that the default target and the schema agree', () => {
    assert.equal(DEFAULT_KUBERNETES_VERSION, kubernetesSchema().provenance.kubernetes);
    assert.equal(normaliseSettings({}).kubernetesVersion, DEFAULT_KUBERNETES_VERSION);
  });

  it('reads an unquoted 1.30 in .kube-hindsight.yaml as 1.30, not as the number 1.3', () => {
    for (const [line, want] of [
      ['kubernetesVersion: 1.30', '1.30'],
      ['kubernetesVersion: "v1.28.4" # from kubectl version', '1.28'],
      ["kubernetesVersion: '1.20'", '1.20'],
    ] as const) {
      const { config, problems } = parseConfig(line, BUILT_IN_RULES);
      assert.deepEqual(problems, [], line);
      assert.equal(normaliseSettings(layerSettings(config, {})).kubernetesVersion, want, line);
    }
  });

  it('reports a release it cannot read, or one older than 1.16, at its value in .kube-hindsight.yaml', () => {
    for (const [value, shown] of [
      ['1.3', '1.3'],
      ['"1.15"', '1.15'],
      ['[1, 30]', '[1, 30]'],
    ]) {
      const text = `rules: {}\nkubernetesVersion: ${value}\n`;
      const { config, problems } = parseConfig(text, BUILT_IN_RULES);
      assert.deepEqual(
        problems.map((p) => [p.message, text.slice(p.span.start, p.span.end)]),
        [
          [
            `kubernetesVersion must be a Kubernetes release such as "1.30" (or "v1.30.2"), 1.16 or later, not "${shown}".`,
            value,
          ],
        ],
      );
      assert.equal(
        normaliseSettings(layerSettings(config, {})).kubernetesVersion,
        DEFAULT_KUBERNETES_VERSION,
      );
    }
  });

  it('an editor value replaces the file’s; an editor value that is not a release leaves the file’s', () => {
    const { config } = parseConfig('kubernetesVersion: "1.24"', BUILT_IN_RULES);
    const layered = (editor: unknown): string =>
      normaliseSettings(layerSettings(config, { kubernetesVersion: editor })).kubernetesVersion;
    assert.equal(layered('v1.27.3'), '1.27');
    assert.equal(layered(null), '1.24');
    assert.equal(layered(''), '1.24');
    assert.equal(layered('1.3'), '1.24');
  });
});

describe('the table of deprecated and removed API versions', () => {
  it('deprecates each version before it removes it', () => {
    for (const removal of REMOVALS) {
      assert.ok(
        removal.deprecatedIn < removal.removedIn,
        `${removal.apiVersion} ${removal.kinds.join(', ')}`,
      );
    }
  });

  it('names for every accepted target from the deprecation on a replacement that the target serves', () => {
    for (const removal of REMOVALS) {
      for (let target = Math.max(OLDEST_KUBERNETES_MINOR, removal.deprecatedIn); target <= 40; target++) {
        const replacement = removal.replacement(target);
        if (replacement === undefined) {
          // Only PodSecurityPolicy ends without a successor (Pod Security Admission is not an API version).
          assert.deepEqual(removal.kinds, ['PodSecurityPolicy']);
          continue;
        }
        for (const kind of removal.kinds) {
          const gone = removalOf(replacement, kind);
          assert.ok(
            !gone || gone.removedIn > target,
            `${removal.apiVersion} ${kind} at 1.${target}: ${replacement} is no longer served`,
          );
        }
      }
    }
  });
});

describe('acceptance: a deprecated and a removed API under two different kubernetesVersion values', () => {
  it('1.20: the Ingress is deprecated, the CronJob not yet (batch/v1 came in 1.21)', () => {
    assert.deepEqual(versionFindings(MANIFEST, '1.20'), [['deprecated-api-version', 7, 13, 38]]);
  });

  it('1.24: the CronJob is deprecated and the Ingress removed', () => {
    assert.deepEqual(versionFindings(MANIFEST, '1.24'), [
      ['deprecated-api-version', 1, 13, 26],
      ['removed-api-version', 7, 13, 38],
    ]);
  });

  it('1.25: both are removed', () => {
    assert.deepEqual(versionFindings(MANIFEST, '1.25'), [
      ['removed-api-version', 1, 13, 26],
      ['removed-api-version', 7, 13, 38],
    ]);
  });
});

describe('kube-hindsight check --kubernetes-version', () => {
  const found = (result: CliResult): [string, string, number, number][] =>
    json(result)
      .findings.filter((f) => VERSION_RULES.has(f.ruleId))
      .map((f) => [f.ruleId, f.severity, f.line, f.column]);

  it('follows .kube-hindsight.yaml, and the flag overrides it', () => {
    const dir = tempTree({ '.kube-hindsight.yaml': 'kubernetesVersion: "1.24"\n', 'app.yaml': MANIFEST });
    const fromConfig = runCli(['check', '--format', 'json', 'app.yaml'], undefined, dir);
    assert.equal(fromConfig.stderr, '');
    // deprecated-api-version is informational: a hint under the default profile, information under strict.
    assert.deepEqual(found(fromConfig), [
      ['deprecated-api-version', 'hint', 1, 13],
      ['removed-api-version', 'error', 7, 13],
    ]);
    const fromFlag = runCli(
      ['check', '--format', 'json', '--kubernetes-version', '1.20', 'app.yaml'],
      undefined,
      dir,
    );
    assert.equal(fromFlag.stderr, '');
    assert.deepEqual(found(fromFlag), [['deprecated-api-version', 'hint', 7, 13]]);
    const strict = runCli(
      ['check', '--format', 'json', '--profile', 'strict', '--kubernetes-version', '1.20', 'app.yaml'],
      undefined,
      dir,
    );
    assert.deepEqual(found(strict), [['deprecated-api-version', 'info', 7, 13]]);
    const inline = runCli(
      ['check', '--format', 'json', '--kubernetes-version=v1.25.3', 'app.yaml'],
      undefined,
      dir,
    );
    assert.deepEqual(found(inline), [
      ['removed-api-version', 'error', 1, 13],
      ['removed-api-version', 'error', 7, 13],
    ]);
  });

  it('refuses a value that is not a release with one clear line and exit code 2', () => {
    for (const value of ['latest', '1.3', '1.15']) {
      const result = runCli(['check', '--kubernetes-version', value, '-'], MANIFEST);
      assert.equal(result.code, 2, value);
      assert.equal(result.stdout, '');
      assert.equal(
        result.stderr,
        `kube-hindsight: --kubernetes-version must be a Kubernetes release such as "1.30" (or "v1.30.2"), 1.16 or later, not "${value}"\n`,
      );
    }
    const missing = runCli(['check', '-', '--kubernetes-version'], MANIFEST);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--kubernetes-version needs a value/);
  });

  it('reports a bad kubernetesVersion in .kube-hindsight.yaml at its line and column, with exit code 2', () => {
    const dir = tempTree({
      '.kube-hindsight.yaml': '# our clusters\nkubernetesVersion: 1.3\n',
      'app.yaml': MANIFEST,
    });
    const result = runCli(['check', 'app.yaml'], undefined, dir);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      'kube-hindsight: .kube-hindsight.yaml:2:20: kubernetesVersion must be a Kubernetes release such as "1.30" ' +
        '(or "v1.30.2"), 1.16 or later, not "1.3".\n',
    );
    assert.doesNotMatch(result.stderr, /internal error/i);
  });
});

describe('the schema rules say plainly that they validate against one Kubernetes version', () => {
  it('in the hover and the rule document of each built-in schema rule', () => {
    const statement =
      "The check uses one schema, Kubernetes 1.36's, whatever `kubernetesVersion` you target: only the fields " +
      'that 1.30 lacked and that the schema documents as alpha, beta or feature-gated count as unknown for a ' +
      'target of 1.30 or older.';
    const builtIn = [...SCHEMA_RULE_IDS].filter((id) => id !== 'custom-resource-schema');
    assert.equal(builtIn.length, 5);
    for (const id of builtIn) {
      const meta = BUILT_IN_RULES.get(id)!.meta;
      assert.ok(hoverMarkdown(meta).includes(statement), `${id} hover`);
      assert.ok(ruleDocument(meta).includes(statement), `${id} document`);
    }
  });
});
