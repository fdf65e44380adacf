// Entry points that print the same objects share the work on them (issue 19, acceptance 5): an object that
// several entry points print alike is parsed once and checked once by the single-object rules, a tree that a
// step would not change stays the same tree (so it is printed once), and what the project reports is what each
// entry point analysed on its own reports; a rendering redone after a change elsewhere keeps the patched trees
// it made before. Counted, never timed.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  analyseEntryPoint,
  combineEntryPoints,
  type EntryPoint,
} from '../../server/engine/kustomize/analyse';
import { gvkOf } from '../../server/engine/kustomize/identity';
import type { KustomizeHost } from '../../server/engine/kustomize/model';
import { printRendered } from '../../server/engine/kustomize/printed';
import { computeLineStarts } from '../../server/engine/positions';
import { RuleSet } from '../../server/engine/rule-set';
import { DEFAULT_SETTINGS } from '../../server/engine/settings';
import { kustomizationsOf } from '../../server/cli/kustomize-scope';
import { diskHost } from '../../server/workspace/kustomize-host';
import { entryName, kustomizeRenderer, KustomizeProject } from '../../server/workspace/kustomize-project';
import { BUILT_IN_RULES } from '../built-in-rules';
import { kustomizeCorpus, yamlFilesUnder } from '../corpus';
import { hasKustomizeCorpus } from '../kustomize-corpus';

const ROOT = '/repo';
const DEPLOY = `${ROOT}/base/deploy.yaml`;

