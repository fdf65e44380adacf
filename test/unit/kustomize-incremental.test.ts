// The incremental shape of Kustomize analysis (issue 19, acceptance 5): when one file of a base changes, a
// project renders again only the kustomizations that read it, parses again only that file, and runs the
// single-object rules again only on the rendered objects whose text changed; and what it then reports is what
// a new project reports over the same texts. Counted, never timed.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ParseCache } from '../../server/engine/kustomize/documents';
import type { KustomizeHost } from '../../server/engine/kustomize/model';
import { RuleSet } from '../../server/engine/rule-set';
import { DEFAULT_SETTINGS } from '../../server/engine/settings';
import { toValue } from '../../server/engine/kustomize/tree';
import {
  entryName,
  kustomizeRenderer,
  KustomizeProject,
  type Render,
} from '../../server/workspace/kustomize-project';
import { BUILT_IN_RULES } from '../built-in-rules';

const ROOT = '/repo';
const DEPLOY = `${ROOT}/base/deploy.yaml`;
const SERVICE = `${ROOT}/base/service.yaml`;
const OVERLAYS = ['dev', 'staging', 'prod'];
const PDB = `${ROOT}/overlays/prod/pdb.yaml`;

const files = (): Map<string, string> =>
  new Map([
    [`${ROOT}/base/kustomization.yaml`, 'resources:\n  - deploy.yaml\n  - service.yaml\n'],
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
      SERVICE,
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n',
    ],
    ...OVERLAYS.map((name): [string, string] => [
      `${ROOT}/overlays/${name}/kustomization.yaml`,
      `namespace: ${name}\nresources:\n  - ../../base\n${name === 'prod' ? '  - pdb.yaml\n' : ''}`,
    ]),
    // One overlay adds an object of its own that selects the base's pods.
    [
      PDB,
      'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: web}\n',
    ],
    // An entry point that does not include the base: a change in the base must leave it alone.
    [`${ROOT}/other/kustomization.yaml`, 'resources:\n  - config.yaml\n'],
    [
      `${ROOT}/other/config.yaml`,
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {a: b}\n',
    ],
  ]);

/** A host over `texts` (the disk, as far as these tests go) that records the files it was asked to read. */
function hostOf(texts: Map<string, string>, reads: string[] = []): KustomizeHost {
  return {
    readFile: (path) => {
      reads.push(path);
      return texts.get(path);
    },
    isDirectory: (path) => [...texts.keys()].some((file) => file.startsWith(`${path}/`)),
  };
}

/** A parse cache that records which files it parsed. */
class CountingCache extends ParseCache {
  readonly parsed: string[] = [];
  override documents(uri: string, text: string): ReturnType<ParseCache['documents']> {
    const before = this.parses;
    const documents = super.documents(uri, text);
    if (this.parses > before) this.parsed.push(uri);
    return documents;
  }
}

/** A project over `texts` whose renderings, parses and single-object checks are recorded. */
function project(texts: Map<string, string>) {
  const cache = new CountingCache();
  const inner = kustomizeRenderer(cache);
  const rendered: string[] = [];
  const render: Render = (dir, host, folders) => {
    rendered.push(entryName(ROOT, dir));
    return inner(dir, host, folders);
  };
  const checked: string[] = [];
  // Every built-in rule, each recording the objects it checks (cross rules read other objects, so they run on
  // every analysis by design; only the others are recorded).
  const rules = new RuleSet(
    BUILT_IN_RULES.rules.map((rule) => ({
      ...rule,
      check: (object: Parameters<typeof rule.check>[0], context: Parameters<typeof rule.check>[1]) => {
        if (!rule.meta.cross) checked.push(`${object.kind}/${object.namespace ?? ''}/${object.name ?? ''}`);
        rule.check(object, context);
      },
    })),
  );
  const reads: string[] = [];
  const kustomize = new KustomizeProject({
    render,
    host: hostOf(texts, reads),
    configFor: () => ({ rules, settings: DEFAULT_SETTINGS }),
    root: (dir) => entryName(ROOT, dir),
  });
  for (const file of texts.keys()) if (file.endsWith('/kustomization.yaml')) kustomize.add(file);
  return { kustomize, cache, rendered, checked, reads };
}

/** A role's findings as comparable values: rule, place, message. */
const findingsOf = (p: KustomizeProject, path: string): string[] =>
  p
    .roleOf(path)
    .findings.map(
      ({ finding }) => `${finding.ruleId} ${finding.span.start}-${finding.span.end} ${finding.message}`,
    )
    .sort();

