/**
 * `decodeVideoAudio`: the soundtrack of a video as mono 32-bit float PCM at a chosen rate,
 * streamed in chunks through an ffmpeg backend (`-f f32le -ac 1 -ar R`).
 */
import { DnaErrorCode, dnaError, invalidParameter, isInteger, inRange } from '@mediadna/core';
import type { MediaSource } from '@mediadna/core';
import type { FfmpegBackend } from '../ffmpeg/backend.js';
import { ffmpegFailure } from '../ffmpeg/errors.js';
import { describeSource } from './probe.js';

/** Options of {@link decodeVideoAudio}. */
export interface SoundtrackOptions {
  /** Output sample rate in Hz, 4000–48000. Default 16000. */
  readonly sampleRate?: number;
  /** Stop after this many seconds. Default: all. */
  readonly maxSeconds?: number;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/**
 * Decode the first audio stream to mono float PCM. `onChunk` receives consecutive samples
 * (a reused view: copy what you keep). Resolves with the number of samples.
 * @throws DnaError `InvalidMedia.NoContent` when there is no audio stream, other media codes when decoding fails.
 */
export async function decodeVideoAudio(
  source: MediaSource,
  backend: FfmpegBackend,
  options: SoundtrackOptions,
  onChunk: (samples: Float32Array) => void,
): Promise<number> {
  const sampleRate = options.sampleRate ?? 16000;
  if (!isInteger(sampleRate) || !inRange(sampleRate, 4000, 48000)) throw invalidParameter('video', 'sampleRate', 'an integer from 4000 to 48000', sampleRate);
  const carry = new Uint8Array(4);
  let carried = 0;
  let total = 0;
  let scratch = new Float32Array(16384);
  const onData = (chunk: Uint8Array): void => {
    let offset = 0;
    if (carried > 0) {
      while (carried < 4 && offset < chunk.length) carry[carried++] = chunk[offset++];
      if (carried < 4) return;
      const view = new Float32Array(carry.buffer, 0, 1);
      onChunk(view);
      total += 1;
      carried = 0;
    }
    const count = (chunk.length - offset) >> 2;
    if (count > 0) {
      if (scratch.length < count) scratch = new Float32Array(count * 2);
      const bytes = new Uint8Array(scratch.buffer, 0, count * 4);
      bytes.set(chunk.subarray(offset, offset + count * 4));
      onChunk(scratch.subarray(0, count));
      total += count;
      offset += count * 4;
    }
    while (offset < chunk.length) carry[carried++] = chunk[offset++];
  };
  const args = (input: string, output: string): string[] => {
    const list = ['-threads', '1', '-i', input];
    if (options.maxSeconds !== undefined) list.push('-t', String(options.maxSeconds));
    list.push('-map', '0:a:0', '-vn', '-sn', '-dn', '-ac', '1', '-ar', String(sampleRate), '-f', 'f32le', '-y', output);
    return list;
  };
  const result = await backend.run(source, args, { onData, signal: options.signal, timeoutMs: options.timeoutMs });
  if (result.exitCode !== 0 && total === 0) {
    if (/matches no streams|does not contain any stream/i.test(result.log)) {
      throw dnaError(DnaErrorCode.MediaNoContent, `[mediadna] [video] ${describeSource(source)}: the file has no audio stream`);
    }
    throw ffmpegFailure(result.log, result.exitCode, describeSource(source), backend.name);
  }
  return total;
}
