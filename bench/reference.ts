// The reference column of `npm run bench`: a peer validator from npm run on the same files, offline, so that
// the engine's figures sit beside another tool's rather than alone.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import { latency, median, type Latency } from './stats';

export interface ReferenceResult {
  tool: string;
  plugins: string[];
  /** Requests the validator tried to make while it ran (each one was refused); none means it ran offline. */
  networkAttempts: string[];
  files: Record<string, { resources: number; findings: number; cold: Latency; warmMedian: Latency }>;
  error?: string;
}

/** The core plugins of @monokle/validation that run without the network (see `reference` below). */
const MONOKLE_OFFLINE_PLUGINS = [
  'yaml-syntax',
  'resource-links',
  'pod-security-standards',
  'practices',
  'metadata',
];

/**
 * Runs `work` with `fetch` and `http(s).request`/`get` refused, recording what was attempted, so that the
 * reference column is shown to run offline rather than assumed to.
 */
async function withoutNetwork<T>(attempts: string[], work: () => Promise<T>): Promise<T> {
  const refuse =
    (what: string) =>
    (target: unknown): never => {
      attempts.push(`${what} ${target instanceof URL ? target.href : JSON.stringify(target)}`);
      throw new Error(`bench: network refused (${what})`);
    };
  const modules = [http, https] as unknown as Record<string, unknown>[];
  const saved = modules.map((m) => ({ request: m.request, get: m.get }));
  const savedFetch = globalThis.fetch;
  globalThis.fetch = refuse('fetch') as typeof fetch;
  for (const m of modules) Object.assign(m, { request: refuse('http.request'), get: refuse('http.get') });
  try {
    return await work();
  } finally {
    globalThis.fetch = savedFetch;
    modules.forEach((m, i) => Object.assign(m, saved[i]));
  }
}

/**
 * The reference column: @monokle/validation, a peer Kubernetes validator on npm, with only its offline
 * plugins. `kubernetes-schema` fetches its JSON schemas from plugins.monokle.com and `open-policy-agent`
 * and `admission-policy` fetch WebAssembly from there at run time, so they are left out. Resources are
 * extracted before the clock starts; `validate` parses each resource's text again with its own parser,
 * so its time includes parsing, like ours. It is imported lazily so that its module code does not run
 * before the engine's cold measurement.
 */
export async function reference(
  root: string,
  corpus: string,
  texts: Map<string, string>,
  floor: (name: string) => number,
): Promise<ReferenceResult> {
  const result: ReferenceResult = {
    tool: '@monokle/validation',
    plugins: MONOKLE_OFFLINE_PLUGINS,
    networkAttempts: [],
    files: {},
  };
  try {
    const monokle = await import('@monokle/validation');
    const { version } = JSON.parse(
      readFileSync(join(root, 'node_modules', '@monokle', 'validation', 'package.json'), 'utf8'),
    ) as { version: string };
    result.tool = `@monokle/validation ${version}`;
    for (const [name, text] of texts) {
      // A fresh validator per file, so that "cold" is the first validation of a loaded validator.
      const validator = new monokle.MonokleValidator({
        loader: new monokle.DefaultPluginLoader(),
        parser: new monokle.ResourceParser(),
        schemaLoader: new monokle.SchemaLoader(),
        suppressors: [],
        fixer: new monokle.DisabledFixer(),
      });
      const plugins = Object.fromEntries(MONOKLE_OFFLINE_PLUGINS.map((plugin) => [plugin, true]));
      await withoutNetwork(result.networkAttempts, () => validator.preload({ plugins }));
      // A plugin that fails to load is dropped silently by the validator; the reference must say so.
      const failed = validator.getFailedPlugins?.() ?? [];
      if (failed.length > 0) throw new Error(`plugins failed to load: ${failed.join(', ')}`);
      const resources = monokleResources(join(corpus, name), text);
      const validate = async (): Promise<{ ms: number; findings: number }> => {
        const started = performance.now();
        const response = await validator.validate({ resources });
        const ms = performance.now() - started;
        return { ms, findings: response.runs.reduce((sum, run) => sum + (run.results?.length ?? 0), 0) };
      };
      const cold = await withoutNetwork(result.networkAttempts, validate);
      const warm: number[] = [];
      for (let i = 0; i < 3; i++) warm.push((await withoutNetwork(result.networkAttempts, validate)).ms);
      result.files[name] = {
        resources: resources.length,
        findings: cold.findings,
        cold: latency(cold.ms, floor(name)),
        warmMedian: latency(median(warm), floor(name)),
      };
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  }
  return result;
}

/** Monokle's resource shape: one per YAML document that has a kind, with its own text. */
function monokleResources(path: string, text: string) {
  return parseAllDocuments(text).flatMap((doc, i) => {
    const content: unknown = doc.toJS();
    if (typeof content !== 'object' || content === null || !('kind' in content)) return [];
    const object = content as {
      apiVersion?: string;
      kind: string;
      metadata?: { name?: string; namespace?: string };
    };
    const [start, , end] = doc.range;
    return [
      {
        id: `${i}`,
        fileId: path,
        filePath: path,
        fileOffset: 0,
        name: object.metadata?.name ?? '',
        apiVersion: object.apiVersion ?? '',
        kind: object.kind,
        namespace: object.metadata?.namespace,
        content,
        text: text.slice(start, end),
      },
    ];
  });
}
