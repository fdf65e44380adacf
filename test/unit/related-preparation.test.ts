// What a file's analysis makes of its deployment unit ahead of its checks, in steps (issue 17: no hover or
// keystroke may wait long while "Analyse workspace" runs). Counted, not timed: the facts derived about the
// unit's objects between two pauses of the analysis, and the pauses themselves.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILT_IN_RULES } from '../built-in-rules';
import { RULES } from '../../rules';
import { analyseFile, analysisSteps } from '../../server/engine/engine';
import { parseFile } from '../../server/engine/parse';
import { newRelationStats } from '../../server/engine/related-groups';
import { folderUnit, RelatedObjects } from '../../server/engine/related-index';
import { RuleSet } from '../../server/engine/rule-set';
import { OBJECTS_PER_STEP, Stepwise } from '../../server/engine/stepwise';
import type { Finding } from '../../server/engine/types';

/** A Deployment with tolerations, its Service, budget and autoscaler: four objects of one application. */
const application = (i: number): string =>
  [
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      `metadata: {name: app-${i}, namespace: shop}`,
      'spec:',
      '  replicas: 3',
      `  selector: {matchLabels: {app: app-${i}}}`,
      '  template:',
      `    metadata: {labels: {app: app-${i}, tier: web}}`,
      '    spec:',
      // The first misspells the key the others use, for toleration-typo to find.
      `      tolerations: [{key: ${i === 0 ? 'dedicatd' : 'dedicated'}, value: shop, effect: NoSchedule}]`,
      '      containers: [{name: app, image: "app:1"}]',
    ].join('\n'),
    `apiVersion: v1\nkind: Service\nmetadata: {name: app-${i}, namespace: shop}\nspec: {selector: {app: app-${i}}, ports: [{port: 80}]}`,
    `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: app-${i}, namespace: shop}\nspec: {maxUnavailable: 1, selector: {matchLabels: {app: app-${i}}}}`,
    `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: app-${i}, namespace: shop}\nspec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: app-${i}}, minReplicas: 2, maxReplicas: 5}`,
  ].join('\n---\n') + '\n';

const FILES = 200;
const uriOf = (i: number): string => `/ws/app-${i}.yaml`;

/** An index of one folder of FILES applications (800 objects in one namespace), with its stats. */
function workspaceIndex(): { index: RelatedObjects; stats: ReturnType<typeof newRelationStats> } {
  const stats = newRelationStats();
  const index = new RelatedObjects(folderUnit, stats);
  for (let i = 0; i < FILES; i++) index.set(uriOf(i), parseFile(application(i), {}, uriOf(i)).objects);
  return { index, stats };
}

/** What a finding says and where, for comparing two analyses. */
const summary = (findings: readonly Finding[]): string[] =>
  findings.map((f) => `${f.ruleId} ${f.span.start}-${f.span.end} ${f.message}`);

