/**
 * Boundary refinement: a landmark needs two surviving peaks, so under noise the first and last
 * agreeing landmarks can sit a second inside the true copy. Once the time offset is known, single
 * peaks are enough: walking outwards in half-second windows, a window whose query peaks find a
 * library peak at the same offset (± 2 frames, ± 1 bin) far more often than chance (≈ 3 % at 12
 * peaks per second: at least 2 peaks and 15 %) extends the range to its outermost agreeing peak;
 * the walk stops after two consecutive windows with peaks but none agreeing (one such window
 * happens inside a noisy copy). Windows with a single agreeing peak neither move the boundary nor
 * stop the walk, except that reaching the input's first or last frame through them snaps the
 * boundary there: peaks at the input's edges are picked without their usual neighbours and agree
 * less. Chance agreement is ≈ 3 % per peak, so an unrelated stretch stops the walk within a second.
 */
import type { AudioFingerprint } from './fingerprint.js';
import type { FrameSegment } from './match.js';
import { lowerBound } from '@mediadna/core';

/** Frames per refinement window (0.5 s at 32 ms per frame). */
const WINDOW_FRAMES = 16;
/** Share of a window's query peaks that must agree for the window to join the range. */
const MIN_AGREEMENT = 0.15;
/** Fewest agreeing peaks a window needs (2 of ~6 happens by chance ≈ 0.6 % of the time). */
const MIN_AGREEING_PEAKS = 2;
/**
 * Consecutive windows of clear disagreement (peaks, none agreeing) that end the walk: under heavy
 * noise one half-second window can lose every agreeing peak inside a copy; two in a row are rare.
 */
const STOP_AFTER_DISAGREEING = 2;
/** Furthest a boundary moves, in frames (4 s). */
const MAX_EXTENSION_FRAMES = 125;

/** True when `item` has a peak within ± 2 frames and ± 1 bin of (frame, bin): noise and lossy coding move peaks by a frame or two. */
function hasPeakNear(item: AudioFingerprint, frame: number, bin: number): boolean {
  if (frame < 1) return false;
  const frames = item.peakFrames;
  const bins = item.peakBins;
  for (let i = lowerBound(frames, frame - 2); i < frames.length && frames[i] <= frame + 2; i++) {
    const delta = bins[i] - bin;
    if (delta >= -1 && delta <= 1) return true;
  }
  return false;
}

/** One window's count: query peaks, how many agree, and the first and last agreeing frames. */
interface WindowTally {
  peaks: number;
  agree: number;
  earliest: number;
  latest: number;
}

/** Reused by every window (refinement is synchronous). */
const tally: WindowTally = { peaks: 0, agree: 0, earliest: -1, latest: -1 };

/** Count the query peaks in frames [from, to) that `item` has at `offset`. */
function countWindow(query: AudioFingerprint, item: AudioFingerprint, offset: number, from: number, to: number): WindowTally {
  const frames = query.peakFrames;
  const bins = query.peakBins;
  tally.peaks = 0;
  tally.agree = 0;
  tally.earliest = -1;
  tally.latest = -1;
  for (let i = lowerBound(frames, from); i < frames.length && frames[i] < to; i++) {
    tally.peaks++;
    if (hasPeakNear(item, frames[i] + offset, bins[i])) {
      tally.agree++;
      if (tally.earliest < 0) tally.earliest = frames[i];
      tally.latest = frames[i];
    }
  }
  return tally;
}

/** Far more agreeing peaks than chance: the window is part of the copy. */
function agrees(window: WindowTally): boolean {
  return window.agree >= MIN_AGREEING_PEAKS && window.agree >= MIN_AGREEMENT * window.peaks;
}

/** Peaks but none agreeing: the window is not part of the copy. */
function disagrees(window: WindowTally): boolean {
  return window.agree === 0 && window.peaks >= MIN_AGREEING_PEAKS;
}

/**
 * Move a segment's query-side ends outwards while single peaks keep agreeing at its offset
 * (the library side follows). Mutates and returns `segment`.
 */
export function refineSegment(segment: FrameSegment, query: AudioFingerprint, item: AudioFingerprint, neighbours: readonly FrameSegment[]): FrameSegment {
  const offset = segment.itemStartFrame - segment.queryStartFrame;
  // Do not grow into another segment of the same item.
  let lowerLimit = Math.max(0, segment.queryStartFrame - MAX_EXTENSION_FRAMES, -offset);
  let upperLimit = Math.min(query.frameCount, segment.queryEndFrame + MAX_EXTENSION_FRAMES, item.frameCount - offset);
  for (const other of neighbours) {
    if (other === segment) continue;
    if (other.queryEndFrame <= segment.queryStartFrame) lowerLimit = Math.max(lowerLimit, other.queryEndFrame);
    if (other.queryStartFrame >= segment.queryEndFrame) upperLimit = Math.min(upperLimit, other.queryStartFrame);
  }
  // backwards
  let start = segment.queryStartFrame;
  let disagreeing = 0;
  for (let windowEnd = start; windowEnd > lowerLimit; windowEnd -= WINDOW_FRAMES) {
    const windowStart = Math.max(lowerLimit, windowEnd - WINDOW_FRAMES);
    const window = countWindow(query, item, offset, windowStart, windowEnd);
    if (agrees(window)) {
      start = window.earliest;
      disagreeing = 0;
    } else if (disagrees(window)) {
      if (++disagreeing >= STOP_AFTER_DISAGREEING) break; // clear disagreement: the copy starts here
    } else if (windowStart === 0 && window.agree >= 1) {
      // Weak windows all the way to the input's start (whose first frames see no past, so their
      // peaks agree less): the copy runs from the start.
      start = 0;
    }
  }
  // forwards: from the last peak inside the segment
  let end = segment.queryEndFrame;
  disagreeing = 0;
  for (let windowStart = end; windowStart < upperLimit; windowStart += WINDOW_FRAMES) {
    const windowEnd = Math.min(upperLimit, windowStart + WINDOW_FRAMES);
    const window = countWindow(query, item, offset, windowStart, windowEnd);
    if (agrees(window)) {
      end = Math.min(upperLimit, window.latest + 2); // a peak's frame window ends 2 frames after it starts
      disagreeing = 0;
    } else if (disagrees(window)) {
      if (++disagreeing >= STOP_AFTER_DISAGREEING) break;
    } else if (windowEnd === query.frameCount && window.agree >= 1) {
      end = query.frameCount; // same at the input's end
    }
  }
  segment.queryStartFrame = start;
  segment.itemStartFrame = start + offset;
  segment.queryEndFrame = Math.max(end, start + 1);
  segment.itemEndFrame = segment.queryEndFrame + offset;
  return segment;
}
