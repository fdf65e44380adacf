// The CLI over a synthetic workspace, against one process that parses the same files once with the published
// `yaml` package: both are child processes, measured alike (wall time from spawn to exit, CPU and peak RSS
// from the child's own resource usage, which a preload writes on exit).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface ProcessCost {
  wallMs: number;
  /** User plus system CPU time. */
  cpuMs: number;
  /** Peak resident set size (MB = 10^6 bytes). */
  peakMB: number;
  exitCode: number | null;
}

/** A preload that writes `process.resourceUsage()` of the process to $BENCH_USAGE_OUT as it exits. */
function usagePreload(tmp: string): string {
  const path = join(tmp, 'usage-preload.js');
  writeFileSync(
    path,
    `process.on('exit', () => {
  try { require('node:fs').writeFileSync(process.env.BENCH_USAGE_OUT, JSON.stringify(process.resourceUsage())); } catch {}
});
`,
  );
  return path;
}

/** Runs `node <args>` in `cwd` with its output discarded, and returns what it cost. */
export async function measureNode(
  tmp: string,
  name: string,
  args: string[],
  cwd: string,
): Promise<ProcessCost> {
  const out = join(tmp, `usage-${name}.json`);
  const started = performance.now();
  const child = spawn(process.execPath, ['--require', usagePreload(tmp), ...args], {
    cwd,
    stdio: ['ignore', 'ignore', 'ignore'],
    env: { ...process.env, BENCH_USAGE_OUT: out },
  });
  const exitCode = await new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const wallMs = performance.now() - started;
  const usage = JSON.parse(readFileSync(out, 'utf8')) as NodeJS.ResourceUsage;
  return {
    wallMs,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    // ru_maxrss is in kilobytes on Linux.
    peakMB: (usage.maxRSS * 1024) / 1e6,
    exitCode,
  };
}

/** The best of several runs of one process: the least wall time, CPU and peak RSS seen. */
export function best(runs: readonly ProcessCost[]): ProcessCost {
  return {
    wallMs: Math.min(...runs.map((r) => r.wallMs)),
    cpuMs: Math.min(...runs.map((r) => r.cpuMs)),
    peakMB: Math.min(...runs.map((r) => r.peakMB)),
    exitCode: runs[0]?.exitCode ?? null,
  };
}

/**
 * A script that parses every `.yaml` file below a folder once, one after the other, with the published
 * `yaml` package as the bench's floor does (parseAllDocuments with source tokens and a LineCounter), and
 * keeps nothing: the least any linter of these files must do.
 */
export function parseEveryFileScript(tmp: string, root: string): string {
  const path = join(tmp, 'parse-every-file.js');
  writeFileSync(
    path,
    `const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { LineCounter, parseAllDocuments } = require(${JSON.stringify(join(root, 'node_modules', 'yaml'))});
const walk = (dir) => readdirSync(dir).sort().flatMap((entry) => {
  const path = join(dir, entry);
  return statSync(path).isDirectory() ? walk(path) : /\\.ya?ml$/.test(entry) ? [path] : [];
});
let documents = 0;
for (const file of walk(process.argv[2])) {
  documents += parseAllDocuments(readFileSync(file, 'utf8'), { keepSourceTokens: true, lineCounter: new LineCounter() }).length;
}
if (documents === 0) process.exitCode = 1;
`,
  );
  return path;
}

/** The version of the published `yaml` package the baseline parses with. */
export function yamlVersion(root: string): string {
  return (
    JSON.parse(readFileSync(join(root, 'node_modules', 'yaml', 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
}