describe('a file analysed against a large unit', () => {
  it('derives at most a step of the unit’s facts between two pauses, and finds what it found at once', () => {
    const { index, stats } = workspaceIndex();
    const file = parseFile(application(0), {}, uriOf(0));
    const steps = analysisSteps(file, BUILT_IN_RULES, { index });
    let pauses = 0;
    let most = 0;
    let before = stats.derived;
    let step = steps.next();
    while (!step.done) {
      pauses++;
      most = Math.max(most, stats.derived - before);
      before = stats.derived;
      step = steps.next();
    }
    most = Math.max(most, stats.derived - before);
    // Every object of the unit had facts derived (its pod labels at least), none of them in one go.
    assert.ok(stats.derived >= FILES * 4, `derived ${stats.derived}`);
    assert.ok(most <= OBJECTS_PER_STEP, `${most} facts derived between two pauses`);
    assert.ok(pauses >= (FILES * 4) / OBJECTS_PER_STEP, `${pauses} pauses`);
    const ids = new Set(step.value.findings.map((f) => f.ruleId));
    for (const id of ['replicas-with-hpa', 'toleration-typo']) assert.ok(ids.has(id), id);

    // The same file against a fresh index, its groups arranged by the first question instead: the same.
    const fresh = workspaceIndex();
    const group = fresh.index.view('/ws/new.yaml', []);
    const derived = fresh.stats.derived;
    assert.equal(group.podOwners('shop').length, FILES);
    // What the preparation spreads over many steps, one question does at once.
    assert.ok(fresh.stats.derived - derived >= FILES * 4, 'a question arranges the whole group');
    assert.deepEqual(
      summary(analyseFile(file, BUILT_IN_RULES, { index: fresh.index }).findings),
      summary(step.value.findings),
    );
  });

  it('arranges the unit’s other namespaces ahead too when a rule looks there ("wrong namespace?")', () => {
    const { index, stats } = workspaceIndex();
    // A Service in another namespace that selects app-5's pods: service-selects-nothing asks namespace shop.
    const text =
      'apiVersion: v1\nkind: Service\nmetadata: {name: lost, namespace: other}\nspec: {selector: {app: app-5}, ports: [{port: 80}]}\n';
    const file = parseFile(text, {}, '/ws/lost.yaml');
    const steps = analysisSteps(file, BUILT_IN_RULES, { index });
    let most = 0;
    let before = stats.derived;
    let step = steps.next();
    while (!step.done) {
      most = Math.max(most, stats.derived - before);
      before = stats.derived;
      step = steps.next();
    }
    most = Math.max(most, stats.derived - before);
    assert.ok(stats.derived >= FILES * 3, `derived ${stats.derived}`);
    assert.ok(most <= OBJECTS_PER_STEP, `${most} facts derived between two pauses`);
    const found = step.value.findings.find((f) => f.ruleId === 'service-selects-nothing');
    assert.match(found?.message ?? '', /in namespace "shop", Deployment "app-5"/);
  });

  it('gives the same answers prepared as arranged by the first question', () => {
    // Prepared through the view of a file of the unit (in steps over the unit's objects)...
    const file = parseFile(application(3), {}, uriOf(3));
    const index = workspaceIndex().index;
    const view = index.view(uriOf(3), file.objects);
    let pauses = 0;
    for (const step of view.prepare()) {
      void step;
      pauses++;
    }
    assert.ok(pauses >= (FILES * 4) / OBJECTS_PER_STEP, `${pauses} pauses`);
    const prepared = index.view('/ws/new.yaml', []);
    // ...and arranged by the first question.
    const asked = workspaceIndex().index.view('/ws/new.yaml', []);
    const names = (objects: readonly { name?: string }[]): (string | undefined)[] =>
      objects.map((o) => o.name);
    for (const view of [prepared, asked]) {
      assert.equal(view.podOwners('shop').length, FILES);
      assert.deepEqual(names(view.ownersMatching('shop', { app: 'app-7' }).map((o) => o.object)), ['app-7']);
      assert.deepEqual(names(view.selectorsOver('shop', 'Service', { app: 'app-9', tier: 'web' })), [
        'app-9',
      ]);
      assert.deepEqual(names(view.selectorsOver('shop', 'PodDisruptionBudget', { app: 'app-9' })), ['app-9']);
      assert.deepEqual(names(view.inNamespace('shop', 'HorizontalPodAutoscaler', 3)), [
        'app-0',
        'app-1',
        'app-2',
      ]);
    }
    // Another file's view of the prepared unit hands out the very same objects, in the same order.
    const again = index.view('/ws/other.yaml', []).podOwners('shop');
    assert.ok(prepared.podOwners('shop').every((owner, k) => owner.object === again[k]?.object));
    const workload = file.objects.find((o) => o.kind === 'Deployment')!;
    assert.deepEqual(names(view.autoscalersOf(workload)), ['app-3']);
  });

  it('finds the same toleration typos with the unit’s spellings gathered ahead or by the first check', () => {
    const rule = RULES.find((r) => r.meta.id === 'toleration-typo')!;
    assert.ok(rule.prepare, 'toleration-typo prepares its vocabulary');
    const withPreparation = new RuleSet([rule]);
    const without = new RuleSet([{ ...rule, prepare: undefined }]);
    const { index } = workspaceIndex();
    const file = parseFile(application(0), {}, uriOf(0));
    const prepared = analyseFile(file, withPreparation, { index });
    const asked = analyseFile(file, without, { index });
    assert.deepEqual(summary(prepared.findings), summary(asked.findings));
    assert.equal(prepared.findings.length, 1);
    assert.match(prepared.findings[0]!.message, /"dedicatd".*"dedicated"/);

    // Gathered ahead, in steps over the unit's objects.
    const view = workspaceIndex().index.view(uriOf(0), file.objects);
    let pauses = 0;
    for (const step of rule.prepare(file.objects, view)) {
      void step;
      pauses++;
    }
    assert.ok(pauses >= (FILES * 4) / OBJECTS_PER_STEP, `${pauses} pauses`);
    // A file without tolerations does not gather them.
    const plain = parseFile('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n', {}, '/ws/c.yaml');
    assert.equal([...rule.prepare(plain.objects, view)].length, 0);
  });
});

