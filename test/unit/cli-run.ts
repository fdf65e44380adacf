// Runs the built CLI (dist/cli.js) as a user or a CI job would; shared by the CLI test files.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { stillClockPreload } from '../clock';
import { root } from '../corpus';

export { root };
export const cli = join(root, 'dist', 'cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], input?: string, cwd = root): CliResult {
  // The engine's clock stands still in the CLI (test/still-clock.js): a busy machine cannot make a time
  // budget run out and change its findings or its exit code.
  const result = spawnSync(process.execPath, ['--require', stillClockPreload, cli, ...args], {
    cwd,
    input,
    encoding: 'utf8',
    timeout: 60000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh folder holding `files` (relative path → text). */
export function tempTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kh-cli-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A Pod with one container and no resources: four findings, one of them a warning (missing-memory-limit). */
export const POD =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: lonely\n  namespace: ops\nspec:\n  containers:\n  - name: shell\n    image: busybox:1.36\n';

/** A Deployment of three replicas, fully resourced, whose only cross-object finding is missing-pdb. */
export const DEPLOYMENT = `apiVersion: apps/v1
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
      labels: { app: web }
    spec:
      automountServiceAccountToken: false
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm:
              topologyKey: kubernetes.io/hostname
              labelSelector: { matchLabels: { app: web } }
      containers:
      - name: web
        image: nginx:1.27
        resources:
          requests: { cpu: 100m, memory: 128Mi, ephemeral-storage: 1Gi }
          limits: { memory: 128Mi, ephemeral-storage: 1Gi }
`;

export const PDB = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels: { app: web }
`;

export interface JsonReport {
  tool: string;
  version: string;
  /** What made the run incomplete (exit code 2), the lines stderr shows; absent otherwise. */
  errors?: string[];
  findings: {
    ruleId: string;
    severity: string;
    message: string;
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    /** Null for findings about the input itself (invalid-yaml, file-skipped, unrendered-template). */
    object: { kind: string; name: string | null } | null;
    related: {
      file: string;
      line: number;
      column: number;
      endLine: number;
      endColumn: number;
      message: string;
    }[];
  }[];
}

export function json(result: CliResult): JsonReport {
  return JSON.parse(result.stdout) as JsonReport;
}
