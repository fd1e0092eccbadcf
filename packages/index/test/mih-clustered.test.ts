import { describe, expect, it } from 'vitest';
import { HammingHits, LinearHammingIndex, MultiIndexHammingIndex } from '../src/index.js';
import type { HammingIndex } from '../src/index.js';
import { flipBits, randomWords } from './random.js';

/**
 * Clustered codes (most bits shared by everyone, like frames of one static shot) overfill a
 * few buckets. Pure MIH must stay exact; the default MIH gives up probing past its visit budget
 * and scans, and must be exact too.
 */
function clustered(count: number, seed: number): Uint32Array {
  const next = randomWords(seed);
  const patterns = [0x00000000, 0xffffffff, 0x0f0f0f0f];
  const codes = new Uint32Array(count * 8);
  for (let i = 0; i < count; i++) {
    for (let w = 0; w < 7; w++) codes[i * 8 + w] = patterns[(i + w) % 3 === 0 ? 0 : (i % 3)];
    codes[i * 8 + 7] = next();
  }
  return codes;
}

function sortedHits(index: HammingIndex, query: Uint32Array, radius: number): number[][] {
  const hits = index.searchRadius(query, radius, new HammingHits());
  const list: number[][] = [];
  for (let i = 0; i < hits.length; i++) list.push([hits.itemIds[i], hits.tags[i], hits.distances[i]]);
  return list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

describe('MultiIndexHammingIndex on clustered codes', () => {
  it('returns the linear results, probing or falling back to a scan', () => {
    const codes = clustered(6000, 11);
    const linear = new LinearHammingIndex(256);
    const pure = new MultiIndexHammingIndex(256, { minTableSize: 0, linearFallback: false });
    const fallback = new MultiIndexHammingIndex(256, { minTableSize: 0 });
    for (const index of [linear, pure, fallback]) index.addMany(1, codes);
    const next = randomWords(12);
    for (let q = 0; q < 20; q++) {
      const query = flipBits(codes.subarray((q * 97) * 8, (q * 97 + 1) * 8), q % 12, next);
      for (const radius of [8, 31]) {
        const expected = sortedHits(linear, query, radius);
        if (radius === 31) expect(expected.length).toBeGreaterThan(0);
        expect(sortedHits(pure, query, radius)).toEqual(expected);
        expect(sortedHits(fallback, query, radius)).toEqual(expected);
      }
      const knn = (index: HammingIndex) => {
        const hits = index.searchKnn(query, 5, new HammingHits());
        return Array.from(hits.tags.subarray(0, hits.length));
      };
      expect(knn(pure)).toEqual(knn(linear));
      expect(knn(fallback)).toEqual(knn(linear));
    }
  });
});
