// Temporal alignment on synthetic fingerprints: exact offsets, 25→30 fps copies, gaps, joins, unrelated.
import { describe, expect, it } from 'vitest';
import { AlignScratch, alignAtOffset, joinSegments } from '../src/align.js';
import type { AlignedSegment } from '../src/align.js';
import { defaultVideoMatchOptions } from '../src/config.js';
import type { VideoFingerprint } from '../src/fingerprint.js';
import { VideoLibrary, compareVideos } from '../src/library.js';

/** Deterministic pseudo-random 256-bit code per "scene second" (content changes every second). */
function codeAt(seed: number, second: number, out: Uint32Array, offset: number): void {
  let state = (seed * 7919 + Math.floor(second) * 104729) >>> 0;
  for (let w = 0; w < 8; w++) {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    out[offset + w] = state;
  }
}

/** A fingerprint sampled at `rate` fps whose frame at time t shows content (seed, t + start). */
function synthetic(seed: number, duration: number, rate: number, start = 0, noiseBits = 0): VideoFingerprint {
  const n = Math.floor(duration * rate);
  const times = new Float32Array(n);
  const pdq = new Uint32Array(n * 8);
  for (let i = 0; i < n; i++) {
    times[i] = i / rate;
    codeAt(seed, times[i] + start, pdq, i * 8);
    for (let b = 0; b < noiseBits; b++) pdq[i * 8 + ((b * 3 + i) % 8)] ^= 1 << ((b * 11 + i * 5) % 32);
  }
  return {
    durationSeconds: duration, width: 320, height: 240, sampleRate: rate, keyframesOnly: false, frameCount: n,
    times, quality: new Uint8Array(n).fill(100), pdq, pdqFlip: new Uint32Array(0), pdqCenter: pdq.slice(), audio: null,
  };
}

/** Concatenate fingerprints in time. */
function concat(parts: VideoFingerprint[]): VideoFingerprint {
  const n = parts.reduce((sum, part) => sum + part.frameCount, 0);
  const times = new Float32Array(n);
  const pdq = new Uint32Array(n * 8);
  let k = 0;
  let shift = 0;
  for (const part of parts) {
    for (let i = 0; i < part.frameCount; i++, k++) times[k] = part.times[i] + shift;
    pdq.set(part.pdq, (k - part.frameCount) * 8);
    shift += part.durationSeconds;
  }
  return { ...parts[0], durationSeconds: shift, frameCount: n, times, quality: new Uint8Array(n).fill(100), pdq, pdqCenter: pdq.slice(), pdqFlip: new Uint32Array(0) };
}

describe('alignAtOffset', () => {
  it('finds an excerpt at its offset', () => {
    const library = synthetic(1, 120, 2);
    const query = synthetic(1, 20, 2, 50, 10); // library [50, 70] with 10 bits of noise per frame
    const [segment, ...rest] = alignAtOffset(query, library, 50, false, defaultVideoMatchOptions, new AlignScratch());
    expect(rest).toEqual([]);
    expect(segment.inputStart).toBe(0);
    expect(segment.inputDuration).toBeCloseTo(20, 5);
    expect(segment.duplicationStart).toBeCloseTo(50, 5);
    expect(segment.matchedFrames).toBe(40);
  });

  it('keeps a copy whole across frames that cannot match, even when only a frame or two follow', () => {
    const library = synthetic(1, 60, 2);
    const query = synthetic(1, 20, 2, 10); // library [10, 30]
    // Frames 12–18.5 s of the query are an unhashable picture: scramble them.
    for (let i = 24; i < 38; i++) for (let w = 0; w < 8; w++) query.pdq[i * 8 + w] ^= 0x5a5a5a5a ^ (i * 2654435761);
    const segments = alignAtOffset(query, library, 10, false, defaultVideoMatchOptions, new AlignScratch());
    expect(segments).toHaveLength(1);
    expect(segments[0].inputStart).toBe(0);
    expect(segments[0].inputDuration).toBeCloseTo(20, 5);
    // Without the tail (frames after the gap scrambled too) the copy ends where matching stopped.
    for (let i = 38; i < 40; i++) for (let w = 0; w < 8; w++) query.pdq[i * 8 + w] ^= 0x5a5a5a5a ^ (i * 2654435761);
    const cut = alignAtOffset(query, library, 10, false, defaultVideoMatchOptions, new AlignScratch());
    expect(cut.map((segment) => segment.inputDuration)).toEqual([12]);
  });

  it('finds nothing at a wrong offset', () => {
    const library = synthetic(1, 120, 2);
    const query = synthetic(1, 20, 2, 50);
    expect(alignAtOffset(query, library, 20, false, defaultVideoMatchOptions, new AlignScratch())).toEqual([]);
  });
});

