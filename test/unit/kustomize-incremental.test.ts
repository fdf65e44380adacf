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
      `namespace: ${name}\nresources:\n  - ../../base\n`,
    ]),
    // An entry point that does not include the base: a change in the base must leave it alone.
    [`${ROOT}/other/kustomization.yaml`, 'resources:\n  - config.yaml\n'],
    [
      `${ROOT}/other/config.yaml`,
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {a: b}\n',
    ],
  ]);

function hostOf(texts: Map<string, string>): KustomizeHost {
  return {
    readFile: (path) => texts.get(path),
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
  const kustomize = new KustomizeProject({
    render,
    host: hostOf(texts),
    configFor: () => ({ rules, settings: DEFAULT_SETTINGS }),
    root: (dir) => entryName(ROOT, dir),
  });
  for (const file of texts.keys()) if (file.endsWith('/kustomization.yaml')) kustomize.add(file);
  return { kustomize, cache, rendered, checked };
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
    texts.set(DEPLOY, texts.get(DEPLOY)!.replace('nginx:1.25', 'nginx:1.25.4'));
    assert.equal(p.kustomize.changed(DEPLOY), true);
    const after = findingsOf(p.kustomize, DEPLOY);

    // The base and the three overlays, each once; not the entry point that does not include the base.
    assert.deepEqual(p.rendered.sort(), ['base', 'overlays/dev', 'overlays/prod', 'overlays/staging']);
    assert.deepEqual(p.cache.parsed, [DEPLOY], 'only the edited file is parsed again');
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
