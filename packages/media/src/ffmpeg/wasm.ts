/**
 * The WASM backend: `@ffmpeg/core` 0.12 (ffmpeg compiled to WebAssembly, single thread, GPL-2.0+,
 * an optional peer dependency), loaded lazily on first use and kept for the process.
 *
 * No whole-file copies: the input is mounted with the core's WORKERFS, whose reader is replaced
 * by one that reads the requested range from the file descriptor (Node) or from the byte array,
 * so ffmpeg sees a seekable file and memory stays at ffmpeg's own buffers. Output goes to a
 * character device whose `write` hands the bytes straight to the consumer, so raw frames are
 * never accumulated. `exec` is synchronous: one run at a time per thread.
 */
import { DnaErrorCode, dnaError } from '@mediadna/core';
import type { MediaSource } from '@mediadna/core';
import type { FfmpegArgsBuilder, FfmpegBackend, FfmpegRunOptions, FfmpegRunResult, FfprobeJson } from './backend.js';
import { LogTail } from './errors.js';
import { parseProbeOutput } from './system.js';

/** A byte range of the input, standing in for a `Blob` in WORKERFS. */
interface InputSlice {
  readonly start: number;
  readonly end: number;
  readonly size: number;
  slice(start: number, end?: number): InputSlice;
}

interface EmscriptenFs {
  filesystems: { WORKERFS: { reader: { readAsArrayBuffer(slice: InputSlice): ArrayBuffer } | null } };
  mkdir(path: string): void;
  rmdir(path: string): void;
  mount(type: unknown, options: unknown, mountpoint: string): void;
  unmount(mountpoint: string): void;
  makedev(major: number, minor: number): number;
  mkdev(path: string, mode: number, dev: number): void;
  registerDevice(dev: number, ops: Record<string, unknown>): void;
  ErrnoError: new (errno: number) => Error;
}

interface FfmpegCore {
  FS: EmscriptenFs;
  exec(...args: string[]): number;
  ffprobe(...args: string[]): number;
  setLogger(logger: (message: { type: string; message: string }) => void): void;
  setTimeout(milliseconds: number): void;
  reset(): void;
}

const OUTPUT_DEVICE = '/dev/mediadna-out';
const EIO = 29;

interface Run {
  onData: (chunk: Uint8Array) => void;
  onLine: (type: string, line: string) => void;
  failure: unknown;
  readRange: (start: number, length: number) => ArrayBuffer;
}

let corePromise: Promise<{ core: FfmpegCore; version: string }> | undefined;
let current: Run | null = null;
let mountCounter = 0;

function makeSlice(start: number, end: number): InputSlice {
  return {
    start,
    end,
    size: end - start,
    slice(from: number, to?: number): InputSlice {
      const a = Math.min(start + from, end);
      const b = to === undefined ? end : Math.min(start + to, end);
      return makeSlice(a, Math.max(a, b));
    },
  };
}

async function loadCore(): Promise<{ core: FfmpegCore; version: string }> {
  const specifier = '@ffmpeg/core';
  let factory: (options: Record<string, unknown>) => Promise<FfmpegCore>;
  let version = '@ffmpeg/core 0.12 (WASM)';
  const isNode = typeof process !== 'undefined' && !!process.versions?.node;
  const options: Record<string, unknown> = {};
  try {
    const module = (await import(/* @vite-ignore */ specifier)) as { default: typeof factory };
    factory = module.default;
    if (isNode) {
      const [{ readFile }, { fileURLToPath }] = await Promise.all([import('node:fs/promises'), import('node:url')]);
      const wasmPath = fileURLToPath(import.meta.resolve(`${specifier}/wasm`));
      options.wasmBinary = await readFile(wasmPath);
      options.locateFile = (path: string): string => path;
      try {
        const pkg = JSON.parse(await readFile(wasmPath.replace(/dist[\\/]esm[\\/]ffmpeg-core\.wasm$/, 'package.json'), 'utf8')) as { version?: string };
        if (pkg.version) version = `@ffmpeg/core ${pkg.version} (WASM)`;
      } catch {
        // version text stays generic
      }
    }
  } catch (error) {
    throw dnaError(
      DnaErrorCode.DecoderUnavailable,
      `[mediadna] [video] No video decoder: no system ffmpeg on PATH and the optional peer dependency @ffmpeg/core (GPL) is not installed (${(error as Error).message})`,
    );
  }
  // The core is built for web workers and reads `self.location` while starting; give it one in Node only for that moment.
  const global = globalThis as { self?: unknown };
  const hadSelf = 'self' in global;
  if (!hadSelf) global.self = { location: { href: import.meta.resolve(specifier) } };
  let pending: Promise<FfmpegCore>;
  try {
    pending = factory(options);
  } finally {
    if (!hadSelf) delete global.self;
  }
  const core = await pending;
  const fs = core.FS;
  fs.filesystems.WORKERFS.reader = {
    readAsArrayBuffer(slice: InputSlice): ArrayBuffer {
      if (!current) throw new fs.ErrnoError(EIO);
      return current.readRange(slice.start, slice.size);
    },
  };
  const device = fs.makedev(64, 0);
  fs.registerDevice(device, {
    open(): void {},
    close(): void {},
    read(): number {
      return 0;
    },
    llseek(): number {
      return 0;
    },
    write(_stream: unknown, buffer: Uint8Array, offset: number, length: number): number {
      const run = current;
      if (!run || run.failure !== null) throw new fs.ErrnoError(EIO);
      try {
        run.onData(new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length));
      } catch (error) {
        run.failure = error;
        throw new fs.ErrnoError(EIO);
      }
      return length;
    },
  });
  fs.mkdev(OUTPUT_DEVICE, 0o666, device);
  core.setLogger(({ type, message }) => current?.onLine(type, message));
  return { core, version };
}

