import { describe, expect, it } from 'vitest';
import { HammingHits, MultiIndexHammingIndex } from '../src/index.js';
import { randomCodes, randomWords } from './random.js';

/**
 * Worst case for multi-index hashing: the differing bits spread as evenly as possible over the
 * 16-bit substrings, so no substring is closer than the pigeonhole bound. Every such neighbour
 * at distance r must be found at radius r, and not at r - 1.
 */
function spread(code: Uint32Array, distance: number, substrings: number, rotate: number): Uint32Array {
  const copy = code.slice();
  for (let flip = 0; flip < distance; flip++) {
    const substring = (flip + rotate) % substrings;
    const bitInSubstring = Math.floor(flip / substrings); // 0, 1, 2… within each substring
    const bit = substring * 16 + bitInSubstring;
    copy[bit >>> 5] ^= 1 << (31 - (bit & 31));
  }
  return copy;
}

describe('MultiIndexHammingIndex pigeonhole bound', () => {
  for (const bits of [64, 256] as const) {
    it(`finds evenly spread neighbours at exactly the radius (${bits}-bit)`, () => {
      const words = bits / 32;
      const substrings = bits / 16;
      const index = new MultiIndexHammingIndex(bits, { minTableSize: 0, linearFallback: false });
      const next = randomWords(bits);
      const noise = randomCodes(2000, words, next);
      index.addMany(1, noise);
      const base = randomCodes(1, words, next);
      const out = new HammingHits();
      const maxRadius = bits === 64 ? 24 : 48;
      for (let r = 1; r <= maxRadius; r++) {
        for (const rotate of [0, 1, substrings - 1]) {
          const neighbour = spread(base, r, substrings, rotate);
          index.add(2, neighbour, 0, r);
          out.clear();
          index.searchRadius(base, r, out);
          const within = out.length;
          const found = Array.from(out.itemIds.subarray(0, out.length)).filter((id) => id === 2).length;
          expect(found, `radius ${r} rotate ${rotate}`).toBe(1);
          out.clear();
          index.searchRadius(base, r - 1, out);
          expect(Array.from(out.itemIds.subarray(0, out.length)).includes(2)).toBe(false);
          // The k nearest, k = entries within r, are exactly those entries (ties cannot reach past r).
          out.clear();
          index.searchKnn(base, within, out);
          expect(out.length).toBe(within);
          expect(Math.max(...out.distances.subarray(0, out.length))).toBe(r);
          expect(Array.from(out.itemIds.subarray(0, out.length)).includes(2)).toBe(true);
          index.removeItem(2);
        }
      }
    });
  }
});