describe('VideoLibrary.search', () => {
  it('reports an excerpt embedded in unrelated footage, sampled at another rate (25→30 fps style)', () => {
    const library = new VideoLibrary();
    library.add('long', synthetic(1, 600, 2));
    library.add('other', synthetic(2, 300, 2));
    // 10 s unrelated + library [200, 230] sampled at 3 fps + 12 s unrelated.
    const query = concat([synthetic(9, 10, 3), synthetic(1, 30, 3, 200, 8), synthetic(8, 12, 3)]);
    const { video } = library.search(query);
    expect(video.map((match) => match.key)).toEqual(['long']);
    const [segment] = video[0].segments;
    expect(video[0].segments).toHaveLength(1);
    expect(Math.abs(segment.inputStart - 10)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(segment.inputDuration - 30)).toBeLessThanOrEqual(1);
    expect(Math.abs(segment.duplicationStart - 200)).toBeLessThanOrEqual(0.5);
  });

  it('reports several segments from different sources in one input', () => {
    const library = new VideoLibrary();
    library.add('a', synthetic(1, 100, 2));
    library.add('b', synthetic(2, 100, 2));
    const query = concat([synthetic(1, 15, 2, 40), synthetic(7, 5, 2), synthetic(2, 20, 2, 10), synthetic(1, 10, 2, 80)]);
    const { video } = library.search(query);
    const byKey = Object.fromEntries(video.map((match) => [match.key, match.segments.map((s) => [Math.round(s.inputStart), Math.round(s.duplicationStart), Math.round(s.inputDuration)])]));
    expect(byKey).toEqual({ a: [[0, 40, 15], [40, 80, 10]], b: [[20, 10, 20]] });
  });

  it('finds nothing for unrelated videos and nothing after removal', () => {
    const library = new VideoLibrary();
    library.add('a', synthetic(1, 100, 2));
    expect(library.search(synthetic(5, 60, 2)).video).toEqual([]);
    expect(library.search(synthetic(1, 30, 2, 10)).video).toHaveLength(1);
    library.remove('a');
    expect(library.search(synthetic(1, 30, 2, 10)).video).toEqual([]);
    expect(library.size).toBe(0);
  });

  it('refuses a key twice', () => {
    const library = new VideoLibrary();
    library.add('a', synthetic(1, 10, 2));
    expect(() => library.add('a', synthetic(1, 10, 2))).toThrow(/already holds/);
  });

  it('compareVideos gives the same answer without an index', () => {
    const match = compareVideos(synthetic(1, 20, 2, 30), synthetic(1, 100, 2));
    expect(match?.segments[0].duplicationStart).toBeCloseTo(30, 5);
    expect(compareVideos(synthetic(3, 20, 2), synthetic(1, 100, 2))).toBeNull();
  });
});

describe('joinSegments', () => {
  const segment = (inputStart: number, inputDuration: number, duplicationStart: number): AlignedSegment => ({
    inputStart, inputDuration, duplicationStart, duplicationDuration: inputDuration, similarity: 0.9, matchedFrames: inputDuration * 2, flipped: false, firstFrame: 0, endFrame: 1,
  });

  it('joins the same copy across a short unmatched stretch', () => {
    const [joined, ...rest] = joinSegments([segment(0, 12, 5), segment(18, 12, 23)], 8);
    expect(rest).toEqual([]);
    expect([joined.inputStart, joined.inputDuration, joined.duplicationStart]).toEqual([0, 30, 5]);
  });

  it('joins short pieces when the offsets agree', () => {
    expect(joinSegments([segment(6, 2.5, 10), segment(14, 2, 18)], 8)).toHaveLength(1);
  });

  it('keeps apart different offsets, mirror states and long gaps', () => {
    expect(joinSegments([segment(0, 12, 5), segment(18, 12, 40)], 8)).toHaveLength(2);
    expect(joinSegments([segment(0, 12, 5), segment(30, 12, 35)], 8)).toHaveLength(2);
    expect(joinSegments([segment(0, 12, 5), { ...segment(18, 12, 23), flipped: true }], 8)).toHaveLength(2);
  });
});
