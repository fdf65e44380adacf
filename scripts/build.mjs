// The project's one build: esbuild bundles the client, the server and the CLI into dist/, and (with flags)
// the unit tests into out/test/ and the in-editor suite into out/e2e/. Type checking is `tsc --noEmit`.
//
//   node scripts/build.mjs              dist/extension.js, dist/server.js, dist/index-worker.js, dist/cli.js
//   node scripts/build.mjs --tests      out/test/*.test.js (every *.test.ts under test/unit/ and rules/)
//   node scripts/build.mjs --tests X Y  only the test files whose path contains X or Y
//   node scripts/build.mjs --e2e        out/e2e/** (the extension-host suite and the e2e drivers)
//   node scripts/build.mjs --generate   regenerate what is derived from rule metadata (docs, README table, settings)
//   node scripts/build.mjs --check-fixes [paths]  apply every fix to the corpus and check it (scripts/check-fixes.ts)
//   node scripts/build.mjs --bench      out/bench.js (bench/bench.ts; `npm run bench` builds and runs it)
//   node scripts/build.mjs --schema     regenerate server/engine/schema/k8s-schema-data.ts (scripts/k8s-schema/)
//   node scripts/build.mjs --kustomize-schema   regenerate server/engine/kustomize/merge-schema-data.ts
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const args = new Set(process.argv.slice(2));
const root = new URL('..', import.meta.url).pathname;
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/**
 * `virtual:rule-cases` maps each rule folder's id to its test table (rules/<id>/cases.ts), so the docs
 * generator and the completeness test see every table without a second hand-kept registry.
 * `virtual:rule-tables` maps it to the rule its folder exports (rules/<id>/index.ts) with that table, so
 * that one test (test/unit/rules.test.ts) runs every table against its own rule, registered or not.
 */
const ruleCasesPlugin = {
  name: 'rule-cases',
  setup(build) {
    build.onResolve({ filter: /^virtual:rule-(cases|tables)$/ }, ({ path }) => ({
      path: path.slice('virtual:'.length),
      namespace: 'rule-cases',
    }));
    build.onLoad({ filter: /.*/, namespace: 'rule-cases' }, ({ path }) => {
      const ids = readdirSync(join(root, 'rules'))
        .filter((id) => statSync(join(root, 'rules', id)).isDirectory())
        .sort();
      const withRules = path === 'rule-tables';
      const imports = ids
        .map(
          (id, i) =>
            `import cases${i} from './rules/${id}/cases';` +
            (withRules ? ` import rule${i} from './rules/${id}';` : ''),
        )
        .join('\n');
      const entries = ids
        .map(
          (id, i) =>
            `${JSON.stringify(id)}: ${withRules ? `{ rule: rule${i}, cases: cases${i} }` : `cases${i}`}`,
        )
        .join(',\n');
      return { contents: `${imports}\nexport default {\n${entries}\n};\n`, resolveDir: root, loader: 'ts' };
    });
  },
};

/**
 * The `yaml` parser and composer look up a debugging switch in the environment (`LOG_TOKENS`,
 * `LOG_STREAM`) for every token they handle. Each lookup is a call into the runtime's environment, and on a
 * Kubernetes manifest that is about a third of the parse's time. The product's bundles read the switches as
 * off; nothing else in the library changes. The build fails if a new release of `yaml` moves them, so that
 * the saving is never lost without notice.
 */
const YAML_DEBUG_SWITCHES = [
  {
    file: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]parse[\\/]parser\.js$/,
    lookup: 'node_process.env.LOG_TOKENS',
  },
  {
    file: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]compose[\\/]composer\.js$/,
    lookup: 'node_process.env.LOG_STREAM',
  },
];

const yamlWithoutDebugSwitches = {
  name: 'yaml-without-debug-switches',
  setup(build) {
    for (const { file, lookup } of YAML_DEBUG_SWITCHES) {
      build.onLoad({ filter: file }, ({ path }) => {
        const source = readFileSync(path, 'utf8');
        if (!source.includes(lookup)) {
          throw new Error(
            `${path} no longer reads ${lookup}: update YAML_DEBUG_SWITCHES in scripts/build.mjs`,
          );
        }
        return { contents: source.replaceAll(lookup, 'false'), loader: 'js' };
      });
    }
  },
};

/** Story and rule documents are Markdown files next to the rule's code; they are bundled as strings. */
const common = {
  plugins: [ruleCasesPlugin],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  loader: { '.md': 'text' },
  absWorkingDir: root,
  define: { __KUBE_HINDSIGHT_VERSION__: JSON.stringify(version) },
};

function findFiles(dir, suffix, out = []) {
  for (const entry of readdirSync(join(root, dir))) {
    const path = join(dir, entry);
    if (entry === 'node_modules' || entry === 'workspace' || entry.endsWith('.d.ts')) continue;
    if (statSync(join(root, path)).isDirectory()) findFiles(path, suffix, out);
    else if (entry.endsWith(suffix)) out.push(path);
  }
  return out;
}

