// The browser UI test: what a user of the packaged extension sees in VS Code. It installs the .vsix into a
// fresh code-server profile with --install-extension, opens a copy of the fixture workspace in headless
// Debian Chromium, and checks the squiggles, the Problems panel, the hover with its war story and the
// memory-limit quick fix (applied from Ctrl+. with the keyboard, saved, and compared with the expected file).
//
//   npm run package && node scripts/build.mjs --e2e && node out/e2e/ui.js [path/to/kube-hindsight.vsix]
//
// Without an argument the newest kube-hindsight-*.vsix in the repository root is used. Screenshots go to
// test/e2e/artifacts/ (01-squiggles.png … 05-after-fix.png); with E2E_UPDATE_README_PICTURES=1 a fully
// successful run also copies them to docs/images/. E2E_VERBOSE=1 echoes code-server's log and the page's
// console errors.
//
// Exit codes: 0 every assertion held; 1 an assertion failed; 2 the editor could not be installed or started;
// 130/143 interrupted.
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import {
  type Browser,
  launchChromium,
  openWorkbench,
  quickOpen,
  saveScreenshot,
  selectors,
} from './lib/browser';
import { installExtension, type RunningCodeServer, startCodeServer } from './lib/code-server';
import { artifactsDir, repositoryRoot } from './lib/paths';
import { SHOP_FINDINGS, type ShopFinding, shopFinding } from './lib/shop-findings';
import { differingLines } from './lib/text-diff';

const FILE = 'shop.yaml';
const RULE = 'missing-memory-limit';
const RULE_TITLE = 'Container without a memory limit';
const FINDING = shopFinding(RULE);
const STORY_URL_PREFIX = 'https://www.bluematador.com/';
/** The 1-based line of the `resources:` key of container "cart", where the missing-memory-limit squiggle is. */
const FINDING_LINE = FINDING.range[0] + 1;
const SCREENSHOTS = ['01-squiggles', '02-problems', '03-hover', '04-quick-fix-menu', '05-after-fix'] as const;
const VIEWPORT = { width: 1280, height: 800 };

// The squiggles of the whole file as 'line:severity' (1-based lines). The fix adds one line (memory: 512Mi)
// to the container's existing limits, after line 34 (its ephemeral-storage limit), so the findings below it
// move down by one.
const FIX_INSERTS = { afterLine: 34, lines: 1 };
const squiggleKey = (line: number, severity: ShopFinding['severity']): string => `${line}:${severity}`;
const SQUIGGLES_BEFORE = SHOP_FINDINGS.map((finding) => squiggleKey(finding.range[0] + 1, finding.severity));
const SQUIGGLES_AFTER = SHOP_FINDINGS.filter((finding) => finding.code !== RULE).map((finding) => {
  const line = finding.range[0] + 1;
  return squiggleKey(line > FIX_INSERTS.afterLine ? line + FIX_INSERTS.lines : line, finding.severity);
});

// The functions passed to page.evaluate and page.waitForFunction run in the browser. The project's tsconfig
// has no DOM library, and adding it would let Node code use browser globals unnoticed, so this module
// declares the little of the DOM that those functions use.
interface PageElement {
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { top: number; bottom: number; left: number; width: number };
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
};

const STEP_TIMEOUT_MS = 15_000;
const verbose = process.env.E2E_VERBOSE === '1';

/** A step that failed; `setup` steps mean the editor could not run, which is a different exit code. */
class StepFailure extends Error {
  constructor(
    readonly step: string,
    readonly setup: boolean,
    readonly reason: unknown,
  ) {
    super(`${step}: ${reason instanceof Error ? reason.message : String(reason)}`);
  }
}

interface StepResult {
  name: string;
  ms: number;
  ok: boolean;
}

const results: StepResult[] = [];

async function step<T>(name: string, kind: 'setup' | 'check', action: () => Promise<T>): Promise<T> {
  const startedAt = performance.now();
  try {
    const value = await action();
    results.push({ name, ms: performance.now() - startedAt, ok: true });
    console.log(`ok   ${name} (${Math.round(performance.now() - startedAt)} ms)`);
    return value;
  } catch (error) {
    results.push({ name, ms: performance.now() - startedAt, ok: false });
    console.log(`FAIL ${name} (${Math.round(performance.now() - startedAt)} ms)`);
    throw new StepFailure(name, kind === 'setup', error);
  }
}

