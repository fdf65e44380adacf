// Analysis over rendered Kustomize output, with the rendering done by hand: these tests hold the printing,
// the placing of findings in the files that caused them and the merging across entry points to exact
// positions, whatever renderer produced the trees.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { analyseText } from '../../server/engine/engine';
import { computeLineStarts, offsetToPosition } from '../../server/engine/positions';
import { DEFAULT_SETTINGS } from '../../server/engine/settings';
import {
  analyseEntryPoint,
  combineEntryPoints,
  type EntryPoint,
} from '../../server/engine/kustomize/analyse';
import type { RenderedObject, RenderResult } from '../../server/engine/kustomize/model';
import { printRendered } from '../../server/engine/kustomize/printed';
import { entryOf, fromYaml, nodeAt, toValue, type RMap } from '../../server/engine/kustomize/tree';
import { BUILT_IN_RULES } from '../built-in-rules';

const BASE = '/repo/base/deploy.yaml';
const PATCH = '/repo/overlays/prod/limits.yaml';

const baseText = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web # the storefront
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.25
          resources:
            requests: {cpu: 100m, memory: 128Mi}
`;

const patchText = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          resources:
            limits:
              memory: 256Mi
`;

const texts = new Map([
  [BASE, baseText],
  [PATCH, patchText],
]);

function tree(text: string, uri: string): RMap {
  const node = fromYaml(parseAllDocuments(text)[0]!, uri);
  assert.equal(node.type, 'map');
  return node as RMap;
}

function result(dir: string, objects: RenderedObject[], files: string[]): RenderResult {
  return {
    dir,
    kustomizationFile: `${dir}/kustomization.yaml`,
    rendered: true,
    objects,
    notices: [],
    files: new Set(files),
    kustomizations: new Set([`${dir}/kustomization.yaml`]),
    patchFiles: new Set(files.filter((file) => file === PATCH)),
    resourceFiles: new Set([BASE]),
    includes: new Set(),
  };
}

/** The base as staging renders it: unchanged. */
function staging(): EntryPoint {
  const object: RenderedObject = {
    tree: tree(baseText, BASE),
    base: { uri: BASE, documentIndex: 0 },
    patches: [],
    history: [],
  };
  return { name: 'overlays/staging', result: result('/repo/overlays/staging', [object], [BASE]) };
}

/** The base as prod renders it: the patch's `limits` merged into the container's `resources`. */
function prod(): EntryPoint {
  const base = tree(baseText, BASE);
  const patch = tree(patchText, PATCH);
  const path = ['spec', 'template', 'spec', 'containers', 0, 'resources'];
  const resources = nodeAt(base, path) as RMap;
  resources.entries.push(entryOf(nodeAt(patch, path) as RMap, 'limits')!);
  const object: RenderedObject = {
    tree: base,
    base: { uri: BASE, documentIndex: 0 },
    patches: [{ uri: PATCH, span: patch.origin.span }],
    history: [],
  };
  return { name: 'overlays/prod', result: result('/repo/overlays/prod', [object], [BASE, PATCH]) };
}

function analyse(entry: EntryPoint) {
  return analyseEntryPoint(entry, BUILT_IN_RULES, DEFAULT_SETTINGS, (uri) =>
    computeLineStarts(texts.get(uri) ?? ''),
  );
}

function at(uri: string, offset: number): string {
  const position = offsetToPosition(computeLineStarts(texts.get(uri)!), offset);
  return `${position.line + 1}:${position.character + 1}`;
}

describe('printed Kustomize output', () => {
  it('parses back to the rendered values, strings kept as strings', () => {
    const object = prod().result.objects[0]!;
    const withOddValues: RMap = {
      ...object.tree,
      entries: [
        ...object.tree.entries,
        ...tree(
          `data:\n  "on": "yes"\n  port: "80"\n  list: []\n  empty: {}\n  nested: [[1, 2], {a: null}]\n`,
          BASE,
        ).entries,
      ],
    };
    const printed = printRendered([{ ...object, tree: withOddValues }]);
    assert.deepEqual(parseYaml(printed.text), toValue(withOddValues));
  });

  it('maps a key and a value back to the file and range that wrote them', () => {
    const entry = prod();
    const printed = printRendered(entry.result.objects);
    const memory = printed.text.indexOf('"256Mi"');
    const mapped = printed.locate({ start: memory, end: memory + '"256Mi"'.length });
    assert.equal(mapped?.uri, PATCH);
    assert.equal(patchText.slice(mapped!.span.start, mapped!.span.end), '256Mi');
    const image = printed.text.indexOf('image');
    const key = printed.locate({ start: image, end: image + 'image'.length });
    assert.deepEqual(key, {
      uri: BASE,
      span: { start: baseText.indexOf('image'), end: baseText.indexOf('image') + 5 },
    });
  });
});

describe('findings over rendered output', () => {
  it('reports a finding where its cause is written, naming the entry points it holds for', () => {
    const combined = combineEntryPoints([analyse(prod()), analyse(staging())]);
    const memory = combined.filter((item) => item.finding.ruleId === 'missing-memory-limit');
    // Prod's patch adds the limit; only staging lacks it, so the base shows it for staging alone.
    assert.equal(memory.length, 1);
    assert.equal(memory[0]!.uri, BASE);
    assert.deepEqual(memory[0]!.entryPoints, ['overlays/staging']);
    assert.equal(memory[0]!.everywhere, false);
    assert.match(memory[0]!.finding.message, /\(in kustomize build of overlays\/staging\)$/);
    // The same place the base's own analysis reports it at.
    const own = analyseText(baseText, BUILT_IN_RULES, { uri: BASE }).findings.find(
      (finding) => finding.ruleId === 'missing-memory-limit',
    )!;
    assert.deepEqual(memory[0]!.finding.span, own.span);
    assert.equal(at(BASE, memory[0]!.finding.span.start), '16:11');
  });

  it('reports a finding shared by every entry point once, naming them all', () => {
    const combined = combineEntryPoints([analyse(prod()), analyse(staging())]);
    const probe = combined.filter((item) => item.finding.ruleId === 'missing-pdb');
    assert.equal(probe.length, 1);
    assert.deepEqual(probe[0]!.entryPoints, ['overlays/prod', 'overlays/staging']);
    assert.equal(probe[0]!.everywhere, true);
    assert.match(
      probe[0]!.finding.message,
      /\(in kustomize build of overlays\/prod and overlays\/staging\)$/,
    );
  });

  it('places nothing in a patch that did not cause it', () => {
    const combined = combineEntryPoints([analyse(prod())]);
    assert.deepEqual(
      combined.filter((item) => item.uri === PATCH).map((item) => item.finding.ruleId),
      [],
    );
  });
});
