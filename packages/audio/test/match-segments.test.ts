import { describe, expect, it } from 'vitest';
import { concatFloat32 } from '@mediadna/core';
import { AudioLibrary, hashAudio, poissonLogTail } from '../src/index.js';
import { refineSegment } from '../src/refine.js';
import { addNoise, synthMusic } from './synth.js';

const RATE = 8000;

const concat = (...parts: Float32Array[]): Float32Array => concatFloat32(parts);

describe('matching', () => {
  const tracks = [synthMusic(60, 101), synthMusic(60, 202), synthMusic(60, 303)];
  const library = new AudioLibrary();
  tracks.forEach((track, i) => library.add(`track-${i}`, hashAudio(track)));

  it('finds an excerpt with its place in the library item', () => {
    const excerpt = tracks[1].subarray(23 * RATE, 33 * RATE);
    const [match, ...rest] = library.search(hashAudio(excerpt));
    expect(rest).toEqual([]);
    expect(match.key).toBe('track-1');
    expect(match.segments).toHaveLength(1);
    const segment = match.segments[0];
    expect(segment.inputStart).toBeLessThan(0.5);
    expect(segment.inputDuration).toBeGreaterThan(9.3);
    expect(Math.abs(segment.duplicationStart - (23 + segment.inputStart))).toBeLessThan(0.05);
    expect(match.similarity).toBeGreaterThan(0.9);
  });

  it('reports every library track inside a mix, each with its own range, under noise', () => {
    const gap = synthMusic(8, 999); // unrelated music between the copies
    const mix = addNoise(concat(tracks[2].subarray(5 * RATE, 20 * RATE), gap, tracks[0].subarray(40 * RATE, 52 * RATE)), 10, 5);
    const matches = library.search(hashAudio(mix));
    expect(matches.map((m) => m.key).sort()).toEqual(['track-0', 'track-2']);
    const byKey = Object.fromEntries(matches.map((m) => [m.key, m.segments]));
    expect(byKey['track-2']).toHaveLength(1);
    expect(byKey['track-2'][0].inputStart).toBeLessThan(0.6);
    expect(byKey['track-2'][0].duplicationStart).toBeCloseTo(5 + byKey['track-2'][0].inputStart, 1);
    expect(Math.abs(byKey['track-2'][0].inputStart + byKey['track-2'][0].inputDuration - 15)).toBeLessThan(0.6);
    expect(byKey['track-0']).toHaveLength(1);
    expect(Math.abs(byKey['track-0'][0].inputStart - 23)).toBeLessThan(0.6);
    expect(byKey['track-0'][0].duplicationStart).toBeCloseTo(40 + byKey['track-0'][0].inputStart - 23, 1);
  });

  it('keeps a copy whole when its middle is masked, but not across another track', () => {
    // 10 s of track 1, 8 s of it drowned (unrelated music 20 dB louder on top), 10 s more.
    const copy = tracks[1].subarray(10 * RATE, 38 * RATE).slice();
    const masker = synthMusic(8, 4242);
    for (let i = 0; i < masker.length; i++) copy[10 * RATE + i] = copy[10 * RATE + i] * 0.1 + masker[i];
    const masked = library.search(hashAudio(copy));
    expect(masked.map((m) => m.key)).toEqual(['track-1']);
    expect(masked[0].segments).toHaveLength(1);
    expect(masked[0].segments[0].inputStart).toBeLessThan(0.6);
    expect(masked[0].segments[0].inputDuration).toBeGreaterThan(27);
    // Without the bridge the masked middle splits it.
    expect(library.search(hashAudio(copy), { maxBridgeFrames: 0 })[0].segments.length).toBeGreaterThan(1);
    // The same alignment resumed after 8 s of another library track: two ranges, not one.
    const interrupted = tracks[1].subarray(10 * RATE, 38 * RATE).slice();
    interrupted.set(tracks[2].subarray(30 * RATE, 38 * RATE), 10 * RATE);
    const byKey = Object.fromEntries(library.search(hashAudio(interrupted)).map((m) => [m.key, m.segments]));
    expect(byKey['track-2']).toHaveLength(1);
    expect(byKey['track-1']).toHaveLength(2);
  });

  it('matches nothing for unrelated music', () => {
    for (let seed = 1; seed <= 10; seed++) expect(library.search(hashAudio(synthMusic(20, seed * 7)))).toEqual([]);
  });

  it('forgets removed items', () => {
    const local = new AudioLibrary();
    local.add('a', hashAudio(tracks[0]));
    local.remove('a');
    expect(local.size).toBe(0);
    expect(local.search(hashAudio(tracks[0].subarray(0, 10 * RATE)))).toEqual([]);
  });

  it('computes Poisson tails', () => {
    expect(poissonLogTail(0, 1)).toBe(0);
    expect(poissonLogTail(1, 1)).toBeCloseTo(Math.log10(1 - Math.exp(-1)), 6);
    expect(poissonLogTail(3, 0.5)).toBeCloseTo(Math.log10(1 - Math.exp(-0.5) * (1 + 0.5 + 0.125)), 6);
    expect(poissonLogTail(50, 1)).toBeLessThan(-60);
  });
});

describe('boundary refinement next to another track', () => {
  it("stops at another item's landmark-backed range, which the library passes as a neighbour", () => {
    const item = hashAudio(addNoise(synthMusic(20, 41), 20, 3));
    const query = item; // identical peaks: every window agrees, so only limits stop the walk
    const core = (start: number, end: number) => ({ queryStartFrame: start, queryEndFrame: end, itemStartFrame: start, itemEndFrame: end, votes: 50 });
    const alone = core(100, 200);
    refineSegment(alone, query, item, [alone]);
    expect(alone.queryEndFrame).toBeGreaterThan(300); // walks up to 4 s on
    const limited = core(100, 200);
    const otherTrack = core(230, 400);
    refineSegment(limited, query, item, [limited, otherTrack]);
    expect(limited.queryEndFrame).toBeLessThanOrEqual(230);
    expect(limited.queryStartFrame).toBeLessThan(10); // the other side is free
  });
});
