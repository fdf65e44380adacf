// Drives code-server's workbench in headless Debian Chromium through playwright-core (never `playwright`,
// which downloads its own browsers on install), with the selectors that proved reliable in VS Code 1.100.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import chromiumFlags from './chromium-flags';
import { artifactsDir, chromiumExecutable } from './paths';

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Closes Chromium and removes its temporary profile. */
  close(): Promise<void>;
}

export async function launchChromium(
  options: { viewport?: { width: number; height: number } } = {},
): Promise<Browser> {
  const profileDir = mkdtempSync(join(tmpdir(), 'kube-hindsight-chromium-'));
  // Playwright refuses --user-data-dir in args; launchPersistentContext takes the profile directory instead.
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumExecutable(),
    headless: true,
    // Playwright's own signal handlers exit the process before close() can remove the profile; the
    // drivers handle SIGINT and SIGTERM themselves and always call close().
    handleSIGINT: false,
    handleSIGTERM: false,
    // Chromium's crash reporter writes to $XDG_CONFIG_HOME/chromium; the throwaway profile keeps ~ clean.
    env: { ...process.env, XDG_CONFIG_HOME: profileDir },
    viewport: options.viewport ?? { width: 1400, height: 900 },
    args: [...chromiumFlags],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => {});
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** Opens the workbench and waits until the explorer lists the folder, which is when typing is safe. */
export async function openWorkbench(page: Page, url: string, timeoutMs = 60_000): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
  await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: timeoutMs });
}

/** Opens a file of the workspace as a user would: Ctrl+P, type its name, Enter. */
export async function quickOpen(page: Page, fileName: string, timeoutMs = 15_000): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(fileName);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: fileName })
    .first()
    .waitFor({ timeout: timeoutMs });
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .view-lines').first().waitFor({ timeout: timeoutMs });
}

/** Selectors of what a user sees, shared by the UI suites. */
export const selectors = {
  warningSquiggle: '.editor-instance .squiggly-warning',
  errorSquiggle: '.editor-instance .squiggly-error',
  problemsPanel: '.markers-panel',
  visibleHover: '.monaco-hover:not(.hidden)',
  codeActionRow: '.action-widget .monaco-list-row',
} as const;

/** Saves a screenshot under the artifacts directory and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir(), { recursive: true });
  const path = join(artifactsDir(), `${name}.png`);
  await page.screenshot({ path });
  return path;
}
