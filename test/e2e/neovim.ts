// Proves the language server works for a non-VS Code client over plain stdio: headless Neovim 0.7 (Debian's
// `neovim`) opens a copy of the fixture shop.yaml with `node dist/server.js --stdio` as its language server,
// and neovim/lsp-check.lua receives the diagnostics, hovers the missing-memory-limit one, applies its first
// code action and reports the buffer. This driver asserts on what the script printed.
//
//   npm run build && node scripts/build.mjs --e2e && node out/e2e/neovim.js
//
// Exit codes: 0 every assertion held; 1 an assertion failed; 2 Neovim or the server could not be run.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LspDiagnostic, runNeovimLua } from './lib/neovim';
import { e2eSourceDir, repositoryRoot } from './lib/paths';

const RULE = 'missing-memory-limit';
const SOURCE = 'kube-hindsight';
const STORY_TITLE = 'Blue Matador: two production nodes ran out of memory';
const WARNING = 2;
const ERROR = 1;

interface ExpectedDiagnostic {
  code: string;
  severity: number;
  /** 0-based [startLine, startCharacter, endLine, endCharacter]. */
  range: [number, number, number, number];
  message: string;
}

// Taken from `node dist/cli.js check test/e2e/fixtures/workspace` (1-based) minus one, and written out here
// rather than computed at run time so that a regression in the engine cannot move both sides at once.
const EXPECTED: readonly ExpectedDiagnostic[] = [
  {
    code: 'missing-pdb',
    severity: WARNING,
    range: [4, 8, 4, 12],
    message:
      'Deployment "cart" runs 3 replicas but no PodDisruptionBudget selects its pods: a drain can evict them all at once.',
  },
  {
    code: 'required-anti-affinity',
    severity: WARNING,
    range: [19, 10, 19, 56],
    message:
      'Required pod anti-affinity: when nodes are short (drain, failover, zone loss) new pods stay Pending. Prefer it instead.',
  },
  {
    code: 'missing-memory-limit',
    severity: WARNING,
    range: [27, 8, 27, 17],
    message:
      'Container "cart" has no memory limit: a leak can exhaust the node\u2019s memory and take its neighbours down.',
  },
  {
    code: 'missing-anti-affinity',
    severity: WARNING,
    range: [38, 2, 38, 10],
    message:
      '2 replicas of Deployment "catalog" have no anti-affinity or topology spread: one node failure can take them all.',
  },
  {
    code: 'missing-resource-requests',
    severity: WARNING,
    range: [50, 8, 50, 17],
    message: 'Container "catalog" requests no cpu or memory: the scheduler packs it blind.',
  },
  {
    code: 'default-deny-blocks-dns',
    severity: ERROR,
    range: [74, 4, 74, 10],
    message:
      'This policy isolates egress, but nothing in namespace "shop" allows DNS (port 53): every name lookup will fail.',
  },
];

/** A failure of the product (exit 1), as opposed to a run that could not happen (exit 2). */
class AssertionFailure extends Error {}

function check(condition: boolean, message: string): void {
  if (!condition) throw new AssertionFailure(message);
}

/**
 * The lines where two texts differ, as one compact hunk: everything between the first and the last line
 * that differ, received and expected, with 1-based line numbers. A whole-file dump would hide the change.
 */
function differingLines(received: string, expected: string): string {
  const a = received.split('\n');
  const b = expected.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const show = (lines: string[], end: number): string =>
    lines
      .slice(start, end)
      .map((line, index) => `    ${String(start + index + 1).padStart(3)}| ${JSON.stringify(line)}`)
      .join('\n') || '    (nothing)';
  return `  received, from line ${start + 1}:\n${show(a, endA)}\n  expected, from line ${start + 1}:\n${show(b, endB)}`;
}

function describe(diagnostic: LspDiagnostic): string {
  const { start, end } = diagnostic.range;
  return `${String(diagnostic.code)} [${start.line},${start.character}-${end.line},${end.character}] severity ${diagnostic.severity} source ${String(diagnostic.source)}: ${diagnostic.message}`;
}

/** Reads the '<NAME>_JSON <json>' line that lsp-check.lua printed, or undefined when it printed none. */
function printed(output: string, name: string): unknown {
  const prefix = `${name}_JSON `;
  const line = output.split('\n').find((text) => text.startsWith(prefix));
  return line === undefined ? undefined : JSON.parse(line.slice(prefix.length));
}

/** Neovim encodes an empty Lua table as {} rather than [], so anything that is not an array is empty. */
function printedList<T>(output: string, name: string): T[] {
  const value = printed(output, name);
  return Array.isArray(value) ? (value as T[]) : [];
}

