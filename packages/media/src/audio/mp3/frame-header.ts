/** MPEG audio Layer III frame headers: parsing, and where the next frame starts. */
import { BITRATES_KBPS, SAMPLE_RATES } from './layer3-tables.js';

/** A parsed Layer III frame header. */
export interface FrameHeader {
  /** 0 = MPEG-1, 1 = MPEG-2, 2 = MPEG-2.5. */
  readonly version: number;
  /** Index into the nine sample rates (version * 3 + index). */
  readonly rateIndex: number;
  readonly sampleRate: number;
  /** 0 stereo, 1 joint stereo, 2 dual channel, 3 mono. */
  readonly mode: number;
  readonly modeExtension: number;
  readonly channels: number;
  readonly hasCrc: boolean;
  /** Whole frame in bytes, header included. */
  readonly length: number;
  /** Side information bytes after the header (and CRC). */
  readonly sideInfoBytes: number;
}

/**
 * The Layer III header at `at`, or null when the bytes there are not one (no sync, another
 * layer, a reserved field, or free format, whose frame length is not in the header).
 */
export function parseFrameHeader(bytes: Uint8Array, at: number): FrameHeader | null {
  if (at + 4 > bytes.length) return null;
  const b1 = bytes[at + 1];
  const b2 = bytes[at + 2];
  const b3 = bytes[at + 3];
  if (bytes[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return null;
  const versionBits = (b1 >> 3) & 3;
  if (versionBits === 1 || ((b1 >> 1) & 3) !== 1) return null; // reserved version, or not Layer III
  const version = versionBits === 3 ? 0 : versionBits === 2 ? 1 : 2;
  const bitrateIndex = b2 >> 4;
  const sampleIndex = (b2 >> 2) & 3;
  if (bitrateIndex === 0 || bitrateIndex === 15 || sampleIndex === 3) return null;
  const sampleRate = SAMPLE_RATES[version][sampleIndex];
  const bitrate = BITRATES_KBPS[version === 0 ? 0 : 1][bitrateIndex] * 1000;
  const padding = (b2 >> 1) & 1;
  const length = Math.floor(((version === 0 ? 144 : 72) * bitrate) / sampleRate) + padding;
  const mode = b3 >> 6;
  const channels = mode === 3 ? 1 : 2;
  const sideInfoBytes = version === 0 ? (channels === 1 ? 17 : 32) : channels === 1 ? 9 : 17;
  return {
    version,
    rateIndex: version * 3 + sampleIndex,
    sampleRate,
    mode,
    modeExtension: (b3 >> 4) & 3,
    channels,
    hasCrc: (b1 & 1) === 0,
    length,
    sideInfoBytes,
  };
}

/** Whether two headers belong to the same stream (a chance sync inside data rarely matches). */
export function sameStream(a: FrameHeader, b: FrameHeader): boolean {
  return a.version === b.version && a.rateIndex === b.rateIndex && a.channels === b.channels;
}