function assert(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** The newest kube-hindsight-*.vsix in the repository root, or the one given on the command line. */
function findVsix(root: string): string {
  const given = process.argv[2];
  if (given !== undefined) {
    const path = resolve(given);
    if (!existsSync(path)) throw new Error(`${path} does not exist`);
    return path;
  }
  const candidates = readdirSync(root)
    .filter((name) => /^kube-hindsight-.*\.vsix$/.test(name))
    .map((name) => join(root, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (candidates[0] === undefined) {
    throw new Error(`no kube-hindsight-*.vsix in ${root}; run npm run package or pass the .vsix path`);
  }
  return candidates[0];
}

/** Polls a condition that has no event to wait on (a file written by another process). */
async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

interface Squiggle {
  line: number;
  severity: 'warning' | 'error';
  x: number;
  y: number;
}

interface EditorView {
  /** The line numbers the gutter shows, with their vertical extent. */
  lines: { line: number; top: number; bottom: number }[];
  squiggles: Squiggle[];
  /** The visible text area of the editor. */
  area: { left: number; top: number; right: number; bottom: number };
}

/**
 * What the editor renders right now: the gutter's line numbers and the squiggles, each placed on its line by
 * matching its vertical position with a line number. Monaco renders only the visible lines.
 */
function editorView(page: Page): Promise<EditorView> {
  return page.evaluate(() => {
    const lines = Array.from(
      document.querySelectorAll('.editor-instance .margin-view-overlays .line-numbers'),
    )
      .map((element) => {
        const box = element.getBoundingClientRect();
        return { line: Number(element.textContent), top: box.top, bottom: box.bottom };
      })
      .filter((box) => box.line > 0)
      .sort((a, b) => a.line - b.line);
    const squiggles: { line: number; severity: 'warning' | 'error'; x: number; y: number }[] = [];
    for (const severity of ['warning', 'error'] as const) {
      for (const element of Array.from(document.querySelectorAll(`.editor-instance .squiggly-${severity}`))) {
        const box = element.getBoundingClientRect();
        const middle = (box.top + box.bottom) / 2;
        const line = lines.find((candidate) => middle >= candidate.top && middle < candidate.bottom);
        if (line) squiggles.push({ line: line.line, severity, x: box.left + box.width / 2, y: middle });
      }
    }
    const guard = document.querySelector('.editor-instance .overflow-guard')?.getBoundingClientRect();
    const area = guard
      ? { left: guard.left, top: guard.top, right: guard.left + guard.width, bottom: guard.bottom }
      : { left: 0, top: 0, right: 0, bottom: 0 };
    return { lines, squiggles, area };
  });
}

/**
 * Presses one of the editor's scrolling keys (Alt+PageDown: scroll a page, Ctrl+Down: scroll a line; neither
 * moves the cursor) and waits until the first line the gutter shows has changed. The mouse wheel is no
 * substitute: Monaco rescales wheel deltas, so a wheel event cannot scroll by an exact distance.
 */
async function scrollEditor(page: Page, key: 'Alt+PageDown' | 'Control+ArrowDown'): Promise<void> {
  const before = await editorView(page);
  await page.keyboard.press(key);
  await page.waitForFunction(
    (previous) =>
      Math.min(
        ...Array.from(document.querySelectorAll('.editor-instance .margin-view-overlays .line-numbers')).map(
          (element) => Number(element.textContent) || Infinity,
        ),
      ) !== previous,
    before.lines[0]?.line ?? 0,
    { timeout: STEP_TIMEOUT_MS },
  );
}

/**
 * Every squiggle of the file as sorted 'line:severity' keys: scrolls through the editor from the top until
 * the gutter shows the last line, then goes back to the top (which moves the cursor there).
 */
async function allSquiggles(page: Page, lineCount: number): Promise<string[]> {
  const seen = new Set<string>();
  await page.keyboard.press('Control+Home');
  await page.waitForFunction(
    () =>
      Array.from(document.querySelectorAll('.editor-instance .margin-view-overlays .line-numbers')).some(
        (element) => element.textContent === '1',
      ),
    undefined,
    { timeout: STEP_TIMEOUT_MS },
  );
  for (;;) {
    const view = await editorView(page);
    for (const squiggle of view.squiggles) seen.add(`${squiggle.line}:${squiggle.severity}`);
    const first = view.lines[0];
    const last = view.lines.at(-1);
    if (!first || !last) throw new Error('the editor shows no line numbers');
    if (last.line >= lineCount) break;
    await scrollEditor(page, 'Alt+PageDown');
  }
  await page.keyboard.press('Control+Home');
  return [...seen].sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b));
}

/** Moves the cursor to a line with Go to Line (Ctrl+G), which also scrolls it into the middle of the view. */
async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
  await page.waitForFunction(
    (wanted) =>
      Array.from(document.querySelectorAll('.editor-instance .margin-view-overlays .line-numbers')).some(
        (element) => element.textContent === String(wanted),
      ),
    line,
    { timeout: STEP_TIMEOUT_MS },
  );
}

