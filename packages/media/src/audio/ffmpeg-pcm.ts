/**
 * Audio through a system ffmpeg (native decoders and resampler): the fast path when ffmpeg is on
 * PATH, and the fallback for what the WASM decoders lack (AAC without `@audio/decode-aac`, audio
 * in Matroska/WebM, Speex…). ffmpeg writes 32-bit float mono at the analysis rate to a pipe; the
 * samples are handed on as they arrive, so memory stays bounded whatever the duration.
 */
import { DnaErrorCode, dnaError, type MediaSource } from '@mediadna/core';
import { ffmpegFailure } from '../ffmpeg/errors.js';
import { findSystemFfmpeg } from '../ffmpeg/locate.js';
import { createSystemBackend } from '../ffmpeg/system.js';
import { DEFAULT_MAX_AUDIO_SECONDS, type AudioDecodeOptions } from './pcm.js';

/** True when a system ffmpeg is available (cached by the locator). */
export async function hasSystemFfmpeg(): Promise<boolean> {
  return (await findSystemFfmpeg()) !== null;
}

/**
 * Decode the first audio stream of any file ffmpeg reads to mono float PCM at `sampleRate`,
 * calling `onPcm` with each block (a view valid during the call).
 * @returns seconds decoded
 * @throws DnaError `Decoder.Unavailable` without a system ffmpeg; media codes from ffmpeg's log;
 * `InvalidMedia.NoContent` when there is no audio; `InvalidMedia.TooLong`
 */
export async function decodeAudioMonoWithFfmpeg(
  source: MediaSource,
  onPcm: (pcm: Float32Array) => void,
  options: AudioDecodeOptions & { readonly sampleRate?: number } = {},
): Promise<number> {
  const system = await findSystemFfmpeg();
  if (!system) throw dnaError(DnaErrorCode.DecoderUnavailable, '[mediadna] [audio] No system ffmpeg on PATH for this audio format (install ffmpeg)');
  const backend = createSystemBackend(system);
  const sampleRate = options.sampleRate ?? 8000;
  const maxSamples = (options.maxDurationSeconds ?? DEFAULT_MAX_AUDIO_SECONDS) * sampleRate;
  let carry = new Uint8Array(4);
  let carryLength = 0;
  let samples = 0;
  let block = new Float32Array(0);
  const result = await backend.run(
    source,
    (input, output) => ['-v', 'error', '-i', input, '-map', '0:a:0', '-vn', '-sn', '-dn', '-ac', '1', '-ar', String(sampleRate), '-f', 'f32le', '-acodec', 'pcm_f32le', output],
    {
      signal: options.signal,
      onData: (chunk) => {
        // Re-assemble 4-byte samples across chunk boundaries.
        const total = carryLength + chunk.length;
        const count = total >> 2;
        if (block.length < count) block = new Float32Array(Math.max(count, block.length * 2));
        const bytes = new Uint8Array(block.buffer, 0, count * 4);
        bytes.set(carry.subarray(0, carryLength), 0);
        bytes.set(chunk.subarray(0, count * 4 - carryLength), carryLength);
        const rest = chunk.subarray(count * 4 - carryLength);
        carry = rest.length > carry.length ? new Uint8Array(rest.length) : carry;
        carry.set(rest);
        carryLength = rest.length;
        samples += count;
        if (samples > maxSamples) throw dnaError(DnaErrorCode.MediaTooLong, `[mediadna] [audio] Audio lasts over ${maxSamples / sampleRate} s, the limit`);
        if (count > 0) onPcm(block.subarray(0, count));
      },
    },
  );
  if (samples === 0) {
    if (result.exitCode !== 0) throw ffmpegFailure(result.log, result.exitCode, 'the audio', 'system ffmpeg');
    throw dnaError(DnaErrorCode.MediaNoContent, '[mediadna] [audio] The file has no audio that ffmpeg could decode');
  }
  return samples / sampleRate;
}
