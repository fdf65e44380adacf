// How messages name the file of a related object: in the editor relative to its workspace folder, in the CLI
// (for rendered Helm output) the template a `# Source:` comment names at the head of the object's document.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { templatePathAt } from '../../server/cli/helm';
import { parseFile } from '../../server/engine/parse';
import { workspaceNamer } from '../../server/lsp/workspace';
import type { K8sObject } from '../../server/engine/types';

const root = join('/', 'work', 'repo');
const objectAt = (uri: string): K8sObject =>
  parseFile('apiVersion: v1\nkind: Service\nmetadata: {name: web}\n', undefined, uri).objects[0]!;
const fileAt = (...segments: string[]): K8sObject => objectAt(pathToFileURL(join(...segments)).toString());

describe('workspaceNamer', () => {
  it('names a file relative to its workspace folder, with / between folders', () => {
    const name = workspaceNamer(() => [root]);
    assert.equal(name(fileAt(root, 'apps', 'hpa', 'web.yaml')), 'apps/hpa/web.yaml');
  });

  it('puts the folder name first in a workspace of several folders, as the editor shows paths', () => {
    const name = workspaceNamer(() => [root, join('/', 'work', 'infra')]);
    assert.equal(name(fileAt('/', 'work', 'infra', 'pdb.yaml')), 'infra/pdb.yaml');
    assert.equal(name(fileAt(root, 'web.yaml')), 'repo/web.yaml');
  });

  it('names a file outside every folder by its path, and an unsaved editor by its URI', () => {
    const name = workspaceNamer(() => [root]);
    assert.equal(name(fileAt('/', 'tmp', 'web.yaml')), join('/', 'tmp', 'web.yaml'));
    assert.equal(name(objectAt('untitled:Untitled-1')), 'untitled:Untitled-1');
  });
});

describe('templatePathAt', () => {
  const stream = [
    '---',
    '# Source: shop/templates/deploy.yaml',
    'apiVersion: apps/v1',
    '---',
    '',
    '# a comment first',
    '# Source: shop/templates/hpa.yaml',
    'apiVersion: autoscaling/v2',
    '---',
    'apiVersion: v1',
    '# Source: not/a/header.yaml',
    '',
  ].join('\n');
  const partAt = (line: number): number => stream.split('\n').slice(0, line).join('\n').length + 1;

  it('reads the comment at the head of the document part, after its marker and other comments', () => {
    assert.equal(templatePathAt(stream, 0), 'shop/templates/deploy.yaml');
    assert.equal(templatePathAt(stream, partAt(3)), 'shop/templates/hpa.yaml');
  });

  it('stops at the first line of content: a comment further down names nothing', () => {
    assert.equal(templatePathAt(stream, partAt(8)), undefined);
  });
});
