/**
 * Fingerprint blob: what a library stores per item. Layout (little-endian):
 *
 * | offset | size | field                                                       |
 * |--------|------|-------------------------------------------------------------|
 * | 0      | 4    | magic `MDAF`                                                |
 * | 4      | 1    | format version ({@link AUDIO_FINGERPRINT_VERSION})          |
 * | 5      | 1    | algorithm name length n                                     |
 * | 6      | n    | algorithm name, ASCII ({@link AUDIO_ALGORITHM})             |
 * | 6+n    | 26   | config: 13 x u16 in {@link CONFIG_FIELDS} order (peaksPerSecond x 100) |
 * | 32+n   | 4    | frameCount u32                                              |
 * | 36+n   | 4    | peak count u32                                              |
 * | 40+n   | …    | per peak: frame delta (LEB128 varint), bin (u8)             |
 *
 * At 12 peaks per second a peak costs about 2 bytes: ≈ 1.5 KB per minute of audio.
 */
import { DnaErrorCode, dnaError } from '@mediadna/core';
import type { AudioConfig } from './config.js';
import type { AudioFingerprint } from './fingerprint.js';

/** Algorithm name stored in every blob. */
export const AUDIO_ALGORITHM = 'audio/peak-landmarks-8k';
/** Blob format version; bumped when stored fingerprints stop being comparable. */
export const AUDIO_FINGERPRINT_VERSION = 1;

const MAGIC = [0x4d, 0x44, 0x41, 0x46]; // "MDAF"
const CONFIG_FIELDS: readonly (keyof AudioConfig)[] = [
  'sampleRate', 'fftSize', 'hopSize', 'minBin', 'maxBin', 'peakRadiusBins', 'peakRadiusFrames',
  'peaksPerSecond', 'densityRadiusFrames', 'floorDb', 'fanout', 'maxDeltaFrames', 'maxDeltaBins',
];

function invalid(message: string): Error {
  return dnaError(DnaErrorCode.LibraryIncompatible, `[mediadna] [audio] ${message}`);
}

/** Serialise a fingerprint. */
export function serializeFingerprint(fingerprint: AudioFingerprint): Uint8Array {
  const name = new TextEncoder().encode(AUDIO_ALGORITHM);
  const count = fingerprint.peakFrames.length;
  const out = new Uint8Array(40 + name.length + count * 6);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = AUDIO_FINGERPRINT_VERSION;
  out[5] = name.length;
  out.set(name, 6);
  let offset = 6 + name.length;
  for (const field of CONFIG_FIELDS) {
    const value = field === 'peaksPerSecond' ? Math.round(fingerprint.config[field] * 100) : fingerprint.config[field];
    view.setUint16(offset, value, true);
    offset += 2;
  }
  view.setUint32(offset, fingerprint.frameCount, true);
  view.setUint32(offset + 4, count, true);
  offset += 8;
  const frames = fingerprint.peakFrames;
  const bins = fingerprint.peakBins;
  let previous = 0;
  for (let i = 0; i < count; i++) {
    let delta = frames[i] - previous;
    previous = frames[i];
    while (delta >= 0x80) {
      out[offset++] = (delta & 0x7f) | 0x80;
      delta >>>= 7;
    }
    out[offset++] = delta;
    out[offset++] = bins[i];
  }
  return out.slice(0, offset);
}

/**
 * Parse a blob made by {@link serializeFingerprint}.
 * @throws DnaError `Library.IncompatibleVersion` for another algorithm or version, or a damaged blob
 */
export function deserializeFingerprint(blob: Uint8Array): AudioFingerprint {
  if (blob.length < 6 || MAGIC.some((byte, i) => blob[i] !== byte)) throw invalid('Not an audio fingerprint blob');
  if (blob[4] !== AUDIO_FINGERPRINT_VERSION) throw invalid(`Audio fingerprint version ${blob[4]} is not supported (expected ${AUDIO_FINGERPRINT_VERSION}); re-ingest the library`);
  const nameLength = blob[5];
  const name = new TextDecoder().decode(blob.subarray(6, 6 + nameLength));
  if (name !== AUDIO_ALGORITHM) throw invalid(`Fingerprint algorithm ${JSON.stringify(name)} is not ${JSON.stringify(AUDIO_ALGORITHM)}`);
  let offset = 6 + nameLength;
  if (blob.length < offset + 34) throw invalid('Audio fingerprint blob is cut short');
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const config: Record<string, number> = {};
  for (const field of CONFIG_FIELDS) {
    const value = view.getUint16(offset, true);
    config[field] = field === 'peaksPerSecond' ? value / 100 : value;
    offset += 2;
  }
  const frameCount = view.getUint32(offset, true);
  const count = view.getUint32(offset + 4, true);
  offset += 8;
  if (count > blob.length) throw invalid('Audio fingerprint blob is damaged (peak count)');
  const peakFrames = new Uint32Array(count);
  const peakBins = new Uint16Array(count);
  let frame = 0;
  for (let i = 0; i < count; i++) {
    let delta = 0;
    let shift = 0;
    let byte: number;
    do {
      if (offset >= blob.length) throw invalid('Audio fingerprint blob is cut short');
      byte = blob[offset++];
      delta += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    frame += delta;
    peakFrames[i] = frame;
    if (offset >= blob.length) throw invalid('Audio fingerprint blob is cut short');
    peakBins[i] = blob[offset++];
  }
  return { config: Object.freeze(config) as unknown as AudioConfig, frameCount, peakFrames, peakBins };
}