/** The product's bundles: the server, its workers and the CLI parse with the debugging switches off. */
const product = { ...common, plugins: [ruleCasesPlugin, yamlWithoutDebugSwitches] };

async function buildProduct() {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  await Promise.all([
    esbuild.build({
      ...product,
      entryPoints: ['./client/extension.ts'],
      outfile: 'dist/extension.js',
      external: ['vscode'],
    }),
    esbuild.build({ ...product, entryPoints: ['./server/lsp/main.ts'], outfile: 'dist/server.js' }),
    // The workspace index's worker threads (server/workspace/reader.ts starts them from next to server.js).
    esbuild.build({
      ...product,
      entryPoints: ['./server/workspace/index-worker.ts'],
      outfile: 'dist/index-worker.js',
    }),
    esbuild.build({
      ...product,
      entryPoints: ['./server/cli/main.ts'],
      outfile: 'dist/cli.js',
      banner: { js: '#!/usr/bin/env node' },
    }),
  ]);
}

async function buildTests() {
  const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  // A filtered build leaves the other bundles in place, so one rule's tests can be rebuilt on their own.
  if (filters.length === 0) rmSync(join(root, 'out/test'), { recursive: true, force: true });
  const entryPoints = [...findFiles('test/unit', '.test.ts'), ...findFiles('rules', '.test.ts')].filter(
    (file) => filters.length === 0 || filters.some((filter) => file.includes(filter)),
  );
  await esbuild.build({
    ...common,
    entryPoints: entryPoints.map((file) => ({
      in: './' + file,
      out: relative(root, join(root, file)).replace(/\.ts$/, '').replaceAll('/', '__'),
    })),
    outdir: 'out/test',
    packages: 'external',
  });
}

async function buildE2e() {
  rmSync(join(root, 'out/e2e'), { recursive: true, force: true });
  const entryPoints = findFiles('test/e2e', '.ts');
  await esbuild.build({
    ...common,
    entryPoints: entryPoints.map((file) => './' + file),
    outbase: 'test/e2e',
    outdir: 'out/e2e',
    external: ['vscode', 'mocha', 'playwright-core', '@vscode/test-electron'],
  });
}

async function generate() {
  await esbuild.build({ ...common, entryPoints: ['./scripts/generate.ts'], outfile: 'out/generate.js' });
  execFileSync(process.execPath, ['--enable-source-maps', join(root, 'out/generate.js'), ...args], {
    stdio: 'inherit',
  });
}

async function checkFixes() {
  await esbuild.build({
    ...common,
    entryPoints: ['./scripts/check-fixes.ts'],
    outfile: 'out/check-fixes.js',
  });
  const rest = process.argv.slice(2).filter((arg) => arg !== '--check-fixes');
  try {
    execFileSync(process.execPath, ['--enable-source-maps', join(root, 'out/check-fixes.js'), ...rest], {
      stdio: 'inherit',
    });
  } catch (error) {
    process.exitCode = error.status ?? 1;
  }
}

/** The built-in kinds' schema, from the declaration packages in node_modules (scripts/k8s-schema/). */
async function generateSchema() {
  await esbuild.build({
    ...common,
    entryPoints: ['./scripts/k8s-schema/main.ts'],
    outfile: 'out/generate-schema.js',
    packages: 'external',
  });
  execFileSync(process.execPath, ['--enable-source-maps', join(root, 'out/generate-schema.js')], {
    stdio: 'inherit',
  });
}

/** Strategic merge keys and strategies of the built-in kinds, from kustomize's OpenAPI bundle (scripts/kustomize-schema/). */
async function generateKustomizeSchema() {
  await esbuild.build({
    ...common,
    entryPoints: ['./scripts/kustomize-schema/main.ts'],
    outfile: 'out/generate-kustomize-schema.js',
    packages: 'external',
  });
  execFileSync(process.execPath, ['--enable-source-maps', join(root, 'out/generate-kustomize-schema.js')], {
    stdio: 'inherit',
  });
}

async function buildBench() {
  await esbuild.build({ ...common, entryPoints: ['./bench/bench.ts'], outfile: 'out/bench.js' });
}

if (args.has('--generate')) {
  await generate();
} else if (args.has('--check-fixes')) {
  await checkFixes();
} else if (args.has('--schema')) {
  await generateSchema();
} else if (args.has('--kustomize-schema')) {
  await generateKustomizeSchema();
} else if (args.has('--bench')) {
  await buildBench();
} else if (args.has('--tests') || args.has('--e2e')) {
  if (args.has('--tests')) await buildTests();
  if (args.has('--e2e')) await buildE2e();
} else {
  await buildProduct();
}
