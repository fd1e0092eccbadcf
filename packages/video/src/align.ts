/**
 * Temporal alignment of a query video against one library video, given a time offset to test.
 *
 * Seeding (in library.ts) votes on `offset = libraryTime - queryTime` from index hits; here each
 * candidate offset is verified frame by frame: every query frame is compared with the library
 * frames sampled within `window` seconds of `queryTime + offset`, and runs of matching frames
 * become segments. Times are seconds, so a 25 fps copy of a 30 fps video aligns the same way.
 */
import { hammingDistance256, lowerBound } from '@mediadna/core';
import { PDQ_WORDS } from '@mediadna/image';
import type { VideoFingerprint } from './fingerprint.js';

/** A matched segment of one alignment, in seconds. */
export interface AlignedSegment {
  inputStart: number;
  inputDuration: number;
  duplicationStart: number;
  duplicationDuration: number;
  /** Mean frame similarity over matched frames, 0..1 (1 - distance / 128, clipped). */
  similarity: number;
  matchedFrames: number;
  /** True when the query matched mirrored. */
  flipped: boolean;
  /** Index of the first and one past the last query frame of the segment. */
  firstFrame: number;
  endFrame: number;
}

/** Thresholds of {@link alignAtOffset} (see `VideoMatchOptions`). */
export interface AlignOptions {
  readonly frameRadius: number;
  readonly minSegmentSeconds: number;
  readonly maxGapSeconds: number;
  readonly minMatchedFrames: number;
  readonly minMatchedShare: number;
  readonly minQuality: number;
}

/** Per-frame outcome codes in the scratch array. */
const UNKNOWN = 0;
const MATCHED = 1;
const MISSED = 2;

/** Scratch arrays reused across alignments (grown by doubling). */
export class AlignScratch {
  status: Uint8Array = new Uint8Array(256);
  distance: Uint16Array = new Uint16Array(256);
  offsets: Float32Array = new Float32Array(256);
  ensure(count: number): void {
    if (this.status.length >= count) return;
    let size = this.status.length * 2;
    while (size < count) size *= 2;
    this.status = new Uint8Array(size);
    this.distance = new Uint16Array(size);
    this.offsets = new Float32Array(size);
  }
}

/** Sampling step of a fingerprint in seconds (median gap for keyframe fingerprints). */
export function samplingStep(fingerprint: VideoFingerprint): number {
  if (fingerprint.sampleRate > 0) return 1 / fingerprint.sampleRate;
  const n = fingerprint.frameCount;
  if (n < 2) return 1;
  const gaps = new Float32Array(n - 1);
  for (let i = 1; i < n; i++) gaps[i - 1] = fingerprint.times[i] - fingerprint.times[i - 1];
  gaps.sort();
  return Math.max(0.04, gaps[(gaps.length - 1) >> 1]);
}

function median(values: Float32Array, count: number): number {
  const sorted = values.slice(0, count).sort();
  return count === 0 ? 0 : sorted[(count - 1) >> 1];
}

/**
 * Compare every query frame with the library frames near `queryTime + offset` and return the
 * segments where they match.
 */
