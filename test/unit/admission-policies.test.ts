// ValidatingAdmissionPolicies evaluated offline (rules/admission-policy-violation, server/engine/admission/):
// the acceptance case with the policy and its binding in a `policies/` folder apart from the
// Deployment, in the engine and through the CLI; severities by validationActions; params; the notice on a
// policy that uses an unsupported function; the step budget.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import admissionPolicyViolation from '../../rules/admission-policy-violation';
import {
  deployment,
  teamLabelBinding,
  teamLabelPolicy,
  widget,
  widgetCrd,
  widgetPolicy,
} from '../../rules/admission-policy-violation/cases';
import { analyseText } from '../../server/engine/engine';
import { parseFile } from '../../server/engine/parse';
import { sourcePosition } from '../../server/engine/positions';
import { RelatedObjects } from '../../server/engine/related-index';
import { RuleSet } from '../../server/engine/rule-set';
import type { Finding } from '../../server/engine/types';
import { lines } from '../rule-cases';
import { stillClockInThisFile, stillClockPreload } from '../clock';

stillClockInThisFile();

const root = join(__dirname, '..', '..');
const RULES = new RuleSet([admissionPolicyViolation]);

/** Analyses `apps/web.yaml` (or `checked`) with the other files in one index, units by folder. */
function analyse(files: Record<string, string>, checked = 'apps/web.yaml'): Finding[] {
  const index = new RelatedObjects();
  for (const [uri, text] of Object.entries(files)) index.set(uri, parseFile(text, undefined, uri).objects);
  const analysis = analyseText(files[checked]!, RULES, { uri: checked, index });
  assert.deepEqual(analysis.failures, []);
  return analysis.findings;
}

/** A finding as `severity line:column-endLine:endColumn message`, 1-based. */
function show(finding: Finding): string {
  assert.ok(finding.target, 'an object finding');
  const start = sourcePosition(finding.target.source, finding.span.start);
  const end = sourcePosition(finding.target.source, finding.span.end);
  return `${finding.severity} ${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${finding.message}`;
}

function relatedOf(finding: Finding): string[] {
  return finding.related.map(
    (r) => `${r.source.uri}:${sourcePosition(r.source, r.span.start).line + 1} ${r.message}`,
  );
}

const POLICIES = (actions: string): string =>
  lines(...teamLabelPolicy(), '---', ...teamLabelBinding(actions));

