// The language server under hostile conditions, over stdio as an editor runs it: bounds and syntax errors
// shown as one diagnostic each (findings of the input rules), cancelled requests, stale validations, a parent that dies, ten thousand edits,
// and a process where the network and child processes are forbidden. The CLI gets the last check too.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import type { CodeAction, Hover } from 'vscode-languageserver-protocol';
import { stillClockPreload } from '../clock';
import { example } from '../corpus';
import { isRunning, LspClient, processGone, residentKiB, root } from '../lsp-client';

const checkout = example('checkout.yaml');
const denyIo = join(root, 'test', 'deny-io.js');
const heapProbe = join(root, 'test', 'heap-probe.js');
const REQUEST_CANCELLED = -32800;

function codes(diagnostics: { code?: string | number; severity?: number }[]): [unknown, unknown][] {
  return diagnostics.map((d) => [d.code, d.severity]);
}

describe('language server: bounds, cancellation, stale work', () => {
  let client: LspClient;

  before(async () => {
    client = new LspClient();
    await client.initialize();
  });

  after(async () => {
    await client.stop();
  });

  it('shows a skipped file and a deep document as one file-skipped warning each, a Helm template as a hint', async () => {
    const helm = checkout.replace('replicas: 3', 'replicas: {{ .Values.replicas }}');
    await client.open('file:///work/helm.yaml', helm + '---\n' + helm);
    // The Service documents are analysed (no finding); the Deployments are templates: one notice, no cascade.
    // The template's finding is informational (3), and stays so under the default profile.
    assert.deepEqual(codes(await client.diagnostics('file:///work/helm.yaml', 1)), [
      ['unrendered-template', 3],
    ]);

    // A custom resource is parsed in full (a ConfigMap's body would not be parsed at all).
    const deep = 'apiVersion: example.com/v1\nkind: Widget\nx: ' + '['.repeat(1000) + ']'.repeat(1000) + '\n';
    await client.open('file:///work/deep.yaml', deep + '---\n' + deep);
    const diagnostics = await client.diagnostics('file:///work/deep.yaml', 1);
    assert.deepEqual(codes(diagnostics), [['file-skipped', 2]]);
    assert.match(diagnostics[0]!.message, /deeper than 200 levels.*1 more document.*limits\.maxDepth/);

    // The size bound follows the setting, and a new bound re-analyses the same text.
    client.settings = { limits: { maxFileBytes: 1024 } };
    await client.rpc.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.open('file:///work/big.yaml', checkout, 1);
    const big = await client.diagnostics('file:///work/big.yaml', 1);
    assert.deepEqual(codes(big), [['file-skipped', 2]]);
    // On the first line, so that it can be seen: the file was skipped as a whole.
    const firstLine = checkout.slice(0, checkout.indexOf('\n'));
    assert.deepEqual(big[0]!.range, {
      start: { line: 0, character: 0 },
      end: { line: 0, character: firstLine.length },
    });
    assert.match(big[0]!.message, /above the 1 KiB it analyses \(kubeHindsight\.limits\.maxFileBytes\)/);
    // A skipped file is never read for comments, so no "Ignore … on this line" is offered: only the story.
    const bigActions = await client.rpc.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: 'file:///work/big.yaml' },
      range: big[0]!.range,
      context: { diagnostics: big },
    });
    assert.deepEqual(
      bigActions.map((a) => a.title),
      [
        'Open the war story: ferret-scan: a file refused for its size, and a report of a complete, clean scan',
      ],
    );
    client.published.delete('file:///work/big.yaml');
    client.settings = {};
    await client.rpc.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const analysed = await client.diagnostics('file:///work/big.yaml', 1);
    assert.ok(analysed.some((d) => d.code === 'missing-memory-limit'));
    assert.ok(!analysed.some((d) => d.code === 'file-skipped'));
    // Like any rule, it can be turned off.
    client.settings = { limits: { maxFileBytes: 1024 }, rules: { 'file-skipped': 'off' } };
    await client.rpc.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.open('file:///work/big-off.yaml', checkout, 1);
    assert.deepEqual(await client.diagnostics('file:///work/big-off.yaml', 1), []);
    client.settings = {};
    await client.rpc.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });

  it('shows a syntax error at its line, analyses the valid documents, and leaves it to another extension when asked', async () => {
    const uri = 'file:///work/broken.yaml';
    const broken = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  template:',
      '    spec:',
      '      affinity:',
      '        nodeAffinity:',
      '          requiredDuringSchedulingIgnoredDuringExecution:',
      '            nodeSelectorTerms:',
      '              - matchExpressions: [{key: pool, operator: In, values: [web]}]',
      '     containers:',
      '        - name: web',
      '          image: nginx:1.27',
      '',
    ].join('\n');
    await client.open(uri, broken + '---\n' + checkout);
    const diagnostics = await client.diagnostics(uri, 1);
    const syntax = diagnostics.filter((d) => d.code === 'invalid-yaml');
    assert.deepEqual(
      syntax.map((d) => [d.severity, d.range, d.source]),
      [[1, { start: { line: 12, character: 5 }, end: { line: 12, character: 16 } }, 'kube-hindsight']],
    );
    assert.match(syntax[0]!.message, /^YAML syntax error \(BAD_INDENT\): This line is indented differently/);
    // No fix, and no annotation to add (there is no object): the ignore comment and the story.
    const actions = await client.rpc.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: syntax[0]!.range,
      context: { diagnostics: syntax },
    });
    assert.deepEqual(
      actions.map((a) => a.title),
      [
        'Ignore invalid-yaml on this line',
        'Open the war story: KubeLinter: manifests that failed to parse passed without a word',
      ],
    );
    const comment = actions[0]!.edit!.documentChanges![0] as { edits: { range: unknown; newText: string }[] };
    assert.deepEqual(comment.edits, [
      {
        range: { start: { line: 12, character: 0 }, end: { line: 12, character: 0 } },
        newText: '     # kube-hindsight-ignore invalid-yaml\n',
      },
    ]);
    // The checkout Deployment after it is analysed as usual.
    assert.ok(diagnostics.some((d) => d.code === 'missing-memory-limit' && d.range.start.line > 15));
    // Users of another YAML extension can keep each syntax error to one squiggle.
    client.settings = { reportSyntaxErrors: false };
    await client.rpc.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.open('file:///work/broken-quiet.yaml', broken, 1);
    assert.deepEqual(codes(await client.diagnostics('file:///work/broken-quiet.yaml', 1)), []);
    client.settings = {};
    await client.rpc.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });

  it('answers cancelled hovers and code actions with RequestCancelled, then serves the next ones', async () => {
    const uri = 'file:///work/cancel.yaml';
    await client.open(uri, checkout);
    const [memory] = (await client.diagnostics(uri, 1)).filter((d) => d.code === 'missing-memory-limit');
    assert.ok(memory);
    // Hold the settings the requests wait for, so that the cancellations arrive while they run.
    let release = (): void => undefined;
    client.gate = new Promise((resolve) => (release = resolve));
    await client.rpc.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const outcome = (promise: Promise<unknown>): Promise<unknown> =>
      promise.then(
        (result) => ({ result }),
        (error: unknown) => error,
      );
    const tokens = [
      new CancellationTokenSource(),
      new CancellationTokenSource(),
      new CancellationTokenSource(),
    ];
    const hover = outcome(
      client.rpc.sendRequest(
        'textDocument/hover',
        { textDocument: { uri }, position: memory.range.start },
        tokens[0]!.token,
      ),
    );
    const action = outcome(
      client.rpc.sendRequest(
        'textDocument/codeAction',
        { textDocument: { uri }, range: memory.range, context: { diagnostics: [memory] } },
        tokens[1]!.token,
      ),
    );
    // These two are waiting inside the server now; this third one is cancelled before it even starts.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const early = outcome(
      client.rpc.sendRequest(
        'textDocument/hover',
        { textDocument: { uri }, position: memory.range.start },
        tokens[2]!.token,
      ),
    );
    for (const token of tokens) token.cancel();
    await new Promise((resolve) => setTimeout(resolve, 200));
    client.gate = undefined;
    release();
    for (const result of await Promise.all([hover, action, early])) {
      assert.ok(result instanceof ResponseError, `cancelled, not ${JSON.stringify(result)}`);
      assert.equal(result.code, REQUEST_CANCELLED);
    }
    const served = await client.rpc.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: memory.range,
      context: { diagnostics: [memory] },
    });
    assert.match(served[0]!.title, /^Add memory limit/);
  });

  it('drops validations that went stale while settings were fetched', async () => {
    const uri = 'file:///work/stale.yaml';
    let release = (): void => undefined;
    client.gate = new Promise((resolve) => (release = resolve));
    await client.open(uri, checkout, 1);
    for (let version = 2; version <= 5; version++) {
      await client.change(uri, checkout.replace('replicas: 3', `replicas: ${version}`), version);
    }
    // A request the server answers without settings: once it is answered, the server has read every change
    // sent before it (messages are handled in order), however slowly it runs, so no fixed wait is needed.
    await client.rpc.sendRequest('kubeHindsight/rules');
    client.gate = undefined;
    release();
    await client.diagnostics(uri, 5);
    // Time for a stale publication to show up, if the server made one (a wait that can only hide a failure,
    // never cause one).
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(
      (client.published.get(uri) ?? []).map((p) => p.version),
      [5],
    );
    assert.equal(client.server.exitCode, null);
  });
});

