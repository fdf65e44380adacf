// Talks LSP over stdio to the built server (dist/server.js), as any editor would, with a real JSON-RPC client.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

import { tmpdir } from 'node:os';

import { pathToFileURL } from 'node:url';

import { join } from 'node:path';

import { after, before, describe, it } from 'node:test';

import { parseAllDocuments } from 'yaml';

import type { CodeAction, Diagnostic, Hover, TextDocumentEdit } from 'vscode-languageserver-protocol';

import { TextDocument } from 'vscode-languageserver-textdocument';

import { stillClockPreload } from '../clock';
import { example, examples } from '../corpus';
import { LspClient, workspaceInitialize } from '../lsp-client';

/** The protocol tests' client is the shared one (test/lsp-client.ts). */
const Client = LspClient;
type Client = LspClient;

function applyAction(text: string, action: CodeAction): string {
  const change = action.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
  assert.ok(change, `action "${action.title}" carries a document edit`);
  return TextDocument.applyEdits(TextDocument.create('file:///x.yaml', 'yaml', 1, text), change.edits);
}

describe('language server over stdio', () => {
  let client: Client;

  before(async () => {
    client = new Client();
    const init = await client.initialize();
    assert.equal(init.serverInfo?.name, 'kube-hindsight');
    assert.ok(init.capabilities.hoverProvider);
    assert.ok(init.capabilities.codeActionProvider);
  });

  after(async () => {
    await client.stop();
  });

  it('publishes exact diagnostics, hovers with the story, and a quick fix that clears its diagnostic', async () => {
    const uri = 'file:///work/checkout.yaml';
    let text = example('checkout.yaml');
    await client.open(uri, text);
    const diagnostics = await client.diagnostics(uri, 1);
    assert.deepEqual(
      diagnostics.map((d) => [
        d.code,
        d.range.start.line,
        d.range.start.character,
        d.range.end.character,
        d.severity,
      ]),
      // Errors are 1, warnings 2, hints 4: the default profile shows informational rules as hints.
      [
        ['missing-pdb', 5, 8, 16, 2],
        ['required-anti-affinity', 23, 10, 56, 2],
        ['service-account-token-automount', 28, 6, 16, 4],
        ['missing-ephemeral-storage-limit', 29, 14, 22, 4],
        ['missing-graceful-shutdown', 29, 14, 22, 4],
        ['missing-memory-limit', 29, 14, 22, 2],
        ['missing-readiness-probe', 29, 14, 22, 2],
        ['missing-resource-requests', 29, 14, 22, 2],
      ],
    );
    for (const d of diagnostics) {
      assert.equal(d.source, 'kube-hindsight');
      assert.match(d.codeDescription?.href ?? '', /^https:\/\//);
    }

    const memory = diagnostics.find((d) => d.code === 'missing-memory-limit')!;
    const hover = await client.rpc.sendRequest<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: { line: memory.range.start.line, character: memory.range.start.character + 2 },
    });
    const markdown = (hover.contents as { value: string }).value;
    assert.match(markdown, /Container without a memory limit/);
    assert.match(
      markdown,
      /\[Blue Matador: two production nodes ran out of memory\]\(https:\/\/www\.bluematador\.com\//,
    );
    assert.match(markdown, /Evidence: Postmortem/);
    assert.match(markdown, /\*\*Fix\.\*\*/);

    const actions = await client.rpc.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: memory.range,
      context: { diagnostics: [memory] },
    });
    // The rule's own fix first, then the actions every rule gets from the server.
    assert.deepEqual(
      actions.map((a) => a.title),
      [
        'Add memory limit 512Mi and request 256Mi to "checkout"',
        'Ignore missing-memory-limit on this line',
        'Ignore missing-memory-limit for Deployment "checkout"',
        'Open the war story: Blue Matador: two production nodes ran out of memory',
      ],
    );
    assert.deepEqual(actions[3]!.command, {
      title: 'Open the war story',
      command: 'kube-hindsight.openStory',
      arguments: ['https://www.bluematador.com/blog/post-mortem-kubernetes-node-oom'],
    });
    assert.deepEqual(actions[0]!.diagnostics, [memory]);
    text = applyAction(text, actions[0]!);
    await client.change(uri, text, 2);
    const after = await client.diagnostics(uri, 2);
    assert.deepEqual(
      after.map((d) => d.code),
      [
        'missing-pdb',
        'required-anti-affinity',
        'service-account-token-automount',
        'missing-graceful-shutdown',
        'missing-readiness-probe',
        'missing-ephemeral-storage-limit',
        'missing-resource-requests',
      ],
    );
  });

  it('offers a working quick fix for every fixable finding in the examples', async () => {
    let version = 10;
    const fixed = new Set<string>();
    for (const name of ['checkout.yaml', 'search-api.yaml', 'network-policies.yaml']) {
      const uri = `file:///work/${name}`;
      const original = example(name);
      await client.open(uri, original, version);
      const diagnostics = await client.diagnostics(uri, version);
      for (const diagnostic of diagnostics) {
        const actions = await client.rpc.sendRequest<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: diagnostic.range,
          context: { diagnostics: [diagnostic] },
        });
        assert.ok(actions.length > 0, `a fix for ${diagnostic.code} in ${name}`);
        const text = applyAction(original, actions[0]!);
        for (const doc of parseAllDocuments(text))
          assert.deepEqual(doc.errors, [], `${diagnostic.code} fix parses`);
        version++;
        await client.change(uri, text, version);
        const now = await client.diagnostics(uri, version);
        assert.ok(
          !now.some((d) => d.code === diagnostic.code && d.message === diagnostic.message),
          `${diagnostic.code} disappears after its fix`,
        );
        fixed.add(String(diagnostic.code));
        version++;
        await client.change(uri, original, version);
        await client.diagnostics(uri, version);
      }
      version++;
    }
    assert.deepEqual([...fixed].sort(), [
      'default-deny-blocks-dns',
      'hpa-missing-behavior',
      'missing-anti-affinity',
      'missing-ephemeral-storage-limit',
      'missing-graceful-shutdown',
      'missing-memory-limit',
      'missing-pdb',
      'missing-readiness-probe',
      'missing-resource-requests',
      'required-anti-affinity',
      'service-account-token-automount',
    ]);
  });

  it('follows settings: a rule turned off, a severity changed, everything disabled', async () => {
    const uri = 'file:///work/settings.yaml';
    await client.open(uri, example('network-policies.yaml'), 1);
    assert.deepEqual(
      (await client.diagnostics(uri, 1)).map((d) => [d.code, d.severity]),
      [['default-deny-blocks-dns', 1]],
    );

    client.clearPublished(uri);
    client.settings = { rules: { 'default-deny-blocks-dns': 'information' } };
    await client.rpc.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(
      (await client.diagnostics(uri, 1)).map((d) => [d.code, d.severity]),
      [['default-deny-blocks-dns', 3]],
    );

    client.clearPublished(uri);
    client.settings = { rules: { 'default-deny-blocks-dns': 'off' } };
    await client.rpc.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(await client.diagnostics(uri, 1), []);

    client.clearPublished(uri);
    client.settings = { enable: false };
    await client.rpc.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(await client.diagnostics(uri, 1), []);
    client.settings = {};
    await client.rpc.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });

  it('reads .kube-hindsight.yaml from the manifest’s folder upwards, and flags problems in it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-lsp-config-'));
    mkdirSync(join(dir, 'apps', 'web'), { recursive: true });
    mkdirSync(join(dir, 'generated'));
    const configText =
      'rules:\n  default-deny-blocks-dns: info\n  no-such-rule: off\nignore:\n  - generated/**\n';
    writeFileSync(join(dir, '.kube-hindsight.yaml'), configText);
    const manifest = pathToFileURL(join(dir, 'apps', 'web', 'policy.yaml')).toString();
    await client.open(manifest, example('network-policies.yaml'), 1);
    assert.deepEqual(
      (await client.diagnostics(manifest, 1)).map((d) => [d.code, d.severity]),
      [['default-deny-blocks-dns', 3]],
    );
    const ignored = pathToFileURL(join(dir, 'generated', 'policy.yaml')).toString();
    await client.open(ignored, example('network-policies.yaml'), 1);
    assert.deepEqual(await client.diagnostics(ignored, 1), []);

    const configUri = pathToFileURL(join(dir, '.kube-hindsight.yaml')).toString();
    await client.open(configUri, configText, 1);
    const problems = await client.diagnostics(configUri, 1);
    assert.deepEqual(
      problems.map((d) => [d.message, d.range.start.line, d.range.start.character]),
      [['Unknown rule "no-such-rule".', 2, 2]],
    );
    // An unsaved edit of the open configuration applies at once to the manifests it governs.
    // Forget what was published before the edit, so the wait below sees only the re-analysis it causes.
    client.clearPublished(manifest);
    await client.change(configUri, 'rules:\n  default-deny-blocks-dns: off\n', 2);
    assert.deepEqual(await client.diagnostics(configUri, 2), []);
    assert.deepEqual(await client.diagnostics(manifest, 1), []);
  });

  it('survives bad input: malformed YAML, Helm templates, empty, binary and non-Kubernetes files', async () => {
    const inputs: Record<string, string> = {
      malformed: 'apiVersion: v1\nkind: Pod\nspec: [unclosed\n  containers:\n- name: x\n',
      helm: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n',
      empty: '',
      binary: '\u0000\u0001\u0002PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u00ff\u00fe',
      plain: 'name: not kubernetes\nitems: [1, 2, 3]\n',
      aliasBomb:
        'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n' +
        'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\napiVersion: v1\nkind: Pod\n',
    };
    // Nothing but what says why part of the input was not analysed: the syntax errors (errors, one per
    // line), the template (information) and the alias bomb (a warning).
    const expected: Record<string, [string, number][]> = {
      malformed: [
        ['invalid-yaml', 1],
        ['invalid-yaml', 1],
        ['invalid-yaml', 1],
      ],
      // Informational (3): an input rule stays visible under the default profile.
      helm: [['unrendered-template', 3]],
      aliasBomb: [['file-skipped', 2]],
    };
    for (const [name, text] of Object.entries(inputs)) {
      const uri = `file:///work/bad-${name}.yaml`;
      await client.open(uri, text, 1);
      assert.deepEqual(
        (await client.diagnostics(uri, 1)).map((d) => [d.code, d.severity]),
        expected[name] ?? [],
        `${name} gives no findings about objects`,
      );
    }
    // The server is still alive and answering.
    const hover = await client.rpc.sendRequest('textDocument/hover', {
      textDocument: { uri: 'file:///work/bad-helm.yaml' },
      position: { line: 0, character: 0 },
    });
    assert.equal(hover, null);
    assert.equal(client.server.exitCode, null);
  });
});

