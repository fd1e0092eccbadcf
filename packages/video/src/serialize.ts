/**
 * Video fingerprint blobs: a small header naming the algorithm and its version, then the frame
 * arrays as they are in memory (little-endian), then the soundtrack's audio blob. About 101 bytes
 * per sampled frame: 12.1 KB per minute at 2 frames per second, plus ~1 KB/min of audio peaks.
 *
 * | offset | field |
 * |---|---|
 * | 0 | magic `MDNV` |
 * | 4 | u16 blob format version (1) |
 * | 6 | u16 algorithm version ({@link VIDEO_ALGORITHM_VERSION}) |
 * | 8 | u32 flags: bit 0 keyframes only, bit 1 has audio, bit 2 has mirrored hashes |
 * | 12 | u32 frame count n |
 * | 16 | f64 duration, seconds |
 * | 24 | f32 sample rate, frames/s |
 * | 28 | u16 width, u16 height |
 * | 32 | u32 audio blob length a |
 * | 36 | u8 algorithm name length m, then m ASCII bytes, zero padding to a multiple of 4 |
 * | … | n x u32 frame times in ms; n x u8 quality, padding to 4; n x 8 u32 PDQ; n x 8 u32 central PDQ; (n x 8 u32 mirrored PDQ); a audio bytes |
 *
 * Stored library fingerprints drop the mirrored hashes ({@link withoutMirroredHashes}): only queries need them. |
 */
import { DnaErrorCode, dnaError } from '@mediadna/core';
import { deserializeFingerprint, serializeFingerprint } from '@mediadna/audio';
import { PDQ_WORDS } from '@mediadna/image';
import { VIDEO_ALGORITHM, VIDEO_ALGORITHM_VERSION } from './fingerprint.js';
import type { VideoFingerprint } from './fingerprint.js';

const MAGIC = 0x564e444d; // "MDNV" read little-endian
const FORMAT_VERSION = 1;
const FLAG_KEYFRAMES = 1;
const FLAG_AUDIO = 2;
const FLAG_FLIP = 4;

const pad4 = (n: number): number => (n + 3) & ~3;

/** Serialise a fingerprint (see the layout table above). */
export function serializeVideoFingerprint(fingerprint: VideoFingerprint): Uint8Array {
  const n = fingerprint.frameCount;
  const name = new TextEncoder().encode(VIDEO_ALGORITHM);
  const audio = fingerprint.audio ? serializeFingerprint(fingerprint.audio) : new Uint8Array(0);
  const headerSize = pad4(37 + name.length);
  const hasFlip = fingerprint.pdqFlip.length === n * PDQ_WORDS && n > 0;
  const size = headerSize + n * 4 + pad4(n) + n * PDQ_WORDS * (hasFlip ? 12 : 8) + audio.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint16(4, FORMAT_VERSION, true);
  view.setUint16(6, VIDEO_ALGORITHM_VERSION, true);
  view.setUint32(8, (fingerprint.keyframesOnly ? FLAG_KEYFRAMES : 0) | (fingerprint.audio ? FLAG_AUDIO : 0) | (hasFlip ? FLAG_FLIP : 0), true);
  view.setUint32(12, n, true);
  view.setFloat64(16, fingerprint.durationSeconds, true);
  view.setFloat32(24, fingerprint.sampleRate, true);
  view.setUint16(28, Math.min(65535, fingerprint.width), true);
  view.setUint16(30, Math.min(65535, fingerprint.height), true);
  view.setUint32(32, audio.length, true);
  out[36] = name.length;
  out.set(name, 37);
  let offset = headerSize;
  for (let i = 0; i < n; i++, offset += 4) view.setUint32(offset, Math.round(fingerprint.times[i] * 1000), true);
  out.set(fingerprint.quality.subarray(0, n), offset);
  offset += pad4(n);
  for (const words of hasFlip ? [fingerprint.pdq, fingerprint.pdqCenter, fingerprint.pdqFlip] : [fingerprint.pdq, fingerprint.pdqCenter]) {
    for (let i = 0; i < n * PDQ_WORDS; i++, offset += 4) view.setUint32(offset, words[i], true);
  }
  out.set(audio, offset);
  return out;
}

function corrupt(reason: string): Error {
  return dnaError(DnaErrorCode.LibraryIncompatible, `[mediadna] [video] Not a readable video fingerprint: ${reason}`);
}

/**
 * Read a blob made by {@link serializeVideoFingerprint}.
 * @throws DnaError `Library.IncompatibleVersion` for another algorithm or version, or damaged bytes.
 */
export function deserializeVideoFingerprint(blob: Uint8Array): VideoFingerprint {
  if (blob.length < 40) throw corrupt(`only ${blob.length} bytes`);
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw corrupt('bad magic');
  const format = view.getUint16(4, true);
  const version = view.getUint16(6, true);
  const nameLength = blob[36];
  const name = new TextDecoder().decode(blob.subarray(37, 37 + nameLength));
  if (format !== FORMAT_VERSION || version !== VIDEO_ALGORITHM_VERSION || name !== VIDEO_ALGORITHM) {
    throw corrupt(`made by ${name} v${version} (blob format ${format}); this build reads ${VIDEO_ALGORITHM} v${VIDEO_ALGORITHM_VERSION}: re-fingerprint the library`);
  }
  const flags = view.getUint32(8, true);
  const n = view.getUint32(12, true);
  const audioLength = view.getUint32(32, true);
  let offset = pad4(37 + nameLength);
  const hasFlip = (flags & FLAG_FLIP) !== 0;
  const expected = offset + n * 4 + pad4(n) + n * PDQ_WORDS * (hasFlip ? 12 : 8) + audioLength;
  if (expected !== blob.length) throw corrupt(`expected ${expected} bytes, got ${blob.length}`);
  const times = new Float32Array(n);
  for (let i = 0; i < n; i++, offset += 4) times[i] = view.getUint32(offset, true) / 1000;
  const quality = blob.slice(offset, offset + n);
  offset += pad4(n);
  const pdq = new Uint32Array(n * PDQ_WORDS);
  for (let i = 0; i < pdq.length; i++, offset += 4) pdq[i] = view.getUint32(offset, true);
  const pdqCenter = new Uint32Array(n * PDQ_WORDS);
  for (let i = 0; i < pdqCenter.length; i++, offset += 4) pdqCenter[i] = view.getUint32(offset, true);
  const pdqFlip = new Uint32Array(hasFlip ? n * PDQ_WORDS : 0);
  for (let i = 0; i < pdqFlip.length; i++, offset += 4) pdqFlip[i] = view.getUint32(offset, true);
  const audio = flags & FLAG_AUDIO ? deserializeFingerprint(blob.subarray(offset, offset + audioLength)) : null;
  return {
    durationSeconds: view.getFloat64(16, true),
    width: view.getUint16(28, true),
    height: view.getUint16(30, true),
    sampleRate: view.getFloat32(24, true),
    keyframesOnly: (flags & FLAG_KEYFRAMES) !== 0,
    frameCount: n,
    times,
    quality,
    pdq,
    pdqFlip,
    pdqCenter,
    audio,
  };
}

/** The fingerprint without its mirrored hashes (what a library stores: only queries are mirrored). */
export function withoutMirroredHashes(fingerprint: VideoFingerprint): VideoFingerprint {
  return { ...fingerprint, pdqFlip: new Uint32Array(0) };
}