/** Scrolls a visible line up to the third row of the view, so that a hover opens below it with room. */
async function scrollLineToTop(page: Page, line: number): Promise<void> {
  for (let presses = 0; ; presses++) {
    const { lines, area } = await editorView(page);
    const row = lines.filter((box) => box.top >= area.top).findIndex((box) => box.line === line);
    if (row === -1) throw new Error(`line ${line} is not visible, so it cannot be scrolled to the top`);
    if (row <= 2) return;
    if (presses > 100) throw new Error(`line ${line} is still on row ${row} after ${presses} Ctrl+Down`);
    await scrollEditor(page, 'Control+ArrowDown');
  }
}

/** The squiggle on a line, which must be visible. */
async function squiggleOnLine(page: Page, line: number, severity: 'warning' | 'error'): Promise<Squiggle> {
  const { squiggles, lines } = await editorView(page);
  const found = squiggles.find((squiggle) => squiggle.line === line && squiggle.severity === severity);
  if (!found) {
    throw new Error(
      `no ${severity} squiggle on line ${line}; visible lines ${lines[0]?.line}-${lines.at(-1)?.line} have ` +
        `${JSON.stringify(squiggles.map((s) => `${s.line}:${s.severity}`))}`,
    );
  }
  return found;
}

/**
 * Drags the bottom edge of the hover down to the bottom of the editor, as a user does to read a long hover:
 * VS Code caps a hover at about 250 px, which cuts the story off before its evidence line in the picture.
 * The assertions read the hover's whole text, so they do not depend on this.
 */
