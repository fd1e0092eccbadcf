/**
 * WAV (RIFF/RF64 WAVE) in TypeScript: PCM 8/16/24/32-bit integer and 32/64-bit float, any channel
 * count and rate, WAVE_FORMAT_EXTENSIBLE. The data chunk is streamed in blocks; a header that
 * claims more data than the file holds fails before anything is allocated.
 */
import { DnaErrorCode, dnaError } from '@mediadna/core';
import { pcm16ToMono } from './pcm16-simd.js';
import type { ByteReader } from './reader.js';
import { DEFAULT_MAX_AUDIO_SECONDS, type AudioDecodeOptions, type PcmBlock } from './pcm.js';

const FORMAT_PCM = 0x0001;
const FORMAT_FLOAT = 0x0003;
const FORMAT_EXTENSIBLE = 0xfffe;
/** Frames converted per yielded block (≈ 1.4 s at 48 kHz). */
const BLOCK_FRAMES = 65536;
/** Whether typed arrays on this machine are little-endian (as WAV samples are). */
const LITTLE_ENDIAN: boolean = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Chunks walked before giving up on finding `data`. */
const MAX_CHUNKS = 4096;

/** What the `fmt ` and `data` chunks say. */
export interface WavInfo {
  /** `int` for PCM integers (8-bit unsigned, else signed), `float` for IEEE float. */
  readonly encoding: 'int' | 'float';
  readonly bitsPerSample: number;
  readonly channels: number;
  /** Hz */
  readonly sampleRate: number;
  /** Bytes per frame (all channels). */
  readonly blockAlign: number;
  /** Offset of the first sample byte. */
  readonly dataOffset: number;
  /** Bytes of sample data. */
  readonly dataBytes: number;
  /** Frames (samples per channel). */
  readonly frames: number;
}

function fourcc(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]);
}

function corrupt(message: string): Error {
  return dnaError(DnaErrorCode.MediaCorrupt, `[mediadna] [wav] ${message}`);
}

/**
 * Parse the header chunks of a WAV file.
 * @throws DnaError `InvalidMedia.Corrupt`, `InvalidMedia.Truncated`, `InvalidMedia.UnsupportedFormat`, `InvalidMedia.NoContent`
 */
export async function readWavInfo(reader: ByteReader): Promise<WavInfo> {
  const head = await reader.read(0, 12);
  if (head.length < 12) throw dnaError(DnaErrorCode.MediaTruncated, `[mediadna] [wav] File is ${reader.size} bytes, too short for a RIFF header`);
  const riff = fourcc(head, 0);
  if ((riff !== 'RIFF' && riff !== 'RF64') || fourcc(head, 8) !== 'WAVE') throw corrupt('Not a RIFF WAVE file');
  let position = 12;
  let format: { tag: number; channels: number; sampleRate: number; blockAlign: number; bits: number } | null = null;
  let dataSize64 = -1;
  for (let walked = 0; walked < MAX_CHUNKS; walked++) {
    const header = await reader.read(position, 8);
    if (header.length < 8) break;
    const view = new DataView(header.buffer, header.byteOffset, 8);
    const id = fourcc(header, 0);
    let size = view.getUint32(4, true);
    const body = position + 8;
    if (id === 'ds64') {
      const ds = await reader.read(body, 24);
      if (ds.length < 24) throw dnaError(DnaErrorCode.MediaTruncated, '[mediadna] [wav] RF64 ds64 chunk is cut short');
      const dv = new DataView(ds.buffer, ds.byteOffset, 24);
      dataSize64 = dv.getUint32(8, true) + dv.getUint32(12, true) * 2 ** 32;
    } else if (id === 'fmt ') {
      const fmt = await reader.read(body, Math.min(size, 40));
      if (fmt.length < 16) throw corrupt('fmt chunk is shorter than 16 bytes');
      const dv = new DataView(fmt.buffer, fmt.byteOffset, fmt.length);
      let tag = dv.getUint16(0, true);
      if (tag === FORMAT_EXTENSIBLE) {
        if (fmt.length < 26) throw corrupt('WAVE_FORMAT_EXTENSIBLE fmt chunk is shorter than 26 bytes');
        tag = dv.getUint16(24, true); // first two bytes of the SubFormat GUID
      }
      format = { tag, channels: dv.getUint16(2, true), sampleRate: dv.getUint32(4, true), blockAlign: dv.getUint16(12, true), bits: dv.getUint16(14, true) };
    } else if (id === 'data') {
      if (!format) throw corrupt('data chunk comes before the fmt chunk');
      if (riff === 'RF64' && size === 0xffffffff && dataSize64 >= 0) size = dataSize64;
      return checkFormat(format, body, size, reader.size);
    }
    position = body + size + (size & 1);
  }
  if (!format) throw corrupt('No fmt chunk found');
  throw dnaError(DnaErrorCode.MediaTruncated, '[mediadna] [wav] No data chunk found (file cut short?)');
}

