/** A one-line progress bar on a terminal's stderr; silent when stderr is not a TTY. */

/** Where the bar is drawn. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): boolean;
}

/** Progress of a bulk submit: submitted, finished, failed. */
export class ProgressBar {
  private readonly stream: ProgressStream;
  private readonly total: number;
  private readonly enabled: boolean;
  private readonly startedAt: number = Date.now();
  private finished = 0;
  private failed = 0;
  private lastDrawAt = 0;

  constructor(stream: ProgressStream, total: number, enabled: boolean = Boolean(stream.isTTY)) {
    this.stream = stream;
    this.total = total;
    this.enabled = enabled;
  }

  /** Count one finished job (`ok` false for `Fail`) and redraw at most ten times a second. */
  tick(ok: boolean): void {
    this.finished++;
    if (!ok) this.failed++;
    const now = Date.now();
    if (this.finished === this.total || now - this.lastDrawAt >= 100) {
      this.lastDrawAt = now;
      this.draw();
    }
  }

  private draw(): void {
    if (!this.enabled) return;
    const seconds = Math.max(0.001, (Date.now() - this.startedAt) / 1000);
    const rate = this.finished / seconds;
    const tail = ` ${this.finished}/${this.total}${this.failed ? ` (${this.failed} failed)` : ''} ${rate.toFixed(1)}/s`;
    const width = Math.max(10, Math.min(40, (this.stream.columns || 80) - tail.length - 3));
    const filled = this.total === 0 ? width : Math.round((width * this.finished) / this.total);
    this.stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]${tail}\x1b[K`);
  }

  /** Clear the line so later output starts clean. */
  done(): void {
    if (this.enabled) this.stream.write('\r\x1b[K');
  }
}
