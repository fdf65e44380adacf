// Runs inside the extension host: waits for a condition that editor events announce (a tab opened, a document
// opened, diagnostics changed), with a timeout, because a fixed sleep is either slow or flaky.
import type * as vscode from 'vscode';

/**
 * Resolves with the first truthy value of `check`, which is tried at once and again on every one of `events`;
 * rejects after `timeoutMs` with `what` and the last value `describe` gives of the state.
 */
export function waitUntil<T>(
  what: string,
  check: () => T | undefined | null | false,
  events: readonly vscode.Event<unknown>[],
  options: { timeoutMs?: number; describe?: () => string } = {},
): Promise<T> {
  const { timeoutMs = 15_000, describe } = options;
  return new Promise((resolve, reject) => {
    const subscriptions: vscode.Disposable[] = [];
    const cleanUp = (): void => {
      clearTimeout(timer);
      for (const s of subscriptions) s.dispose();
    };
    const attempt = (): void => {
      const value = check();
      if (!value) return;
      cleanUp();
      resolve(value);
    };
    const timer = setTimeout(() => {
      cleanUp();
      reject(
        new Error(
          `timed out after ${timeoutMs} ms waiting until ${what}${describe ? `; ${describe()}` : ''}`,
        ),
      );
    }, timeoutMs);
    for (const event of events) subscriptions.push(event(attempt));
    attempt();
  });
}
