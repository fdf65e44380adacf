// Quick fixes in an overlay (server/engine/kustomize/overlay-fix.ts) for a finding in a base that only some
// overlays have, on test/fixtures/kustomize-overlays: staging renders the "app" container without the memory
// limit prod's patch adds, and prod keeps the "debug" container that staging's component deletes. Each fix
// is applied to the texts, the overlays are rendered again, and the finding must be gone from every overlay
// it held for, and from none other; every file it touched must still parse, with its comments.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { applyEdits } from '../../server/engine/edits';
import type { KustomizeHost } from '../../server/engine/kustomize/model';
import { normaliseSettings } from '../../server/engine/settings';
import type { Fix } from '../../server/engine/types';
import { entryName, kustomizeRenderer, KustomizeProject } from '../../server/workspace/kustomize-project';
import { BUILT_IN_RULES } from '../built-in-rules';
import { root } from './cli-run';

const ROOT = '/repo';
const FIXTURE = join(root, 'test', 'fixtures', 'kustomize-overlays');
const BASE = `${ROOT}/base/deploy.yaml`;

function fixtureTexts(): Map<string, string> {
  const texts = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else texts.set(`${ROOT}/${relative(FIXTURE, path)}`, readFileSync(path, 'utf8'));
    }
  };
  walk(FIXTURE);
  return texts;
}

function projectOver(texts: Map<string, string>): KustomizeProject {
  const host: KustomizeHost = {
    readFile: (path) => texts.get(path),
    isDirectory: (path) => [...texts.keys()].some((file) => file.startsWith(`${path}/`)),
  };
  const project = new KustomizeProject({
    render: kustomizeRenderer(),
    host,
    configFor: () => ({ rules: BUILT_IN_RULES, settings: normaliseSettings({ profile: 'strict' }) }),
    root: (dir) => entryName(ROOT, dir),
  });
  for (const file of texts.keys()) if (file.endsWith('/kustomization.yaml')) project.add(file);
  return project;
}

/** The base's findings of a rule: the line and column of their place (1-based), and the overlays named. */
function placesOf(project: KustomizeProject, texts: Map<string, string>, rule: string): string[] {
  const text = texts.get(BASE)!;
  return project
    .roleOf(BASE)
    .findings.filter((f) => f.finding.ruleId === rule)
    .map((f) => {
      const before = text.slice(0, f.finding.span.start).split('\n');
      return `${before.length}:${before[before.length - 1]!.length + 1} ${f.entryPoints.join(',')}`;
    })
    .sort();
}

function fixesOf(project: KustomizeProject, rule: string, entryPoints: string): Fix[] {
  const finding = project
    .roleOf(BASE)
    .findings.find((f) => f.finding.ruleId === rule && f.entryPoints.join() === entryPoints);
  assert.ok(finding?.overlayFixes, `${rule} in ${entryPoints} offers overlay fixes`);
  return finding.overlayFixes();
}

/** Applies a fix's file changes to the texts (each file must still parse) and tells the project. */
function apply(project: KustomizeProject, texts: Map<string, string>, fix: Fix): void {
  assert.deepEqual(fix.edits, [], 'the base is left as it is');
  for (const file of fix.files ?? []) {
    const text = 'create' in file ? file.create : applyEdits(file.text, file.edits);
    assert.equal(texts.has(file.path), !('create' in file), `${file.path} exists unless it is created`);
    assert.deepEqual(
      parseAllDocuments(text).flatMap((document) => document.errors),
      [],
      `${file.path} parses`,
    );
    texts.set(file.path, text);
    project.changed(file.path);
  }
}

const STAGING = `${ROOT}/overlays/staging/kustomization.yaml`;
const NEW_PATCH = `${ROOT}/overlays/staging/web-missing-memory-limit-patch.yaml`;
const PROD_PATCH = `${ROOT}/overlays/prod/limits.yaml`;

/**
 * The fixture without the base's PodDisruptionBudget (nor prod's patch of it), and with a budget of its own
 * as a resource of one overlay: the other overlay's Deployment is left without one.
 */
function budgetOnlyIn(overlay: 'prod' | 'staging'): Map<string, string> {
  const texts = fixtureTexts();
  texts.delete(`${ROOT}/base/pdb.yaml`);
  texts.set(`${ROOT}/base/kustomization.yaml`, 'resources:\n  - deploy.yaml\n');
  texts.delete(`${ROOT}/overlays/prod/pdb-patch.yaml`);
  const prod = `${ROOT}/overlays/prod/kustomization.yaml`;
  texts.set(prod, texts.get(prod)!.replace('  - path: pdb-patch.yaml\n', ''));
  const kustomization = `${ROOT}/overlays/${overlay}/kustomization.yaml`;
  texts.set(
    kustomization,
    texts.get(kustomization)!.replace('  - ../../base\n', '  - ../../base\n  - pdb.yaml\n'),
  );
  texts.set(
    `${ROOT}/overlays/${overlay}/pdb.yaml`,
    'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: web}\n',
  );
  return texts;
}