describe('language server with a workspace', () => {
  it('indexes the workspace, and cross-file findings follow files that appear, change and disappear', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-lsp-ws-'));
    const deployment = example('checkout.yaml');
    const pdb = [
      'apiVersion: policy/v1',
      'kind: PodDisruptionBudget',
      'metadata: {name: checkout, namespace: shop}',
      'spec:',
      '  maxUnavailable: 1',
      '  selector: {matchLabels: {app: checkout}}',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'deploy.yaml'), deployment);
    writeFileSync(join(dir, 'pdb.yaml'), pdb);
    // The same budget in another folder belongs to another deployment unit: it never counts here.
    mkdirSync(join(dir, 'policies'));
    writeFileSync(join(dir, 'policies', 'pdb.yaml'), pdb);
    const client = new Client();
    try {
      await client.initialize(workspaceInitialize(pathToFileURL(dir).toString()));
      const deployUri = pathToFileURL(join(dir, 'deploy.yaml')).toString();
      const pdbUri = pathToFileURL(join(dir, 'pdb.yaml')).toString();
      const hasPdbFinding = (d: Diagnostic[]): boolean => d.some((x) => x.code === 'missing-pdb');
      await client.open(deployUri, deployment, 1);
      // The PDB in another file of the folder, found by the workspace scan, satisfies missing-pdb.
      const first = await client.until(deployUri, (d) => d.length > 0 && !hasPdbFinding(d));
      assert.ok(first.some((d) => d.code === 'missing-memory-limit'));

      // The PDB file is deleted on disk: the open deployment's diagnostics follow without being touched.
      rmSync(join(dir, 'pdb.yaml'));
      await client.rpc.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: pdbUri, type: 3 }],
      });
      await client.until(deployUri, hasPdbFinding);

      // A PDB typed into a new, unsaved editor counts at once, and stops counting when that editor closes.
      const draftUri = pathToFileURL(join(dir, 'draft.yaml')).toString();
      await client.open(draftUri, pdb, 1);
      await client.until(deployUri, (d) => d.length > 0 && !hasPdbFinding(d));
      await client.rpc.sendNotification('textDocument/didClose', { textDocument: { uri: draftUri } });
      await client.until(deployUri, hasPdbFinding);

      // "Analyse workspace" publishes the diagnostics of manifests that are not open.
      writeFileSync(
        join(dir, 'policies', 'pod.yaml'),
        'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: c:1}]\n',
      );
      const podUri = pathToFileURL(join(dir, 'policies', 'pod.yaml')).toString();
      await client.rpc.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: podUri, type: 1 }],
      });
      const summary = await client.rpc.sendRequest<{ files: number; findings: number }>(
        'workspace/executeCommand',
        {
          command: 'kube-hindsight.analyseWorkspace',
          arguments: [],
        },
      );
      // The open deployment, and policies/pdb.yaml and policies/pod.yaml from disk.
      assert.equal(summary.files, 3);
      const closed = await client.until(podUri, (d) => d.length > 0);
      assert.ok(closed.some((d) => d.code === 'missing-memory-limit'));

      // A configuration that declares the deployment and policies/ one unit: the budget there counts now.
      await client.until(deployUri, hasPdbFinding);
      const configPath = join(dir, '.kube-hindsight.yaml');
      writeFileSync(configPath, 'units:\n  - [deploy.yaml, policies/*]\n');
      await client.rpc.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: pathToFileURL(configPath).toString(), type: 1 }],
      });
      await client.until(deployUri, (d) => d.length > 0 && !hasPdbFinding(d));
    } finally {
      await client.stop();
    }
  });
  it('names the workspace-relative file of a related object in the message, and links to it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-lsp-names-'));
    const deployment = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web, namespace: shop}',
      'spec:',
      '  replicas: 3',
      '  selector: {matchLabels: {app: web}}',
      '  template:',
      '    metadata: {labels: {app: web}}',
      '    spec: {containers: [{name: web, image: nginx:1.27}]}',
      '',
    ].join('\n');
    const hpa = [
      'apiVersion: autoscaling/v2',
      'kind: HorizontalPodAutoscaler',
      'metadata: {name: web, namespace: shop}',
      'spec:',
      '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}',
      '  minReplicas: 2',
      '  maxReplicas: 6',
      '',
    ].join('\n');
    // One unit over two folders, so that the autoscaler lives in a subfolder of the deployment's.
    writeFileSync(join(dir, '.kube-hindsight.yaml'), 'units:\n  - "app/**"\n');
    mkdirSync(join(dir, 'app', 'hpa'), { recursive: true });
    writeFileSync(join(dir, 'app', 'deploy.yaml'), deployment);
    writeFileSync(join(dir, 'app', 'hpa', 'web.yaml'), hpa);
    const client = new Client();
    try {
      await client.initialize(workspaceInitialize(pathToFileURL(dir).toString()));
      const deployUri = pathToFileURL(join(dir, 'app', 'deploy.yaml')).toString();
      const hpaUri = pathToFileURL(join(dir, 'app', 'hpa', 'web.yaml')).toString();
      await client.open(deployUri, deployment, 1);
      const diagnostics = await client.until(deployUri, (d) => d.some((x) => x.code === 'replicas-with-hpa'));
      const scaled = diagnostics.find((d) => d.code === 'replicas-with-hpa')!;
      assert.equal(
        scaled.message,
        'Deployment "web" sets replicas: 3, but HorizontalPodAutoscaler "web" in app/hpa/web.yaml scales it: every apply of this manifest resets it to 3 replicas until the autoscaler catches up.',
      );
      assert.deepEqual(scaled.range, { start: { line: 4, character: 2 }, end: { line: 4, character: 10 } });
      assert.deepEqual(scaled.relatedInformation, [
        {
          location: {
            uri: hpaUri,
            range: { start: { line: 2, character: 17 }, end: { line: 2, character: 20 } },
          },
          message: 'HorizontalPodAutoscaler "web" scales this Deployment between 2 and 6 replicas',
        },
      ]);
    } finally {
      await client.stop();
    }
  });
});