describe('a change in a base that three overlays include', () => {
  it('renders again only what reads the file, parses only it, and checks only the objects it changed', () => {
    const texts = files();
    const p = project(texts);
    const before = findingsOf(p.kustomize, DEPLOY);
    assert.deepEqual(p.rendered.sort(), [
      'base',
      'other',
      'overlays/dev',
      'overlays/prod',
      'overlays/staging',
    ]);
    // Every file once, however many kustomizations read it.
    assert.deepEqual(
      [...p.cache.parsed].sort(),
      [...texts.keys()].sort(),
      'the cold project parses every file once, however many kustomizations read it',
    );
    assert.ok(before.length > 0, 'the Deployment has rendered findings to compare');
    assert.ok(p.checked.some((object) => object.startsWith('Service/')));

    p.rendered.length = 0;
    p.cache.parsed.length = 0;
    p.checked.length = 0;
    p.reads.length = 0;
    const checkedBefore = p.kustomize.checkedOutputs();
    texts.set(DEPLOY, texts.get(DEPLOY)!.replace('nginx:1.25', 'nginx:1.25.4'));
    assert.equal(p.kustomize.changed(DEPLOY), true);
    const after = findingsOf(p.kustomize, DEPLOY);

    // The base and the three overlays, each once; not the entry point that does not include the base.
    assert.deepEqual(p.rendered.sort(), ['base', 'overlays/dev', 'overlays/prod', 'overlays/staging']);
    assert.deepEqual(p.cache.parsed, [DEPLOY], 'only the edited file is parsed again');
    // Only the edited file is read again: the others' texts cannot have changed unreported.
    assert.deepEqual([...new Set(p.reads)], [DEPLOY]);
    // Every rule, cross rules included, runs again on each output's changed Deployment, and on prod's PDB,
    // whose cross rules read the Deployments' pods and may read their containers; the Service's cross rules
    // do not read containers (relatedContainersUnread), so a change of its containers alone leaves them be.
    const work = p.kustomize.checkedOutputs();
    assert.deepEqual(
      [work.objectsChecked - checkedBefore.objectsChecked, work.partsKept - checkedBefore.partsKept],
      [3 + 1, 3],
    );
    // Single-object rules run again on the changed Deployment of each overlay's output, and on nothing else:
    // the Service printed the same, so its parse and its results were kept.
    assert.deepEqual([...new Set(p.checked)].sort(), OVERLAYS.map((name) => `Deployment/${name}/web`).sort());
    // The Service's findings are asked for without any rendering or check.
    p.rendered.length = 0;
    p.checked.length = 0;
    findingsOf(p.kustomize, SERVICE);
    assert.deepEqual([p.rendered, p.checked], [[], []]);

    // What the project says after the change is what a new project says about the same texts.
    assert.deepEqual(after, findingsOf(project(texts).kustomize, DEPLOY));
    assert.deepEqual(findingsOf(p.kustomize, SERVICE), findingsOf(project(texts).kustomize, SERVICE));
    assert.ok(
      after.some((finding) =>
        finding.includes('(in kustomize build of overlays/dev, overlays/prod and overlays/staging)'),
      ),
      after.join('\n'),
    );
  });
});

describe('what a keystroke in a base must not keep', () => {
  it('checks again the objects that select the pods whose labels it changed, in every overlay', () => {
    const texts = files();
    const p = project(texts);
    for (const path of [DEPLOY, SERVICE, PDB]) findingsOf(p.kustomize, path);
    const before = p.kustomize.checkedOutputs();
    // The pods' label changes under the Service (in the base) and the PDB (in the prod overlay alone).
    texts.set(DEPLOY, texts.get(DEPLOY)!.replaceAll('{app: web}', '{app: webx}'));
    p.kustomize.changed(DEPLOY);
    const service = findingsOf(p.kustomize, SERVICE);
    const pdb = findingsOf(p.kustomize, PDB);

    // Each overlay's Deployment and Service, and prod's PDB: the cross rules on them read Deployments.
    assert.equal(p.kustomize.checkedOutputs().objectsChecked - before.objectsChecked, 3 + 3 + 1);
    assert.ok(
      service.some((finding) => finding.startsWith('service-selects-nothing ')),
      service.join('\n'),
    );
    assert.ok(
      pdb.some((finding) => finding.startsWith('pdb-matches-nothing ')),
      pdb.join('\n'),
    );
    const fresh = project(texts).kustomize;
    assert.deepEqual(service, findingsOf(fresh, SERVICE));
    assert.deepEqual(pdb, findingsOf(fresh, PDB));
    assert.deepEqual(findingsOf(p.kustomize, DEPLOY), findingsOf(fresh, DEPLOY));
  });

  it("reads again a generator's source, whose changes nobody reports", () => {
    const texts = files();
    const DEV = `${ROOT}/overlays/dev/kustomization.yaml`;
    const ENV = `${ROOT}/overlays/dev/settings.env`;
    texts.set(DEV, `${texts.get(DEV)!}configMapGenerator:\n  - name: settings\n    envs: [settings.env]\n`);
    texts.set(ENV, 'LEVEL=debug\n');
    const p = project(texts);
    const generated = (kustomize: KustomizeProject): string[] =>
      kustomize
        .entryPoints()
        .filter((entry) => entry.name === 'overlays/dev')
        .flatMap((entry) => entry.result.objects)
        .map((object) => toValue(object.tree) as { kind: string; metadata: { name: string } })
        .filter((object) => object.kind === 'ConfigMap')
        .map((object) => object.metadata.name);
    findingsOf(p.kustomize, DEPLOY);
    const before = generated(p.kustomize);
    assert.equal(before.length, 1);

    // The source changes on disk unreported, then the base is typed in: the rendering reads the source again.
    texts.set(ENV, 'LEVEL=info\n');
    p.reads.length = 0;
    texts.set(DEPLOY, texts.get(DEPLOY)!.replace('nginx:1.25', 'nginx:1.26'));
    p.kustomize.changed(DEPLOY);
    findingsOf(p.kustomize, DEPLOY);
    assert.deepEqual([...new Set(p.reads)].sort(), [DEPLOY, ENV].sort());
    const after = generated(p.kustomize);
    assert.notDeepEqual(after, before, 'the new content gives the ConfigMap another hashed name');
    assert.deepEqual(after, generated(project(texts).kustomize));
    assert.deepEqual(findingsOf(p.kustomize, DEPLOY), findingsOf(project(texts).kustomize, DEPLOY));
  });
});
