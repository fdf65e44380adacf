// Where the transform steps say a rendered value came from: a generated or rewritten node must point at the
// exact kustomization entry that produced it (the integrator places findings there), and an object must
// remember the names it had so references follow it. Spans are checked against the files' own text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { RenderedObject } from '../../server/engine/kustomize/model';
import { nodeAt, toValue, type Origin } from '../../server/engine/kustomize/tree';
import { renderKustomization } from '../../server/engine/kustomize/render';
import { casesDir, renderCase } from '../kustomize-cases';
import { memoryHost, spanOf } from '../kustomize-host';

/** The text an origin covers. */
function textAt(origin: Origin | undefined): string {
  assert.ok(origin, 'the node exists');
  return readFileSync(origin.uri, 'utf8').slice(origin.span.start, origin.span.end);
}

/** The offset of `needle` in a file, after `after` (to pick one occurrence among several). */
function offsetOf(path: string, needle: string, after = ''): number {
  const text = readFileSync(path, 'utf8');
  const from = after === '' ? 0 : text.indexOf(after);
  const index = text.indexOf(needle, from);
  assert.ok(from >= 0 && index >= 0, `${needle} in ${path}`);
  return index;
}

function find(objects: RenderedObject[], kind: string, name: string): RenderedObject {
  const found = objects.find((object) => {
    const value = toValue(object.tree) as { kind?: string; metadata?: { name?: string } };
    return value.kind === kind && value.metadata?.name === name;
  });
  assert.ok(found, `${kind}/${name}`);
  return found;
}

