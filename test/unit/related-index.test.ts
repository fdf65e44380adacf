// The related-object index: deployment units, the checked file's objects over the index's stale copy, what a
// change may concern, and a count (not a timing) showing that a run's look-ups grow with the input, not with
// its square.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUILT_IN_RULES } from '../built-in-rules';
import { parseArgs, type CheckOptions } from '../../server/cli/args';
import { check } from '../../server/cli/check';
import { UnitLocator } from '../../server/config/units';
import { analyseFile } from '../../server/engine/engine';
import { parseFile } from '../../server/engine/parse';
import { newRelationStats, type RelationStats } from '../../server/engine/related-groups';
import { folderUnit, RelatedObjects } from '../../server/engine/related-index';

const deployment = (name: string, namespace: string, labels = `app: ${name}`): string =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: ${name}, namespace: ${namespace}}`,
    'spec:',
    '  replicas: 3',
    `  selector: {matchLabels: {${labels}}}`,
    '  template:',
    `    metadata: {labels: {${labels}, part-of: shop}}`,
    '    spec:',
    '      containers: [{name: app, image: "app:1"}]',
    '',
  ].join('\n');

const pdb = (name: string, namespace: string, app = name): string =>
  [
    'apiVersion: policy/v1',
    'kind: PodDisruptionBudget',
    `metadata: {name: ${name}, namespace: ${namespace}}`,
    `spec: {maxUnavailable: 1, selector: {matchLabels: {app: ${app}}}}`,
    '',
  ].join('\n');

const service = (name: string, namespace: string, app = name): string =>
  [
    'apiVersion: v1',
    'kind: Service',
    `metadata: {name: ${name}, namespace: ${namespace}}`,
    `spec: {selector: {app: ${app}, part-of: shop}, ports: [{port: 80}]}`,
    '',
  ].join('\n');

const hpa = (name: string, namespace: string): string =>
  [
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    `metadata: {name: ${name}, namespace: ${namespace}}`,
    `spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${name}}, minReplicas: 2, maxReplicas: 5}`,
    '',
  ].join('\n');

/** The rule ids the index-backed analysis reports for `uri`, given every file of a workspace. */
function ruleIds(files: Record<string, string>, uri: string, index = new RelatedObjects()): string[] {
  const parsed = Object.fromEntries(Object.entries(files).map(([u, text]) => [u, parseFile(text, {}, u)]));
  for (const [u, file] of Object.entries(parsed)) index.set(u, file.objects);
  return analyseFile(parsed[uri]!, BUILT_IN_RULES, { index }).findings.map((f) => f.ruleId);
}

describe('deployment units', () => {
  it('relate the files of one folder, not those of its subfolders or siblings', () => {
    assert.equal(folderUnit('/repo/apps/web.yaml'), '/repo/apps/');
    assert.equal(folderUnit('file:///repo/apps/web.yaml'), 'file:///repo/apps/');
    assert.equal(folderUnit('main.yaml'), '');
    const web = deployment('web', 'shop');
    assert.ok(
      ruleIds({ '/r/a/web.yaml': web, '/r/a/pdb.yaml': pdb('web', 'shop') }, '/r/a/web.yaml').every(
        (id) => id !== 'missing-pdb',
      ),
    );
    // A budget in another folder, or in a subfolder, does not silence missing-pdb.
    for (const other of ['/r/b/pdb.yaml', '/r/a/sub/pdb.yaml']) {
      assert.ok(
        ruleIds({ '/r/a/web.yaml': web, [other]: pdb('web', 'shop') }, '/r/a/web.yaml').includes(
          'missing-pdb',
        ),
      );
    }
  });

  it('an autoscaler in another folder gives no replicas-with-hpa', () => {
    const web = deployment('web', 'shop');
    assert.ok(
      ruleIds({ '/r/a/web.yaml': web, '/r/a/hpa.yaml': hpa('web', 'shop') }, '/r/a/web.yaml').includes(
        'replicas-with-hpa',
      ),
    );
    assert.ok(
      !ruleIds({ '/r/b/web.yaml': web, '/r/a/hpa.yaml': hpa('web', 'shop') }, '/r/b/web.yaml').includes(
        'replicas-with-hpa',
      ),
    );
  });

  it('a Helm chart is one unit with everything below it, subcharts included', () => {
    const charts = new Set(['/r/shop/Chart.yaml', '/r/shop/charts/db/Chart.yaml', '/r/tools/Chart.yaml']);
    const units = new UnitLocator((path) => charts.has(path));
    assert.equal(units.unitOfPath('/r/shop/templates/web/deploy.yaml'), '/r/shop');
    assert.equal(units.unitOfPath('/r/shop/templates/policies/pdb.yaml'), '/r/shop');
    assert.equal(units.unitOfPath('/r/shop/charts/db/templates/db.yaml'), '/r/shop');
    assert.equal(units.unitOf('file:///r/tools/x.yaml'), '/r/tools');
    // Outside any chart: the folder.
    assert.equal(units.unitOfPath('/r/plain/a/x.yaml'), '/r/plain/a');
    assert.equal(units.unitOf('untitled:Untitled-1'), '');
    const files = {
      '/r/shop/templates/web/deploy.yaml': deployment('web', 'shop'),
      '/r/shop/templates/policies/pdb.yaml': pdb('web', 'shop'),
    };
    const index = new RelatedObjects(units.unitOf);
    assert.ok(!ruleIds(files, '/r/shop/templates/web/deploy.yaml', index).includes('missing-pdb'));
  });
});

describe('the related-object index', () => {
  it("reads the checked file's objects, not the index's stale copy of the same file", () => {
    const index = new RelatedObjects();
    index.set(
      '/r/web.yaml',
      parseFile(deployment('web', 'shop') + '---\n' + pdb('web', 'shop'), {}, '/r/web.yaml').objects,
    );
    // The budget was removed from the file being checked: the index's copy of it must not count.
    const edited = parseFile(deployment('web', 'shop'), {}, '/r/web.yaml');
    assert.ok(
      analyseFile(edited, BUILT_IN_RULES, { index }).findings.some((f) => f.ruleId === 'missing-pdb'),
    );
    // The file's own objects come first in every answer, then the unit's in the order files were indexed.
    index.set('/r/a.yaml', parseFile(pdb('a', 'shop', 'x'), {}, '/r/a.yaml').objects);
    const view = index.view(edited.uri, parseFile(pdb('own', 'shop', 'y'), {}, edited.uri).objects);
    assert.deepEqual(
      view.inNamespace('shop', 'PodDisruptionBudget').map((o) => o.name),
      ['own', 'a'],
    );
    assert.deepEqual(
      view.inNamespace('shop', 'PodDisruptionBudget', 1).map((o) => o.name),
      ['own'],
    );
  });

  it('says which files a change may concern: same unit, a namespace they read, a kind their cross rules read', () => {
    const index = new RelatedObjects();
    const web = parseFile(deployment('web', 'shop'), {}, '/r/a/web.yaml').objects;
    index.set('/r/a/web.yaml', web);
    const concerns = (uri: string, text: string): boolean => {
      const change = index.set(uri, parseFile(text, {}, uri).objects)!;
      return index.affects(change, '/r/a/web.yaml', web, BUILT_IN_RULES.rules);
    };
    assert.equal(concerns('/r/a/pdb.yaml', pdb('web', 'shop')), true);
    assert.equal(concerns('/r/b/pdb.yaml', pdb('web', 'shop')), false);
    // A budget of another namespace concerns it too: missing-pdb says when one for its pods is there.
    assert.equal(concerns('/r/a/other-ns.yaml', pdb('web', 'ops')), true);
    // A kind no cross rule reads (a ConfigMap is read: it may be an admission policy's params).
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: c, namespace: shop}\ndata: {a: b}\n';
    assert.equal(concerns('/r/a/secret.yaml', secret), false);
    // A Namespace object reads the workloads of the namespace it names (namespace-without-limitrange).
    const namespace = parseFile(
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
      {},
      '/r/a/ns.yaml',
    );
    const change = index.set(
      '/r/a/web2.yaml',
      parseFile(deployment('web2', 'shop'), {}, '/r/a/web2.yaml').objects,
    )!;
    assert.equal(index.affects(change, '/r/a/ns.yaml', namespace.objects, BUILT_IN_RULES.rules), true);
    // A file's own change never concerns its own analysis.
    assert.equal(index.affects(change, '/r/a/web2.yaml', web, BUILT_IN_RULES.rules), false);
  });
});

/**
 * A workspace of `count` files in four folders and three namespaces: each file a Deployment with its
 * Service, most with a budget, every third with an autoscaler, every fifth with a Service whose selector has
 * a typo, all labelled `part-of: shop`. Folders and namespaces stay few, so units and namespaces grow with
 * the workspace, as in a monorepo.
 */
function workspace(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'kh-related-'));
  for (let i = 0; i < count; i++) {
    const folder = join(dir, `team-${i % 4}`);
    mkdirSync(folder, { recursive: true });
    const name = `app-${i}`;
    const namespace = `ns-${i % 3}`;
    const documents = [deployment(name, namespace), service(name, namespace)];
    if (i % 4 !== 0) documents.push(pdb(name, namespace));
    if (i % 3 === 0) documents.push(hpa(name, namespace));
    if (i % 5 === 0) documents.push(service(`${name}-typo`, namespace, `ap-${i}`));
    writeFileSync(join(folder, `${name}.yaml`), documents.join('---\n'));
  }
  return dir;
}

function runStats(count: number): RelationStats {
  const stats = newRelationStats();
  const dir = workspace(count);
  const report = check(
    parseArgs(['check', dir], BUILT_IN_RULES) as CheckOptions,
    {
      cwd: dir,
      readStdin: () => '',
      relationStats: stats,
    },
    BUILT_IN_RULES,
  );
  assert.deepEqual(report.errors, []);
  // The workspace exercises the cross rules: budgets found and missed, autoscalers, near misses.
  const ids = new Set(report.findings.map((f) => f.finding.ruleId));
  for (const id of ['missing-pdb', 'replicas-with-hpa', 'service-selects-nothing', 'missing-readiness-probe'])
    assert.ok(ids.has(id), id);
  return stats;
}

describe('the cost of relating objects', () => {
  it('grows linearly: 4 × the files make at most 4.5 × the look-ups, facts and objects visited', () => {
    const small = runStats(100);
    const large = runStats(400);
    for (const key of ['derived', 'lookups', 'visited'] as const) {
      assert.ok(small[key] > 0, key);
      assert.ok(large[key] <= 4.5 * small[key], `${key}: ${small[key]} for 100 files, ${large[key]} for 400`);
    }
  });
});

describe('the cluster-wide lists', () => {
  const policy = (name: string): string =>
    `apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: ${name}}\nspec: {validations: [{expression: "true"}]}\n`;
  const configMap = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`;
  const names = (objects: readonly { name?: string }[]): (string | undefined)[] => objects.map((o) => o.name);

  it('are scanned again only after a change that touched objects of their kinds, and then hold it', () => {
    const stats = newRelationStats();
    const index = new RelatedObjects(folderUnit, stats);
    const set = (uri: string, text: string): void => void index.set(uri, parseFile(text, {}, uri).objects);
    set('/policies/p.yaml', policy('p'));
    set('/a/params.yaml', configMap('limits'));
    set('/a/web.yaml', deployment('web', 'shop'));
    assert.deepEqual(names(index.admissionObjects()), ['p']);
    assert.deepEqual(names(index.ofKind('ConfigMap')), ['limits']);
    const scans = stats.lookups;

    // A keystroke in a Deployment (new objects of another kind) leaves both lists as they were, unscanned.
    set('/a/web.yaml', deployment('web', 'shop', 'app: webb'));
    set('/b/other.yaml', deployment('other', 'shop'));
    assert.deepEqual(names(index.admissionObjects()), ['p']);
    assert.deepEqual(names(index.ofKind('ConfigMap')), ['limits']);
    assert.equal(stats.lookups, scans);

    // A new ConfigMap makes its kind's list again (in the order files entered the index), not the policies'.
    set('/b/more.yaml', configMap('more'));
    assert.deepEqual(names(index.ofKind('ConfigMap')), ['limits', 'more']);
    assert.deepEqual(names(index.admissionObjects()), ['p']);
    assert.equal(stats.lookups, scans + 1);

    // A policy removed and another added: the policies' list follows.
    index.delete('/policies/p.yaml');
    set('/policies/q.yaml', policy('q'));
    assert.deepEqual(names(index.admissionObjects()), ['q']);
    assert.deepEqual(names(index.ofKind('ConfigMap')), ['limits', 'more']);
    assert.equal(stats.lookups, scans + 2);
  });
});
