// What Kustomize-aware analysis changed on the real repositories of ../shared/corpus/kustomize: `check` over
// each repository root, compared with test/fixtures/kustomize-corpus-diff.json. That file lists every finding
// the analysis removed or added relative to the commit before it (b650c1a), each in a group whose reason was
// written after reading the files, and a digest of every finding both runs share. Any change of behaviour on
// the corpus therefore fails here until the data says why. Two promises of issue 19 are checked on the run
// itself: a file that a kustomization names as a patch shows only findings of the rendered output (or of
// its own text, the input rules), and a finding in a file that a rendered entry point includes names the
// entry points it holds for.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { RULES } from '../../rules';
import {
  isKustomizationPath,
  KustomizeProject,
  kustomizeRenderer,
} from '../../server/workspace/kustomize-project';
import { diskHost } from '../../server/workspace/kustomize-host';
import { stillClockPreload } from '../clock';
import { kustomizeCorpus } from '../corpus';
import { hasKustomizeCorpus } from '../kustomize-corpus';
import { cli, root } from './cli-run';

/** [file, line, column, rule, message without the rendered note], as the data file writes a finding. */
type Row = [string, number, number, string, string];

interface Group {
  id: string;
  reason: string;
  regression?: boolean;
  removed: Row[];
  added: Row[];
}

interface DiffData {
  roots: Record<string, { before: number; after: number; removed: number; added: number }>;
  groups: Group[];
  unchanged: string[];
}

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  message: string;
}

const RENDERED_NOTE = / \(in kustomize build of [^)]*\)/;
const INPUT_RULES = new Set(RULES.filter((rule) => rule.meta.input).map((rule) => rule.meta.id));
const data = JSON.parse(
  readFileSync(join(root, 'test', 'fixtures', 'kustomize-corpus-diff.json'), 'utf8'),
) as DiffData;

const rowOf = (f: JsonFinding): Row => [
  f.file,
  f.line,
  f.column,
  f.ruleId,
  f.message.replace(RENDERED_NOTE, ''),
];
const keyOf = (row: Row): string => JSON.stringify(row);
const digestOf = (row: Row): string => createHash('sha256').update(keyOf(row)).digest('hex').slice(0, 16);

/** `check` over one root as a user runs it from the corpus folder, the engine's clock stopped. */
async function checkRoot(name: string): Promise<JsonFinding[]> {
  const args = ['--require', stillClockPreload, cli, 'check', name, '--profile', 'strict'];
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...args, '--format', 'json', '--fail-on', 'none'],
    { cwd: kustomizeCorpus, maxBuffer: 64 * 1024 * 1024 },
  );
  return (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;
}

/** Every file under a folder, as absolute paths. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * The local files a kustomization's text names as patches (`patches[].path`, `patchesJson6902[].path`, and
 * `patchesStrategicMerge` entries that are paths rather than inline documents), read here on their own so
 * that the test does not take the product's word for which files are patches.
 */
function patchPathsOf(text: string): string[] {
  let fields: unknown;
  try {
    fields = parse(text, { uniqueKeys: false, maxAliasCount: 100 });
  } catch {
    return [];
  }
  if (typeof fields !== 'object' || fields === null) return [];
  const { patches, patchesJson6902, patchesStrategicMerge } = fields as Record<string, unknown>;
  const paths = [patches, patchesJson6902].flatMap((list) =>
    Array.isArray(list) ? list.map((entry) => (entry as { path?: unknown } | null)?.path) : [],
  );
  if (Array.isArray(patchesStrategicMerge)) {
    paths.push(
      ...patchesStrategicMerge.filter((entry) => typeof entry === 'string' && !entry.includes('\n')),
    );
  }
  return paths.filter(
    (path): path is string => typeof path === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(path),
  );
}

const roles = new Map<string, { patches: Set<string>; rendered: Set<string> }>();

/** What the kustomizations of a root say about its files: which are patches, which a rendering includes. */
function rolesOf(name: string): { patches: Set<string>; rendered: Set<string> } {
  const known = roles.get(name);
  if (known) return known;
  const kustomizations = filesUnder(join(kustomizeCorpus, name)).filter(isKustomizationPath);
  const patches = new Set(
    kustomizations.flatMap((file) =>
      patchPathsOf(readFileSync(file, 'utf8')).map((path) => join(dirname(file), path)),
    ),
  );
  const project = new KustomizeProject({
    render: kustomizeRenderer(),
    host: diskHost(),
    // Only the renderings are asked for here; the findings come from the CLI's run.
    configFor: () => {
      throw new Error('no analysis in this test');
    },
    root: (dir) => dir,
  });
  for (const file of kustomizations) project.add(file);
  const rendered = new Set(project.entryPoints().flatMap((entry) => [...entry.result.files]));
  roles.set(name, { patches, rendered });
  return { patches, rendered };
}

