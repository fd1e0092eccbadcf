import { describe, expect, it } from 'vitest';
import { defaultAudioConfig, landmarksFromPeaks, landmarksFromPeaksNaive, packLandmark, unpackLandmark } from '../src/index.js';

describe('landmark bit packing', () => {
  it('packs anchor bin, delta bins and delta frames into known bits', () => {
    // anchor 100 → bits 20-13, delta -3 + 64 = 61 → bits 12-6, dt 17 → bits 5-0
    expect(packLandmark(100, -3, 17)).toBe((100 << 13) | (61 << 6) | 17);
    expect(packLandmark(255, 63, 63)).toBe(0x1fffff);
    expect(packLandmark(0, -63, 1)).toBe((1 << 6) | 1);
    for (const [bin, df, dt] of [[10, -63, 1], [223, 63, 63], [128, 0, 5]]) {
      expect(unpackLandmark(packLandmark(bin, df, dt))).toEqual({ anchorBin: bin, deltaBins: df, deltaFrames: dt });
      expect(packLandmark(bin, df, dt) >>> 21).toBe(0); // reserved bits stay zero
    }
  });

  it('pairs peaks exactly like the naive all-pairs reference', () => {
    let state = 3;
    const random = (): number => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const count = 400;
    const frames = new Uint32Array(count);
    const bins = new Uint16Array(count);
    let frame = 0;
    for (let i = 0; i < count; i++) {
      frame += Math.floor(random() * 6);
      frames[i] = frame;
      bins[i] = 10 + Math.floor(random() * 214);
    }
    const fast = landmarksFromPeaks(frames, bins, count, defaultAudioConfig);
    const naive = landmarksFromPeaksNaive(frames, bins, count, defaultAudioConfig);
    expect(fast.length).toBe(naive.length);
    for (let i = 0; i < naive.length; i++) expect([fast.hashes[i], fast.times[i]]).toEqual(naive[i]);
  });

  it('keeps absolute frame numbers past 16 bits (hour-long audio)', () => {
    const frames = new Uint32Array([200000, 200010]);
    const bins = new Uint16Array([50, 60]);
    const result = landmarksFromPeaks(frames, bins, 2, defaultAudioConfig);
    expect(result.length).toBe(1);
    expect(result.times[0]).toBe(200000);
  });
});