function checkFormat(
  format: { tag: number; channels: number; sampleRate: number; blockAlign: number; bits: number },
  dataOffset: number,
  dataBytes: number,
  fileSize: number,
): WavInfo {
  const { tag, channels, sampleRate, bits } = format;
  let encoding: 'int' | 'float';
  if (tag === FORMAT_PCM && (bits === 8 || bits === 16 || bits === 24 || bits === 32)) encoding = 'int';
  else if (tag === FORMAT_FLOAT && (bits === 32 || bits === 64)) encoding = 'float';
  else throw dnaError(DnaErrorCode.MediaUnsupported, `[mediadna] [wav] Unsupported WAV encoding: format tag 0x${tag.toString(16)} with ${bits} bits per sample (supported: PCM 8/16/24/32-bit, float 32/64-bit)`);
  if (channels < 1 || channels > 64) throw corrupt(`Channel count ${channels} is out of range 1-64`);
  if (sampleRate < 1000 || sampleRate > 768000) throw corrupt(`Sample rate ${sampleRate} Hz is out of range 1000-768000`);
  const blockAlign = channels * (bits / 8);
  const available = fileSize - dataOffset;
  if (dataBytes > available) {
    throw dnaError(
      DnaErrorCode.MediaTruncated,
      `[mediadna] [wav] Header claims ${dataBytes} bytes of audio but the file holds only ${Math.max(0, available)} after the header (truncated or corrupt)`,
    );
  }
  const frames = Math.floor(dataBytes / blockAlign);
  if (frames === 0) throw dnaError(DnaErrorCode.MediaNoContent, '[mediadna] [wav] The data chunk holds no samples');
  return { encoding, bitsPerSample: bits, channels, sampleRate, blockAlign, dataOffset, dataBytes, frames };
}

/** Convert `frames` interleaved frames starting at `bytes[0]` into per-channel floats. */
export function convertWavFrames(bytes: Uint8Array, frames: number, info: WavInfo): Float32Array[] {
  const channels = info.channels;
  const out: Float32Array[] = [];
  for (let c = 0; c < channels; c++) out.push(new Float32Array(frames));
  const bytesPerSample = info.bitsPerSample >> 3;
  if (channels === 2 && info.encoding === 'int' && bytesPerSample === 2 && LITTLE_ENDIAN && (bytes.byteOffset & 1) === 0) {
    // Stereo 16-bit, the common case: both channels in one pass over the interleaved samples.
    const samples = new Int16Array(bytes.buffer, bytes.byteOffset, frames * 2);
    const left = out[0];
    const right = out[1];
    for (let i = 0, j = 0; i < frames; i++, j += 2) {
      left[i] = samples[j] * (1 / 32768);
      right[i] = samples[j + 1] * (1 / 32768);
    }
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let c = 0; c < channels; c++) {
    const channel = out[c];
    let offset = c * bytesPerSample;
    const stride = info.blockAlign;
    if (info.encoding === 'float') {
      if (bytesPerSample === 4) for (let i = 0; i < frames; i++, offset += stride) channel[i] = view.getFloat32(offset, true);
      else for (let i = 0; i < frames; i++, offset += stride) channel[i] = view.getFloat64(offset, true);
    } else if (bytesPerSample === 1) {
      for (let i = 0; i < frames; i++, offset += stride) channel[i] = (bytes[offset] - 128) / 128;
    } else if (bytesPerSample === 2 && LITTLE_ENDIAN && (bytes.byteOffset & 1) === 0) {
      // Aligned 16-bit samples are read in place as an Int16Array (no DataView call per sample).
      const samples = new Int16Array(bytes.buffer, bytes.byteOffset, frames * channels);
      for (let i = 0, j = c; i < frames; i++, j += channels) channel[i] = samples[j] * (1 / 32768);
    } else if (bytesPerSample === 2) {
      for (let i = 0; i < frames; i++, offset += stride) channel[i] = view.getInt16(offset, true) / 32768;
    } else if (bytesPerSample === 3) {
      for (let i = 0; i < frames; i++, offset += stride) {
        const value = (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16)) << 8 >> 8; // sign-extend 24 bits
        channel[i] = value / 8388608;
      }
    } else {
      for (let i = 0; i < frames; i++, offset += stride) channel[i] = view.getInt32(offset, true) / 2147483648;
    }
  }
  return out;
}