describe('origins of generated and transformed values', () => {
  const overlayDir = join(casesDir, 'overlay');
  const overlay = renderCase(overlayDir).objects;
  const overlayKustomization = join(overlayDir, 'kustomization.yaml');
  const baseKustomization = join(overlayDir, 'base', 'kustomization.yaml');

  it('keeps a prefixed name where the base writes it: findings about the object belong there', () => {
    const deployment = find(overlay, 'Deployment', 'staging-base-app');
    const name = nodeAt(deployment.tree, ['metadata', 'name'])?.origin;
    const baseDeployment = join(overlayDir, 'base', 'app.yaml');
    assert.equal(name?.uri, baseDeployment);
    assert.equal(textAt(name), 'app');
  });

  it('points a namespace at the namespace value and a commonLabels label at its pair', () => {
    const service = find(overlay, 'Service', 'staging-base-app');
    assert.equal(textAt(nodeAt(service.tree, ['metadata', 'namespace'])?.origin), 'staging');
    const label = nodeAt(service.tree, ['spec', 'selector', 'env']);
    assert.equal(label?.origin.uri, overlayKustomization);
    const start = offsetOf(overlayKustomization, 'staging', 'env:');
    assert.deepEqual(label?.origin.span, { start, end: start + 'staging'.length });
    // The selector the Service had keeps its own origin: selectors are not renamed, only extended.
    assert.equal(textAt(nodeAt(service.tree, ['spec', 'selector', 'app'])?.origin), 'app');
  });

  it('remembers every identity an object had, oldest first', () => {
    const deployment = find(overlay, 'Deployment', 'staging-base-app');
    assert.deepEqual(deployment.history, [
      { name: 'app', namespace: undefined },
      { name: 'base-app', namespace: undefined },
      { name: 'base-app', namespace: 'staging' },
    ]);
    assert.deepEqual(deployment.nameAffixes, { prefixes: ['base-', 'staging-'], suffixes: [] });
  });

  it('gives a merged ConfigMap the base generator as base, the overlay entry as a patch, and per-value origins', () => {
    const merged = find(overlay, 'ConfigMap', 'staging-base-app-config-b8thghhd6g');
    assert.ok('generator' in merged.base);
    assert.equal(merged.base.generator.uri, baseKustomization);
    assert.match(textAt(merged.base.generator), /^name: app-config\n/);
    assert.equal(merged.patches.length, 1);
    assert.match(textAt(merged.patches[0]), /^name: app-config\n\s+behavior: merge/);
    assert.equal(textAt(nodeAt(merged.tree, ['data', 'LOG_LEVEL'])?.origin), 'LOG_LEVEL=info');
    assert.equal(textAt(nodeAt(merged.tree, ['data', 'PORT'])?.origin), 'PORT=8080');
    // The hashed name still points at the base generator's `name` value.
    const name = nodeAt(merged.tree, ['metadata', 'name'])?.origin;
    assert.equal(name?.uri, baseKustomization);
    assert.equal(textAt(name), 'app-config');
  });

  it("keeps a rewritten reference where it is written, with the target's hashed name", () => {
    const job = find(overlay, 'Job', 'staging-migrate');
    const path = ['spec', 'template', 'spec', 'containers', 0, 'envFrom', 0, 'configMapRef', 'name'];
    const reference = nodeAt(job.tree, path);
    assert.equal(reference?.type === 'scalar' && reference.value, 'staging-base-app-config-b8thghhd6g');
    assert.equal(textAt(reference?.origin), 'app-config');
    assert.equal(reference?.origin.uri, join(overlayDir, 'extra.yaml'));
  });

  const generatorsDir = join(casesDir, 'generators');
  const generated = renderCase(generatorsDir).objects;
  const generatorsKustomization = join(generatorsDir, 'kustomization.yaml');

  it("points a generated ConfigMap's nodes at the generator's entries", () => {
    const config = find(generated, 'ConfigMap', 'app-config-cfmtb54cd2');
    assert.deepEqual(config.base, { generator: config.tree.origin });
    assert.equal(config.tree.origin.uri, generatorsKustomization);
    assert.match(textAt(config.tree.origin), /^name: app-config\n/);
    const name = nodeAt(config.tree, ['metadata', 'name'])?.origin;
    const start = offsetOf(generatorsKustomization, 'app-config', '- name: app-config');
    assert.deepEqual(name?.span, { start, end: start + 'app-config'.length });
    assert.equal(textAt(nodeAt(config.tree, ['data', 'LOG_LEVEL'])?.origin), 'LOG_LEVEL=debug');
    assert.equal(textAt(nodeAt(config.tree, ['data', 'GREETING'])?.origin), 'GREETING="hello world"');
    assert.equal(textAt(nodeAt(config.tree, ['data', 'app.properties'])?.origin), 'config/app.properties');
    assert.equal(
      textAt(nodeAt(config.tree, ['data', 'custom-key'])?.origin),
      'custom-key=config/settings.json',
    );
    assert.equal(textAt(nodeAt(config.tree, ['data', 'DB_HOST'])?.origin), 'config/app.env');
    assert.equal(textAt(nodeAt(config.tree, ['metadata', 'labels', 'team'])?.origin), 'payments');
    assert.equal(textAt(nodeAt(config.tree, ['metadata', 'labels', 'generated-by'])?.origin), 'kustomize');
    assert.deepEqual(config.history, [{ name: 'app-config', namespace: undefined }]);
  });

  it("rewrites the Deployment's references to the hashed names and leaves the others", () => {
    const deployment = find(generated, 'Deployment', 'web');
    const spec = ['spec', 'template', 'spec'];
    const value = (path: (string | number)[]): unknown => {
      const node = nodeAt(deployment.tree, [...spec, ...path]);
      return node && toValue(node);
    };
    assert.equal(value(['containers', 0, 'envFrom', 0, 'configMapRef', 'name']), 'app-config-cfmtb54cd2');
    assert.equal(
      value(['containers', 0, 'env', 1, 'valueFrom', 'secretKeyRef', 'name']),
      'app-secret-mckbh7766t',
    );
    assert.equal(value(['containers', 0, 'env', 2, 'valueFrom', 'configMapKeyRef', 'name']), 'not-generated');
    assert.equal(value(['volumes', 1, 'secret', 'secretName']), 'tls-m977c988db');
    assert.equal(value(['volumes', 2, 'configMap', 'name']), 'fixed-name');
    const reference = nodeAt(deployment.tree, [...spec, 'volumes', 0, 'configMap', 'name']);
    assert.equal(reference?.origin.uri, join(generatorsDir, 'deployment.yaml'));
    assert.equal(textAt(reference?.origin), 'app-config');
  });

  const imagesDir = join(casesDir, 'images');
  const images = renderCase(imagesDir).objects;
  const imagesKustomization = join(imagesDir, 'kustomization.yaml');

  it('points a rewritten image at its images: entry and leaves unmatched images alone', () => {
    const deployment = find(images, 'Deployment', 'web');
    const containers = ['spec', 'template', 'spec', 'containers'];
    const web = nodeAt(deployment.tree, [...containers, 0, 'image']);
    assert.equal(web?.origin.uri, imagesKustomization);
    assert.equal(textAt(web?.origin), 'name: nginx\n    newTag: 1.27.0\n');
    const exporter = nodeAt(deployment.tree, [...containers, 5, 'image']);
    assert.equal(textAt(exporter?.origin), 'nginx-exporter:1.0');
    const replicas = nodeAt(deployment.tree, ['spec', 'replicas']);
    assert.equal(replicas?.type === 'scalar' && replicas.value, 5);
    assert.equal(textAt(replicas?.origin), 'name: web\n    count: 5\n');
  });
});

describe('origins of values a transformer restates', () => {
  const host = memoryHost({
    'app/kustomization.yaml': 'namespace: team\nresources:\n- ns.yaml\n- deploy.yaml\n- svc.yaml\n',
    'app/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n',
    'app/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: team\n',
    'app/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n',
  });
  const kustomization = '/work/app/kustomization.yaml';
  const objects = renderKustomization('/work/app', host).objects;
  const originOf = (kind: string, name: string, path: string[]): Origin | undefined =>
    nodeAt(find(objects, kind, name).tree, path)?.origin;

  it("leaves a Namespace's own name, already the namespace field's value, where the Namespace is written", () => {
    // Its findings (no LimitRange, no Pod Security label) are cured in ns.yaml, not in the kustomization.
    assert.deepEqual(originOf('Namespace', 'team', ['metadata', 'name']), {
      uri: '/work/app/ns.yaml',
      span: spanOf(host, '/work/app/ns.yaml', 'team'),
    });
  });

  it('leaves a namespace an object already has where it is written, and points a new one at the field', () => {
    assert.deepEqual(originOf('Deployment', 'web', ['metadata', 'namespace']), {
      uri: '/work/app/deploy.yaml',
      span: spanOf(host, '/work/app/deploy.yaml', 'team'),
    });
    assert.deepEqual(originOf('Service', 'web', ['metadata', 'namespace']), {
      uri: kustomization,
      span: spanOf(host, kustomization, 'team'),
    });
  });
});
