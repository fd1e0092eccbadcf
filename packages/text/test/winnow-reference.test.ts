import { describe, expect, it } from 'vitest';
import { fmix32, naiveWinnow, Winnower } from '../src/index.js';

describe('Winnower', () => {
  it('selects the same fingerprints as the naive reference', () => {
    for (const [n, w, modulo] of [[1000, 4, 0], [300, 6, 7], [3, 4, 0], [50, 1, 0], [200, 4, 3]]) {
      const hashes = new Uint32Array(n);
      for (let i = 0; i < n; i++) hashes[i] = modulo ? fmix32(i) % modulo : fmix32(i); // modulo forces ties
      const winnower = new Winnower(w);
      for (let i = 0; i < n; i++) winnower.push(hashes[i], i, i + 1);
      winnower.finish();
      const streamed = Array.from(winnower.out.positions.subarray(0, winnower.out.length));
      expect(streamed, `n=${n} w=${w}`).toEqual(naiveWinnow(hashes, w));
    }
  });

  it('guarantees a fingerprint in every window and keeps about 2/(w+1)', () => {
    const n = 20000;
    const w = 4;
    const winnower = new Winnower(w);
    for (let i = 0; i < n; i++) winnower.push(fmix32(i * 7919), i, i + 1);
    const positions = winnower.out.positions.subarray(0, winnower.out.length);
    for (let i = 1; i < positions.length; i++) expect(positions[i] - positions[i - 1]).toBeLessThanOrEqual(w);
    expect(positions.length / n).toBeGreaterThan(0.35);
    expect(positions.length / n).toBeLessThan(0.45);
  });
});
