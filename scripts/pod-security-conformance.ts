// Measures the Pod Security checks against the official library's own test data, which is not vendored here:
// pass the folder `test/testdata` of a checkout of kubernetes/pod-security-admission. Every file there is a
// plain Pod the library's fixtures expect to pass or fail at a level and policy version
// (<level>/v1.<minor>/{pass,fail}/*.yaml). Prints how many agree and lists the others.
//   npx esbuild scripts/pod-security-conformance.ts --bundle --platform=node --outfile=/tmp/pss.js
//   node /tmp/pss.js <checkout>/test/testdata
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import type { PodContainer, PodFacts } from '../server/engine/pod-security/checks';
import { evaluatePod } from '../server/engine/pod-security/evaluate';

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function factsOf(pod: Record<string, unknown>): PodFacts {
  const spec = record(pod.spec);
  const containers: PodContainer[] = [];
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    const items = Array.isArray(spec[list]) ? (spec[list] as unknown[]) : [];
    items.forEach((item, index) => {
      const value = record(item);
      containers.push({ list, index, path: ['spec', list, index], value, name: String(value.name ?? '') });
    });
  }
  return { metadataPath: ['metadata'], specPath: ['spec'], metadata: record(pod.metadata), spec, containers };
}

const root = process.argv[2];
if (!root) {
  console.error('usage: pod-security-conformance <pod-security-admission>/test/testdata');
  process.exit(2);
}
let total = 0;
const disagreements: string[] = [];
for (const level of ['baseline', 'restricted'] as const) {
  for (const version of readdirSync(join(root, level))) {
    const minor = Number(version.split('.')[1]);
    for (const verdict of ['pass', 'fail'] as const) {
      const dir = join(root, level, version, verdict);
      let files: string[] = [];
      try {
        files = readdirSync(dir);
      } catch {
        continue;
      }
      for (const file of files) {
        const found = evaluatePod(factsOf(record(load(readFileSync(join(dir, file), 'utf8')))), level, minor);
        total++;
        if ((verdict === 'pass') !== (found.length === 0)) {
          disagreements.push(
            `${level}/${version}/${verdict}/${file}: ${found.map((v) => v.check).join(', ') || 'nothing'}`,
          );
        }
      }
    }
  }
}
console.log(`${total - disagreements.length} of ${total} official cases agree`);
for (const line of disagreements) console.log(line);
