import { describe, expect, it } from 'vitest';
import { DCT_MATRIX_16x64, DCT_MATRIX_8x32, dctLowFrequencies, dctLowFrequenciesNaive } from '../src/dct.js';
import { seededRandom } from './synthetic.js';

describe('matrix DCT equals the cosine definition', () => {
  for (const [size, count, matrix] of [
    [64, 16, DCT_MATRIX_16x64],
    [32, 8, DCT_MATRIX_8x32],
  ] as const) {
    it(`${count}x${count} of ${size}x${size}`, () => {
      const random = seededRandom(size);
      const input = new Float32Array(size * size).map(() => random() * 255);
      const out = new Float32Array(count * count);
      dctLowFrequencies(input, size, matrix, count, new Float32Array(size * size), out);
      const naive = dctLowFrequenciesNaive(input, size, count);
      for (let i = 0; i < out.length; i++) expect(Math.abs(out[i] - naive[i])).toBeLessThan(2e-2);
    });
  }

  it('a constant image has no energy outside DC (which is skipped)', () => {
    const out = new Float32Array(256);
    dctLowFrequencies(new Float32Array(4096).fill(200), 64, DCT_MATRIX_16x64, 16, new Float32Array(4096), out);
    for (const value of out) expect(Math.abs(value)).toBeLessThan(1e-2);
  });

  it('a horizontal cosine of frequency 3 lands in row 0, column 2 only', () => {
    const input = new Float32Array(64 * 64);
    for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) input[y * 64 + x] = Math.cos((Math.PI / 128) * 3 * (2 * x + 1));
    const out = new Float32Array(256);
    dctLowFrequencies(input, 64, DCT_MATRIX_16x64, 16, new Float32Array(4096), out);
    // Vertical frequency 0 is not kept, so the energy is in no kept coefficient...
    for (const value of out) expect(Math.abs(value)).toBeLessThan(1e-3);
    // ...but modulated by a vertical cosine of frequency 1 it appears at (0, 2).
    for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) input[y * 64 + x] *= Math.cos((Math.PI / 128) * (2 * y + 1));
    dctLowFrequencies(input, 64, DCT_MATRIX_16x64, 16, new Float32Array(4096), out);
    let largest = 0;
    for (let k = 1; k < 256; k++) if (Math.abs(out[k]) > Math.abs(out[largest])) largest = k;
    expect(largest).toBe(2);
    expect(out[2]).toBeCloseTo(32, 3); // 64 x 64 x (1/2)(1/2) x (2/64)
  });
});