/** Load `@ffmpeg/core` once (about 0.1–0.3 s in Node). @throws DnaError `Decoder.Unavailable` when it is not installed. */
export function loadFfmpegCore(): Promise<{ core: FfmpegCore; version: string }> {
  corePromise ??= loadCore().catch((error: unknown) => {
    corePromise = undefined;
    throw error;
  });
  return corePromise;
}

async function rangeReader(source: MediaSource): Promise<{ size: number; read: Run['readRange']; close: () => void }> {
  if (source.type === 'bytes') {
    const bytes = source.bytes;
    return {
      size: bytes.length,
      read: (start, length) => bytes.slice(start, start + length).buffer,
      close: () => {},
    };
  }
  const fs = await import('node:fs');
  const fd = fs.openSync(source.path, 'r');
  const size = fs.fstatSync(fd).size;
  return {
    size,
    read: (start, length) => {
      const out = new Uint8Array(Math.max(0, Math.min(length, size - start)));
      let done = 0;
      while (done < out.length) {
        const count = fs.readSync(fd, out, done, out.length - done, start + done);
        if (count <= 0) break;
        done += count;
      }
      return out.buffer.slice(0, done);
    },
    close: () => fs.closeSync(fd),
  };
}

/**
 * Run one ffmpeg/ffprobe invocation of the WASM core with the input mounted at `/mnt/<n>/input`.
 * The whole run is synchronous inside; abort and timeout are honoured at output writes and by
 * the core's own timeout check.
 */
async function runCore(
  source: MediaSource,
  program: 'ffmpeg' | 'ffprobe',
  buildArgs: FfmpegArgsBuilder,
  options: FfmpegRunOptions & { readonly onStdout?: (line: string) => void },
): Promise<FfmpegRunResult> {
  const { core } = await loadFfmpegCore();
  if (options.signal?.aborted) throw dnaError(DnaErrorCode.JobCancelled, '[mediadna] [video] Decoding was cancelled');
  const reader = await rangeReader(source);
  const log = new LogTail();
  const started = Date.now();
  const run: Run = {
    onData: (chunk) => {
      if (options.signal?.aborted) throw dnaError(DnaErrorCode.JobCancelled, '[mediadna] [video] Decoding was cancelled');
      if (options.timeoutMs !== undefined && Date.now() - started > options.timeoutMs) {
        throw dnaError(DnaErrorCode.InputTimeout, `[mediadna] [video] Decoding took longer than ${options.timeoutMs} ms`);
      }
      options.onData(chunk);
    },
    onLine: (type, line) => {
      if (type === 'stdout') {
        options.onStdout?.(line);
        return;
      }
      log.push(line + '\n');
      if (options.onLog && run.failure === null) {
        try {
          options.onLog(line + '\n');
        } catch (error) {
          run.failure = error;
        }
      }
    },
    failure: null,
    readRange: reader.read,
  };
  const mountpoint = `/mnt${++mountCounter}`;
  const fs = core.FS;
  let exitCode: number;
  current = run;
  try {
    fs.mkdir(mountpoint);
    fs.mount(fs.filesystems.WORKERFS, { blobs: [{ name: 'input', data: makeSlice(0, reader.size) }] }, mountpoint);
    core.reset();
    if (options.timeoutMs !== undefined) core.setTimeout(options.timeoutMs);
    const input = `${mountpoint}/input`;
    exitCode = program === 'ffmpeg'
      ? core.exec('-hide_banner', '-nostats', ...buildArgs(input, OUTPUT_DEVICE))
      : core.ffprobe(...buildArgs(input, ''));
  } catch (error) {
    throw dnaError(DnaErrorCode.MediaCorrupt, `[mediadna] [video] The WASM decoder failed: ${(error as Error).message}`);
  } finally {
    current = null;
    try {
      fs.unmount(mountpoint);
      fs.rmdir(mountpoint);
    } catch {
      // the mount may not exist when mkdir failed
    }
    reader.close();
  }
  if (run.failure !== null) throw run.failure;
  if (options.timeoutMs !== undefined && Date.now() - started > options.timeoutMs) {
    throw dnaError(DnaErrorCode.InputTimeout, `[mediadna] [video] Decoding took longer than ${options.timeoutMs} ms`);
  }
  return { exitCode, log: log.toString() };
}

/** The WASM backend (loads `@ffmpeg/core` on first run). */
export async function createWasmBackend(): Promise<FfmpegBackend> {
  const { version } = await loadFfmpegCore();
  return {
    name: 'wasm',
    version,
    run(source: MediaSource, buildArgs: FfmpegArgsBuilder, options: FfmpegRunOptions): Promise<FfmpegRunResult> {
      return runCore(source, 'ffmpeg', buildArgs, options);
    },
    async probe(source: MediaSource, options = {}): Promise<FfprobeJson | null> {
      const lines: string[] = [];
      let size = 0;
      await runCore(source, 'ffprobe', (input) => ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', input], {
        ...options,
        onData: () => {},
        onStdout: (line) => {
          size += line.length;
          if (size < 8 * 1024 * 1024) lines.push(line);
        },
      });
      return parseProbeOutput(lines.join('\n'), 0);
    },
  };
}
