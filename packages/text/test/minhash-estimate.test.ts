import { describe, expect, it } from 'vitest';
import { createMinHash, densifyMinHash, estimateJaccard, fmix32, naiveMinHash, updateMinHash } from '../src/index.js';

function signature(values: Uint32Array): Uint32Array {
  const s = createMinHash();
  for (const v of values) updateMinHash(s, v);
  densifyMinHash(s);
  return s;
}

function sets(size: number, shared: number): [Uint32Array, Uint32Array] {
  const a = new Uint32Array(size);
  const b = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    a[i] = fmix32(i + 1);
    b[i] = i < shared ? a[i] : fmix32(i + 1_000_000);
  }
  return [a, b];
}

describe('one-permutation MinHash', () => {
  it('estimates Jaccard like 128 independent hash functions do', () => {
    for (const [size, shared] of [[2000, 1000], [2000, 1800], [500, 100], [40, 30]]) {
      const [a, b] = sets(size, shared);
      const truth = shared / (2 * size - shared);
      const oph = estimateJaccard(signature(a), signature(b));
      const naive = estimateJaccard(naiveMinHash(a), naiveMinHash(b));
      expect(Math.abs(oph - truth), `size ${size} shared ${shared}`).toBeLessThan(0.15);
      expect(Math.abs(naive - truth)).toBeLessThan(0.15);
    }
  });

  it('densifies empty bins consistently so tiny identical sets match exactly', () => {
    const [a] = sets(5, 5);
    const s = createMinHash();
    for (const v of a) updateMinHash(s, v);
    const empty = densifyMinHash(s);
    expect(empty).toBeGreaterThan(100);
    expect(s.includes(0xffffffff)).toBe(false);
    expect(estimateJaccard(s, signature(a))).toBe(1);
    expect(estimateJaccard(s, signature(sets(5, 0)[1]))).toBeLessThan(0.3);
  });
});

describe('SimHash', () => {
  it('equals the explicit ±1 vote reference', async () => {
    const { simHash64, naiveSimHash64 } = await import('../src/index.js');
    for (const n of [1, 2, 7, 100, 1001]) {
      const features = new Uint32Array(n);
      for (let i = 0; i < n; i++) features[i] = fmix32(i * 31 + n);
      expect(Array.from(simHash64(features)), `n=${n}`).toEqual(Array.from(naiveSimHash64(features)));
    }
  });
});
