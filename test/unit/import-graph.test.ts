// No import cycle among the project's own files. A cycle makes two modules one unit that can only be read,
// tested and changed together, and at run time one of them sees the other half-initialised. The graph is
// read from each file's import statements with TypeScript's parser (already the project's type checker), and
// relative specifiers are resolved the way esbuild and `moduleResolution: Bundler` resolve them here.
// Type-only imports count too: they do not run, but they tie the two modules together just the same.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { root } from '../corpus';

/** The folders whose files belong to the project (and may not form cycles among themselves). */
const FOLDERS = ['server', 'rules', 'client', 'scripts', 'bench', 'test'];
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
/** How an extensionless relative specifier may be completed, in the order the bundler tries them. */
const COMPLETIONS = ['', '.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '/index.ts', '/index.js'];

/** Every source file under the project's folders (no dependencies, no build output, no declarations). */
function projectFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (entry !== 'node_modules' && !entry.startsWith('.')) walk(path);
      } else if (SOURCE.test(entry) && !entry.endsWith('.d.ts')) {
        files.push(path);
      }
    }
  };
  for (const folder of FOLDERS) if (existsSync(join(root, folder))) walk(join(root, folder));
  return files;
}

/**
 * The module specifiers a file names: import and export declarations (type-only ones included),
 * `import x = require()`, `import()` and `require()` calls with a literal, and `declare module '…'`
 * augmentations of a relative module.
 */
function specifiersOf(path: string, text: string): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) found.push(expression.text);
    } else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) {
      found.push(node.name.text);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      const [argument] = node.arguments;
      if ((isImport || isRequire) && argument && ts.isStringLiteralLike(argument)) found.push(argument.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * The project file a relative specifier names, null for a relative specifier of a file that is not source
 * (a rule's `story.md`, `package.json`), undefined for packages and virtual modules. A relative specifier
 * that names nothing at all fails the test: the resolver would otherwise miss edges without a word.
 */
function resolveSpecifier(
  from: string,
  specifier: string,
  files: ReadonlySet<string>,
): string | null | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  const base = resolve(dirname(from), specifier);
  // ESM-style TypeScript names the emitted file (`./x.js`) for the source `./x.ts`.
  const candidates = [...COMPLETIONS.map((end) => base + end), base.replace(/\.(m|c)?js$/, '.$1ts')];
  const hit = candidates.find((candidate) => files.has(candidate));
  if (hit) return hit;
  if (existsSync(base) && statSync(base).isFile()) return null;
  assert.fail(`${relative(root, from)} imports ${specifier}, which names no file`);
}

/** Each file's imports of other project files. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = specifiersOf(file, readFileSync(file, 'utf8'))
      .map((specifier) => resolveSpecifier(file, specifier, known))
      .filter((target): target is string => typeof target === 'string');
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/**
 * One cycle through each group of files that import one another (the strongly connected components,
 * Tarjan's algorithm), as a path that starts and ends at the same file. Empty when the graph has none.
 */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (node: string): void => {
    index.set(node, index.size);
    lowest.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        lowest.set(node, Math.min(lowest.get(node)!, lowest.get(next)!));
      } else if (onStack.has(next)) {
        lowest.set(node, Math.min(lowest.get(node)!, index.get(next)!));
      }
    }
    if (lowest.get(node) !== index.get(node)) return;
    const group = new Set<string>();
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.add(member);
    } while (member !== node);
    if (group.size > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(pathBack(graph, node, group));
  };
  for (const node of graph.keys()) if (!index.has(node)) connect(node);
  return cycles;
}

/** The shortest path from `start` back to itself inside `group` (breadth first, so the message is short). */
function pathBack(
  graph: ReadonlyMap<string, readonly string[]>,
  start: string,
  group: ReadonlySet<string>,
): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let at = 0; at < queue.length; at++) {
    const node = queue[at]!;
    for (const next of graph.get(node) ?? []) {
      if (!group.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0]!)!);
        return [...path, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

describe('import graph', () => {
  it('has no cycle among the project files', () => {
    const files = projectFiles();
    const graph = importGraph(files);
    const name = (path: string): string => relative(root, path).split(sep).join('/');
    // The scan must see the project as it is, or finding no cycle would prove nothing.
    assert.ok(files.length > 100, `only ${files.length} files found under ${FOLDERS.join(', ')}`);
    assert.ok(
      graph
        .get(join(root, 'server', 'engine', 'parse.ts'))
        ?.includes(join(root, 'server', 'engine', 'parse-cache.ts')),
      'the graph misses the import of parse-cache.ts by parse.ts',
    );
    const cycles = cyclesOf(graph).map((cycle) => cycle.map(name).join(' → '));
    assert.deepEqual(cycles, [], `import cycles:\n${cycles.join('\n')}`);
  });

  it('names the files of a cycle', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ]);
    assert.deepEqual(cyclesOf(graph), [
      ['a', 'b', 'c', 'a'],
      ['e', 'e'],
    ]);
  });

  it('reads every form of import', () => {
    const text = [
      "import a from './a';",
      "import type { B } from './b';",
      "export { c } from './c';",
      "export * from './d';",
      "import e = require('./e');",
      "const f = () => import('./f');",
      "const g = require('./g');",
      "declare module './h' { interface H { h: string } }",
      "import 'node:fs';",
    ].join('\n');
    assert.deepEqual(specifiersOf('x.ts', text), [
      './a',
      './b',
      './c',
      './d',
      './e',
      './f',
      './g',
      './h',
      'node:fs',
    ]);
  });
});
