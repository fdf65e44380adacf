// The deployment units of kustomizations the renderer cannot render (server/workspace/kustomize-reach.ts):
// the files an unrendered entry point names, as written, through its bases and components, and only those.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declaredResourceFiles, unrenderedUnits } from '../../server/workspace/kustomize-reach';
import { KustomizeProject, kustomizeRenderer } from '../../server/workspace/kustomize-project';
import { memoryHost } from '../kustomize-host';

const TREE = {
  'default/kustomization.yaml': [
    'namespace: jobset-system',
    'configurations: [kustomizeconfig.yaml] # the renderer stops here',
    'resources:',
    '- ../manager',
    '- service.yaml',
    '- https://example.com/remote.yaml',
    'components:',
    '- ../extras',
    'patches:',
    '- path: patch.yaml',
    '',
  ].join('\n'),
  'default/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: metrics\n',
  'default/patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: manager\n',
  'default/loose.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: loose\n',
  'manager/kustomization.yaml': 'resources:\n- manager.yaml\n',
  'manager/manager.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: manager\n',
  'extras/kustomization.yaml':
    'kind: Component\nresources:\n- monitor.yaml\n- ../no-kustomization\n- ../extras # a cycle adds nothing\n',
  'extras/monitor.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: monitor\n',
  'no-kustomization/other.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: other\n',
};

describe('the units of unrendered kustomizations', () => {
  it('are the resource files named through bases and components, without patches, loose or remote files', () => {
    const host = memoryHost(TREE);
    assert.deepEqual([...declaredResourceFiles('/work/default/kustomization.yaml', host)].sort(), [
      '/work/default/service.yaml',
      '/work/extras/monitor.yaml',
      '/work/manager/manager.yaml',
    ]);
  });

  it('leave a file that two unrendered entry points name in its folder', () => {
    const host = memoryHost({
      ...TREE,
      'other/kustomization.yaml': 'vars: []\nresources:\n- ../manager\n- own.yaml\n',
      'other/own.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: own\n',
    });
    const units = unrenderedUnits(
      ['/work/default/kustomization.yaml', '/work/other/kustomization.yaml'],
      host,
    );
    assert.equal(units.get('/work/default/service.yaml'), '/work/default/kustomization.yaml#resources');
    assert.equal(units.get('/work/other/own.yaml'), '/work/other/kustomization.yaml#resources');
    assert.equal(units.get('/work/manager/manager.yaml'), undefined);
  });

  it('come from the project for its unrendered entry points only, the same map until a kustomization changes', () => {
    const host = memoryHost({
      ...TREE,
      // Rendered: its resources are related through its output, not through a unit.
      'rendered/kustomization.yaml': 'resources:\n- app.yaml\n',
      'rendered/app.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: app\n',
    });
    const project = new KustomizeProject({
      render: kustomizeRenderer(),
      host,
      configFor: () => {
        throw new Error('no analysis here');
      },
      root: (dir) => dir,
    });
    for (const file of [...host.files.keys()].filter((path) => path.endsWith('kustomization.yaml'))) {
      project.add(file);
    }
    const units = project.unrenderedUnits();
    assert.deepEqual([...units.keys()].sort(), [
      '/work/default/service.yaml',
      '/work/extras/monitor.yaml',
      '/work/manager/manager.yaml',
    ]);
    assert.equal(project.unrenderedUnitOf('/work/rendered/app.yaml'), undefined);
    // A resource's change re-renders, but names no other file: the holder keeps its units.
    project.changed('/work/manager/manager.yaml');
    assert.equal(project.unrenderedUnits(), units);
    // Once the kustomization renders, nothing is in such a unit.
    host.files.set('/work/default/kustomization.yaml', 'resources:\n- ../manager\n- service.yaml\n');
    project.changed('/work/default/kustomization.yaml');
    assert.equal(project.unrenderedUnits().size, 0);
  });
});
