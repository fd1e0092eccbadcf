/**
 * The system-ffmpeg backend: spawns `ffmpeg`/`ffprobe`, reads raw output from a pipe. Memory is
 * the pipe's buffer plus what the consumer keeps. Byte inputs are written to a temporary file
 * first (MP4 needs seeking; a pipe cannot seek).
 */
import { DnaErrorCode, dnaError } from '@mediadna/core';
import type { MediaSource } from '@mediadna/core';
import type { FfmpegArgsBuilder, FfmpegBackend, FfmpegRunOptions, FfmpegRunResult, FfprobeJson } from './backend.js';
import { LogTail } from './errors.js';
import type { SystemFfmpeg } from './locate.js';

async function withInputPath<T>(source: MediaSource, use: (path: string) => Promise<T>): Promise<T> {
  if (source.type === 'path') return use(source.path);
  const [{ mkdtemp, writeFile, rm }, { tmpdir }, { join }] = await Promise.all([
    import('node:fs/promises'),
    import('node:os'),
    import('node:path'),
  ]);
  const dir = await mkdtemp(join(tmpdir(), 'mediadna-'));
  const path = join(dir, 'input');
  try {
    await writeFile(path, source.bytes);
    return await use(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function spawnCollect(
  command: string,
  args: readonly string[],
  options: FfmpegRunOptions,
): Promise<FfmpegRunResult> {
  return import('node:child_process').then(
    ({ spawn }) =>
      new Promise<FfmpegRunResult>((resolve, reject) => {
        const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
        const log = new LogTail();
        let failure: unknown = null;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const stop = (error: unknown): void => {
          if (failure === null) failure = error;
          child.kill('SIGKILL');
        };
        const onAbort = (): void => stop(dnaError(DnaErrorCode.JobCancelled, '[mediadna] [video] Decoding was cancelled'));
        if (options.signal) {
          if (options.signal.aborted) onAbort();
          else options.signal.addEventListener('abort', onAbort, { once: true });
        }
        if (options.timeoutMs !== undefined) {
          timer = setTimeout(
            () => stop(dnaError(DnaErrorCode.InputTimeout, `[mediadna] [video] Decoding took longer than ${options.timeoutMs} ms`)),
            options.timeoutMs,
          );
        }
        child.stdout.on('data', (chunk: Buffer) => {
          if (failure !== null) return;
          try {
            options.onData(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          } catch (error) {
            stop(error);
          }
        });
        child.stderr.setEncoding('utf8');
        child.stderr.on('data', (text: string) => {
          log.push(text);
          if (options.onLog && failure === null) {
            try {
              options.onLog(text);
            } catch (error) {
              stop(error);
            }
          }
        });
        child.on('error', (error) => {
          if (failure === null) failure = dnaError(DnaErrorCode.DecoderUnavailable, `[mediadna] [video] Cannot run ${command}: ${error.message}`);
        });
        child.on('close', (code) => {
          if (timer) clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
          if (failure !== null) reject(failure);
          else resolve({ exitCode: code ?? -1, log: log.toString() });
        });
      }),
  );
}

/** The backend over a located system ffmpeg. */
export function createSystemBackend(system: SystemFfmpeg): FfmpegBackend {
  return {
    name: 'system',
    version: system.version,
    run(source: MediaSource, buildArgs: FfmpegArgsBuilder, options: FfmpegRunOptions): Promise<FfmpegRunResult> {
      return withInputPath(source, (path) =>
        spawnCollect(system.ffmpeg, ['-hide_banner', '-nostdin', '-nostats', ...buildArgs(path, 'pipe:1')], options),
      );
    },
    probe(source: MediaSource, options = {}): Promise<FfprobeJson | null> {
      return withInputPath(source, async (path) => {
        const chunks: Uint8Array[] = [];
        let total = 0;
        const result = await spawnCollect(
          system.ffprobe,
          ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path],
          {
            ...options,
            onData: (chunk) => {
              total += chunk.length;
              if (total > 8 * 1024 * 1024) throw dnaError(DnaErrorCode.MediaCorrupt, '[mediadna] [video] ffprobe output is too large');
              chunks.push(chunk.slice());
            },
          },
        );
        return parseProbeOutput(new TextDecoder().decode(Buffer.concat(chunks)), result.exitCode);
      });
    },
  };
}

/** Parse ffprobe's JSON; `null` when it printed nothing usable. */
export function parseProbeOutput(text: string, exitCode: number): FfprobeJson | null {
  try {
    const json = JSON.parse(text) as FfprobeJson;
    if (exitCode !== 0 && !json.streams?.length) return null;
    return json;
  } catch {
    return null;
  }
}
