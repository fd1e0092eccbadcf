/**
 * Landmark stage: each anchor peak is paired with the next `fanout` peaks inside its target zone
 * (1..maxDeltaFrames frames later, within ±maxDeltaBins bins); each pair becomes one 32-bit hash
 * with the anchor's absolute frame number as its time.
 *
 * Hash layout (bit 31 = most significant):
 *
 * | bits  | field        | range                                        |
 * |-------|--------------|----------------------------------------------|
 * | 31-21 | reserved     | 0                                            |
 * | 20-13 | anchor bin   | 0..255 (FFT bin of the anchor, 15.6 Hz each)  |
 * | 12-6  | delta bins+64| 1..127 (target bin - anchor bin, -63..63)    |
 * | 5-0   | delta frames | 1..63 (target frame - anchor frame, 32 ms)   |
 *
 * Times are absolute frames as uint32 (32 ms each: 4 years before wrapping), so a match deep in
 * an hour-long file reports its true time.
 */
import type { AudioConfig } from './config.js';

export const ANCHOR_BIN_SHIFT = 13;
export const ANCHOR_BIN_MASK = 0xff;
export const DELTA_BINS_SHIFT = 6;
export const DELTA_BINS_MASK = 0x7f;
export const DELTA_BINS_BIAS = 64;
export const DELTA_FRAMES_SHIFT = 0;
export const DELTA_FRAMES_MASK = 0x3f;

/** Landmarks of one signal: `hashes[i]` happened at anchor frame `times[i]`; first `length` valid. */
export interface Landmarks {
  hashes: Uint32Array;
  times: Uint32Array;
  length: number;
}

/** Pack one landmark. `anchorBin` 0..255, `deltaBins` -63..63, `deltaFrames` 1..63. */
export function packLandmark(anchorBin: number, deltaBins: number, deltaFrames: number): number {
  return (
    (((anchorBin & ANCHOR_BIN_MASK) << ANCHOR_BIN_SHIFT) |
      (((deltaBins + DELTA_BINS_BIAS) & DELTA_BINS_MASK) << DELTA_BINS_SHIFT) |
      ((deltaFrames & DELTA_FRAMES_MASK) << DELTA_FRAMES_SHIFT)) >>>
    0
  );
}

/** Fields of a packed landmark. */
export function unpackLandmark(hash: number): { anchorBin: number; deltaBins: number; deltaFrames: number } {
  return {
    anchorBin: (hash >>> ANCHOR_BIN_SHIFT) & ANCHOR_BIN_MASK,
    deltaBins: ((hash >>> DELTA_BINS_SHIFT) & DELTA_BINS_MASK) - DELTA_BINS_BIAS,
    deltaFrames: (hash >>> DELTA_FRAMES_SHIFT) & DELTA_FRAMES_MASK,
  };
}

/** Delta frames of a packed landmark (the target's time after the anchor). */
export function landmarkDeltaFrames(hash: number): number {
  return (hash >>> DELTA_FRAMES_SHIFT) & DELTA_FRAMES_MASK;
}

/**
 * Pair peaks into landmarks. Peaks must be in time order (as the peak picker emits them).
 * `out` is reused when large enough.
 */
export function landmarksFromPeaks(
  frames: Uint32Array, // peak frame numbers, ascending
  bins: Uint16Array, // peak FFT bins
  count: number,
  config: AudioConfig,
  out?: Landmarks,
): Landmarks {
  const fanout = config.fanout;
  const maxDeltaFrames = Math.min(config.maxDeltaFrames, DELTA_FRAMES_MASK);
  const maxDeltaBins = Math.min(config.maxDeltaBins, DELTA_BINS_BIAS - 1);
  const capacity = count * fanout;
  let hashes = out?.hashes;
  let times = out?.times;
  if (!hashes || hashes.length < capacity) hashes = new Uint32Array(capacity);
  if (!times || times.length < capacity) times = new Uint32Array(capacity);
  let length = 0;
  for (let i = 0; i < count; i++) {
    const anchorFrame = frames[i];
    const anchorBin = bins[i];
    let paired = 0;
    for (let j = i + 1; j < count && paired < fanout; j++) {
      const deltaFrames = frames[j] - anchorFrame;
      if (deltaFrames > maxDeltaFrames) break;
      if (deltaFrames < 1) continue;
      const deltaBins = bins[j] - anchorBin;
      if (deltaBins > maxDeltaBins || deltaBins < -maxDeltaBins) continue;
      hashes[length] =
        (((anchorBin & ANCHOR_BIN_MASK) << ANCHOR_BIN_SHIFT) | ((deltaBins + DELTA_BINS_BIAS) << DELTA_BINS_SHIFT) | deltaFrames) >>> 0;
      times[length] = anchorFrame;
      length++;
      paired++;
    }
  }
  const result = out ?? { hashes, times, length };
  result.hashes = hashes;
  result.times = times;
  result.length = length;
  return result;
}

/** Naive reference of {@link landmarksFromPeaks}: all pairs, filtered and cut to the fanout. */
export function landmarksFromPeaksNaive(frames: Uint32Array, bins: Uint16Array, count: number, config: AudioConfig): Array<[hash: number, time: number]> {
  const result: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) {
    const targets: number[] = [];
    for (let j = 0; j < count; j++) {
      const dt = frames[j] - frames[i];
      const df = bins[j] - bins[i];
      if (j > i && dt >= 1 && dt <= config.maxDeltaFrames && Math.abs(df) <= config.maxDeltaBins) targets.push(j);
    }
    for (const j of targets.slice(0, config.fanout)) result.push([packLandmark(bins[i], bins[j] - bins[i], frames[j] - frames[i]), frames[i]]);
  }
  return result;
}