describe('quick fixes in an overlay for a finding some overlays have', () => {
  it('creates a patch in the overlay without one, and names it in its kustomization, comments kept', () => {
    const texts = fixtureTexts();
    texts.set(STAGING, `# Staging runs release candidates.\n${texts.get(STAGING)!}`);
    const project = projectOver(texts);
    assert.deepEqual(placesOf(project, texts, 'missing-memory-limit'), [
      '19:11 overlays/staging',
      '21:17 overlays/prod',
    ]);
    const fixes = fixesOf(project, 'missing-memory-limit', 'overlays/staging');
    assert.deepEqual(
      fixes.map((fix) => fix.title),
      ['Add memory limit 512Mi to "app" in a new patch overlays/staging/web-missing-memory-limit-patch.yaml'],
    );
    apply(project, texts, fixes[0]!);
    assert.equal(
      texts.get(NEW_PATCH),
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: web',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: app',
        '          resources:',
        '            limits:',
        '              memory: 512Mi',
        '',
      ].join('\n'),
    );
    assert.equal(
      texts.get(STAGING),
      [
        '# Staging runs release candidates.',
        'resources:',
        '  - ../../base',
        'components:',
        '  - ../../components/no-debug',
        'images:',
        '  - name: registry.example/app',
        '    newTag: "1.5.0-rc1"',
        'configMapGenerator:',
        '  - name: settings',
        '    literals: [LOG=debug]',
        'patches:',
        '  - path: web-missing-memory-limit-patch.yaml',
        '',
      ].join('\n'),
    );
    // Rendered again: staging's finding is gone, prod's (another container) is still there.
    assert.deepEqual(placesOf(project, texts, 'missing-memory-limit'), ['21:17 overlays/prod']);
  });

  it("merges into the overlay's patch of the object, by the containers' merge key, comments kept", () => {
    const texts = fixtureTexts();
    const project = projectOver(texts);
    const fixes = fixesOf(project, 'missing-memory-limit', 'overlays/prod');
    assert.deepEqual(
      fixes.map((fix) => fix.title),
      ['Add memory limit 512Mi and request 256Mi to "debug" in overlays/prod/limits.yaml'],
    );
    apply(project, texts, fixes[0]!);
    assert.equal(
      texts.get(PROD_PATCH),
      [
        '# Production pods get a memory limit.',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: web',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: app',
        '          resources:',
        '            limits: {memory: 256Mi, ephemeral-storage: 2Gi}',
        '        - name: debug',
        '          resources:',
        '            limits:',
        '              memory: 512Mi',
        '            requests:',
        '              memory: 256Mi',
        '',
      ].join('\n'),
    );
    assert.deepEqual(placesOf(project, texts, 'missing-memory-limit'), ['19:11 overlays/staging']);
  });

  it('offers one fix for every overlay that lacks the cure, and one per overlay', () => {
    const texts = fixtureTexts();
    const dev = `${ROOT}/overlays/dev/kustomization.yaml`;
    texts.set(dev, 'resources:\n  - ../../base\npatches:\n  - path: replicas.yaml\n');
    texts.set(
      `${ROOT}/overlays/dev/replicas.yaml`,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1 # One is enough here.\n',
    );
    const project = projectOver(texts);
    assert.deepEqual(placesOf(project, texts, 'missing-memory-limit'), [
      '19:11 overlays/dev,overlays/staging',
      '21:17 overlays/dev,overlays/prod',
    ]);
    const fixes = fixesOf(project, 'missing-memory-limit', 'overlays/dev,overlays/staging');
    assert.deepEqual(
      fixes.map((fix) => fix.title),
      [
        'Add memory limit 512Mi to "app" in the patches of overlays/dev and overlays/staging',
        'Add memory limit 512Mi to "app" in overlays/dev/replicas.yaml',
        'Add memory limit 512Mi to "app" in a new patch overlays/staging/web-missing-memory-limit-patch.yaml',
      ],
    );
    apply(project, texts, fixes[0]!);
    assert.equal(
      texts.get(`${ROOT}/overlays/dev/replicas.yaml`),
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: web',
        'spec:',
        '  replicas: 1 # One is enough here.',
        '  template:',
        '    spec:',
        '      containers:',
        // The file has no sequence to follow: the default layout leaves dashes at their key's column.
        '      - name: app',
        '        resources:',
        '          limits:',
        '            memory: 512Mi',
        '',
      ].join('\n'),
    );
    assert.ok(
      texts
        .get(NEW_PATCH)
        ?.endsWith(
          '        - name: app\n          resources:\n            limits:\n              memory: 512Mi\n',
        ),
    );
    assert.deepEqual(placesOf(project, texts, 'missing-memory-limit'), ['21:17 overlays/dev,overlays/prod']);
  });

  it('writes the cure once in the overlay that the entry points lacking it share, and no other includes', () => {
    const texts = fixtureTexts();
    texts.delete(STAGING);
    const common = `${ROOT}/overlays/prod-common/kustomization.yaml`;
    texts.set(common, '# What every production region has.\nresources:\n  - ../../base\n');
    texts.set(`${ROOT}/overlays/eu/kustomization.yaml`, 'namePrefix: eu-\nresources:\n  - ../prod-common\n');
    texts.set(`${ROOT}/overlays/us/kustomization.yaml`, 'namePrefix: us-\nresources:\n  - ../prod-common\n');
    const project = projectOver(texts);
    assert.deepEqual(placesOf(project, texts, 'missing-memory-limit'), [
      '19:11 overlays/eu,overlays/us',
      '21:17 overlays/eu,overlays/prod,overlays/us',
    ]);
    const fixes = fixesOf(project, 'missing-memory-limit', 'overlays/eu,overlays/us');
    assert.deepEqual(
      fixes.map((fix) => fix.title),
      [
        'Add memory limit 512Mi to "app" in a new patch overlays/prod-common/web-missing-memory-limit-patch.yaml',
        'Add memory limit 512Mi to "app" in a new patch overlays/eu/web-missing-memory-limit-patch.yaml',
        'Add memory limit 512Mi to "app" in a new patch overlays/us/web-missing-memory-limit-patch.yaml',
      ],
    );
    apply(project, texts, fixes[0]!);
    assert.equal(
      texts.get(common),
      '# What every production region has.\nresources:\n  - ../../base\npatches:\n  - path: web-missing-memory-limit-patch.yaml\n',
    );
    assert.deepEqual(placesOf(project, texts, 'missing-memory-limit'), [
      '21:17 overlays/eu,overlays/prod,overlays/us',
    ]);
  });

  it("writes a new patch when the overlay's patch of the object would not take the cure", () => {
    const texts = fixtureTexts();
    // Prod's patch is applied to another Deployment only (its target selects by name), so writing the
    // "debug" container's limit there would change nothing that prod renders.
    const prod = `${ROOT}/overlays/prod/kustomization.yaml`;
    texts.set(
      prod,
      texts
        .get(prod)!
        .replace(
          '  - path: limits.yaml\n',
          '  - path: limits.yaml\n    target: {kind: Deployment, name: worker}\n',
        ),
    );
    const project = projectOver(texts);
    // "app" now lacks the limit in both overlays (the base's cure); "debug" in prod alone.
    assert.deepEqual(placesOf(project, texts, 'missing-memory-limit'), [
      '19:11 overlays/prod,overlays/staging',
      '21:17 overlays/prod',
    ]);
    const fixes = fixesOf(project, 'missing-memory-limit', 'overlays/prod');
    assert.deepEqual(
      fixes.map((fix) => fix.title),
      [
        'Add memory limit 512Mi and request 256Mi to "debug" in a new patch overlays/prod/web-missing-memory-limit-patch.yaml',
      ],
    );
    apply(project, texts, fixes[0]!);
    assert.deepEqual(placesOf(project, texts, 'missing-memory-limit'), [
      '19:11 overlays/prod,overlays/staging',
    ]);
  });

  it('removes a key in the overlay with null, which strategic merge reads as a deletion', () => {
    const texts = new Map<string, string>([
      [`${ROOT}/base/kustomization.yaml`, 'resources:\n  - deploy.yaml\n'],
      [
        BASE,
        [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata:',
          '  name: api',
          'spec:',
          '  selector:',
          '    matchLabels: {app: api}',
          '  template:',
          '    metadata:',
          '      labels: {app: api}',
          '    spec:',
          '      containers:',
          '        - name: api',
          '          image: registry.example/api:1.0.0',
          '          resources:',
          '            requests: {cpu: 100m, memory: 128Mi}',
          '            limits: {cpu: 100m, memory: 128Mi}',
          '',
        ].join('\n'),
      ],
      // Fast gives the container room to burst; slow keeps the base's limit equal to the request.
      [
        `${ROOT}/overlays/fast/kustomization.yaml`,
        'resources:\n  - ../../base\npatches:\n  - path: cpu.yaml\n',
      ],
      [
        `${ROOT}/overlays/fast/cpu.yaml`,
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          resources:\n            limits: {cpu: "1"}\n',
      ],
      [`${ROOT}/overlays/slow/kustomization.yaml`, 'resources:\n  - ../../base\n'],
    ]);
    const project = projectOver(texts);
    assert.deepEqual(placesOf(project, texts, 'cpu-limit-throttling'), ['17:22 overlays/slow']);
    const fixes = fixesOf(project, 'cpu-limit-throttling', 'overlays/slow');
    assert.deepEqual(
      fixes.map((fix) => fix.title),
      [
        'Remove the CPU limit of "api" (keep its 100m request) in a new patch overlays/slow/api-cpu-limit-throttling-patch.yaml',
      ],
    );
    apply(project, texts, fixes[0]!);
    assert.equal(
      texts.get(`${ROOT}/overlays/slow/api-cpu-limit-throttling-patch.yaml`),
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: api',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: api',
        '          resources:',
        '            limits:',
        '              cpu: null',
        '',
      ].join('\n'),
    );
    assert.deepEqual(placesOf(project, texts, 'cpu-limit-throttling'), []);
  });

  it('adds an object that the cure needs as a new resource of the overlay, without its prefix', () => {
    // The base has no budget; prod brings its own, staging none.
    const texts = budgetOnlyIn('prod');
    texts.set(STAGING, `${texts.get(STAGING)!}# Release candidates only.\n`);
    const project = projectOver(texts);
    assert.deepEqual(placesOf(project, texts, 'missing-pdb'), ['4:9 overlays/staging']);
    const fixes = fixesOf(project, 'missing-pdb', 'overlays/staging');
    assert.deepEqual(
      fixes.map((fix) => fix.title),
      [
        'Create PodDisruptionBudget "web-pdb" in overlays/staging/web-pdb.yaml, a resource of overlays/staging',
      ],
    );
    apply(project, texts, fixes[0]!);
    assert.equal(
      texts.get(`${ROOT}/overlays/staging/web-pdb.yaml`),
      [
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata:',
        '  name: web-pdb',
        'spec:',
        '  maxUnavailable: 1',
        '  selector:',
        '    matchLabels:',
        '      app: web',
        '',
      ].join('\n'),
    );
    assert.equal(
      texts.get(STAGING),
      [
        'resources:',
        '  - ../../base',
        '  - web-pdb.yaml',
        'components:',
        '  - ../../components/no-debug',
        'images:',
        '  - name: registry.example/app',
        '    newTag: "1.5.0-rc1"',
        'configMapGenerator:',
        '  - name: settings',
        '    literals: [LOG=debug]',
        '# Release candidates only.',
        '',
      ].join('\n'),
    );
    // Rendered again, staging has its budget; prod, which had one, is as it was.
    assert.deepEqual(placesOf(project, texts, 'missing-pdb'), []);
  });

  it("takes the overlay's namePrefix off the new object's name, since the overlay adds it again", () => {
    // The base has no budget, and neither has prod (which prefixes names with prod-); staging brings one.
    const texts = budgetOnlyIn('staging');
    const prod = `${ROOT}/overlays/prod/kustomization.yaml`;
    const project = projectOver(texts);
    assert.deepEqual(placesOf(project, texts, 'missing-pdb'), ['4:9 overlays/prod']);
    const [fix] = fixesOf(project, 'missing-pdb', 'overlays/prod');
    assert.equal(
      fix?.title,
      'Create PodDisruptionBudget "web-pdb" in overlays/prod/web-pdb.yaml, a resource of overlays/prod',
    );
    apply(project, texts, fix);
    assert.match(texts.get(`${ROOT}/overlays/prod/web-pdb.yaml`)!, /^ {2}name: web-pdb$/m);
    assert.match(texts.get(prod)!, /^resources:\n {2}- \.\.\/\.\.\/base\n {2}- web-pdb\.yaml\n/);
    assert.deepEqual(placesOf(project, texts, 'missing-pdb'), []);
  });

  it('offers no fix in the overlays when every overlay has the finding (the base holds the cure)', () => {
    const texts = fixtureTexts();
    const project = projectOver(texts);
    const shared = project.roleOf(BASE).findings.filter((f) => f.finding.ruleId === 'missing-anti-affinity');
    assert.equal(shared.length, 2);
    assert.ok(shared.every((f) => f.everywhere && f.overlayFixes === undefined));
  });
});