describe('language server refactorings', () => {
  it('offers a PDB and anti-affinity for any workload, and a PDB in a new file where the client can create one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-lsp-refactor-'));
    const client = new Client();
    try {
      await client.initialize(workspaceInitialize(pathToFileURL(dir).toString(), true));
      const single = [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: api, namespace: shop}',
        'spec:',
        '  replicas: 1',
        '  selector: {matchLabels: {app: api}}',
        '  template:',
        '    metadata: {labels: {app: api}}',
        '    spec:',
        '      containers:',
        '      - name: api',
        '        image: api:1.0',
        '',
      ].join('\n');
      const uri = pathToFileURL(join(dir, 'api.yaml')).toString();
      await client.open(uri, single, 1);
      await client.diagnostics(uri, 1);
      const refactors = await client.rpc.sendRequest<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 1, character: 2 }, end: { line: 1, character: 2 } },
        context: { diagnostics: [], only: ['refactor'] },
      });
      assert.deepEqual(
        refactors.map((a) => [a.kind, a.title]),
        [
          ['refactor.rewrite', 'Add PodDisruptionBudget for Deployment "api"'],
          ['refactor.rewrite', 'Create PodDisruptionBudget "api-pdb" in api-pdb.yaml'],
          ['refactor.rewrite', 'Add preferred pod anti-affinity for Deployment "api"'],
        ],
      );
      const withPdb = applyAction(single, refactors[0]!);
      assert.match(
        withPdb,
        /\n---\napiVersion: policy\/v1\nkind: PodDisruptionBudget\nmetadata:\n {2}name: api-pdb\n {2}namespace: shop\n/,
      );
      for (const doc of parseAllDocuments(withPdb)) assert.deepEqual(doc.errors, []);
      const create = refactors[1]!.edit!.documentChanges!;
      assert.deepEqual(create[0], {
        kind: 'create',
        uri: pathToFileURL(join(dir, 'api-pdb.yaml')).toString(),
        options: { ignoreIfExists: true },
      });
      assert.match(
        (create[1] as TextDocumentEdit).edits[0]!.newText,
        /^apiVersion: policy\/v1\nkind: PodDisruptionBudget\n/,
      );
    } finally {
      await client.stop();
    }
  });
});