describe('admission policies in a policies/ folder', () => {
  it('Deny: a Deployment without the team label in another folder gets the policy message as an error', () => {
    const findings = analyse({
      'policies/require-team.yaml': POLICIES('[Deny]'),
      'apps/web.yaml': lines(...deployment()),
    });
    assert.deepEqual(findings.map(show), [
      'error 3:1-3:9 Deployment "web" is denied by ValidatingAdmissionPolicy "require-team" (binding "require-team-binding"): Every Deployment needs a team label.',
    ]);
    assert.deepEqual(relatedOf(findings[0]!), [
      'policies/require-team.yaml:14 ValidatingAdmissionPolicy "require-team"',
      'policies/require-team.yaml:20 its binding "require-team-binding"',
    ]);
  });

  it('a custom resource: the CRD in the platform folder (another unit) names its resource; without it, a notice', () => {
    const files = {
      'platform/policy.yaml': lines(...widgetPolicy()),
      'platform/crds.yaml': lines(...widgetCrd()),
      'apps/widget.yaml': lines(...widget),
    };
    const denied = analyse(files, 'apps/widget.yaml');
    assert.deepEqual(denied.map(show), [
      'error 6:3-6:7 Widget "big" is denied by ValidatingAdmissionPolicy "small-widgets" (binding "small-widgets"): Widgets hold at most 3.',
    ]);
    // Without the CRD, the resource name of Widget is unknown: a notice at the object, linking to the rule
    // whose resources it cannot decide.
    const { 'platform/crds.yaml': _crd, ...withoutCrd } = files;
    const unknown = analyse(withoutCrd, 'apps/widget.yaml');
    assert.deepEqual(unknown.map(show), [
      'info 4:9-4:12 ValidatingAdmissionPolicy "small-widgets" (binding "small-widgets") may match Widget "big": its rules name resources "widgets", and no CustomResourceDefinition in view defines kind Widget of example.com (its spec.names.plural and spec.scope), so whether the rules cover it is unknown. The policy is not evaluated for it.',
    ]);
    assert.deepEqual(relatedOf(unknown[0]!), [
      'platform/policy.yaml:8 ValidatingAdmissionPolicy "small-widgets"',
      'platform/policy.yaml:19 its binding "small-widgets"',
    ]);
    // A rule for every resource needs no CRD: it matches whatever the kind's resource is.
    const everything = { ...withoutCrd, 'platform/policy.yaml': lines(...widgetPolicy('["*"]')) };
    assert.deepEqual(
      analyse(everything, 'apps/widget.yaml').map((f) => f.severity),
      ['error'],
    );
  });

  it('a policy for UPDATE alone: an informational notice at the object, linking to the rule’s operations', () => {
    const updateOnly = lines(
      ...teamLabelPolicy().map((l) => l.replace('["CREATE", "UPDATE"]', '["UPDATE"]')),
      '---',
      ...teamLabelBinding(),
    );
    const findings = analyse({ 'policies/p.yaml': updateOnly, 'apps/web.yaml': lines(...deployment()) });
    assert.deepEqual(
      findings.map((f) => `${f.severity} ${show(f).split(' ')[1]}`),
      ['info 4:9-4:12'],
    );
    assert.deepEqual(relatedOf(findings[0]!), [
      'policies/p.yaml:11 ValidatingAdmissionPolicy "require-team"',
      'policies/p.yaml:20 its binding "require-team-binding"',
    ]);
  });

  it('Warn: the same failure is a warning; Audit: information; Deny with Warn: an error', () => {
    const severities = (actions: string): string[] =>
      analyse({ 'policies/p.yaml': POLICIES(actions), 'apps/web.yaml': lines(...deployment()) }).map(
        (f) => f.severity,
      );
    assert.deepEqual(severities('[Warn]'), ['warning']);
    assert.deepEqual(severities('[Audit]'), ['info']);
    assert.deepEqual(severities('[Warn, Deny]'), ['error']);
  });

  it('a Deployment with the label, or a policy without its binding, gives nothing', () => {
    assert.deepEqual(
      analyse({
        'policies/p.yaml': POLICIES('[Deny]'),
        'apps/web.yaml': lines(...deployment(['team: payments'])),
      }),
      [],
    );
    assert.deepEqual(
      analyse({ 'policies/p.yaml': lines(...teamLabelPolicy()), 'apps/web.yaml': lines(...deployment()) }),
      [],
    );
  });

  it('an unsupported CEL function: one notice on the policy naming it, none on the Deployment', () => {
    const policies = lines(
      ...teamLabelPolicy("object.metadata.name.format([1]) != '' && isURL(object.metadata.name)"),
      '---',
      ...teamLabelBinding('[Deny]'),
    );
    const files = { 'policies/p.yaml': policies, 'apps/web.yaml': lines(...deployment()) };
    assert.deepEqual(analyse(files), []);
    assert.deepEqual(analyse(files, 'policies/p.yaml').map(show), [
      'info 14:5-14:15 ValidatingAdmissionPolicy "require-team" uses the CEL function format(), which Kube Hindsight does not evaluate offline: the policy is not checked against the objects it matches.',
    ]);
  });

  it('authorizer is named as unsupported: it would ask the cluster', () => {
    const policies = lines(
      ...teamLabelPolicy(
        "authorizer.serviceAccount('a', 'b').group('').resource('pods').check('get').allowed()",
      ),
    );
    assert.match(
      show(analyse({ 'policies/p.yaml': policies }, 'policies/p.yaml')[0]!),
      /uses `authorizer` \(it asks the cluster\)/,
    );
  });

  it('a namespaceSelector is read against the Namespace in view', () => {
    // The policy's matchConstraints select namespaces labelled tier=prod.
    const policy = teamLabelPolicy().flatMap((line) =>
      line === '      resources: ["deployments"]'
        ? [line, '    namespaceSelector: {matchLabels: {tier: prod}}']
        : [line],
    );
    const text = lines(...policy, '---', ...teamLabelBinding('[Deny]'));
    const namespace = (tier: string): string =>
      lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: shop',
        `  labels: {tier: ${tier}}`,
        '---',
      );
    const found = (tier: string | undefined): Finding[] =>
      analyse({
        'policies/p.yaml': text,
        'apps/web.yaml': (tier ? namespace(tier) : '') + lines(...deployment([], 'shop')),
      });
    assert.equal(found('prod').length, 1);
    assert.equal(found('dev').length, 0);
    // Without the Namespace only its name label is known, which cannot tell: no verdict, but an information
    // finding that says so, linked to the selector, rather than a silent pass.
    const unknown = found(undefined);
    assert.deepEqual(unknown.map(show), [
      'info 4:9-4:12 ValidatingAdmissionPolicy "require-team" (binding "require-team-binding") may match Deployment "web": its namespaceSelector reads labels of namespace "shop", and no Namespace object of that name is in view. The policy is not evaluated for it.',
    ]);
    // The policy's link points at its namespaceSelector (line 13).
    assert.deepEqual(relatedOf(unknown[0]!), [
      'policies/p.yaml:13 ValidatingAdmissionPolicy "require-team"',
      'policies/p.yaml:21 its binding "require-team-binding"',
    ]);
  });

  it('params: a ConfigMap in the policies folder sets the limit; a missing param is a notice, not a guess', () => {
    const policy = lines(
      'apiVersion: admissionregistration.k8s.io/v1',
      'kind: ValidatingAdmissionPolicy',
      'metadata: {name: max-replicas}',
      'spec:',
      '  paramKind: {apiVersion: v1, kind: ConfigMap}',
      '  matchConstraints:',
      '    resourceRules:',
      '    - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}',
      '  validations:',
      '  - expression: object.spec.replicas <= int(params.data.maxReplicas)',
      "    messageExpression: \"'at most ' + params.data.maxReplicas + ' replicas'\"",
      '---',
      'apiVersion: admissionregistration.k8s.io/v1',
      'kind: ValidatingAdmissionPolicyBinding',
      'metadata: {name: max-replicas}',
      'spec:',
      '  policyName: max-replicas',
      '  validationActions: [Deny]',
      '  paramRef: {name: limits, namespace: policy-params}',
    );
    const param = lines(
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: limits, namespace: policy-params}',
      'data: {maxReplicas: "3"}',
    );
    const web = lines(...deployment().map((l) => (l === 'spec:' ? 'spec:\n  replicas: 5' : l)));
    assert.deepEqual(analyse({ 'policies/p.yaml': policy + param, 'apps/web.yaml': web }).map(show), [
      'error 6:3-6:11 Deployment "web" is denied by ValidatingAdmissionPolicy "max-replicas" (binding "max-replicas"): at most 3 replicas',
    ]);
    assert.deepEqual(analyse({ 'policies/p.yaml': policy, 'apps/web.yaml': web }).map(show), [
      'info 4:9-4:12 ValidatingAdmissionPolicy "max-replicas" (binding "max-replicas") matches Deployment "web" but could not be evaluated offline: its params (ConfigMap "limits") are not in view, so what they allow is unknown.',
    ]);
  });

  it('a policy on every resource leaves the policies and bindings alone, as the API server does', () => {
    // The API server's policy plugins return at once for ValidatingAdmissionPolicy and its binding
    // (isPolicyResource in k8s.io/apiserver), so a policy cannot lock the cluster out of fixing policies.
    const everything = lines(
      'apiVersion: admissionregistration.k8s.io/v1',
      'kind: ValidatingAdmissionPolicy',
      'metadata: {name: require-team}',
      'spec:',
      '  matchConstraints:',
      '    resourceRules:',
      '    - {apiGroups: ["*"], apiVersions: ["*"], operations: [CREATE], resources: ["*"]}',
      '  validations:',
      "  - expression: has(object.metadata.labels) && 'team' in object.metadata.labels",
      '    message: Every object needs a team label.',
      '---',
      'apiVersion: admissionregistration.k8s.io/v1',
      'kind: ValidatingAdmissionPolicyBinding',
      'metadata: {name: require-team}',
      'spec:',
      '  policyName: require-team',
      '  validationActions: [Deny]',
    );
    const files = { 'policies/p.yaml': everything, 'apps/web.yaml': lines(...deployment()) };
    assert.deepEqual(analyse(files, 'policies/p.yaml').map(show), []);
    assert.deepEqual(analyse(files).map(show), [
      'error 3:1-3:9 Deployment "web" is denied by ValidatingAdmissionPolicy "require-team" (binding "require-team"): Every object needs a team label.',
    ]);
  });

  it('an expression over its step budget stops inside evaluation with a notice', () => {
    const heavy =
      'object.spec.template.spec.containers.all(a, object.spec.template.spec.containers.all(b, ' +
      '[1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, [1,2,3,4,5,6,7,8,9,10].all(e, [1,2,3,4,5,6,7,8,9,10].all(f, [1,2,3,4,5,6,7,8,9,10].all(g, g > 0)))))))';
    const findings = analyse({
      'policies/p.yaml': lines(...teamLabelPolicy(heavy), '---', ...teamLabelBinding('[Deny]')),
      'apps/web.yaml': lines(...deployment()),
    });
    assert.deepEqual(findings.map(show), [
      'info 4:9-4:12 ValidatingAdmissionPolicy "require-team" (binding "require-team-binding") matches Deployment "web" but could not be evaluated offline: its expression ran over the budget of 50 ms (500,000 evaluation steps) and was stopped.',
    ]);
  });

  it('a change of a policy (or a CRD) in another unit concerns the Deployment (or custom resource)', () => {
    const index = new RelatedObjects();
    const web = parseFile(lines(...deployment()), undefined, 'apps/web.yaml').objects;
    index.set('apps/web.yaml', web);
    const change = index.set(
      'policies/p.yaml',
      parseFile(POLICIES('[Deny]'), undefined, 'policies/p.yaml').objects,
    );
    assert.ok(change);
    assert.equal(index.affects(change, 'apps/web.yaml', web, [admissionPolicyViolation]), true);
    const other = index.set(
      'other/cm.yaml',
      parseFile(lines('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: c}'), undefined, 'other/cm.yaml')
        .objects,
    );
    assert.equal(index.affects(other!, 'apps/web.yaml', web, [admissionPolicyViolation]), false);
    // A CRD in another unit says which resource a custom resource is: its change concerns the custom resource.
    const widgets = parseFile(lines(...widget), undefined, 'apps/widget.yaml').objects;
    index.set('apps/widget.yaml', widgets);
    const crd = index.set(
      'platform/crds.yaml',
      parseFile(lines(...widgetCrd()), undefined, 'platform/crds.yaml').objects,
    );
    assert.equal(index.affects(crd!, 'apps/widget.yaml', widgets, [admissionPolicyViolation]), true);
  });
});

