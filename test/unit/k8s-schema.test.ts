// The bundled schema of built-in kinds: the committed data is what the generator writes from the pinned
// declaration packages (a drift test), and it stays small enough to ship twice (server and CLI bundles).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generateSchema, schemaModule } from '../../scripts/k8s-schema/generate';
import { kubernetesSchema } from '../../server/engine/schema/k8s-schema';
import { root } from '../corpus';

describe('the bundled Kubernetes schema', () => {
  it('is what scripts/k8s-schema/generate.ts writes (run `npm run generate:schema` after an upgrade)', () => {
    const committed = readFileSync(join(root, 'server', 'engine', 'schema', 'k8s-schema-data.ts'), 'utf8');
    assert.ok(committed === schemaModule(generateSchema(root)), 'k8s-schema-data.ts is out of date');
  });

  it('is compact and says where it comes from', () => {
    const committed = readFileSync(join(root, 'server', 'engine', 'schema', 'k8s-schema-data.ts'), 'utf8');
    assert.ok(committed.length < 300_000, `${committed.length} characters`);
    const schema = kubernetesSchema();
    assert.match(schema.provenance.source ?? '', /kubernetes-models .* Kubernetes 1\.36/);
    const deployment = schema.kindType('apps/v1', 'Deployment');
    assert.ok(deployment);
    assert.deepEqual(deployment.required, []);
    assert.equal(schema.kindType('v1', 'Pod')?.name, 'core.v1.Pod');
  });
});
