/**
 * ADTS framing (ISO/IEC 14496-3 1.A.3.2, the `.aac` file format): a 7-byte header (9 with a
 * CRC) before each frame, carrying the profile, rate and channel configuration.
 */

/** One ADTS header. */
export interface AdtsHeader {
  /** Object type − 1: 1 is LC. */
  readonly profile: number;
  readonly samplingFrequencyIndex: number;
  readonly channelConfiguration: number;
  /** Whole frame, header included. */
  readonly frameLength: number;
  readonly headerLength: number;
  /** Raw data blocks in the frame (1–4). */
  readonly blocks: number;
}

/** The header at `bytes[at]` (7 bytes readable), or null when the bytes are not one. */
export function readAdtsHeader(bytes: Uint8Array, at: number): AdtsHeader | null {
  if (bytes[at] !== 0xff || (bytes[at + 1] & 0xf6) !== 0xf0) return null; // sync, layer 0
  const protectionAbsent = bytes[at + 1] & 1;
  const profile = bytes[at + 2] >> 6;
  const samplingFrequencyIndex = (bytes[at + 2] >> 2) & 15;
  const channelConfiguration = ((bytes[at + 2] & 1) << 2) | (bytes[at + 3] >> 6);
  const frameLength = ((bytes[at + 3] & 3) << 11) | (bytes[at + 4] << 3) | (bytes[at + 5] >> 5);
  const blocks = (bytes[at + 6] & 3) + 1;
  const headerLength = protectionAbsent ? 7 : 9;
  if (samplingFrequencyIndex > 12 || frameLength <= headerLength) return null;
  return { profile, samplingFrequencyIndex, channelConfiguration, frameLength, headerLength, blocks };
}

/** Offset of the first ADTS header in `bytes` followed by a second one (or the end), or -1. */
export function findAdtsFrame(bytes: Uint8Array, from: number, end: number): number {
  for (let at = from; at + 7 <= end; at++) {
    const header = readAdtsHeader(bytes, at);
    if (!header) continue;
    const next = at + header.frameLength;
    if (next + 7 > end || readAdtsHeader(bytes, next)) return at;
  }
  return -1;
}
