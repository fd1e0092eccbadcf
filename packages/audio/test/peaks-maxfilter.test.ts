import { describe, expect, it } from 'vitest';
import { maxFilter, maxFilterNaive, maxFilterScratchLength } from '../src/index.js';

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

  it('spreads a single spike over ± radius', () => {
    const input = new Float32Array([0, 0, 0, 5, 0, 0, 0, 0]);
    const out = new Float32Array(8);
    maxFilter(input, out, 8, 2, new Float32Array(maxFilterScratchLength(8, 2)));
    expect(Array.from(out)).toEqual([0, 5, 5, 5, 5, 5, 0, 0]);
  });
});