describe('language server fix-all actions', () => {
  const manifest = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  replicas: 3',
    '  selector:',
    '    matchLabels: {app: web}',
    '  template:',
    '    metadata:',
    '      labels: {app: web}',
    '    spec:',
    '      automountServiceAccountToken: false',
    '      affinity:',
    '        podAntiAffinity:',
    '          requiredDuringSchedulingIgnoredDuringExecution:',
    '            - labelSelector:',
    '                matchLabels: {app: web}',
    '              topologyKey: kubernetes.io/hostname',
    '      containers:',
    '        - name: web # the main one',
    '          image: nginx:1.27',
    '          resources:',
    '            requests: {cpu: 100m, memory: 128Mi}',
    '        - name: sidecar',
    '          image: envoy:1.30',
    '          resources:',
    '            requests: {cpu: 100m, memory: 128Mi}',
    '',
  ].join('\n');
  let client: Client;
  let version = 1;
  const uri = 'file:///work/fix-all.yaml';

  before(async () => {
    client = new Client();
    const init = await client.initialize();
    const kinds = (init.capabilities.codeActionProvider as { codeActionKinds?: string[] }).codeActionKinds;
    assert.ok(kinds?.includes('source.fixAll.kube-hindsight'), 'the fix-all kind is advertised');
  });

  after(async () => {
    await client.stop();
  });

  /** Opens the manifest afresh (settings may have changed) and asks for actions of `only` over `range`. */
  async function actions(only: string[] | undefined, line = 0): Promise<CodeAction[]> {
    version++;
    client.clearPublished(uri);
    await client.rpc.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await client.open(uri, manifest, version);
    await client.diagnostics(uri, version);
    const position = { line, character: 12 };
    return client.rpc.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics: [], ...(only ? { only } : {}) },
    });
  }

  /** Applies an action, checks the result parses, and returns the codes still diagnosed on it. */
  async function codesAfter(action: CodeAction): Promise<{ text: string; codes: string[] }> {
    const text = applyAction(manifest, action);
    for (const doc of parseAllDocuments(text)) assert.deepEqual(doc.errors, [], `${action.title} parses`);
    version++;
    await client.change(uri, text, version);
    const codes = (await client.diagnostics(uri, version)).map((d) => String(d.code)).sort();
    return { text, codes };
  }

  const count = (codes: string[], code: string): number => codes.filter((c) => c === code).length;

  it('fixes every finding of one rule in the file from a quick fix', async () => {
    const here = await actions(undefined, 22);
    assert.ok(!here.some((a) => a.kind?.startsWith('source')), 'source actions only when asked for');
    const fixAll = here.find((a) => a.title === 'Fix all missing-memory-limit problems in this file');
    assert.ok(fixAll, here.map((a) => a.title).join(', '));
    assert.equal(fixAll.kind, 'quickfix');
    const { text, codes } = await codesAfter(fixAll);
    assert.equal(count(codes, 'missing-memory-limit'), 0);
    assert.equal(count(codes, 'missing-ephemeral-storage-limit'), 2, 'other rules are left alone');
    assert.equal(text.match(/memory: 512Mi/g)?.length, 2);
    assert.ok(text.includes('- name: web # the main one\n'), 'comments stay');
    // One finding of a rule in the file: no fix-all for it.
    assert.ok(!here.some((a) => a.title === 'Fix all required-anti-affinity problems in this file'));
  });

  it('source.fixAll applies the safe fixes only, unless a rule is opted in with fixOnSave', async () => {
    client.settings = {};
    for (const only of [['source.fixAll'], ['source'], ['source.fixAll.kube-hindsight']]) {
      const list = await actions(only);
      assert.deepEqual(
        list.map((a) => a.kind),
        ['source.fixAll.kube-hindsight'],
        `only ${only.join()}`,
      );
    }
    assert.deepEqual(
      await actions(['quickfix']).then((l) => l.filter((a) => a.kind?.startsWith('source'))),
      [],
    );
    const safe = (await actions(['source.fixAll']))[0]!;
    const { text, codes } = await codesAfter(safe);
    assert.equal(count(codes, 'required-anti-affinity'), 0);
    assert.equal(count(codes, 'missing-pdb'), 0);
    assert.equal(count(codes, 'missing-memory-limit'), 2, 'behaviour-changing fixes wait for an opt-in');
    assert.match(text, /\n---\napiVersion: policy\/v1\nkind: PodDisruptionBudget\n/);

    client.settings = { fixOnSave: ['missing-memory-limit'] };
    await client.rpc.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const optedIn = (await actions(['source.fixAll']))[0]!;
    const after = await codesAfter(optedIn);
    assert.equal(count(after.codes, 'missing-memory-limit'), 0);
    assert.equal(count(after.codes, 'required-anti-affinity'), 0);
    assert.equal(count(after.codes, 'missing-pdb'), 0);
    assert.equal(count(after.codes, 'missing-ephemeral-storage-limit'), 2);
    // The sidecar's limit goes into the Deployment, before the PodDisruptionBudget appended at the end.
    assert.match(after.text, /memory: 512Mi\n---\napiVersion: policy\/v1\n/);
  });

  it('keeps the first of overlapping fixes, so the merged edit never corrupts the text', async () => {
    client.settings = { fixOnSave: ['missing-memory-limit', 'missing-ephemeral-storage-limit'] };
    await client.rpc.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const action = (await actions(['source.fixAll']))[0]!;
    // Both rules add `limits:` at the same place in each container: only one of them may.
    const { text, codes } = await codesAfter(action);
    assert.equal(text.match(/^ {12}limits:/gm)?.length, 2, text);
    assert.equal(count(codes, 'missing-ephemeral-storage-limit') + count(codes, 'missing-memory-limit'), 2);
    client.settings = {};
    await client.rpc.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  });
});

