/** What every command gets: output streams, the `--json` flag and a lazily opened facade. */
import { mkdir } from 'node:fs/promises';
import type { ClientOptions, DnaClient } from './client.js';
import { openClient } from './client.js';
import type { ProgressStream } from './progress.js';

/** A writable text stream (process.stdout / process.stderr or a test double). */
export interface OutputStream extends ProgressStream {
  write(text: string): boolean;
}

/** Shared state of one CLI run. */
export class CliContext {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly json: boolean;
  readonly clientOptions: ClientOptions;
  private opened: Promise<DnaClient> | undefined;

  constructor(stdout: OutputStream, stderr: OutputStream, json: boolean, clientOptions: ClientOptions) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.json = json;
    this.clientOptions = clientOptions;
  }

  /** Open the data directory (created when missing) on first use. */
  client(): Promise<DnaClient> {
    this.opened ??= mkdir(this.clientOptions.dataDir, { recursive: true }).then(() => openClient(this.clientOptions));
    return this.opened;
  }

  /** Print one value as a JSON line. */
  printJson(value: unknown): void {
    this.stdout.write(JSON.stringify(value) + '\n');
  }

  /** Close the facade if it was opened. */
  async close(): Promise<void> {
    const opened = this.opened;
    this.opened = undefined;
    if (!opened) return;
    const client = await opened.catch(() => undefined);
    if (client) await client.close();
  }
}
