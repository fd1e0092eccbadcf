import { describe, expect, it } from 'vitest';
import { defaultAudioConfig, maxFilter, maxFilterBits, maxFilterNaive, maxFilterScratchLength, PeakPicker } from '../src/index.js';

describe('sliding maximum', () => {
  it('equals the naive filter for every radius and length', () => {
    let state = 11;
    for (const length of [1, 2, 7, 50, 214]) {
      for (const radius of [0, 1, 3, 8, 20]) {
        const input = new Float32Array(length);
        for (let i = 0; i < length; i++) input[i] = (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
        const fast = new Float32Array(length);
        const naive = new Float32Array(length);
        maxFilter(input, fast, length, radius, new Float32Array(maxFilterScratchLength(length, radius)));
        maxFilterNaive(input, naive, length, radius);
        expect(Array.from(fast)).toEqual(Array.from(naive));
      }
    }
  });

  it('on float bit patterns (non-negative values, ties, +Infinity) gives the naive filter\'s bits', () => {
    let state = 5;
    for (const length of [1, 2, 7, 50, 214]) {
      for (const radius of [0, 1, 3, 8, 20]) {
        const input = new Float32Array(length);
        for (let i = 0; i < length; i++) {
          const r = (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
          // powers over many decades, some repeated values, a few zeros and infinities
          input[i] = r < 0.05 ? 0 : r < 0.08 ? Infinity : r < 0.3 ? 1e-8 : 10 ** (r * 20 - 10);
        }
        const fast = new Float32Array(length);
        const naive = new Float32Array(length);
        const bits = (array: Float32Array): Int32Array => new Int32Array(array.buffer);
        maxFilterBits(bits(input), bits(fast), length, radius, new Int32Array(maxFilterScratchLength(length, radius)));
        maxFilterNaive(input, naive, length, radius);
        expect(Array.from(bits(fast))).toEqual(Array.from(bits(naive)));
      }
    }
  });

  it('spreads a single spike over ± radius', () => {
    const input = new Float32Array([0, 0, 0, 5, 0, 0, 0, 0]);
    const out = new Float32Array(8);
    maxFilter(input, out, 8, 2, new Float32Array(maxFilterScratchLength(8, 2)));
    expect(Array.from(out)).toEqual([0, 5, 5, 5, 5, 5, 0, 0]);
  });
});

describe('peak picker, WebAssembly SIMD loops', () => {
  it('keeps the same peaks as the JavaScript loops, bit for bit (ties, plateaus, the floor, stream edges)', () => {
    const config = defaultAudioConfig;
    const floor = 1e-6;
    let state = 97;
    const random = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (const frames of [1, 3, 9, 400]) {
      const simd = new PeakPicker(config, floor);
      const js = new PeakPicker(config, floor, { simd: false });
      for (let t = 0; t < frames; t++) {
        const row = new Float32Array(config.maxBin - config.minBin);
        for (let b = 0; b < row.length; b++) {
          const r = random();
          // coarse levels make ties and plateaus common; some cells sit at the floor
          row[b] = r < 0.2 ? floor : r < 0.3 ? Math.fround(floor * 1.0000001) : Math.round(r * 12) / 4;
        }
        simd.nextRow().set(row);
        js.nextRow().set(row);
        simd.pushRow();
        js.pushRow();
      }
      simd.finish();
      js.finish();
      expect(simd.count).toBe(js.count);
      expect(Array.from(simd.frames.subarray(0, simd.count))).toEqual(Array.from(js.frames.subarray(0, js.count)));
      expect(Array.from(simd.bins.subarray(0, simd.count))).toEqual(Array.from(js.bins.subarray(0, js.count)));
      if (frames === 400) expect(js.count).toBeGreaterThan(100);
    }
  });
});