/**
 * Convert `frames` interleaved frames starting at `bytes[0]` into their mono average, written to
 * `out` (the downmix the resampler would do, fused into the conversion: one pass, no per-channel
 * arrays). Integer 16-bit mono and stereo have direct loops; other layouts go through
 * {@link convertWavFrames}. 16-bit mono and stereo run in WebAssembly SIMD where available
 * (`simd = false` keeps the JavaScript loop; both give the same floats).
 */
export function downmixWavFrames(bytes: Uint8Array, frames: number, info: WavInfo, out: Float32Array, simd = true): void {
  const channels = info.channels;
  if (info.encoding === 'int' && info.bitsPerSample === 16 && channels <= 2) {
    const converter = simd ? pcm16ToMono() : null;
    if (converter) {
      converter.convert(bytes, frames, channels === 2 ? 2 : 1, out);
      return;
    }
  }
  if (info.encoding === 'int' && info.bitsPerSample === 16 && channels <= 2 && LITTLE_ENDIAN && (bytes.byteOffset & 1) === 0) {
    const samples = new Int16Array(bytes.buffer, bytes.byteOffset, frames * channels);
    if (channels === 2) for (let i = 0, j = 0; i < frames; i++, j += 2) out[i] = (samples[j] + samples[j + 1]) * (1 / 65536);
    else for (let i = 0; i < frames; i++) out[i] = samples[i] * (1 / 32768);
    return;
  }
  const converted = convertWavFrames(bytes, frames, info);
  out.set(converted[0].subarray(0, frames));
  if (channels === 1) return;
  for (let c = 1; c < channels; c++) {
    const channel = converted[c];
    for (let i = 0; i < frames; i++) out[i] += channel[i];
  }
  const scale = 1 / channels;
  for (let i = 0; i < frames; i++) out[i] *= scale;
}

/**
 * Stream the samples of a WAV file in blocks. With `downmix`, each block has one channel, the
 * average of all, in an array reused by the next block (for consumers that copy it at once, like
 * the resampler).
 * @throws DnaError as {@link readWavInfo}, and `InvalidMedia.TooLong` over `maxDurationSeconds`
 */
export async function* decodeWav(reader: ByteReader, options: AudioDecodeOptions = {}, downmix = false): AsyncGenerator<PcmBlock> {
  const info = await readWavInfo(reader);
  const maxSeconds = options.maxDurationSeconds ?? DEFAULT_MAX_AUDIO_SECONDS;
  if (info.frames / info.sampleRate > maxSeconds) {
    throw dnaError(DnaErrorCode.MediaTooLong, `[mediadna] [wav] Audio lasts ${(info.frames / info.sampleRate).toFixed(0)} s, over the limit of ${maxSeconds} s`);
  }
  // A file reader fills one reused buffer: each block is converted before the next read starts.
  const reuse = downmix && reader.readInto ? new Uint8Array(BLOCK_FRAMES * info.blockAlign) : null;
  const readBlock = (frame: number): Promise<Uint8Array> => {
    const count = Math.min(BLOCK_FRAMES, info.frames - frame);
    const offset = info.dataOffset + frame * info.blockAlign;
    const read = reuse && reader.readInto
      ? reader.readInto(offset, reuse.subarray(0, count * info.blockAlign)).then((n) => reuse.subarray(0, n))
      : reader.read(offset, count * info.blockAlign);
    read.catch(() => {}); // awaited below; a consumer that stops early must not leave it unhandled
    return read;
  };
  // Read-ahead: the next block is read while the consumer works on this one (converted first,
  // so a reader that reuses its buffer is safe).
  let pending = readBlock(0);
  let mono: Float32Array | null = null;
  for (let frame = 0; frame < info.frames; frame += BLOCK_FRAMES) {
    if (options.signal?.aborted) throw dnaError(DnaErrorCode.JobCancelled, '[mediadna] [wav] Decoding was cancelled');
    const bytes = await pending;
    const frames = Math.floor(bytes.length / info.blockAlign);
    if (frames === 0) break;
    let channelData: Float32Array[];
    if (downmix) {
      mono ??= new Float32Array(BLOCK_FRAMES);
      downmixWavFrames(bytes, frames, info, mono);
      channelData = [mono.subarray(0, frames)];
    } else {
      channelData = convertWavFrames(bytes, frames, info);
    }
    if (frame + BLOCK_FRAMES < info.frames) pending = readBlock(frame + BLOCK_FRAMES);
    yield { channelData, sampleRate: info.sampleRate };
  }
}
