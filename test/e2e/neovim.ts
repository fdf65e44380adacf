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
import { SHOP_FINDINGS, shopFinding } from './lib/shop-findings';
import { differingLines } from './lib/text-diff';

const RULE = 'missing-memory-limit';
const SOURCE = 'kube-hindsight';
const FINDING = shopFinding(RULE);
/** LSP's DiagnosticSeverity numbers. */
const LSP_SEVERITY = { error: 1, warning: 2 } as const;

/** A failure of the product (exit 1), as opposed to a run that could not happen (exit 2). */
class AssertionFailure extends Error {}

function check(condition: boolean, message: string): void {
  if (!condition) throw new AssertionFailure(message);
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
  for (const expected of SHOP_FINDINGS) {
    const expectedSeverity = LSP_SEVERITY[expected.severity];
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
    if (actual.severity !== expectedSeverity) {
      problems.push(`${expected.code}: severity ${actual.severity}, expected ${expectedSeverity}`);
    }
    if (actual.source !== SOURCE)
      problems.push(`${expected.code}: source ${actual.source}, expected ${SOURCE}`);
    if (actual.message !== expected.message) {
      problems.push(
        `${expected.code}: message\n      ${JSON.stringify(actual.message)}\n    expected\n      ${JSON.stringify(expected.message)}`,
      );
    }
  }
  const unexpected = diagnostics.filter((d) => !SHOP_FINDINGS.some((e) => e.code === d.code));
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
      check(hoverText.includes(FINDING.story), `the hover does not name the story "${FINDING.story}"`);
      check(
        hoverText.includes(`Evidence: ${FINDING.evidence}`),
        `the hover does not state the evidence level ("Evidence: ${FINDING.evidence}")`,
      );

      const titles = printedList<string>(output, 'CODE_ACTIONS');
      check(titles.length > 0, `the server offered no code action for ${RULE}`);
      check(
        titles[0] === FINDING.fix,
        `the first code action for ${RULE} is '${titles[0]}', expected '${FINDING.fix}'`,
      );
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
      const expectedRemaining = SHOP_FINDINGS.map((e) => e.code)
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
