// The pieces of the transform steps that kustomize specifies to the character: the content hash (kustomize's
// own test vectors from api/hasher/hasher_test.go), kyaml's base64 line breaking, image reference splitting,
// the env and literal readers; and the notices for what kustomize itself refuses, located at the entry.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { contentHash, goJson } from '../../server/engine/kustomize/hash';
import { envPairs, goBase64, literalPair, parseFileSource } from '../../server/engine/kustomize/kv';
import { resolvePath } from '../../server/engine/kustomize/paths';
import {
  applyImages,
  applyReplicas,
  rewriteImage,
  splitImage,
} from '../../server/engine/kustomize/image-transformers';
import {
  applyLabels,
  applyNamePrefix,
  applyNamespace,
} from '../../server/engine/kustomize/meta-transformers';
import { runGenerators } from '../../server/engine/kustomize/generators';
import type { Level, RenderedObject } from '../../server/engine/kustomize/model';
import { fromYaml, toValue, type Origin, type RMap } from '../../server/engine/kustomize/tree';

const here: Origin = { uri: 'k.yaml', span: { start: 0, end: 0 } };
const tree = (text: string, uri = 'k.yaml'): RMap => fromYaml(parseDocument(text), uri) as RMap;

describe('content hash', () => {
  const vectors: [string, string][] = [
    ['apiVersion: v1\nkind: ConfigMap', '6ct58987ht'],
    ['apiVersion: v1\nkind: ConfigMap\ndata:\n  one: ""', '9g67k2htb6'],
    ['apiVersion: v1\nkind: ConfigMap\ndata:\n  two: 2\n  one: ""\n  three: 3', '7757f9kkct'],
    ['apiVersion: v1\nkind: ConfigMap\nbinaryData:\n  one: ""', '6mtk2m274t'],
    ['apiVersion: v1\nkind: Secret\ntype: my-type', '5gmgkf8578'],
    ['apiVersion: v1\nkind: Secret\ntype: my-type\ndata:\n  one: ""', '74bd68bm66'],
    ['apiVersion: v1\nkind: Secret\ntype: my-type\ndata:\n  two: 2\n  one: ""\n  three: 3', '4gf75c7476'],
    ['apiVersion: v1\nkind: Secret\ntype: my-type\ndata:\n  one: ""\nstringData:\n  two: 2', 'c4h4264gdb'],
  ];
  for (const [text, hash] of vectors)
    it(`hashes ${JSON.stringify(text.split('\n').slice(1).join(' '))} as kustomize does`, () => {
      assert.equal(contentHash(tree(text)), hash);
    });

  it('writes JSON as Go does: sorted keys, HTML characters escaped', () => {
    assert.equal(
      goJson({ b: '<a&b>', a: [1, 'x\u0008'] }),
      '{"a":[1,"x\\u0008"],"b":"\\u003ca\\u0026b\\u003e"}',
    );
  });
});

describe('key/value sources', () => {
  it('breaks base64 into 70-character lines once it reaches 70 characters', () => {
    assert.equal(goBase64('admin'), 'YWRtaW4=');
    // 60 bytes encode to 80 characters: a line of 70, a line of 10, each ending with a newline.
    const long = goBase64('x'.repeat(60));
    assert.deepEqual(
      long.split('\n').map((line) => line.length),
      [70, 10, 0],
    );
    assert.equal(Buffer.from(long.replace(/\n/g, ''), 'base64').toString(), 'x'.repeat(60));
  });

  it('reads env files like kustomize: comments, blanks, BOM, CRLF, keys without values', () => {
    const pairs = envPairs('\uFEFFA=1\r\n# c\n\n  B=2\nC\nD=x=y\n', here);
    assert.deepEqual(
      pairs.map(({ key, value }) => [key, value]),
      [
        ['A', '1'],
        ['B', '2'],
        ['C', ''],
        ['D', 'x=y'],
      ],
    );
    assert.throws(() => envPairs('B = 2\n', here), /not a valid environment variable name/);
  });

  it('removes one pair of matching quotes from a literal and refuses a literal without a key', () => {
    assert.deepEqual(literalPair('a="b c"', here).value, 'b c');
    assert.deepEqual(literalPair("a='b'", here).value, 'b');
    assert.deepEqual(literalPair('a="b\'', here).value, '"b\'');
    assert.throws(() => literalPair('=b', here), /expected key=value/);
  });

  it('keys a file by its base name unless the entry names a key', () => {
    assert.deepEqual(parseFileSource('dir/app.conf', here), { key: 'app.conf', path: 'dir/app.conf' });
    assert.deepEqual(parseFileSource('k=dir/app.conf', here), { key: 'k', path: 'dir/app.conf' });
    assert.throws(() => parseFileSource('a=b=c', here), /contains '='/);
    assert.equal(resolvePath('/r/app', '../x/./y'), '/r/x/y');
  });
});

