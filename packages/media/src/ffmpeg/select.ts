/** Choosing the ffmpeg backend: the system binary when present, else the WASM core. */
import { DnaErrorCode, dnaError, invalidParameter } from '@mediadna/core';
import type { FfmpegBackend, FfmpegBackendPreference } from './backend.js';
import { findSystemFfmpeg } from './locate.js';
import { createSystemBackend } from './system.js';
import { createWasmBackend } from './wasm.js';

const PREFERENCES: readonly FfmpegBackendPreference[] = Object.freeze(['auto', 'system', 'wasm'] as FfmpegBackendPreference[]);

/**
 * The ffmpeg backend to decode with. `auto` (default; also `MEDIADNA_VIDEO_BACKEND`) takes the
 * system ffmpeg when one is on PATH, else `@ffmpeg/core`. Read `backend.name` to report which.
 * @throws DnaError `Decoder.Unavailable` when the wanted backend is missing.
 * @example const backend = await selectFfmpegBackend(); console.log(backend.name, backend.version)
 */
export async function selectFfmpegBackend(preference?: FfmpegBackendPreference): Promise<FfmpegBackend> {
  const envPreference = typeof process !== 'undefined' ? process.env?.MEDIADNA_VIDEO_BACKEND : undefined;
  const wanted = preference ?? (envPreference as FfmpegBackendPreference | undefined) ?? 'auto';
  if (!PREFERENCES.includes(wanted)) throw invalidParameter('video', 'backend', "'auto', 'system' or 'wasm'", wanted);
  if (wanted !== 'wasm') {
    const system = await findSystemFfmpeg();
    if (system) return createSystemBackend(system);
    if (wanted === 'system') {
      throw dnaError(DnaErrorCode.DecoderUnavailable, '[mediadna] [video] No system ffmpeg/ffprobe on PATH (install ffmpeg, e.g. with scripts/system-deps.sh)');
    }
  }
  return createWasmBackend();
}
