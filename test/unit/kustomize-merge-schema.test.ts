// The strategic merge data of the built-in kinds is what scripts/kustomize-schema/generate.ts writes from the
// OpenAPI bundle kustomize embeds (a drift test, skipped when ../shared is not there), and it says what
// kustomize's merge needs: containers by name, ports by containerPort and protocol, CRDs unknown.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUNDLE_PATH, generateMergeSchema, mergeSchemaModule } from '../../scripts/kustomize-schema/generate';
import { fieldSchema, schemaForKind } from '../../server/engine/kustomize/merge-schema';
import { root } from '../corpus';

describe('the strategic merge schema', () => {
  it(
    'is what the generator writes from ../shared/openapi (npm run generate:kustomize-schema)',
    { skip: !existsSync(join(root, BUNDLE_PATH)) && `no ${BUNDLE_PATH}` },
    () => {
      const committed = readFileSync(
        join(root, 'server', 'engine', 'kustomize', 'merge-schema-data.ts'),
        'utf8',
      );
      assert.ok(
        committed === mergeSchemaModule(generateMergeSchema(root)),
        'merge-schema-data.ts is out of date',
      );
    },
  );

  it('gives the merge keys and strategies of the built-in kinds', () => {
    const deployment = schemaForKind('apps/v1', 'Deployment');
    const template = fieldSchema(fieldSchema(deployment, 'spec')?.next, 'template')?.next;
    const podSpec = fieldSchema(template, 'spec')?.next;
    assert.deepEqual(fieldSchema(podSpec, 'containers')?.list, { strategies: ['merge'], keys: ['name'] });
    assert.deepEqual(fieldSchema(podSpec, 'volumes')?.list, {
      strategies: ['merge', 'retainKeys'],
      keys: ['name'],
    });
    const container = fieldSchema(podSpec, 'containers')?.next;
    assert.deepEqual(fieldSchema(container, 'ports')?.list, {
      strategies: ['merge'],
      keys: ['containerPort', 'protocol'],
    });
    assert.equal(fieldSchema(container, 'args'), undefined, 'args are replaced');
    const metadata = fieldSchema(schemaForKind('v1', 'ConfigMap'), 'metadata')?.next;
    assert.deepEqual(fieldSchema(metadata, 'finalizers')?.list, { strategies: ['merge'], keys: [] });
    assert.equal(schemaForKind('argoproj.io/v1alpha1', 'Application'), undefined);
  });
});