describe('images', () => {
  it('splits references like kustomize, a registry port not being a tag', () => {
    assert.deepEqual(splitImage('registry:5000/app:1.0@sha256:abc'), {
      name: 'registry:5000/app',
      tag: '1.0',
      digest: 'sha256:abc',
    });
    assert.deepEqual(splitImage('registry:5000/app'), { name: 'registry:5000/app', tag: '', digest: '' });
    assert.deepEqual(splitImage('app@sha256:abc'), { name: 'app', tag: '', digest: 'sha256:abc' });
  });

  it('rewrites only references whose name matches the entry exactly', () => {
    const entry = {
      name: 'nginx',
      newTag: '2',
      origin: here,
      pattern: /^nginx(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$/,
    };
    assert.equal(rewriteImage('nginx:1@sha256:abc', entry), 'nginx:2');
    assert.equal(rewriteImage('nginx-exporter:1', entry), undefined);
    assert.equal(rewriteImage('docker.io/nginx:1', entry), undefined);
  });
});

describe('notices for what kustomize refuses', () => {
  const level = (kustomization: string, files: Record<string, string> = {}): Level => ({
    kustomizationFile: '/r/app/kustomization.yaml',
    dir: '/r/app',
    kustomization: tree(kustomization, '/r/app/kustomization.yaml'),
    host: { readFile: (path) => files[path], isDirectory: () => false },
    notices: [],
    files: new Set(),
  });
  const located = (subject: Level) =>
    subject.notices.map((notice) => ({
      kind: notice.kind,
      field: notice.field,
      at: notice.origin.span.start,
    }));

  it('reports a merge with nothing to merge onto at its behavior, and generates nothing', () => {
    const text = 'configMapGenerator:\n  - name: cm\n    behavior: merge\n    literals: [a=b]\n';
    const subject = level(text);
    assert.deepEqual(runGenerators([], subject), []);
    assert.deepEqual(located(subject), [
      { kind: 'error', field: 'configMapGenerator', at: text.indexOf('merge') },
    ]);
  });

  it('reports a missing file and a file outside the folder at their entries, and records files read', () => {
    const text =
      'configMapGenerator:\n  - name: cm\n    files: [missing.txt]\n  - name: out\n    files: [../secret.txt]\n  - name: ok\n    files: [ok.txt]\n';
    const subject = level(text, { '/r/app/ok.txt': 'fine', '/r/secret.txt': 'no' });
    const objects = runGenerators([], subject);
    assert.deepEqual(
      objects.map((object) => toValue(object.tree)),
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok' }, data: { 'ok.txt': 'fine' } }],
    );
    assert.deepEqual(
      located(subject).map((notice) => notice.at),
      [text.indexOf('missing.txt'), text.indexOf('../secret.txt')],
    );
    assert.match(subject.notices[1]?.message ?? '', /outside the kustomization's folder/);
    assert.deepEqual([...subject.files], ['/r/app/ok.txt']);
  });

  it('reports a second generator of the same name without a behavior, and a repeated key', () => {
    const text =
      'configMapGenerator:\n  - name: cm\n    literals: [a=1]\n  - name: cm\n    literals: [a=2, a=3]\n  - name: cm2\n    literals: [x=1]\n  - name: cm2\n    literals: [x=2]\n';
    const subject = level(text);
    const objects: RenderedObject[] = runGenerators([], subject);
    assert.equal(objects.length, 2);
    assert.deepEqual(
      located(subject).map((notice) => notice.at),
      [text.indexOf('a=3'), text.lastIndexOf('name: cm2')],
    );
  });

  it('reports replicas that name no workload at the entry', () => {
    const text = 'replicas:\n  - name: nothing\n    count: 2\n';
    const subject = level(text);
    assert.deepEqual(applyReplicas([], subject), []);
    assert.deepEqual(located(subject), [
      { kind: 'error', field: 'replicas', at: text.indexOf('name: nothing') },
    ]);
  });

  it('reports unquoted numbers and booleans where kustomize decodes strings, and changes nothing', () => {
    const deployment: RenderedObject = {
      tree: tree(
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx\n',
        '/r/app/d.yaml',
      ),
      base: { uri: '/r/app/d.yaml', documentIndex: 0 },
      patches: [],
      history: [],
    };
    const text =
      'namePrefix: 5\ncommonLabels:\n  enabled: true\nimages:\n  - name: nginx\n    newTag: 1.10\nreplicas:\n  - name: web\n    count: "3"\nconfigMapGenerator:\n  - name: cm\n    literals:\n      - 5\n';
    const subject = level(text);
    let objects = [deployment];
    for (const step of [applyNamePrefix, applyLabels, applyReplicas, applyImages])
      objects = step(objects, subject);
    assert.deepEqual(runGenerators(objects, subject), [deployment]);
    assert.deepEqual(toValue(objects[0]?.tree ?? deployment.tree), toValue(deployment.tree));
    assert.deepEqual(located(subject), [
      { kind: 'error', field: 'namePrefix', at: text.indexOf('5') },
      { kind: 'error', field: 'commonLabels', at: text.indexOf('true') },
      { kind: 'error', field: 'replicas', at: text.indexOf('"3"') },
      { kind: 'error', field: 'images', at: text.indexOf('1.10') },
      { kind: 'error', field: 'configMapGenerator', at: text.lastIndexOf('5') },
    ]);
    assert.match(subject.notices[3]?.message ?? '', /unquoted number `1.1` in `images`/);
  });

  it('reports a namespace that makes two objects one', () => {
    const configMap = (namespace: string, index: number): RenderedObject => ({
      tree: tree(
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: ${namespace}\n`,
        '/r/app/c.yaml',
      ),
      base: { uri: '/r/app/c.yaml', documentIndex: index },
      patches: [],
      history: [],
    });
    const text = 'namespace: prod\n';
    const subject = level(text);
    const objects = applyNamespace([configMap('a', 0), configMap('b', 1)], subject);
    assert.deepEqual(
      objects.map((object) => object.history),
      [[{ name: 'cm', namespace: 'a' }], [{ name: 'cm', namespace: 'b' }]],
    );
    assert.deepEqual(located(subject), [{ kind: 'error', field: 'namespace', at: text.indexOf('prod') }]);
  });
});
