// Kustomize over the protocol: the workspace's overlays are rendered, the findings of their output shown in
// the base and in the overlay's patch where their causes are written, and a quick fix in either file clears
// the finding once the overlays are rendered again from the editors' unsaved texts. Comments survive both.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  CreateFile,
  Diagnostic,
  TextDocumentEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { LspClient, root, workspaceInitialize } from '../lsp-client';

/** The fixture tree, with a comment in the base and a sidecar that prod's patch adds without a limit. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kh-lsp-kustomize-'));
  cpSync(join(root, 'test', 'fixtures', 'kustomize-overlays'), dir, { recursive: true });
  const base = join(dir, 'base', 'deploy.yaml');
  writeFileSync(
    base,
    readFileSync(base, 'utf8').replace('spec:\n  replicas', '# The storefront.\nspec:\n  replicas'),
  );
  const patch = join(dir, 'overlays', 'prod', 'limits.yaml');
  writeFileSync(
    patch,
    readFileSync(patch, 'utf8') +
      '        - name: proxy\n          image: envoyproxy/envoy:v1.31.0\n          resources:\n            requests: {cpu: 50m, memory: 64Mi, ephemeral-storage: 1Gi}\n',
  );
  return dir;
}

function applyAction(text: string, action: CodeAction): string {
  const change = action.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
  assert.ok(change, `action "${action.title}" carries a document edit`);
  return TextDocument.applyEdits(TextDocument.create('file:///x.yaml', 'yaml', 1, text), change.edits);
}

/**
 * Applies a workspace edit to the disk as a client would (a create refuses an existing file) and returns the
 * file events the client's watcher would send. Comments and parsing are checked by the callers.
 */
function applyToDisk(edit: WorkspaceEdit): { uri: string; type: number }[] {
  const events: { uri: string; type: number }[] = [];
  const editFile = (uri: string, edits: TextDocumentEdit['edits']): void => {
    const path = fileURLToPath(uri);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edits));
    if (!events.some((event) => event.uri === uri)) events.push({ uri, type: 2 });
  };
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      const create = change as CreateFile;
      assert.equal(create.kind, 'create');
      assert.ok(!existsSync(fileURLToPath(create.uri)), `${create.uri} does not exist yet`);
      writeFileSync(fileURLToPath(create.uri), '');
      events.push({ uri: create.uri, type: 1 });
    } else editFile(change.textDocument.uri, change.edits);
  }
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) editFile(uri, edits);
  return events;
}

const ofRule = (rule: string) => (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === rule);

async function fixOf(
  client: LspClient,
  uri: string,
  diagnostic: Diagnostic,
  title: RegExp,
): Promise<CodeAction> {
  const actions = await client.rpc.sendRequest<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  });
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action, `a fix titled ${String(title)} among ${actions.map((a) => a.title).join(', ')}`);
  return action;
}