describe('language server lifecycle', () => {
  it('exits when the editor that started it dies (its stdin closes)', async () => {
    // A stand-in editor: starts the server on pipes, initializes it, reports its pid, then waits to be killed.
    const editor = spawn(
      process.execPath,
      [
        '-e',
        `
        const { spawn } = require('node:child_process');
        const server = spawn(process.execPath, [${JSON.stringify(join(root, 'dist', 'server.js'))}, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
        const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
        server.stdin.write('Content-Length: ' + Buffer.byteLength(body) + '\\r\\n\\r\\n' + body);
        server.stdout.once('data', () => console.log(server.pid));
        setInterval(() => {}, 1000);
        `,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const serverPid = await new Promise<number>((resolve) =>
      editor.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
    );
    assert.ok(isRunning(serverPid));
    editor.kill('SIGKILL');
    // A hang guard, not a speed bound: processGone rejects if the server is still there after 10 s.
    await processGone(serverPid, 10_000);
  });

  it('exits when the client process named in initialize or --clientProcessId dies, even with its pipes open', async () => {
    const sleeper = (): ReturnType<typeof spawn> =>
      spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const byInitialize = sleeper();
    const byArgument = sleeper();
    // This test keeps both servers' pipes open: only the watch on the client process can end them.
    const viaInitialize = new LspClient();
    await viaInitialize.initialize({ processId: byInitialize.pid });
    const viaArgument = new LspClient({ serverArgs: [`--clientProcessId=${byArgument.pid}`] });
    await viaArgument.initialize({ processId: null });
    byInitialize.kill('SIGKILL');
    byArgument.kill('SIGKILL');
    try {
      // The library looks every 3 s; a server still there after 10 s ignores its client's death.
      await Promise.all([
        processGone(viaInitialize.server.pid!, 10_000),
        processGone(viaArgument.server.pid!, 10_000),
      ]);
      assert.equal(viaInitialize.server.exitCode, 1);
    } finally {
      await viaInitialize.stop();
      await viaArgument.stop();
    }
  });

  it('keeps its memory flat over 10,000 edits of one document', async (t) => {
    // The measure is the heap that survives a full collection, read through a preload: resident memory also
    // counts the heap V8 chose to grow while a parallel test run starved its collector of CPU, which once
    // grew by 79 MB here with nothing retained.
    const client = new LspClient({ nodeArgs: ['--expose-gc', '--require', heapProbe] });
    await client.initialize();
    const uri = 'file:///work/edited.yaml';
    const readings = (): number[] =>
      [...client.stderr.matchAll(/heap-probe: (\d+)/g)].map((match) => Number(match[1]));
    const retainedHeap = async (): Promise<number> => {
      const before = readings().length;
      client.server.kill('SIGUSR2');
      for (let waited = 0; waited < 10_000; waited += 20) {
        const answer = readings()[before];
        if (answer !== undefined) return answer;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`the heap probe did not answer; stderr: ${client.stderr}`);
    };
    try {
      await client.open(uri, checkout, 1);
      await client.diagnostics(uri, 1);
      const position = { line: 29, character: 16 };
      let version = 1;
      // Every fourth edit is followed by a hover, which analyses the new text at once (no debounce to wait
      // for): the edits exercise the document store, the hovers the analysis cache.
      const edits = async (count: number): Promise<void> => {
        for (let batch = 0; batch < count; batch += 500) {
          const pending: Promise<unknown>[] = [];
          for (let i = 0; i < 500; i++) {
            version++;
            const text = checkout.replace('replicas: 3', `replicas: ${version}`) + `# edit ${version}\n`;
            pending.push(client.change(uri, text, version));
            if (version % 4 === 0) {
              pending.push(client.rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position }));
            }
          }
          await Promise.all(pending);
        }
      };
      await edits(1000);
      const warmHeap = await retainedHeap();
      const warmResident = residentKiB(client.server.pid!);
      await edits(9000);
      const hover = await client.rpc.sendRequest<Hover>('textDocument/hover', {
        textDocument: { uri },
        position,
      });
      assert.match((hover.contents as { value: string }).value, /memory limit/);
      const finalHeap = await retainedHeap();
      const finalResident = residentKiB(client.server.pid!);
      const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
      t.diagnostic(
        `heap after a full collection: ${mb(warmHeap)} MB after 1,000 edits, ${mb(finalHeap)} MB after 10,000; ` +
          `resident ${Math.round(warmResident / 1024)} → ${Math.round(finalResident / 1024)} MB`,
      );
      // Each edit's text is about 1 KB, so keeping one text per edit retains 9 MB or more (a test that kept a
      // 200-character slice of each grew by 11 MB); a healthy server grows by about 1.5 MB here, and by no
      // more over 30,000 edits (the library's and V8's own caches).
      assert.ok(
        finalHeap - warmHeap < 5 * 2 ** 20,
        `the heap still in use after a full collection grew by ${mb(finalHeap - warmHeap)} MB over 9,000 edits (${mb(warmHeap)} → ${mb(finalHeap)} MB)`,
      );
      // A ceiling on resident memory, far from what a healthy server uses (about 100–110 MB), so that a heap V8
      // grows without need still fails here.
      assert.ok(finalResident < 400 * 1024, `resident memory ${Math.round(finalResident / 1024)} MB`);
    } finally {
      await client.stop();
    }
  });
});