const BASE: [string, string][] = [
  [`${ROOT}/base/kustomization.yaml`, 'resources:\n  - deploy.yaml\n  - service.yaml\n  - rbac.yaml\n'],
  [
    DEPLOY,
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.25
`,
  ],
  [
    `${ROOT}/base/service.yaml`,
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n',
  ],
  [
    `${ROOT}/base/rbac.yaml`,
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules:\n  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get]\n',
  ],
];

/**
 * Three entry points over one base: `plain` takes it as it is, `tagged` sets the Deployment's image tag (its
 * Service and ClusterRole print as in `plain`), `scoped` sets a namespace (its ClusterRole, cluster-scoped,
 * prints as in `plain`).
 */
const OVERLAYS: Record<string, string> = {
  plain: 'resources:\n  - ../../base\n',
  tagged: 'resources:\n  - ../../base\nimages:\n  - name: nginx\n    newTag: "1.27"\n',
  scoped: 'namespace: team\nresources:\n  - ../../base\n',
  patched:
    'resources:\n  - ../../base\npatches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata:\n        name: web\n      spec:\n        replicas: 2\n',
};

function hostOf(texts: Map<string, string>): KustomizeHost {
  return {
    readFile: (path) => texts.get(path),
    isDirectory: (path) => [...texts.keys()].some((file) => file.startsWith(`${path}/`)),
  };
}

/** A project over the base and the named overlays, whose single-object checks are recorded. */
function project(overlays: readonly string[]) {
  const texts = new Map<string, string>([
    ...BASE,
    ...overlays.map((name): [string, string] => [
      `${ROOT}/overlays/${name}/kustomization.yaml`,
      OVERLAYS[name]!,
    ]),
  ]);
  const checked: string[] = [];
  // Cross rules read other objects, so they run on every analysis by design; only the others are recorded.
  const rules = new RuleSet(
    BUILT_IN_RULES.rules.map((rule) => ({
      ...rule,
      check: (object: Parameters<typeof rule.check>[0], context: Parameters<typeof rule.check>[1]) => {
        if (!rule.meta.cross) checked.push(`${object.kind}/${object.namespace ?? ''}/${object.name ?? ''}`);
        rule.check(object, context);
      },
    })),
  );
  const kustomize = new KustomizeProject({
    render: kustomizeRenderer(),
    host: hostOf(texts),
    configFor: () => ({ rules, settings: DEFAULT_SETTINGS }),
    root: (dir) => entryName(ROOT, dir),
  });
  for (const file of texts.keys()) if (file.endsWith('/kustomization.yaml')) kustomize.add(file);
  return { kustomize, texts, checked, rules };
}

/** The distinct texts of the objects the entry points print, each object printed on its own. */
function distinctPrinted(entries: readonly EntryPoint[]): { objects: number; distinct: number } {
  const texts = new Set<string>();
  let objects = 0;
  for (const entry of entries) {
    for (const object of entry.result.objects) {
      objects++;
      texts.add(printRendered([object]).text);
    }
  }
  return { objects, distinct: texts.size };
}

const findingsOf = (
  findings: { uri: string; finding: { ruleId: string; span: object; message: string } }[],
) =>
  findings
    .map(({ uri, finding }) => `${uri} ${finding.ruleId} ${JSON.stringify(finding.span)} ${finding.message}`)
    .sort();

describe('entry points that print the same objects', () => {
  it('parse each distinct printed object once, and check it once', () => {
    const p = project(['plain', 'tagged', 'scoped']);
    for (const file of p.texts.keys()) p.kustomize.roleOf(file);
    const entries = p.kustomize.entryPoints();
    assert.deepEqual(entries.map((entry) => entry.name).sort(), [
      'overlays/plain',
      'overlays/scoped',
      'overlays/tagged',
    ]);
    // Nine objects printed; the Service and the ClusterRole of `tagged` and the ClusterRole of `scoped` print
    // as in `plain`: six distinct texts, and six parts parsed.
    assert.deepEqual(distinctPrinted(entries), { objects: 9, distinct: 6 });
    assert.equal(p.kustomize.outputParses(), 6);

    // The ClusterRole is checked by the single-object rules as often as with one entry point alone, and so
    // is the Service `tagged` shares with `plain`.
    const alone = project(['plain']);
    for (const file of alone.texts.keys()) alone.kustomize.roleOf(file);
    const count = (checked: string[], object: string) => checked.filter((item) => item === object).length;
    assert.ok(count(alone.checked, 'ClusterRole//reader') > 0);
    assert.equal(count(p.checked, 'ClusterRole//reader'), count(alone.checked, 'ClusterRole//reader'));
    assert.equal(count(p.checked, 'Service//web'), count(alone.checked, 'Service//web'));
    assert.equal(count(p.checked, 'Service/team/web'), count(alone.checked, 'Service//web'));
  });

  it('keep the trees a step leaves unchanged, so that they are printed once', () => {
    const p = project(['plain', 'tagged', 'scoped']);
    const byName = new Map(p.kustomize.entryPoints().map((entry) => [entry.name, entry.result.objects]));
    const tree = (entry: string, kind: string) =>
      byName.get(`overlays/${entry}`)!.find((object) => gvkOf(object.tree).kind === kind)!.tree;
    // `namespace` does not touch a cluster-scoped ClusterRole; `images` does not touch a Service.
    assert.equal(tree('scoped', 'ClusterRole'), tree('plain', 'ClusterRole'));
    assert.equal(tree('tagged', 'Service'), tree('plain', 'Service'));
    // The objects they do change are copies.
    assert.notEqual(tree('scoped', 'Service'), tree('plain', 'Service'));
    assert.notEqual(tree('tagged', 'Deployment'), tree('plain', 'Deployment'));
  });

  it('report what each entry point analysed on its own reports', () => {
    const p = project(['plain', 'tagged', 'scoped']);
    const shared = [...p.texts.keys()].flatMap((file) => p.kustomize.roleOf(file).findings);
    const own = combineEntryPoints(
      p.kustomize
        .entryPoints()
        .map((entry) =>
          analyseEntryPoint(entry, p.rules, DEFAULT_SETTINGS, (uri) =>
            computeLineStarts(p.texts.get(uri) ?? ''),
          ),
        ),
    );
    assert.ok(shared.some((item) => item.uri === DEPLOY));
    assert.deepEqual(findingsOf(shared), findingsOf(own));
  });
});

describe('a rendering redone after a change elsewhere', () => {
  it('hands on the patched tree it made before, and reports what a new project reports', () => {
    const p = project(['patched']);
    const deployment = () =>
      p.kustomize
        .entryPoints()[0]!
        .result.objects.find((object) => gvkOf(object.tree).kind === 'Deployment')!;
    const before = deployment();
    assert.equal(before.patches.length, 1, 'the overlay patched the Deployment');
    const service = `${ROOT}/base/service.yaml`;
    p.texts.set(service, p.texts.get(service)!.replace('port: 80', 'port: 8080'));
    assert.equal(p.kustomize.changed(service), true);
    const after = deployment();
    assert.notEqual(after, before, 'the entry point was rendered again');
    assert.equal(after.tree, before.tree, 'the same merge of the same trees is not made again');
    const fresh = project(['patched']);
    fresh.texts.set(service, p.texts.get(service)!);
    assert.deepEqual(
      findingsOf([...p.texts.keys()].flatMap((file) => p.kustomize.roleOf(file).findings)),
      findingsOf([...fresh.texts.keys()].flatMap((file) => fresh.kustomize.roleOf(file).findings)),
    );
  });
});

describe('the argo-cd manifests tree of the corpus', { skip: !hasKustomizeCorpus }, () => {
  it('parses each distinct printed object once over all its entry points', () => {
    const tree = join(kustomizeCorpus, 'argoproj__argo-cd', 'manifests');
    const files = yamlFilesUnder(tree);
    const kustomize = new KustomizeProject({
      render: kustomizeRenderer(),
      host: diskHost(),
      configFor: () => ({ rules: BUILT_IN_RULES, settings: DEFAULT_SETTINGS }),
      root: (dir) => entryName(tree, dir),
    });
    for (const file of kustomizationsOf(files)) kustomize.add(file);
    for (const file of files) kustomize.roleOf(file);
    const { objects, distinct } = distinctPrinted(kustomize.entryPoints());
    // Seven entry points print largely the same objects (the install variants): far fewer texts than objects.
    assert.ok(distinct * 2 < objects, `${distinct} distinct of ${objects}`);
    assert.equal(kustomize.outputParses(), distinct);
  });
});