describe('Kustomize over the protocol', () => {
  it('fixes in the base a finding every overlay shares, and in the overlay patch one the patch causes', async () => {
    const dir = workspace();
    const client = new LspClient();
    client.settings = { profile: 'strict' };
    try {
      await client.initialize(workspaceInitialize(pathToFileURL(dir).toString()));
      const baseUri = pathToFileURL(join(dir, 'base', 'deploy.yaml')).toString();
      const baseText = readFileSync(join(dir, 'base', 'deploy.yaml'), 'utf8');
      await client.open(baseUri, baseText, 1);
      const antiAffinity = ofRule('missing-anti-affinity')(
        await client.until(baseUri, (d) => ofRule('missing-anti-affinity')(d).length === 2),
      );
      // Both overlays render the base's three replicas, each under its own name for the Deployment.
      assert.deepEqual(
        antiAffinity.map((d) => [
          d.range.start.line,
          d.range.start.character,
          d.message.replace(/^.*\(/, '('),
        ]),
        [
          [6, 2, '(in kustomize build of overlays/prod)'],
          [6, 2, '(in kustomize build of overlays/staging)'],
        ],
      );

      // The hover says where the finding comes from, and that a fix here reaches both overlays.
      const hover = await client.rpc.sendRequest<{ contents: { value: string } }>('textDocument/hover', {
        textDocument: { uri: baseUri },
        position: antiAffinity[0]!.range.start,
      });
      assert.match(
        hover.contents.value,
        /\*\*Kustomize\.\*\* Found in the output of `kustomize build overlays\/prod`, `kustomize build overlays\/staging`, from what this file writes; every output that includes this file has it here, so a fix here cures them all\./,
      );

      const fixedBase = applyAction(
        baseText,
        await fixOf(client, baseUri, antiAffinity[0]!, /^Add preferred pod anti-affinity/),
      );
      assert.ok(fixedBase.includes('# The storefront.'));
      assert.equal(parseAllDocuments(fixedBase)[0]!.errors.length, 0);
      await client.change(baseUri, fixedBase, 2);
      await client.until(baseUri, (d) => d.length > 0 && ofRule('missing-anti-affinity')(d).length === 0);

      // The sidecar prod's patch adds has no memory limit: the finding is the patch's, for prod alone.
      const patchUri = pathToFileURL(join(dir, 'overlays', 'prod', 'limits.yaml')).toString();
      const patchText = readFileSync(join(dir, 'overlays', 'prod', 'limits.yaml'), 'utf8');
      await client.open(patchUri, patchText, 1);
      const memory = ofRule('missing-memory-limit')(
        await client.until(patchUri, (d) => ofRule('missing-memory-limit')(d).length === 1),
      );
      assert.deepEqual(memory[0]!.range, {
        start: { line: 14, character: 10 },
        end: { line: 14, character: 19 },
      });
      assert.equal(
        memory[0]!.message,
        'Container "proxy" has no memory limit: a leak can exhaust the node’s memory and take its neighbours down. (in kustomize build of overlays/prod)',
      );
      const fixedPatch = applyAction(
        patchText,
        await fixOf(client, patchUri, memory[0]!, /^Add memory limit/),
      );
      assert.ok(fixedPatch.startsWith('# Production pods get a memory limit.\n'));
      assert.equal(parseAllDocuments(fixedPatch)[0]!.errors.length, 0);
      await client.change(patchUri, fixedPatch, 2);
      const after = await client.until(patchUri, (d) => ofRule('missing-memory-limit')(d).length === 0);
      // The patch is a fragment: nothing about what it leaves out (a selector, an image) is its finding; what
      // remains is the sidecar's missing ephemeral-storage limit, which the fix did not touch.
      assert.deepEqual(
        after.map((d) => [d.code, d.range.start.line]),
        [['missing-ephemeral-storage-limit', 14]],
      );
    } finally {
      await client.stop();
    }
  });

  it('"Analyse workspace" publishes closed files as the renderings see them, patches as fragments', async () => {
    const dir = workspace();
    const client = new LspClient();
    client.settings = { profile: 'strict' };
    try {
      await client.initialize(workspaceInitialize(pathToFileURL(dir).toString()));
      await client.rpc.sendRequest('workspace/executeCommand', {
        command: 'kube-hindsight.analyseWorkspace',
        arguments: [],
      });
      const pdbPatch = pathToFileURL(join(dir, 'overlays', 'prod', 'pdb-patch.yaml')).toString();
      const limits = pathToFileURL(join(dir, 'overlays', 'prod', 'limits.yaml')).toString();
      const base = pathToFileURL(join(dir, 'base', 'deploy.yaml')).toString();
      const baseFindings = await client.until(base, (d) => d.length > 0);
      assert.ok(
        baseFindings.every((d) => /\(in kustomize build of overlays\/(prod|staging)\)$/.test(d.message)),
      );
      // Published, and empty: a PDB patch without a selector is a fragment, not a budget that selects nothing.
      assert.deepEqual(await client.until(pdbPatch, () => true), []);
      // Only what the patch itself wrote: the sidecar it adds has neither limit.
      assert.deepEqual(
        (await client.until(limits, (d) => d.length > 0)).map((d) => [d.code, d.range.start.line]),
        [
          ['missing-ephemeral-storage-limit', 14],
          ['missing-memory-limit', 14],
        ],
      );
    } finally {
      await client.stop();
    }
  });

  it('"Analyse workspace" publishes a closed file again when a kustomization changes what is rendered there', async () => {
    const dir = workspace();
    const client = new LspClient();
    client.settings = { profile: 'strict' };
    try {
      await client.initialize(workspaceInitialize(pathToFileURL(dir).toString()));
      await client.rpc.sendRequest('workspace/executeCommand', {
        command: 'kube-hindsight.analyseWorkspace',
        arguments: [],
      });
      const baseUri = pathToFileURL(join(dir, 'base', 'deploy.yaml')).toString();
      const antiAffinity = (d: Diagnostic[]) =>
        ofRule('missing-anti-affinity')(d).map(
          (x) => `${x.range.start.line} ${x.message.replace(/^.*\(/, '(')}`,
        );
      assert.deepEqual(antiAffinity(await client.until(baseUri, (d) => antiAffinity(d).length === 2)), [
        '6 (in kustomize build of overlays/prod)',
        '6 (in kustomize build of overlays/staging)',
      ]);
      // Staging's kustomization scales the Deployment down to one replica: the base's text is the same, but
      // the overlays are rendered again and the closed base is published again with prod's finding alone.
      const staging = join(dir, 'overlays', 'staging', 'kustomization.yaml');
      writeFileSync(staging, readFileSync(staging, 'utf8') + 'replicas:\n  - name: web\n    count: 1\n');
      await client.rpc.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: pathToFileURL(staging).toString(), type: 2 }],
      });
      assert.deepEqual(antiAffinity(await client.until(baseUri, (d) => antiAffinity(d).length === 1)), [
        '6 (in kustomize build of overlays/prod)',
      ]);
    } finally {
      await client.stop();
    }
  });

  it('fixes in the overlays a finding in the base that only some overlays have, creating a patch where needed', async () => {
    const dir = workspace();
    const client = new LspClient();
    client.settings = { profile: 'strict' };
    try {
      await client.initialize(workspaceInitialize(pathToFileURL(dir).toString(), true));
      const baseUri = pathToFileURL(join(dir, 'base', 'deploy.yaml')).toString();
      await client.open(baseUri, readFileSync(join(dir, 'base', 'deploy.yaml'), 'utf8'), 1);
      const memory = (d: Diagnostic[]) =>
        ofRule('missing-memory-limit')(d).map(
          (x) => `${x.range.start.line}:${x.range.start.character} ${x.message.replace(/^.*\(/, '(')}`,
        );
      const rendered = (d: Diagnostic[]) => memory(d).filter((x) => x.includes('(in kustomize build'));
      const before = await client.until(baseUri, (d) => rendered(d).length === 2);
      assert.deepEqual(memory(before), [
        '19:10 (in kustomize build of overlays/staging)',
        '21:16 (in kustomize build of overlays/prod)',
      ]);

      // Staging has no patch: the fix creates one and names it in staging's kustomization.
      const staging = ofRule('missing-memory-limit')(before)[0]!;
      const create = await fixOf(client, baseUri, staging, /in a new patch overlays\/staging\//);
      assert.equal(
        create.title,
        'Add memory limit 512Mi to "app" in a new patch overlays/staging/web-missing-memory-limit-patch.yaml',
      );
      const events = applyToDisk(create.edit!);
      const newPatch = join(dir, 'overlays', 'staging', 'web-missing-memory-limit-patch.yaml');
      const kustomization = join(dir, 'overlays', 'staging', 'kustomization.yaml');
      assert.deepEqual(events, [
        { uri: pathToFileURL(newPatch).toString(), type: 1 },
        { uri: pathToFileURL(kustomization).toString(), type: 2 },
      ]);
      assert.equal(
        readFileSync(newPatch, 'utf8'),
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          resources:\n            limits:\n              memory: 512Mi\n',
      );
      assert.ok(
        readFileSync(kustomization, 'utf8').endsWith(
          '    literals: [LOG=debug]\npatches:\n  - path: web-missing-memory-limit-patch.yaml\n',
        ),
      );
      await client.rpc.sendNotification('workspace/didChangeWatchedFiles', { changes: events });
      const afterStaging = await client.until(baseUri, (d) => memory(d).length === 1);
      assert.deepEqual(memory(afterStaging), ['21:16 (in kustomize build of overlays/prod)']);

      // Prod has a patch of the Deployment: the fix adds the "debug" container to it, its comment kept.
      const prod = ofRule('missing-memory-limit')(afterStaging)[0]!;
      const merge = await fixOf(client, baseUri, prod, /in overlays\/prod\/limits\.yaml$/);
      const limits = join(dir, 'overlays', 'prod', 'limits.yaml');
      applyToDisk(merge.edit!);
      const patched = readFileSync(limits, 'utf8');
      assert.ok(patched.startsWith('# Production pods get a memory limit.\n'));
      assert.ok(
        patched.includes(
          '        - name: debug\n          resources:\n            limits:\n              memory: 512Mi\n            requests:\n              memory: 256Mi\n',
        ),
      );
      assert.deepEqual(parseAllDocuments(patched)[0]!.errors, []);
      await client.rpc.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: pathToFileURL(limits).toString(), type: 2 }],
      });
      await client.until(baseUri, (d) => d.length > 0 && memory(d).length === 0);
    } finally {
      await client.stop();
    }
  });

  it('offers no overlay fix that needs a new file to a client that cannot create one', async () => {
    const dir = workspace();
    const client = new LspClient();
    client.settings = { profile: 'strict' };
    try {
      await client.initialize(workspaceInitialize(pathToFileURL(dir).toString()));
      const baseUri = pathToFileURL(join(dir, 'base', 'deploy.yaml')).toString();
      await client.open(baseUri, readFileSync(join(dir, 'base', 'deploy.yaml'), 'utf8'), 1);
      const rendered = (d: Diagnostic[]) =>
        ofRule('missing-memory-limit')(d).filter((x) => x.message.includes('(in kustomize build'));
      const memory = rendered(await client.until(baseUri, (d) => rendered(d).length === 2));
      const titles = async (diagnostic: Diagnostic) =>
        (
          await client.rpc.sendRequest<CodeAction[]>('textDocument/codeAction', {
            textDocument: { uri: baseUri },
            range: diagnostic.range,
            context: { diagnostics: [diagnostic] },
          })
        )
          .map((action) => action.title)
          .filter((title) => title.startsWith('Add memory limit'));
      assert.deepEqual(await titles(memory[0]!), []);
      assert.deepEqual(await titles(memory[1]!), [
        'Add memory limit 512Mi and request 256Mi to "debug" in overlays/prod/limits.yaml',
      ]);
    } finally {
      await client.stop();
    }
  });

  it('analyses an open base again when a kustomization that includes it is created on disk', async () => {
    const dir = workspace();
    const client = new LspClient();
    client.settings = { profile: 'strict' };
    try {
      await client.initialize(workspaceInitialize(pathToFileURL(dir).toString()));
      const baseUri = pathToFileURL(join(dir, 'base', 'deploy.yaml')).toString();
      await client.open(baseUri, readFileSync(join(dir, 'base', 'deploy.yaml'), 'utf8'), 1);
      const antiAffinity = (d: Diagnostic[]) =>
        ofRule('missing-anti-affinity')(d).map((x) => x.message.replace(/^.*\(/, '('));
      // The index is complete before the new overlay comes, so that only its kustomization can cause the
      // next analysis.
      await client.untilLogged(/^Kube Hindsight indexed /);
      assert.deepEqual(antiAffinity(await client.until(baseUri, (d) => antiAffinity(d).length === 2)), [
        '(in kustomize build of overlays/prod)',
        '(in kustomize build of overlays/staging)',
      ]);
      // A new overlay in a new folder, whose kustomization has no apiVersion or kind: it is no object the
      // index holds, so only the Kustomize side can say that the open base now renders in one more overlay.
      mkdirSync(join(dir, 'overlays', 'dev'));
      const dev = join(dir, 'overlays', 'dev', 'kustomization.yaml');
      writeFileSync(dev, 'resources:\n  - ../../base\n');
      await client.rpc.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: pathToFileURL(dev).toString(), type: 1 }],
      });
      // Dev renders the base as staging does (same name, three replicas): their findings are one, naming both.
      const named = await client.until(baseUri, (d) =>
        antiAffinity(d).some((m) => m.includes('overlays/dev')),
      );
      assert.deepEqual(antiAffinity(named), [
        '(in kustomize build of overlays/dev and overlays/staging)',
        '(in kustomize build of overlays/prod)',
      ]);
      // A watcher may miss a creation in a new folder and report only the file's next change: a change of a
      // kustomization the server does not know counts as its creation.
      mkdirSync(join(dir, 'overlays', 'qa'));
      const qa = join(dir, 'overlays', 'qa', 'kustomization.yaml');
      writeFileSync(qa, 'resources:\n  - ../../base\n');
      await client.rpc.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: pathToFileURL(qa).toString(), type: 2 }],
      });
      await client.until(baseUri, (d) => antiAffinity(d).some((m) => m.includes('overlays/qa')));
      // No watcher at all: a kustomization opened in the editor is known from then on.
      mkdirSync(join(dir, 'overlays', 'uat'));
      const uat = join(dir, 'overlays', 'uat', 'kustomization.yaml');
      writeFileSync(uat, 'resources:\n  - ../../base\n');
      await client.open(pathToFileURL(uat).toString(), 'resources:\n  - ../../base\n', 1);
      await client.until(baseUri, (d) => antiAffinity(d).some((m) => m.includes('overlays/uat')));
    } finally {
      await client.stop();
    }
  });

  it('relates the resources of a kustomization it cannot render, and files them again when it changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-lsp-unrendered-'));
    cpSync(join(root, 'test', 'fixtures', 'kustomize-unrendered'), dir, { recursive: true });
    const client = new LspClient();
    client.settings = { profile: 'strict' };
    try {
      await client.initialize(workspaceInitialize(pathToFileURL(dir).toString()));
      const manager = join(dir, 'manager', 'manager.yaml');
      const managerUri = pathToFileURL(manager).toString();
      await client.open(managerUri, readFileSync(manager, 'utf8'), 1);
      await client.untilLogged(/^Kube Hindsight indexed /);
      // The Service in default/ reaches the Deployment's pods only through the kustomization that names both.
      const shutdown = ofRule('missing-graceful-shutdown');
      const served = await client.until(managerUri, (d) => shutdown(d).length === 1);
      assert.match(shutdown(served)[0]!.message, /but Service "metrics" in default\/metrics-service\.yaml/);
      // The kustomization no longer names the Service: the Deployment gets no traffic from it any more.
      const kustomization = join(dir, 'default', 'kustomization.yaml');
      writeFileSync(kustomization, 'configurations: [kustomizeconfig.yaml]\nresources:\n  - ../manager\n');
      await client.rpc.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: pathToFileURL(kustomization).toString(), type: 2 }],
      });
      await client.until(managerUri, (d) => shutdown(d).length === 0);
    } finally {
      await client.stop();
    }
  });

  it('renders an overlay whose kustomization file is the extension-less Kustomization', async () => {
    const dir = workspace();
    renameSync(
      join(dir, 'overlays', 'staging', 'kustomization.yaml'),
      join(dir, 'overlays', 'staging', 'Kustomization'),
    );
    const client = new LspClient();
    client.settings = { profile: 'strict' };
    try {
      await client.initialize(workspaceInitialize(pathToFileURL(dir).toString()));
      const baseUri = pathToFileURL(join(dir, 'base', 'deploy.yaml')).toString();
      await client.open(baseUri, readFileSync(join(dir, 'base', 'deploy.yaml'), 'utf8'), 1);
      const antiAffinity = (d: Diagnostic[]) =>
        ofRule('missing-anti-affinity')(d).map((x) => x.message.replace(/^.*\(/, '('));
      // The workspace listing finds staging's `Kustomization`: both overlays are entry points.
      assert.deepEqual(antiAffinity(await client.until(baseUri, (d) => antiAffinity(d).length === 2)), [
        '(in kustomize build of overlays/prod)',
        '(in kustomize build of overlays/staging)',
      ]);
    } finally {
      await client.stop();
    }
  });
});