export function alignAtOffset(
  query: VideoFingerprint,
  library: VideoFingerprint,
  offset: number,
  flipped: boolean,
  options: AlignOptions,
  scratch: AlignScratch,
): AlignedSegment[] {
  const n = query.frameCount;
  scratch.ensure(n);
  const { status, distance, offsets } = scratch;
  const codes = flipped && query.pdqFlip.length > 0 ? query.pdqFlip : query.pdq;
  const libraryTimes = library.times;
  const libraryCount = library.frameCount;
  const libraryStep = samplingStep(library);
  const queryStep = samplingStep(query);
  const window = Math.max(libraryStep, queryStep) * 0.75 + 0.1;
  const { frameRadius, minQuality } = options;
  for (let i = 0; i < n; i++) {
    status[i] = UNKNOWN;
    if (query.quality[i] < minQuality) continue;
    const target = query.times[i] + offset;
    if (target < -window || target > library.durationSeconds + window) continue;
    let best = 257;
    let bestTime = 0;
    let sawGood = false;
    for (let j = lowerBound(libraryTimes, target - window); j < libraryCount && libraryTimes[j] <= target + window; j++) {
      if (library.quality[j] < minQuality) continue;
      sawGood = true;
      // The library frame whole or its centre (the query may be a cropped copy).
      const whole = hammingDistance256(codes, library.pdq, i * PDQ_WORDS, j * PDQ_WORDS);
      const center = hammingDistance256(codes, library.pdqCenter, i * PDQ_WORDS, j * PDQ_WORDS);
      const d = whole < center ? whole : center;
      if (d < best) {
        best = d;
        bestTime = libraryTimes[j];
      }
    }
    if (!sawGood) continue;
    distance[i] = best;
    offsets[i] = bestTime - query.times[i];
    status[i] = best <= frameRadius ? MATCHED : MISSED;
  }
  return collectSegments(query, library, flipped, options, scratch, queryStep, codes);
}

/** Distance of a query frame to the library frame nearest in time to `target` (whole or centre, the smaller). */
function nearestDistance(codes: Uint32Array, i: number, library: VideoFingerprint, target: number, minQuality: number): number {
  const times = library.times;
  let j = lowerBound(times, target);
  if (j >= library.frameCount || (j > 0 && target - times[j - 1] < times[j] - target)) j--;
  if (j < 0 || library.quality[j] < minQuality) return -1;
  const whole = hammingDistance256(codes, library.pdq, i * PDQ_WORDS, j * PDQ_WORDS);
  const center = hammingDistance256(codes, library.pdqCenter, i * PDQ_WORDS, j * PDQ_WORDS);
  return whole < center ? whole : center;
}

/** Steps (of {@link REFINE_STEP} s) tried on each side of a segment's offset. */
const REFINE_STEPS = 8;
const REFINE_STEP = 0.125;

/**
 * Sharpen a segment's offset: the best-in-window distances used to find it are flat over the
 * window on slow footage, so score offsets within ±1 s by each query frame's distance to the
 * single library frame nearest in time, and keep the lowest mean (ties: the one nearest `offset`).
 */
function refineOffset(codes: Uint32Array, query: VideoFingerprint, library: VideoFingerprint, first: number, end: number, offset: number, minQuality: number): number {
  let bestOffset = offset;
  let bestScore = Infinity;
  for (let k = 0; k <= 2 * REFINE_STEPS; k++) {
    // 0, -1, +1, -2, +2, …: nearer offsets first, so ties keep them.
    const step = k & 1 ? -((k + 1) >> 1) : k >> 1;
    const candidate = offset + step * REFINE_STEP;
    let sum = 0;
    let count = 0;
    for (let i = first; i < end; i++) {
      if (query.quality[i] < minQuality) continue;
      const d = nearestDistance(codes, i, library, query.times[i] + candidate, minQuality);
      if (d < 0) continue;
      sum += d;
      count++;
    }
    if (count === 0) continue;
    const score = sum / count;
    if (score < bestScore - 1e-9) {
      bestScore = score;
      bestOffset = candidate;
    }
  }
  return bestOffset;
}