describe('admission policies: CLI', () => {
  it('kube-hindsight check on a folder with policies/ and apps/ reports the Deployment at its key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-admission-'));
    try {
      mkdirSync(join(dir, 'policies'));
      mkdirSync(join(dir, 'apps'));
      writeFileSync(join(dir, 'policies', 'require-team.yaml'), POLICIES('[Deny]'));
      writeFileSync(join(dir, 'apps', 'web.yaml'), lines(...deployment()));
      const run = (args: string[], format = 'json'): string =>
        execFileSync(
          process.execPath,
          [
            '--require',
            stillClockPreload,
            join(root, 'dist', 'cli.js'),
            'check',
            ...args,
            '--format',
            format,
            '--fail-on',
            'none',
          ],
          { cwd: dir, encoding: 'utf8' },
        );
      type Out = {
        findings: {
          ruleId: string;
          file: string;
          line: number;
          column: number;
          endColumn: number;
          severity: string;
          message: string;
        }[];
      };
      const admission = (out: string): string[] =>
        (JSON.parse(out) as Out).findings
          .filter((f) => f.ruleId === 'admission-policy-violation')
          .map((f) => `${f.file}:${f.line}:${f.column}-${f.endColumn} ${f.severity} ${f.message}`);
      const expected = [
        'apps/web.yaml:3:1-9 error Deployment "web" is denied by ValidatingAdmissionPolicy "require-team" (binding "require-team-binding"): Every Deployment needs a team label.',
      ];
      assert.deepEqual(admission(run(['.'])), expected);
      // Checking apps/ alone sees no policy, until the configuration lists the policies folder.
      assert.deepEqual(admission(run(['apps'])), []);
      writeFileSync(join(dir, '.kube-hindsight.yaml'), 'admissionPolicies:\n  - policies\n');
      assert.deepEqual(admission(run(['apps'])), expected);
      // With validationActions [Warn] the same finding is a warning.
      writeFileSync(join(dir, 'policies', 'require-team.yaml'), POLICIES('[Warn]'));
      assert.deepEqual(admission(run(['apps'])), [
        'apps/web.yaml:3:1-9 warning Deployment "web" gets a warning from ValidatingAdmissionPolicy "require-team" (binding "require-team-binding"): Every Deployment needs a team label.',
      ]);
      // SARIF carries the related locations: the policy's validation and its binding, in the listed folder.
      const sarif = JSON.parse(run(['apps'], 'sarif')) as {
        runs: {
          results: {
            ruleId: string;
            relatedLocations?: {
              physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
            }[];
          }[];
        }[];
      };
      const result = sarif.runs[0]!.results.find((r) => r.ruleId === 'admission-policy-violation');
      assert.deepEqual(
        result?.relatedLocations?.map(
          (r) => `${r.physicalLocation.artifactLocation.uri}:${r.physicalLocation.region.startLine}`,
        ),
        ['policies/require-team.yaml:14', 'policies/require-team.yaml:20'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an admissionPolicies entry that names nothing is reported at the entry, as the editor shows it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-admission-'));
    try {
      writeFileSync(join(dir, '.kube-hindsight.yaml'), 'admissionPolicies:\n  - policies\n  - ../gone\n');
      mkdirSync(join(dir, 'policies'));
      writeFileSync(join(dir, 'policies', 'require-team.yaml'), POLICIES('[Deny]'));
      writeFileSync(join(dir, 'web.yaml'), lines(...deployment()));
      const run = spawnSync(
        process.execPath,
        [join(root, 'dist', 'cli.js'), 'check', 'web.yaml', '--format', 'json', '--fail-on', 'none'],
        { cwd: dir, encoding: 'utf8' },
      );
      assert.equal(
        run.stderr,
        `kube-hindsight: .kube-hindsight.yaml:3:5: admissionPolicies: cannot read "../gone" (no such file or ` +
          `directory: ${join(dir, '..', 'gone')}), so its admission policies do not apply.\n`,
      );
      // The other entry still applies.
      const out = JSON.parse(run.stdout) as { findings: { ruleId: string }[] };
      assert.equal(out.findings.filter((f) => f.ruleId === 'admission-policy-violation').length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