/** Multiset difference of rows, by key. */
function minus(a: readonly Row[], b: readonly Row[]): Row[] {
  const left = new Map<string, number>();
  for (const row of b) left.set(keyOf(row), (left.get(keyOf(row)) ?? 0) + 1);
  return a.filter((row) => {
    const n = left.get(keyOf(row)) ?? 0;
    if (n === 0) return true;
    left.set(keyOf(row), n - 1);
    return false;
  });
}

describe('check over the Kustomize corpus, before and after rendering', { skip: !hasKustomizeCorpus }, () => {
  const names = Object.keys(data.roots);
  let runs: (readonly [string, JsonFinding[]])[] = [];
  before(async () => {
    const checked = Promise.all(names.map(async (name) => [name, await checkRoot(name)] as const));
    // The renderings this process needs are made while the CLI runs in its own processes.
    for (const name of names) rolesOf(name);
    runs = await checked;
  });

  it('finds what the data lists: the unchanged findings and the added ones, nothing else', () => {
    const rows = runs.flatMap(([, findings]) => findings.map(rowOf));
    const added = data.groups.flatMap((group) => group.added);
    // Every added finding is there, and what remains is exactly the findings both runs shared: a removed
    // finding that comes back, or a new one, has a digest the data does not hold.
    assert.deepEqual(minus(added, rows), [], 'listed as added but not reported');
    const rest = minus(rows, added);
    const shared = new Map<string, number>();
    for (const digest of data.unchanged) shared.set(digest, (shared.get(digest) ?? 0) + 1);
    const unexpected = rest.filter((row) => {
      const n = shared.get(digestOf(row)) ?? 0;
      shared.set(digestOf(row), n - 1);
      return n === 0;
    });
    assert.deepEqual(unexpected, [], 'reported, but neither unchanged nor listed as added');
    assert.equal(rest.length, data.unchanged.length, 'findings of both runs no longer reported');
    for (const [name, findings] of runs) assert.equal(findings.length, data.roots[name]!.after, name);
  });

  it('gives every group a reason and counts each root as the data says', () => {
    for (const group of data.groups) {
      assert.ok(group.reason.length > 40, group.id);
      assert.ok(group.removed.length + group.added.length > 0, group.id);
    }
    for (const [name, counts] of Object.entries(data.roots)) {
      const inRoot = (rows: Row[]): number => rows.filter((row) => row[0].startsWith(`${name}/`)).length;
      assert.equal(inRoot(data.groups.flatMap((g) => g.removed)), counts.removed, name);
      assert.equal(inRoot(data.groups.flatMap((g) => g.added)), counts.added, name);
      assert.equal(counts.before - counts.removed + counts.added, counts.after, name);
    }
    // A finding listed on both sides would be no difference at all.
    const removed = data.groups.flatMap((g) => g.removed);
    assert.deepEqual(
      minus(
        removed,
        data.groups.flatMap((g) => g.added),
      ),
      removed,
    );
  });

  it('shows in a patch file only findings of the rendered output and of its own text', () => {
    for (const [name, findings] of runs) {
      const { patches } = rolesOf(name);
      const wrong = findings.filter(
        (f) =>
          patches.has(join(kustomizeCorpus, f.file)) &&
          !INPUT_RULES.has(f.ruleId) &&
          !RENDERED_NOTE.test(f.message),
      );
      assert.deepEqual(wrong.map(rowOf), [], name);
    }
  });

  it('names the entry points of every finding in a file that a rendered entry point includes', () => {
    for (const [name, findings] of runs) {
      const { rendered } = rolesOf(name);
      assert.ok(rendered.size > 0, `${name} has rendered entry points`);
      const unnamed = findings.filter(
        (f) =>
          rendered.has(join(kustomizeCorpus, f.file)) &&
          !INPUT_RULES.has(f.ruleId) &&
          !RENDERED_NOTE.test(f.message),
      );
      assert.deepEqual(unnamed.map(rowOf), [], name);
    }
  });
});