function assertDiagnostics(diagnostics: LspDiagnostic[]): void {
  const problems: string[] = [];
  for (const expected of EXPECTED) {
    const matching = diagnostics.filter((d) => d.code === expected.code);
    if (matching.length !== 1) {
      problems.push(`expected exactly one ${expected.code} diagnostic, got ${matching.length}`);
      continue;
    }
    const actual = matching[0]!;
    const { start, end } = actual.range;
    const range: number[] = [start.line, start.character, end.line, end.character];
    if (range.join(',') !== expected.range.join(',')) {
      problems.push(`${expected.code}: range ${range.join(',')}, expected ${expected.range.join(',')}`);
    }
    if (actual.severity !== expected.severity) {
      problems.push(`${expected.code}: severity ${actual.severity}, expected ${expected.severity}`);
    }
    if (actual.source !== SOURCE)
      problems.push(`${expected.code}: source ${actual.source}, expected ${SOURCE}`);
    if (actual.message !== expected.message) {
      problems.push(
        `${expected.code}: message\n      ${JSON.stringify(actual.message)}\n    expected\n      ${JSON.stringify(expected.message)}`,
      );
    }
  }
  const unexpected = diagnostics.filter((d) => !EXPECTED.some((e) => e.code === d.code));
  for (const diagnostic of unexpected) problems.push(`unexpected diagnostic ${describe(diagnostic)}`);
  check(
    problems.length === 0,
    `diagnostics differ from the expected six:\n  - ${problems.join('\n  - ')}\n  received:\n    ${diagnostics.map(describe).join('\n    ')}`,
  );
}

async function main(): Promise<number> {
  const root = repositoryRoot();
  const server = join(root, 'dist', 'server.js');
  const expectedAfterFix = readFileSync(
    join(root, 'test', 'e2e', 'fixtures', 'expected', `shop.${RULE}.yaml`),
    'utf8',
  );
  if (!existsSync(server)) {
    console.error(`FAIL setup: ${server} does not exist; run npm run build first.`);
    return 2;
  }

  // The fixture is copied because the script edits the buffer; the originals must never change.
  const workDir = mkdtempSync(join(tmpdir(), 'kube-hindsight-neovim-'));
  const removeWorkDir = (): void => rmSync(workDir, { recursive: true, force: true });
  process.once('exit', removeWorkDir);
  const file = join(workDir, 'shop.yaml');
  cpSync(join(root, 'test', 'e2e', 'fixtures', 'workspace', 'shop.yaml'), file);
  const startedAt = Date.now();
  try {
    let run;
    try {
      run = await runNeovimLua(join(e2eSourceDir(), 'neovim', 'lsp-check.lua'), {
        cwd: workDir,
        env: {
          LSP_COMMAND_JSON: JSON.stringify([process.execPath, server, '--stdio']),
          FILE: file,
          RULE,
          WAIT_MS: '15000',
        },
      });
    } catch (error) {
      console.error(`FAIL setup: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    }
    const { output } = run;
    const elapsedMs = Date.now() - startedAt;
    try {
      // The script exits non-zero only when the plumbing broke (no server, a request that errored), but its
      // output up to that point still says which step it reached, so the assertions below run first when
      // they can and the exit code is checked last.
      const diagnostics = printedList<LspDiagnostic>(output, 'DIAGNOSTICS');
      check(printed(output, 'DIAGNOSTICS') !== undefined, 'Neovim printed no diagnostics');
      assertDiagnostics(diagnostics);

      const hover = printed(output, 'HOVER');
      check(typeof hover === 'string' && hover.length > 0, `no hover at the ${RULE} diagnostic`);
      const hoverText = hover as string;
      check(hoverText.includes(STORY_TITLE), `the hover does not name the story "${STORY_TITLE}"`);
      check(hoverText.includes('Evidence'), 'the hover does not state the evidence level ("Evidence")');

      const titles = printedList<string>(output, 'CODE_ACTIONS');
      check(titles.length > 0, `the server offered no code action for ${RULE}`);
      check(run.exitCode === 0, `lsp-check.lua failed (exit ${run.exitCode})`);

      const buffer = printed(output, 'BUFFER');
      check(typeof buffer === 'string', 'Neovim printed no buffer text after the fix');
      check(
        buffer === expectedAfterFix,
        `the buffer after '${titles[0]}' differs from fixtures/expected/shop.${RULE}.yaml:\n` +
          differingLines(String(buffer), expectedAfterFix),
      );

      check(
        printed(output, 'FIX_CLEARED') === true,
        `the ${RULE} diagnostic did not disappear after the fix`,
      );
      const remaining = printedList<LspDiagnostic>(output, 'AFTER_FIX_DIAGNOSTICS')
        .map((d) => String(d.code))
        .sort();
      const expectedRemaining = EXPECTED.map((e) => e.code)
        .filter((code) => code !== RULE)
        .sort();
      check(
        remaining.join(',') === expectedRemaining.join(','),
        `after the fix the diagnostics are [${remaining.join(', ')}], expected [${expectedRemaining.join(', ')}]`,
      );
    } catch (error) {
      if (!(error instanceof AssertionFailure)) throw error;
      console.error(`FAIL ${error.message}\n\nNeovim output (exit ${run.exitCode}):\n${output}`);
      return 1;
    }

    const timings = output
      .split('\n')
      .filter((line) => line.startsWith('TIMING '))
      .map((line) => line.slice('TIMING '.length).replace(/ (\d+)$/, ' $1 ms'));
    console.log(`Neovim timings: ${timings.join(', ')}; driver total ${elapsedMs} ms`);
    console.log(
      `PASS Neovim 0.7 over stdio: six diagnostics with exact ranges, hover with the story and evidence, ` +
        `'${printedList<string>(output, 'CODE_ACTIONS')[0]}' applied, ${RULE} cleared.`,
    );
    return 0;
  } finally {
    removeWorkDir();
    process.removeListener('exit', removeWorkDir);
  }
}

// process.exit runs the 'exit' listeners, and runNeovimLua registers one that kills Neovim's process group
// (and with it the language server), which a signal's default action would skip.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

main().then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    console.error(`FAIL setup: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 2;
  },
);