async function enlargeHover(page: Page): Promise<void> {
  const sash = page.locator('.monaco-resizable-hover .monaco-sash.orthogonal-edge-south:not(.disabled)');
  const box = await sash.boundingBox();
  const { area } = await editorView(page);
  if (!box || box.y + 40 > area.bottom) return;
  const x = box.x + box.width / 2;
  await page.mouse.move(x, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(x, area.bottom - 20, { steps: 10 });
  await page.mouse.up();
  await page.waitForFunction(
    (previous) => {
      const hover = document.querySelector('.monaco-resizable-hover');
      return hover !== null && hover.getBoundingClientRect().bottom > previous + 40;
    },
    box.y,
    { timeout: STEP_TIMEOUT_MS },
  );
}

/** The text of the Problems panel's rows. */
function problemRows(page: Page): Promise<string[]> {
  return page.locator(`${selectors.problemsPanel} .monaco-list-row`).allTextContents();
}

/** Lets an animation (hover fade-in, menu layout) finish so that the screenshot shows the final state. */
async function settleAndScreenshot(page: Page, name: (typeof SCREENSHOTS)[number]): Promise<void> {
  await sleep(300);
  await saveScreenshot(page, name);
}

/**
 * What to undo when the run ends, in start order; cleanUp() runs it backwards (the failure screenshot, then
 * the browser, then code-server) both at the normal end and when a signal interrupts the run.
 */
const cleanUps: (() => Promise<void>)[] = [];

async function cleanUp(): Promise<void> {
  for (let undo = cleanUps.pop(); undo; undo = cleanUps.pop()) await undo().catch(() => {});
}

async function run(root: string, workDir: string): Promise<void> {
  const vsix = await step('find the .vsix', 'setup', async () => findVsix(root));
  console.log(`     ${vsix}`);
  const expectedAfterFix = readFileSync(
    join(root, 'test', 'e2e', 'fixtures', 'expected', `shop.${RULE}.yaml`),
    'utf8',
  );

  // Fixes are saved to disk, so the editor works on a copy of the fixtures, never on the fixtures.
  const workspace = join(workDir, 'workspace');
  cpSync(join(root, 'test', 'e2e', 'fixtures', 'workspace'), workspace, { recursive: true });
  const file = join(workspace, FILE);
  const original = readFileSync(file, 'utf8');
  const userDataDir = join(workDir, 'profile');

  await step('install the .vsix with --install-extension', 'setup', () =>
    installExtension(vsix, { userDataDir }),
  );
  const server: RunningCodeServer = await step('start code-server', 'setup', () =>
    startCodeServer({
      userDataDir,
      verbose,
      // Sticky scroll pins the enclosing keys over the first lines of the view, which hides the line under
      // the hover in the pictures and is not what this test is about.
      settings: { 'editor.stickyScroll.enabled': false },
    }),
  );
  cleanUps.push(() => server.stop());
  const browser: Browser = await step('launch Chromium', 'setup', () =>
    launchChromium({ viewport: VIEWPORT }),
  );
  cleanUps.push(() => browser.close());
  const { page } = browser;
  if (verbose) {
    page.on('console', (message) => {
      if (message.type() === 'error') console.log(`[page] ${message.text()}`);
    });
  }
  // A failed check leaves a picture of the screen at that moment, which says more than most messages.
  cleanUps.push(async () => {
    if (results.some((result) => !result.ok)) {
      await saveScreenshot(page, 'failure').then(
        (path) => console.log(`     screenshot of the failure: ${path}`),
        () => {},
      );
    }
  });

  await step('open the workbench', 'setup', () => openWorkbench(page, server.workbenchUrl(workspace)));

  const before = await step(`open ${FILE} with Ctrl+P and see the squiggles`, 'check', async () => {
    await quickOpen(page, FILE);
    // The server publishes all findings of a version at once, so the first squiggle means all are there;
    // the error is on the last line, which Monaco renders only once allSquiggles scrolls to it.
    await page.waitForSelector(selectors.warningSquiggle, { timeout: STEP_TIMEOUT_MS });
    const squiggles = await allSquiggles(page, original.split('\n').length);
    assert(
      squiggles.join(' ') === SQUIGGLES_BEFORE.join(' '),
      `squiggles on ${JSON.stringify(squiggles)}, expected ${JSON.stringify(SQUIGGLES_BEFORE)}`,
    );
    await settleAndScreenshot(page, '01-squiggles');
    return squiggles;
  });

  await step('Problems panel (Ctrl+Shift+M) lists the six findings', 'check', async () => {
    await page.keyboard.press('Control+Shift+M');
    await page.waitForSelector(selectors.problemsPanel, { state: 'visible', timeout: STEP_TIMEOUT_MS });
    const wanted = SHOP_FINDINGS.map((finding) => finding.code);
    // A timeout here is not the failure: the assertion below says what is missing, which Playwright cannot.
    await page
      .waitForFunction(
        ({ panel, ids }) => {
          const text = document.querySelector(panel)?.textContent ?? '';
          return ids.every((id) => text.includes(id));
        },
        { panel: selectors.problemsPanel, ids: wanted },
        { timeout: STEP_TIMEOUT_MS },
      )
      .catch(() => {});
    const rows = await problemRows(page);
    const missing = SHOP_FINDINGS.filter(
      (finding) => !rows.some((row) => row.includes(finding.code) && row.includes(finding.message)),
    );
    assert(
      missing.length === 0,
      `the Problems panel lacks ${missing.map((finding) => `${finding.code} "${finding.message}"`).join('; ')}\n` +
        `     rows:\n       ${rows.join('\n       ')}`,
    );
    const findingRows = rows.filter((row) => SHOP_FINDINGS.some((finding) => row.includes(finding.message)));
    assert(
      findingRows.length === SHOP_FINDINGS.length,
      `expected six problem rows, got:\n       ${rows.join('\n       ')}`,
    );
    await settleAndScreenshot(page, '02-problems');
  });

  await step(`hover the ${RULE} squiggle on line ${FINDING_LINE}`, 'check', async () => {
    // The hover holds the whole story; with the panel hidden (Ctrl+J) and the line near the top of the view
    // it opens below the line with room to show the evidence too.
    await page.keyboard.press('Control+J');
    await page.waitForSelector(selectors.problemsPanel, { state: 'hidden', timeout: STEP_TIMEOUT_MS });
    await goToLine(page, FINDING_LINE);
    await scrollLineToTop(page, FINDING_LINE);
    const squiggle = await squiggleOnLine(page, FINDING_LINE, 'warning');
    await page.mouse.move(squiggle.x, squiggle.y);
    const hover = page.locator(selectors.visibleHover, { hasText: RULE_TITLE }).first();
    await hover.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    const text = (await hover.textContent()) ?? '';
    for (const wanted of [RULE_TITLE, FINDING.story, `Evidence: ${FINDING.evidence}`]) {
      assert(text.includes(wanted), `the hover does not contain "${wanted}". It shows:\n${text}`);
    }
    // VS Code renders Markdown links with the target in data-href (and href); either is the link a user opens.
    const links = await hover.locator('a').evaluateAll((anchors) =>
      anchors.map((anchor) => ({
        text: anchor.textContent ?? '',
        href: anchor.getAttribute('data-href') ?? anchor.getAttribute('href') ?? '',
      })),
    );
    assert(
      links.some((link) => link.text.includes(FINDING.story) && link.href.startsWith(STORY_URL_PREFIX)),
      `the hover has no link "${FINDING.story}" to ${STORY_URL_PREFIX}…; links: ${JSON.stringify(links)}`,
    );
    await enlargeHover(page);
    await settleAndScreenshot(page, '03-hover');
  });

  await step(`choose '${FINDING.fix}' from Ctrl+. with the keyboard`, 'check', async () => {
    // A click puts the cursor inside the finding's range, which is where Ctrl+. looks for quick fixes.
    const squiggle = await squiggleOnLine(page, FINDING_LINE, 'warning');
    await page.mouse.click(squiggle.x, squiggle.y);
    await page.keyboard.press('Escape');
    await page.locator(selectors.visibleHover).waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
    await page.keyboard.press('Control+.');
    const rows = page.locator(selectors.codeActionRow);
    await rows.first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    const titles = await rows.allTextContents();
    assert(
      titles.some((title) => title.includes(FINDING.fix)),
      `the quick fix menu lacks '${FINDING.fix}'; it offers ${JSON.stringify(titles)}`,
    );
    // An overlay intercepts clicks on the action list, so the fix is chosen as a keyboard user would.
    const focused = page.locator(`${selectors.codeActionRow}.focused`);
    for (
      let presses = 0;
      !((await focused.textContent({ timeout: STEP_TIMEOUT_MS })) ?? '').includes(FINDING.fix);
    ) {
      assert(presses++ < titles.length, `cannot focus '${FINDING.fix}' with the arrow keys`);
      const current = await focused.textContent();
      await page.keyboard.press('ArrowDown');
      await page.waitForFunction(
        ({ selector, previous }) => document.querySelector(selector)?.textContent !== previous,
        { selector: `${selectors.codeActionRow}.focused`, previous: current },
        { timeout: STEP_TIMEOUT_MS },
      );
    }
    await settleAndScreenshot(page, '04-quick-fix-menu');
    await page.keyboard.press('Enter');
    await page
      .locator(selectors.codeActionRow)
      .first()
      .waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
  });

  await step('save with Ctrl+S; the file on disk equals the expected fix', 'check', async () => {
    await page.keyboard.press('Control+S');
    // The editor truncates the file before it writes the new text, so a read may catch it empty: the wait is
    // for the expected text, and a timeout is left to the assertion below, which shows the difference.
    await waitUntil(
      () => readFileSync(file, 'utf8') === expectedAfterFix,
      STEP_TIMEOUT_MS,
      `${FILE} on disk to equal the expected fix`,
    ).catch(() => {});
    const saved = readFileSync(file, 'utf8');
    assert(
      saved === expectedAfterFix,
      `${FILE} after the fix differs from fixtures/expected/shop.${RULE}.yaml:\n${differingLines(saved, expectedAfterFix)}`,
    );
  });

  await step(`the ${RULE} squiggle is gone and the others remain`, 'check', async () => {
    // The Problems panel comes back for the picture of the result.
    await page.keyboard.press('Control+Shift+M');
    await page.waitForSelector(selectors.problemsPanel, { state: 'visible', timeout: STEP_TIMEOUT_MS });
    // The server republishes after its debounce; the squiggle on the fixed line disappearing is the event.
    // A timeout is left to the assertions below, which say which squiggles remain.
    await goToLine(page, FINDING_LINE);
    await page
      .waitForFunction(
        (line) => {
          const number = Array.from(
            document.querySelectorAll('.editor-instance .margin-view-overlays .line-numbers'),
          ).find((element) => element.textContent === String(line));
          if (!number) return false;
          const box = number.getBoundingClientRect();
          return !Array.from(document.querySelectorAll('.editor-instance .squiggly-warning')).some(
            (element) => {
              const squiggle = element.getBoundingClientRect();
              const middle = (squiggle.top + squiggle.bottom) / 2;
              return middle >= box.top && middle < box.bottom;
            },
          );
        },
        FINDING_LINE,
        { timeout: STEP_TIMEOUT_MS },
      )
      .catch(() => {});
    const after = await allSquiggles(page, readFileSync(file, 'utf8').split('\n').length);
    assert(
      after.length < before.length,
      `the squiggle count did not go down: ${before.length} before, ${after.length} after (${JSON.stringify(after)})`,
    );
    assert(
      after.join(' ') === SQUIGGLES_AFTER.join(' '),
      `squiggles after the fix on ${JSON.stringify(after)}, expected ${JSON.stringify(SQUIGGLES_AFTER)}`,
    );
    // Again the assertion below, listing the rows, explains a timeout better than Playwright's message.
    await page
      .waitForFunction(
        ({ panel, rule }) => !(document.querySelector(panel)?.textContent ?? '').includes(rule),
        { panel: selectors.problemsPanel, rule: RULE },
        { timeout: STEP_TIMEOUT_MS },
      )
      .catch(() => {});
    const rows = await problemRows(page);
    assert(
      !rows.some((row) => row.includes(RULE)),
      `the Problems panel still lists ${RULE}:\n       ${rows.join('\n       ')}`,
    );
    // The fixed container, with its new memory limit, in the middle of the view for the picture.
    await goToLine(page, FINDING_LINE + 3);
    await settleAndScreenshot(page, '05-after-fix');
    console.log(`     squiggles: ${before.length} before, ${after.length} after the fix`);
  });
}

function printSummary(totalMs: number, failure: StepFailure | undefined): void {
  console.log('\nUI test timings:');
  for (const result of results) {
    console.log(
      `  ${result.ok ? 'ok  ' : 'FAIL'} ${String(Math.round(result.ms)).padStart(6)} ms  ${result.name}`,
    );
  }
  console.log(`  total ${Math.round(totalMs)} ms`);
  if (failure) {
    const reason = failure.reason instanceof Error ? failure.reason.message : String(failure.reason);
    console.error(`\nFAIL at step "${failure.step}":\n  ${reason}`);
  } else {
    console.log(`\nPASS all ${results.length} steps; screenshots in ${artifactsDir()}`);
  }
}

async function main(): Promise<number> {
  const startedAt = performance.now();
  const root = repositoryRoot();
  // Old pictures must not pass for this run's if it fails before taking them.
  for (const name of [...SCREENSHOTS, 'failure'])
    rmSync(join(artifactsDir(), `${name}.png`), { force: true });
  const workDir = mkdtempSync(join(tmpdir(), 'kube-hindsight-ui-'));
  // Also on 'exit': on SIGINT playwright closes its browsers and calls process.exit itself, which can cut
  // the asynchronous clean-ups short.
  const removeWorkDir = (): void => rmSync(workDir, { recursive: true, force: true });
  process.once('exit', removeWorkDir);
  cleanUps.push(async () => removeWorkDir());
  let failure: StepFailure | undefined;
  try {
    await run(root, workDir);
  } catch (error) {
    failure = error instanceof StepFailure ? error : new StepFailure('driver', true, error);
  } finally {
    await cleanUp();
  }
  printSummary(performance.now() - startedAt, failure);
  if (failure) return failure.setup ? 2 : 1;

  if (process.env.E2E_UPDATE_README_PICTURES === '1') {
    const imagesDir = join(root, 'docs', 'images');
    mkdirSync(imagesDir, { recursive: true });
    for (const name of SCREENSHOTS)
      copyFileSync(join(artifactsDir(), `${name}.png`), join(imagesDir, `${name}.png`));
    console.log(`copied the ${SCREENSHOTS.length} screenshots to ${imagesDir}`);
  }
  return 0;
}

// A signal's default action would skip every clean-up, so an interrupt runs them and then exits; a second
// signal exits at once, and process.exit still runs the 'exit' listeners with which startCodeServer and
// playwright kill the code-server and Chromium process groups.
for (const [signal, exitCode] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    console.error(`\ninterrupted by ${signal}; stopping the editor`);
    process.once(signal, () => process.exit(exitCode));
    void cleanUp().finally(() => process.exit(exitCode));
  });
}

main().then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    console.error(`FAIL: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 2;
  },
);