describe('a value made in steps', () => {
  function* counting(log: string[]): Generator<void, number, void> {
    for (let i = 0; i < 3; i++) {
      log.push(`step ${i}`);
      yield;
    }
    return 42;
  }

  it('is made once: a question asked half-way finishes the steps begun', () => {
    const log: string[] = [];
    let made = 0;
    const value = new Stepwise(() => {
      made++;
      return counting(log);
    });
    const steps = value.inSteps();
    steps.next();
    assert.deepEqual(log, ['step 0']);
    assert.equal(value.ready, false);
    assert.equal(value.value, 42);
    assert.deepEqual(log, ['step 0', 'step 1', 'step 2']);
    assert.equal(steps.next().done, true);
    assert.equal(made, 1);
    assert.equal(value.ready, true);
  });

  it('starts over after its steps threw, so that the next question meets the error itself', () => {
    let attempts = 0;
    const value = new Stepwise(function* (): Generator<void, number, void> {
      attempts++;
      yield;
      throw new Error(`attempt ${attempts}`);
    });
    assert.throws(() => [...value.inSteps()], /attempt 1/);
    assert.throws(() => value.value, /attempt 2/);
    assert.equal(value.ready, false);
  });
});

describe('the CRDs a custom resource is checked against', () => {
  const crd = (kind: string, sizeType: string): string =>
    [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      `metadata: {name: ${kind.toLowerCase()}s.example.com}`,
      'spec:',
      '  group: example.com',
      `  names: {kind: ${kind}, plural: ${kind.toLowerCase()}s}`,
      '  scope: Namespaced',
      '  versions:',
      '    - name: v1',
      '      served: true',
      '      storage: true',
      '      schema:',
      '        openAPIV3Schema:',
      '          type: object',
      `          properties: {spec: {type: object, properties: {size: {type: ${sizeType}}}}}`,
    ].join('\n') + '\n';
  const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: big}\n';
  const messages = (files: Record<string, string>, text: string): string[] => {
    const index = new RelatedObjects();
    for (const [uri, t] of Object.entries(files)) index.set(uri, parseFile(t, {}, uri).objects);
    const file = parseFile(text, {}, '/u/both.yaml');
    return analyseFile(file, BUILT_IN_RULES, { index })
      .findings.filter((f) => f.ruleId === 'custom-resource-schema')
      .map((f) => f.message);
  };

  it('are the unit’s current ones and the file’s own, never the index’s stale copy of the file', () => {
    // The file holds a CRD of the same group (another kind) and a Widget; another file defines Widget.
    const text = `${crd('Gadget', 'string')}---\n${widget}`;
    const found = messages({ '/u/crd.yaml': crd('Widget', 'integer') }, text);
    assert.equal(found.length, 1);
    assert.match(found[0]!, /size/);
    // The index's stale copy of the file defined Widget with a string size (which "big" satisfies): the
    // file's current text does not, so the other file's definition decides.
    const stale = `${crd('Widget', 'string')}---\n${crd('Gadget', 'string')}`;
    assert.deepEqual(
      messages({ '/u/crd.yaml': crd('Widget', 'integer'), '/u/both.yaml': stale }, text),
      found,
    );
    // The file's own definition, when it has one, is in view too: the first that serves the kind decides.
    const own = `${crd('Widget', 'string')}---\n${widget}`;
    assert.deepEqual(messages({ '/u/other.yaml': crd('Gadget', 'string') }, own), []);
  });
});
