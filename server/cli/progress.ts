// A progress line on stderr for long runs in a terminal. CI logs and pipes never see it: they are not TTYs,
// and a run under a second needs no reassurance.

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export class ProgressLine {
  private readonly started: number;
  private lastWrite = -Infinity;
  private shown = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = Date.now,
    private readonly delayMs = 1000,
    private readonly intervalMs = 100,
  ) {
    this.started = now();
  }

  update(text: string): void {
    if (!this.stream.isTTY) return;
    const time = this.now();
    if (time - this.started < this.delayMs || time - this.lastWrite < this.intervalMs) return;
    this.lastWrite = time;
    this.shown = true;
    // One column short of the width, so the terminal never wraps the line it is about to overwrite. Some
    // pseudo-terminals report zero columns; that means unknown, not narrow.
    const width = Math.max((this.stream.columns || 80) - 1, 10);
    this.stream.write(`\r\x1b[K${text.length > width ? text.slice(0, width) : text}`);
  }

  /** Erases the line, so the report starts on a clean line. */
  done(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}
