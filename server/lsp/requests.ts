// What every request handler does alike: it honours cancellation, and a failure costs the request, never
// the server.
import {
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
} from 'vscode-languageserver/node';

/** The answer to a request the client cancelled ($/cancelRequest): LSP's RequestCancelled error. */
export function cancelled(token: CancellationToken): void {
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
}

/**
 * Runs a request's work. An error (a bug) is logged as "<what> failed" and answered with `fallback`, so
 * that the editor gets an empty answer instead of an error; a ResponseError (cancellation) is the answer.
 */
export async function guarded<T>(
  connection: Connection,
  what: string,
  fallback: T,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ResponseError) throw error;
    connection.console.error(`${what} failed: ${String(error)}`);
    return fallback;
  }
}
