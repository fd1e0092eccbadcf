/**
 * Audio through a system ffmpeg (native decoders and resampler): the fast path when ffmpeg is on
 * PATH, and the fallback for what the WASM decoders lack (AAC without `@audio/decode-aac`, audio
 * in Matroska/WebM, Speex…). ffmpeg writes 32-bit float mono at the file's own rate to a pipe
 * (as WAV, for the rate); the samples are resampled here as they arrive, concurrently with
 * ffmpeg's decoding, so memory stays bounded whatever the duration.
 */
import { DnaErrorCode, dnaError, type MediaSource } from '@mediadna/core';
import { ffmpegFailure } from '../ffmpeg/errors.js';
import { findSystemFfmpeg } from '../ffmpeg/locate.js';
import { createSystemBackend } from '../ffmpeg/system.js';
import { DEFAULT_MAX_AUDIO_SECONDS, type AudioDecodeOptions } from './pcm.js';
import { AudioResampler } from './resample.js';

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
  const maxSeconds = options.maxDurationSeconds ?? DEFAULT_MAX_AUDIO_SECONDS;
  const header = new WavStreamHeader();
  let resampler: AudioResampler | null = null;
  let carry = new Uint8Array(4);
  let carryLength = 0;
  let inputSamples = 0;
  let outputSamples = 0;
  let block = new Float32Array(0);
  const emit = (pcm: Float32Array): void => {
    outputSamples += pcm.length;
    if (pcm.length > 0) onPcm(pcm);
  };
  const result = await backend.run(
    source,
    // Mono float32 at the file's own rate, as WAV (whose header gives that rate); the resampling
    // is done here, concurrently with ffmpeg's decoding in its own process. `-flush_packets 0`
    // and a 256 KiB block: ffmpeg otherwise writes each decoded frame (4 KiB) to the pipe
    // separately, and those writes and wake-ups cost about a fifth of its decoding time.
    (input, output) => [
      '-v', 'error', '-i', input, '-map', '0:a:0', '-vn', '-sn', '-dn', '-ac', '1', '-c:a', 'pcm_f32le',
      '-f', 'wav', '-bitexact', '-flush_packets', '0', '-blocksize', '262144', output,
    ],
    {
      signal: options.signal,
      onData: (data) => {
        let chunk = data;
        if (!resampler) {
          const body = header.push(chunk);
          if (!body) return;
          resampler = new AudioResampler(header.sampleRate, sampleRate);
          chunk = body;
        }
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
        inputSamples += count;
        if (inputSamples > maxSeconds * header.sampleRate) throw dnaError(DnaErrorCode.MediaTooLong, `[mediadna] [audio] Audio lasts over ${maxSeconds} s, the limit`);
        if (count > 0) emit(resampler.push([block.subarray(0, count)], false));
      },
    },
  );
  const finalResampler = resampler as AudioResampler | null;
  if (finalResampler && inputSamples > 0) emit(finalResampler.push([], true));
  if (outputSamples === 0) {
    if (result.exitCode !== 0) throw ffmpegFailure(result.log, result.exitCode, 'the audio', 'system ffmpeg');
    throw dnaError(DnaErrorCode.MediaNoContent, '[mediadna] [audio] The file has no audio that ffmpeg could decode');
  }
  return outputSamples / sampleRate;
}

/** Largest WAV header accepted from ffmpeg before the samples (it writes well under 1 KiB). */
const MAX_HEADER_BYTES = 65536;

/**
 * The header of the WAV stream ffmpeg writes to the pipe (sizes unknown, so 0xFFFFFFFF): chunks
 * are walked to `fmt ` for the rate and to `data` for where the samples start.
 */
export class WavStreamHeader {
  sampleRate = 0;
  private bytes = new Uint8Array(0);

  /** Add stream bytes; returns the sample bytes after the header once it is complete, else null. */
  push(chunk: Uint8Array): Uint8Array | null {
    const joined = new Uint8Array(this.bytes.length + chunk.length);
    joined.set(this.bytes);
    joined.set(chunk, this.bytes.length);
    this.bytes = joined;
    const view = new DataView(joined.buffer);
    const tag = (at: number): string => String.fromCharCode(joined[at], joined[at + 1], joined[at + 2], joined[at + 3]);
    if (joined.length >= 12 && (tag(0) !== 'RIFF' || tag(8) !== 'WAVE')) throw this.corrupt('does not start with RIFF/WAVE');
    for (let at = 12; at + 8 <= joined.length; ) {
      const id = tag(at);
      if (id === 'data') {
        if (this.sampleRate <= 0) throw this.corrupt('has no fmt chunk before its data');
        return joined.subarray(at + 8);
      }
      const size = view.getUint32(at + 4, true);
      if (id === 'fmt ') {
        if (at + 16 > joined.length) break;
        this.sampleRate = view.getUint32(at + 12, true);
        if (this.sampleRate < 1000 || this.sampleRate > 768000) throw this.corrupt(`has a sample rate of ${this.sampleRate} Hz`);
      }
      at += 8 + size + (size & 1);
    }
    if (joined.length > MAX_HEADER_BYTES) throw this.corrupt('has no data chunk in its first 64 KiB');
    return null;
  }

  private corrupt(what: string): Error {
    return dnaError(DnaErrorCode.MediaCorrupt, `[mediadna] [audio] The WAV stream from system ffmpeg ${what}`);
  }
}