describe('language server with team rules', () => {
  it('publishes a team rule finding with its story in the hover, and flags an invalid team rule', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-lsp-team-'));
    const configText = example('team-rules/.kube-hindsight.yaml');
    writeFileSync(join(dir, '.kube-hindsight.yaml'), configText);
    // The clock stands still in this server (test/still-clock.js): a busy machine cannot make a team rule's
    // 50 ms budget run out and turn its finding into a failure.
    const client = new Client({ nodeArgs: ['--require', stillClockPreload] });
    try {
      await client.initialize();
      const manifest = pathToFileURL(join(dir, 'shop.yaml')).toString();
      const text = example('team-rules/manifests.yaml');
      await client.open(manifest, text, 1);
      const team = (await client.diagnostics(manifest, 1)).filter((d) => String(d.code).startsWith('team/'));
      assert.deepEqual(
        team.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character]),
        [['team/checkout-memory-limit', 1, 19, 10]],
      );
      const hover = await client.rpc.sendRequest<Hover>('textDocument/hover', {
        textDocument: { uri: manifest },
        position: { line: 19, character: 12 },
      });
      const markdown = (hover.contents as { value: string }).value;
      assert.match(markdown, /Black Friday: checkout pods evicted one after another/);
      assert.match(markdown, /Scenario: an illustrative composite/);

      const configUri = pathToFileURL(join(dir, '.kube-hindsight.yaml')).toString();
      const broken = configText.replace('kinds: [workloads]', 'kinds: [Deploymnet]');
      await client.open(configUri, broken, 1);
      const problems = await client.diagnostics(configUri, 1);
      assert.deepEqual(
        problems.map((d) => [d.range.start.line, d.range.start.character]),
        [[6, 12]],
      );
      assert.match(problems[0]!.message, /unknown kind "Deploymnet"/);
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('publishes problems of an included rule file on it, and the rules follow its unsaved edits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-lsp-include-'));
    const folder = join(examples, 'team-rules');
    writeFileSync(join(dir, '.kube-hindsight.yaml'), 'include:\n  - .kube-hindsight/rules/*.yaml\n');
    mkdirSync(join(dir, '.kube-hindsight', 'rules'), { recursive: true });
    const rulesPath = join(dir, '.kube-hindsight', 'rules', 'platform.yaml');
    const rulesText = readFileSync(join(folder, '.kube-hindsight', 'rules', 'platform.yaml'), 'utf8');
    writeFileSync(rulesPath, rulesText);
    // The clock stands still in this server (test/still-clock.js): a busy machine cannot make a team rule's
    // 50 ms budget run out and turn its finding into a failure.
    const client = new Client({ nodeArgs: ['--require', stillClockPreload] });
    try {
      await client.initialize();
      const manifest = pathToFileURL(join(dir, 'shop.yaml')).toString();
      await client.open(manifest, readFileSync(join(folder, 'manifests.yaml'), 'utf8'), 1);
      const teamCodes = (d: Diagnostic[]) =>
        d.map((x) => String(x.code)).filter((c) => c.startsWith('team/'));
      assert.deepEqual(teamCodes(await client.diagnostics(manifest, 1)), [
        'team/payments-need-pdb',
        'team/no-host-network-debug',
      ]);

      const rulesUri = pathToFileURL(rulesPath).toString();
      await client.open(rulesUri, rulesText, 1);
      assert.deepEqual(await client.diagnostics(rulesUri, 1), []);
      // An unsaved mistake: flagged on the included file, and that rule leaves the manifest's findings.
      await client.change(rulesUri, rulesText.replace('kinds: [Pod]', 'kinds: [Podd]'), 2);
      const problems = await client.diagnostics(rulesUri, 2);
      assert.deepEqual(
        problems.map((d) => [d.range.start.line, d.range.start.character]),
        [[28, 10]],
      );
      assert.match(problems[0]!.message, /unknown kind "Podd"/);
      await client.until(manifest, (d) => teamCodes(d).join() === 'team/payments-need-pdb');
      // Mended, the rule is back.
      await client.change(rulesUri, rulesText, 3);
      assert.deepEqual(await client.diagnostics(rulesUri, 3), []);
      await client.until(
        manifest,
        (d) => teamCodes(d).join() === 'team/payments-need-pdb,team/no-host-network-debug',
      );
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
