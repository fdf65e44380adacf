// The engine's building blocks: parsing multi-document files, finding objects, paths to nodes, pod specs,
// selectors, and the minimal-edit primitives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMap } from 'yaml';
import { appendDocument, applyEdits, ensureEntries, layoutOf } from '../../server/engine/edits';
import { keySpanAt, nodeAt, parsePath, spanOf } from '../../server/engine/nodes';
import { parseFile } from '../../server/engine/parse';
import { parseQuantity } from '../../server/engine/quantity';
import { selectorMatches } from '../../server/engine/relations';
import { podTemplateOf } from '../../server/engine/workloads';
import { readObjects } from '../../server/workspace/read-objects';

describe('parseFile', () => {
  it('finds objects across documents, skipping empty, non-Kubernetes and broken documents', () => {
    const text = [
      '---',
      '# leading marker and comment',
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: {name: shop}',
      '---',
      '---',
      'just: config',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'spec: [broken',
      '---',
      '{apiVersion: v1, kind: ConfigMap, metadata: {name: flow, namespace: shop}}',
      '---',
      '',
    ].join('\n');
    const file = parseFile(text);
    assert.deepEqual(
      file.objects.map((o) => [o.documentIndex, o.kind, o.name, o.namespace]),
      [
        [0, 'Namespace', 'shop', undefined],
        [4, 'ConfigMap', 'flow', 'shop'],
      ],
    );
  });

  it('treats the items of a List as objects with their own paths', () => {
    const file = parseFile(
      'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Service, metadata: {name: a}}\n- nope\n- {apiVersion: v1, kind: Pod}\n',
    );
    assert.deepEqual(
      file.objects.map((o) => [o.kind, o.basePath]),
      [
        ['Service', ['items', 0]],
        ['Pod', ['items', 2]],
      ],
    );
  });

  it('opens a typed list (ConfigMapList) as kubectl does, read header-only or not; a kind ending in List without items stays an object', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMapList',
      'items:',
      '- {apiVersion: v1, kind: ConfigMap, metadata: {name: dashboards, labels: {app: grafana}}, data: {a: b}}',
      '---',
      'apiVersion: example.com/v1',
      'kind: AllowList',
      'metadata: {name: egress}',
      'spec: {hosts: [example.com]}',
      '',
    ].join('\n');
    // Both a plan that reads every kind in full and one that reads ConfigMaps header-only (no rule wants
    // their data) open the list: a header scan cannot see items, so a kind ending in List is parsed whole.
    for (const bodyKinds of [undefined, { kinds: new Set(['Deployment']), customResources: false }]) {
      assert.deepEqual(
        parseFile(text, {}, '', { bodyKinds }).objects.map((o) => [o.kind, o.name, o.basePath]),
        [
          ['ConfigMap', 'dashboards', ['items', 0]],
          ['AllowList', 'egress', []],
        ],
      );
    }
    // The workspace index reads the same objects (read-objects.ts).
    assert.deepEqual(
      readObjects(text, 'u', { kinds: new Set(['Deployment']), customResources: false })
        .flatMap((part) => part.objects)
        .map((o) => [o.value.kind, o.basePath]),
      [
        ['ConfigMap', ['items', 0]],
        ['AllowList', []],
      ],
    );
  });

  it('keeps offsets exact with a BOM and CRLF line endings', () => {
    const text = '\ufeffapiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: crlf\r\n';
    const file = parseFile(text);
    assert.equal(file.eol, '\r\n');
    const name = nodeAt(file.objects[0]!.node, ['metadata', 'name'])!;
    const span = spanOf(name)!;
    assert.equal(text.slice(span.start, span.end), 'crlf');
  });

  it('rejects an alias bomb instead of expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      bomb.push(
        `${'b'.repeat(i)}: &${'b'.repeat(i)} [${Array(10)
          .fill(i === 1 ? '*a' : '*' + 'b'.repeat(i - 1))
          .join(', ')}]`,
      );
    bomb.push('apiVersion: v1', 'kind: Pod');
    const file = parseFile(bomb.join('\n'));
    // Rejected, not expanded: no object (so no rule walks the value), and the notice says why.
    assert.deepEqual(file.objects, []);
    assert.deepEqual(
      file.notices.map((n) => n.kind),
      ['too-many-aliases'],
    );
  });

  it('never throws on hostile text', () => {
    for (const text of [
      '',
      '\u0000\u0001',
      ':\n:\n- - -',
      '{{ .Values }}',
      '\t\tkind: Pod',
      'a: *nope',
      '%YAML 9.9\n---\n',
    ]) {
      assert.doesNotThrow(() => parseFile(text));
    }
  });
});