describe('no network, no execution', () => {
  it('the preload really forbids them', () => {
    for (const code of [
      "require('node:https').get('https://example.com')",
      "require('node:net').connect(80, 'example.com')",
      "require('node:child_process').execFileSync('true')",
      "fetch('https://example.com')",
    ]) {
      const run = spawnSync(process.execPath, ['--require', denyIo, '-e', code], { encoding: 'utf8' });
      assert.notEqual(run.status, 0, code);
      assert.match(run.stderr, /kube-hindsight-deny: /, code);
    }
  });

  it('the language server analyses, hovers, fixes and indexes a workspace without them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-no-network-'));
    writeFileSync(join(dir, 'checkout.yaml'), checkout);
    writeFileSync(join(dir, 'policies.yaml'), example('network-policies.yaml'));
    const client = new LspClient({ nodeArgs: ['--require', denyIo] });
    try {
      await client.initialize({ rootUri: pathToFileURL(dir).toString() });
      const uri = pathToFileURL(join(dir, 'checkout.yaml')).toString();
      await client.open(uri, checkout);
      const diagnostics = await client.diagnostics(uri, 1);
      const memory = diagnostics.find((d) => d.code === 'missing-memory-limit');
      assert.ok(memory);
      const hover = await client.rpc.sendRequest<Hover>('textDocument/hover', {
        textDocument: { uri },
        position: memory.range.start,
      });
      assert.ok(hover);
      const actions = await client.rpc.sendRequest<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: memory.range,
        context: { diagnostics: [memory] },
      });
      assert.ok(actions.length >= 4);
      const story = actions.find((a) => a.command?.command === 'kube-hindsight.openStory')!;
      await client.rpc.sendRequest('workspace/executeCommand', story.command);
      const workspace = await client.rpc.sendRequest<{ files: number }>('workspace/executeCommand', {
        command: 'kube-hindsight.analyseWorkspace',
        arguments: [],
      });
      assert.equal(workspace.files, 2);
      assert.equal(client.server.exitCode, null);
    } finally {
      await client.stop();
    }
    assert.doesNotMatch(client.stderr, /kube-hindsight-deny:/);
  });

  it('the CLI checks files and standard input without them', () => {
    const files = spawnSync(
      process.execPath,
      [
        '--require',
        denyIo,
        '--require',
        stillClockPreload,
        join(root, 'dist', 'cli.js'),
        'check',
        'examples',
      ],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    assert.equal(files.status, 1, files.stderr);
    assert.match(files.stdout, /missing-memory-limit/);
    const stdin = spawnSync(
      process.execPath,
      ['--require', denyIo, '--require', stillClockPreload, join(root, 'dist', 'cli.js'), 'check', '-'],
      {
        cwd: root,
        input: checkout,
        encoding: 'utf8',
      },
    );
    assert.equal(stdin.status, 1, stdin.stderr);
    assert.match(stdin.stdout, /missing-memory-limit/);
    assert.doesNotMatch(files.stderr + stdin.stderr, /kube-hindsight-deny:/);
  });
});