function collectSegments(
  query: VideoFingerprint,
  library: VideoFingerprint,
  flipped: boolean,
  options: AlignOptions,
  scratch: AlignScratch,
  queryStep: number,
  codes: Uint32Array,
): AlignedSegment[] {
  const { status, distance, offsets } = scratch;
  const n = query.frameCount;
  const times = query.times;
  const segments: AlignedSegment[] = [];
  const segmentOffsets = new Float32Array(n);
  let i = 0;
  while (i < n) {
    if (status[i] !== MATCHED) {
      i++;
      continue;
    }
    const first = i;
    let last = i;
    let matched = 0;
    let missed = 0;
    let similaritySum = 0;
    let offsetCount = 0;
    let lastMatchedTime = times[i];
    let j = i;
    for (; j < n; j++) {
      if (times[j] - lastMatchedTime > options.maxGapSeconds) break;
      if (status[j] === MATCHED) {
        matched++;
        similaritySum += Math.max(0, 1 - distance[j] / 128);
        segmentOffsets[offsetCount++] = offsets[j];
        last = j;
        lastMatchedTime = times[j];
      } else if (status[j] === MISSED) {
        missed++;
      }
    }
    // Misses after the last match are not part of the segment.
    for (let k = last + 1; k < j; k++) if (status[k] === MISSED) missed--;
    i = last + 1;
    const start = times[first];
    const next = last + 1 < n ? times[last + 1] : query.durationSeconds;
    const end = Math.min(next, times[last] + queryStep, query.durationSeconds);
    const duration = Math.max(0, end - start);
    // Runs of any length are kept until same-offset runs are joined below; noisy runs are not.
    if (matched / (matched + missed) < options.minMatchedShare) continue;
    const offset = refineOffset(codes, query, library, first, last + 1, median(segmentOffsets, offsetCount), options.minQuality);
    let duplicationStart = start + offset;
    let inputStart = start;
    let inputDuration = duration;
    if (duplicationStart < 0) {
      inputStart -= duplicationStart;
      inputDuration += duplicationStart;
      duplicationStart = 0;
    }
    inputDuration = Math.min(inputDuration, Math.max(0, library.durationSeconds - duplicationStart));
    if (inputDuration <= 0) continue;
    segments.push({
      inputStart,
      inputDuration,
      duplicationStart,
      duplicationDuration: inputDuration,
      similarity: similaritySum / matched,
      matchedFrames: matched,
      flipped,
      firstFrame: first,
      endFrame: last + 1,
    });
  }
  // A copy interrupted by frames that cannot match (a flat or aliasing picture) comes back at
  // the same offset, possibly only for a frame or two: join first, then apply the minimums.
  return joinSegments(segments, MAX_JOIN_SECONDS).filter(
    (segment) => segment.matchedFrames >= options.minMatchedFrames && segment.inputDuration >= options.minSegmentSeconds,
  );
}

/** Longest stretch of unmatched frames joined inside one copy, seconds. */
export const MAX_JOIN_SECONDS = 8;

/** Offset difference (seconds) under which two segments count as one copy. */
const SAME_OFFSET = 0.75;

/**
 * Join segments of one library item that continue the same copy across a stretch of frames
 * that failed to match (a flat or aliasing picture, a logo over part of it): same mirror state,
 * the same offset within {@link SAME_OFFSET} s, and a gap of at most `maxJoinSeconds`. Two
 * independent alignments agreeing on the offset are the evidence. `segments` must be sorted by
 * input start; returns a new sorted list.
 */
export function joinSegments(segments: readonly AlignedSegment[], maxJoinSeconds: number): AlignedSegment[] {
  const out: AlignedSegment[] = [];
  for (const segment of segments) {
    const previous = out[out.length - 1];
    if (previous) {
      const previousEnd = previous.inputStart + previous.inputDuration;
      const gap = segment.inputStart - previousEnd;
      const offsetPrevious = previous.duplicationStart - previous.inputStart;
      const offsetNext = segment.duplicationStart - segment.inputStart;
      if (
        previous.flipped === segment.flipped &&
        Math.abs(offsetPrevious - offsetNext) <= SAME_OFFSET &&
        gap <= maxJoinSeconds
      ) {
        const end = Math.max(previousEnd, segment.inputStart + segment.inputDuration);
        const matched = previous.matchedFrames + segment.matchedFrames;
        out[out.length - 1] = {
          ...previous,
          inputDuration: end - previous.inputStart,
          duplicationDuration: end - previous.inputStart,
          similarity: (previous.similarity * previous.matchedFrames + segment.similarity * segment.matchedFrames) / matched,
          matchedFrames: matched,
          endFrame: segment.endFrame,
        };
        continue;
      }
    }
    out.push(segment);
  }
  return out;
}
