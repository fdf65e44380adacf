// What a group of rules costs a cold analysis: the schema rules, or the Pod Security rules, on and off, each
// run in a fresh process of this same script (schemaProbe) so that "cold" includes loading what they load.
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { RULES } from '../rules';
import { analyseFile } from '../server/engine/engine';
import { parseFile } from '../server/engine/parse';
import { RuleSet } from '../server/engine/rule-set';
import { SCHEMA_RULE_IDS } from '../server/engine/schema/violations';
import { normaliseSettings } from '../server/engine/settings';
import { ADMISSION_RULE_IDS } from './admission';
import { median, round } from './stats';
import { yamlFiles } from './synthetic';

/**
 * A child run of this script (KH_SCHEMA_PROBE=on|off, KH_SCHEMA_FILE=path): one cold analysis of the file in a
 * fresh process, with every rule (on) or every rule but the schema rules (off), printed as milliseconds of wall
 * time and of CPU time (user and system, all of the process's threads). "Off" leaves the rules out rather than
 * turning them off, so that the kinds they make the parse read in full are not read either: the ratio is the
 * whole cost of the feature, the schema's first load included.
 */
export function schemaProbe(mode: string, path: string): void {
  // pss-on / pss-off measure the Pod Security rules the same way, with every workload held to restricted
  // (podSecurity.level), the setting under which they do the most work.
  const pss = mode.startsWith('pss-');
  // The admission rules of issue 21 (no policy in view in these files, so the policy rule's share is what it
  // costs a workspace without policies).
  const leftOut = pss ? ADMISSION_RULE_IDS : SCHEMA_RULE_IDS;
  const rules = new RuleSet(
    mode === 'on' || mode === 'pss-on' ? RULES : RULES.filter((rule) => !leftOut.has(rule.meta.id)),
  );
  const settings = normaliseSettings(pss ? { podSecurity: { level: 'restricted' } } : {});
  const text = readFileSync(path, 'utf8');
  const uri = pathToFileURL(path).toString();
  const cpu = process.cpuUsage();
  const started = performance.now();
  analyseFile(parseFile(text, {}, uri, { bodyKinds: rules.bodyKinds(settings) }), rules, { uri, settings });
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${wall} ${(used.user + used.system) / 1000}\n`);
}

/** The largest YAML files of the corpus folders (realworld, and kustomize beside it when present). */
export function largestCorpusFiles(corpus: string, count: number): string[] {
  const dirs = [corpus, join(corpus, '..', 'kustomize')].filter((dir) => {
    try {
      return statSync(dir).isDirectory();
    } catch {
      return false;
    }
  });
  return dirs
    .flatMap((dir) => yamlFiles(dir))
    .map((path) => ({ path, size: statSync(path).size }))
    .sort((a, b) => b.size - a.size)
    .slice(0, count)
    .map(({ path }) => path);
}

export interface SchemaCost {
  bytes: number;
  onMs: number;
  offMs: number;
  ratio: number;
  onCpuMs: number;
  offCpuMs: number;
  cpuRatio: number;
}

/**
 * Cold analyses with a feature's rules on and off (the schema rules, or with `prefix` "pss-" the Pod Security
 * rules), each in a fresh process, alternating; medians per file, in wall and CPU time. The schema target is
 * judged on CPU time: on a shared machine (load 20 on 2 cores while this was written) a process's wall time is
 * mostly its wait for a core, and the same file's wall ratio swung from 0.8 × to 1.6 × between runs.
 */
export async function schemaCost(corpus: string, runs = 5, prefix = ''): Promise<Record<string, SchemaCost>> {
  const probe = (mode: 'on' | 'off', path: string): Promise<[number, number]> =>
    new Promise((done, fail) => {
      const child = spawn(process.execPath, [__filename], {
        env: { ...process.env, KH_SCHEMA_PROBE: prefix + mode, KH_SCHEMA_FILE: path },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('error', fail);
      child.on('exit', () => {
        const [wall, cpu] = out.trim().split(' ').map(Number);
        done([wall ?? NaN, cpu ?? NaN]);
      });
    });
  const out: Record<string, SchemaCost> = {};
  for (const path of largestCorpusFiles(corpus, 5)) {
    const on: [number, number][] = [];
    const off: [number, number][] = [];
    for (let i = 0; i < runs; i++) {
      off.push(await probe('off', path));
      on.push(await probe('on', path));
    }
    const onMs = median(on.map(([wall]) => wall));
    const offMs = median(off.map(([wall]) => wall));
    const onCpuMs = median(on.map(([, cpu]) => cpu));
    const offCpuMs = median(off.map(([, cpu]) => cpu));
    out[path.slice(join(corpus, '..').length + 1)] = {
      bytes: statSync(path).size,
      onMs: round(onMs),
      offMs: round(offMs),
      ratio: round(onMs / offMs, 3),
      onCpuMs: round(onCpuMs),
      offCpuMs: round(offCpuMs),
      cpuRatio: round(onCpuMs / offCpuMs, 3),
    };
  }
  return out;
}
