// "Analyse workspace" publishes, for every closed file, what `kube-hindsight check` reports for it: the same
// findings at the same places with the same messages and related locations, cross-object findings between
// files of a folder and the findings Kustomize's rendered output places in a base and an overlay's patch.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, root, workspaceInitialize } from '../lsp-client';
import { runCli } from './cli-run';

/** The Deployment `web` and, in the same folder, objects that relate to it wrongly (each in its own file). */
const APP: Record<string, string> = {
  'deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web, tier: front }
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 8080
`,
  // Selects `app: wbe`, which no pod carries: a near miss of the Deployment's label.
  'service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: { app: wbe }
  ports:
  - port: 80
    targetPort: 8080
`,
  // Targets a Deployment that does not exist (`webb`).
  'hpa.yaml': `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: shop
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: webb }
  minReplicas: 2
  maxReplicas: 5
`,
  // A budget for pods in another namespace.
  'pdb.yaml': `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: default
spec:
  minAvailable: 1
  selector:
    matchLabels: { app: web }
`,
};

/** A published diagnostic or a reported finding, in the CLI's terms (1-based lines and columns). */
interface Seen {
  ruleId: string;
  severity: string;
  message: string;
  at: [number, number, number, number];
  related: { file: string; at: [number, number, number, number]; message: string }[];
}

const SEVERITIES = ['', 'error', 'warning', 'info', 'hint'];

function fromDiagnostic(dir: string, d: Diagnostic): Seen {
  const { start, end } = d.range;
  return {
    ruleId: String(d.code),
    severity: SEVERITIES[d.severity ?? 0]!,
    message: d.message,
    at: [start.line + 1, start.character + 1, end.line + 1, end.character + 1],
    related: (d.relatedInformation ?? []).map(({ location: { uri, range }, message }) => ({
      file: relative(dir, fileURLToPath(uri)),
      at: [range.start.line + 1, range.start.character + 1, range.end.line + 1, range.end.character + 1],
      message,
    })),
  };
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  related: {
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    message: string;
  }[];
}

function fromJson(f: JsonFinding): Seen {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    at: [f.line, f.column, f.endLine, f.endColumn],
    related: f.related.map((r) => ({
      file: r.file,
      at: [r.line, r.column, r.endLine, r.endColumn],
      message: r.message,
    })),
  };
}

const order = (a: Seen, b: Seen): number =>
  JSON.stringify([a.at, a.ruleId, a.message]) < JSON.stringify([b.at, b.ruleId, b.message]) ? -1 : 1;

describe('Analyse workspace over the protocol', () => {
  it('publishes for every closed file what check reports for it, cross-object and Kustomize findings included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-lsp-analyse-'));
    mkdirSync(join(dir, 'app'));
    for (const [name, text] of Object.entries(APP)) writeFileSync(join(dir, 'app', name), text);
    cpSync(join(root, 'test', 'fixtures', 'kustomize-overlays'), join(dir, 'kustomize'), { recursive: true });
    // prod's patch adds a sidecar without a memory limit: a finding of the rendered output, in the patch.
    const patch = join(dir, 'kustomize', 'overlays', 'prod', 'limits.yaml');
    writeFileSync(
      patch,
      readFileSync(patch, 'utf8') + '        - name: proxy\n          image: envoyproxy/envoy:v1.31.0\n',
    );

    const cli = runCli(['check', '.', '--format', 'json', '--fail-on', 'none'], undefined, dir);
    assert.equal(cli.code, 0, cli.stderr);
    const expected = new Map<string, Seen[]>();
    for (const finding of (JSON.parse(cli.stdout) as { findings: JsonFinding[] }).findings) {
      const list = expected.get(finding.file) ?? [];
      list.push(fromJson(finding));
      expected.set(finding.file, list);
    }
    // The fixture holds what the comparison is about: findings that relate files of a folder, and findings
    // of the rendered overlays placed in the base and in a patch.
    const all = [...expected.values()].flat();
    assert.ok(all.some((f) => f.ruleId === 'service-selects-nothing' && f.related.length > 0));
    assert.ok(all.some((f) => f.ruleId === 'hpa-target-missing'));
    assert.ok(expected.get('kustomize/base/deploy.yaml')?.some((f) => f.message.includes('overlays/')));
    assert.ok(expected.has('kustomize/overlays/prod/limits.yaml'));

    const client = new LspClient();
    try {
      client.settings = { analysis: { debounceMs: 0 } };
      await client.initialize(workspaceInitialize(pathToFileURL(dir).toString()));
      const summary = await client.rpc.sendRequest<{ files: number; findings: number }>(
        'workspace/executeCommand',
        { command: 'kube-hindsight.analyseWorkspace', arguments: [] },
      );
      assert.equal(summary.findings, all.length);
      // Every file the command published, as its last diagnostics say (files without findings publish none).
      const published = new Map<string, Seen[]>();
      for (const [uri, versions] of client.published) {
        const seen = versions.at(-1)!.diagnostics.map((d) => fromDiagnostic(dir, d));
        if (seen.length > 0) published.set(relative(dir, fileURLToPath(uri)), seen);
      }
      assert.deepEqual([...published.keys()].sort(), [...expected.keys()].sort());
      for (const [file, seen] of published) {
        assert.deepEqual(seen.sort(order), expected.get(file)!.sort(order), file);
      }
    } finally {
      await client.stop();
    }
  });

  it('shows on a closed file a rule that could not run, as on an open one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-lsp-analyse-failure-'));
    // A team rule whose condition reads a field the object does not have: CEL stops with an error, which is a
    // rule failure, not a finding and not a silent pass.
    writeFileSync(
      join(dir, '.kube-hindsight.yaml'),
      [
        'teamRules:',
        '  - id: team/broken',
        '    title: A condition that cannot be evaluated',
        '    severity: warning',
        '    category: resources',
        '    kinds: [ConfigMap]',
        '    condition: object.data.missing == "x"',
        '    message: never shown',
        '    remediation: Read a field the object has.',
        '    story:',
        '      title: A broken rule',
        '      evidence: scenario',
        '      summary: A rule that reads a field the object does not have.',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'settings.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\ndata: {a: b}\n',
    );
    const client = new LspClient();
    try {
      await client.initialize(workspaceInitialize(pathToFileURL(dir).toString()));
      await client.untilLogged(/^Kube Hindsight indexed /);
      await client.rpc.sendRequest('workspace/executeCommand', {
        command: 'kube-hindsight.analyseWorkspace',
        arguments: [],
      });
      const uri = pathToFileURL(join(dir, 'settings.yaml')).toString();
      const shown = await client.until(uri, (d) => d.some((x) => x.code === 'team/broken'));
      assert.deepEqual(
        shown.filter((d) => d.code === 'team/broken').map((d) => [d.range.start.line, d.severity, d.message]),
        [
          [
            0,
            3,
            'Rule team/broken could not run on this document (an internal error, logged in the output).',
          ],
        ],
      );
    } finally {
      await client.stop();
    }
  });
});
