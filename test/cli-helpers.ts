// Runs the built `mediadna` CLI as a child process (shared by test/cli-*.test.ts).
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

export const repo: string = resolve(import.meta.dirname, '..');
export const bin: string = resolve(repo, 'packages', 'cli', 'dist', 'bin.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `node dist/bin.js ...args` and collect its exit status and output (never rejects). */
export function runMediadna(args: readonly string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: options.cwd ?? repo, env: { ...process.env, ...options.env }, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** Parse stdout as JSON lines. */
export function jsonLines(stdout: string): unknown[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}
