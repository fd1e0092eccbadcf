/**
 * Input loading: a path, a `file://` URL, an `http(s)://` URL or bytes, with a size limit and a
 * timeout. Local files stay on disk (decoders stream them); only URLs and bytes are held in memory.
 * Node-only parts (fs, path) are imported lazily so the module also loads in a browser.
 */
import { DnaErrorCode, dnaError } from './errors.js';

/** Where media bytes live once an input is resolved. */
export type MediaSource =
  | { readonly type: 'path'; readonly path: string; readonly size: number }
  | { readonly type: 'bytes'; readonly bytes: Uint8Array; readonly name: string };

/** Limits for {@link openInput}. */
export interface InputOptions {
  /** Largest accepted input in bytes. Default 4 GiB for files, 512 MiB for URLs and bytes. */
  maxBytes?: number;
  /** Timeout for URL fetches in milliseconds. Default 30 000. */
  timeoutMs?: number;
  /** When set, local paths must resolve inside this directory. */
  root?: string;
}

export const DEFAULT_MAX_FILE_BYTES: number = 4 * 1024 ** 3;
export const DEFAULT_MAX_FETCH_BYTES: number = 512 * 1024 ** 2;
export const DEFAULT_FETCH_TIMEOUT_MS: number = 30_000;

/**
 * Join `relative` under `root` and refuse anything that escapes it (`..`, absolute paths, NUL).
 * @throws DnaError `Input.AccessDenied`
 */
export async function resolveInsideRoot(root: string, relative: string): Promise<string> {
  const path = await import('node:path');
  if (relative.includes('\0')) throw dnaError(DnaErrorCode.InputAccessDenied, `[mediadna] [input] Path contains a NUL byte: ${JSON.stringify(relative)}`);
  const base = path.resolve(root);
  const full = path.resolve(base, relative.replace(/^\/+/, ''));
  if (full !== base && !full.startsWith(base + path.sep)) {
    throw dnaError(DnaErrorCode.InputAccessDenied, `[mediadna] [input] Path ${JSON.stringify(relative)} escapes its root ${JSON.stringify(base)}`);
  }
  return full;
}

async function openPath(filePath: string, options: InputOptions): Promise<MediaSource> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  let resolved = path.resolve(filePath);
  if (options.root !== undefined) resolved = await resolveInsideRoot(options.root, path.relative(path.resolve(options.root), resolved));
  let stat;
  try {
    stat = await fs.stat(resolved);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw dnaError(DnaErrorCode.InputAccessDenied, `[mediadna] [input] Cannot read ${JSON.stringify(filePath)}: permission denied`);
    throw dnaError(DnaErrorCode.InputNotFound, `[mediadna] [input] File not found: ${JSON.stringify(filePath)}`);
  }
  if (!stat.isFile()) throw dnaError(DnaErrorCode.InputNotFound, `[mediadna] [input] Not a regular file: ${JSON.stringify(filePath)}`);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (stat.size > maxBytes) throw dnaError(DnaErrorCode.MediaTooLarge, `[mediadna] [input] File is ${stat.size} bytes, over the limit of ${maxBytes} bytes: ${JSON.stringify(filePath)}`);
  if (stat.size === 0) throw dnaError(DnaErrorCode.MediaEmpty, `[mediadna] [input] File is empty: ${JSON.stringify(filePath)}`);
  return { type: 'path', path: resolved, size: stat.size };
}

async function fetchUrl(url: string, options: InputOptions): Promise<MediaSource> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FETCH_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    if (!response.ok || !response.body) {
      throw dnaError(DnaErrorCode.InputFetchFailed, `[mediadna] [input] Fetching ${url} failed with HTTP ${response.status}`);
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) throw dnaError(DnaErrorCode.MediaTooLarge, `[mediadna] [input] ${url} declares ${declared} bytes, over the limit of ${maxBytes} bytes`);
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        controller.abort();
        throw dnaError(DnaErrorCode.MediaTooLarge, `[mediadna] [input] ${url} is over the limit of ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
    const bytes = concatBytes(chunks, total);
    if (bytes.length === 0) throw dnaError(DnaErrorCode.MediaEmpty, `[mediadna] [input] ${url} returned no bytes`);
    return { type: 'bytes', bytes, name: url };
  } catch (error) {
    if ((error as { code?: string }).code && (error as Error).name === 'DnaError') throw error;
    if (controller.signal.aborted) throw dnaError(DnaErrorCode.InputTimeout, `[mediadna] [input] Fetching ${url} timed out after ${timeoutMs} ms`);
    throw dnaError(DnaErrorCode.InputFetchFailed, `[mediadna] [input] Fetching ${url} failed: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Concatenate chunks into one array of `total` bytes. */
export function concatBytes(chunks: readonly Uint8Array[], total?: number): Uint8Array {
  const length = total ?? chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Concatenate Float32 blocks (e.g. decoded PCM) into one array. */
export function concatFloat32(chunks: readonly Float32Array[]): Float32Array {
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const out = new Float32Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * Resolve an input to a {@link MediaSource}: bytes stay bytes, paths and `file://` URLs stay on
 * disk, `http(s)://` URLs are fetched with the size limit and timeout.
 * @throws DnaError with an `Input.*` or `InvalidMedia.*` code.
 * @example const source = await openInput('photo.jpg')
 */
export async function openInput(media: string | Uint8Array, options: InputOptions = {}): Promise<MediaSource> {
  if (media instanceof Uint8Array) {
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_FETCH_BYTES;
    if (media.length === 0) throw dnaError(DnaErrorCode.MediaEmpty, '[mediadna] [input] Input bytes are empty');
    if (media.length > maxBytes) throw dnaError(DnaErrorCode.MediaTooLarge, `[mediadna] [input] Input is ${media.length} bytes, over the limit of ${maxBytes} bytes`);
    return { type: 'bytes', bytes: media, name: '<bytes>' };
  }
  if (/^https?:\/\//i.test(media)) return fetchUrl(media, options);
  if (/^file:\/\//i.test(media)) {
    const { fileURLToPath } = await import('node:url');
    return openPath(fileURLToPath(media), options);
  }
  return openPath(media, options);
}

/** Read up to `length` bytes from the start of a source (for sniffing). */
export async function readHead(source: MediaSource, length: number): Promise<Uint8Array> {
  if (source.type === 'bytes') return source.bytes.subarray(0, length);
  const fs = await import('node:fs/promises');
  const handle = await fs.open(source.path, 'r');
  try {
    const buffer = new Uint8Array(Math.min(length, source.size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * All bytes of a source, refusing sources over `maxBytes` (for formats decoded whole, like images).
 * @throws DnaError `InvalidMedia.TooLarge`
 */
export async function readAllBytes(source: MediaSource, maxBytes: number = DEFAULT_MAX_FETCH_BYTES): Promise<Uint8Array> {
  const size = source.type === 'bytes' ? source.bytes.length : source.size;
  if (size > maxBytes) throw dnaError(DnaErrorCode.MediaTooLarge, `[mediadna] [input] Input is ${size} bytes, over the limit of ${maxBytes} bytes for this media type`);
  if (source.type === 'bytes') return source.bytes;
  const fs = await import('node:fs/promises');
  const buffer = await fs.readFile(source.path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