describe('paths and nodes', () => {
  it('parses dotted and indexed paths', () => {
    assert.deepEqual(parsePath('spec.template.spec.containers[1].resources'), [
      'spec',
      'template',
      'spec',
      'containers',
      1,
      'resources',
    ]);
    assert.deepEqual(parsePath('metadata.labels["app.kubernetes.io/name"]'), [
      'metadata',
      'labels',
      'app.kubernetes.io/name',
    ]);
  });

  it('goes from a path to the exact node and key range', () => {
    const text = 'kind: Pod\nspec:\n  containers:\n  - name: a\n  - name: b\n    resources: {}\n';
    const root = parseFile(text).documents[0]!.doc.contents;
    assert.ok(isMap(root));
    const path = parsePath('spec.containers[1].resources');
    assert.ok(isMap(nodeAt(root, path)));
    const key = keySpanAt(root, path)!;
    assert.equal(text.slice(key.start, key.end), 'resources');
    // A missing key falls back to its deepest existing ancestor.
    const fallback = keySpanAt(root, parsePath('spec.containers[0].resources'))!;
    assert.equal(text.slice(fallback.start, fallback.end), 'name');
  });

  it('locates the pod spec of every workload kind, with init containers', () => {
    const paths: Record<string, string> = {
      Pod: 'spec',
      Deployment: 'spec.template.spec',
      StatefulSet: 'spec.template.spec',
      DaemonSet: 'spec.template.spec',
      ReplicaSet: 'spec.template.spec',
      ReplicationController: 'spec.template.spec',
      Job: 'spec.template.spec',
      CronJob: 'spec.jobTemplate.spec.template.spec',
    };
    for (const [kind, path] of Object.entries(paths)) {
      const segments = path.split('.');
      const lines = [`apiVersion: v1`, `kind: ${kind}`];
      segments.forEach((s, i) => lines.push(`${'  '.repeat(i)}${s}:`));
      const indent = '  '.repeat(segments.length);
      lines.push(
        `${indent}initContainers: [{name: init}]`,
        `${indent}containers: [{name: main}, {name: side}]`,
      );
      const object = parseFile(lines.join('\n') + '\n').objects[0]!;
      const template = podTemplateOf(object);
      assert.ok(template, kind);
      assert.deepEqual(
        template.containers.map((c) => [c.list, c.name]),
        [
          ['initContainers', 'init'],
          ['containers', 'main'],
          ['containers', 'side'],
        ],
        kind,
      );
    }
  });
});

describe('selectors and quantities', () => {
  it('matches label selectors with AND semantics', () => {
    const labels = { app: 'web', tier: 'front' };
    assert.equal(selectorMatches({ matchLabels: { app: 'web' } }, labels), true);
    assert.equal(selectorMatches({ matchLabels: { app: 'web', tier: 'back' } }, labels), false);
    assert.equal(
      selectorMatches(
        {
          matchLabels: { app: 'web' },
          matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }],
        },
        labels,
      ),
      false,
    );
    assert.equal(
      selectorMatches({ matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] }, labels),
      true,
    );
    assert.equal(selectorMatches({}, labels), true);
    assert.equal(selectorMatches(undefined, labels), false);
  });

  it('parses Kubernetes quantities', () => {
    assert.equal(parseQuantity('512Mi'), 512 * 2 ** 20);
    assert.equal(parseQuantity('1G'), 1e9);
    assert.equal(parseQuantity('250m'), 0.25);
    assert.equal(parseQuantity('1e3'), 1000);
    assert.equal(parseQuantity(2), 2);
    assert.equal(parseQuantity('lots'), undefined);
  });
});

describe('minimal edits', () => {
  it('follows the file layout: indent width, sequence style and line endings', () => {
    const flush = parseFile('a:\n  b:\n  - x\n');
    assert.deepEqual(layoutOf(flush), { eol: '\n', step: 2, indentedSequences: false });
    const indented = parseFile('a:\r\n    b:\r\n        - x\r\n');
    assert.deepEqual(layoutOf(indented), { eol: '\r\n', step: 4, indentedSequences: true });
  });

  it('inserts nested keys once, deepest first, and leaves every other byte alone', () => {
    const text = 'spec:\n  resources:\n    limits:\n      cpu: 1 # keep\n  # trailing\nother: doc\n';
    const file = parseFile(text);
    const root = file.documents[0]!.doc.contents;
    assert.ok(isMap(root));
    const edits = ensureEntries(file, root, ['spec', 'resources'], {
      limits: { memory: '1Gi' },
      requests: { memory: '1Gi' },
    })!;
    assert.equal(
      applyEdits(text, edits),
      'spec:\n  resources:\n    limits:\n      cpu: 1 # keep\n      memory: 1Gi\n    requests:\n      memory: 1Gi\n  # trailing\nother: doc\n',
    );
    assert.equal(ensureEntries(file, root, ['spec', 'resources', 'limits'], { cpu: '2' }), undefined);
  });

  it('appends a document after a missing final line break or an open marker', () => {
    const value = { kind: 'X' };
    assert.equal(applyEdits('a: 1', [appendDocument(parseFile('a: 1'), value)]), 'a: 1\n---\nkind: X\n');
    assert.equal(
      applyEdits('a: 1\n---\n', [appendDocument(parseFile('a: 1\n---\n'), value)]),
      'a: 1\n---\nkind: X\n',
    );
    assert.equal(applyEdits('', [appendDocument(parseFile(''), value)]), 'kind: X\n');
  });

  it('applies same-position insertions in array order and refuses overlaps', () => {
    assert.equal(
      applyEdits('ab', [
        { start: 1, end: 1, newText: '1' },
        { start: 1, end: 1, newText: '2' },
      ]),
      'a12b',
    );
    assert.throws(() =>
      applyEdits('abcd', [
        { start: 0, end: 2, newText: '' },
        { start: 1, end: 3, newText: '' },
      ]),
    );
  });
});
