import { describe, expect, it } from 'vitest';
import { hammingDistance256 } from '@mediadna/core';
import { BoxReducer, reductionFactor } from '../src/reduce.js';
import { lumaRowToPrefix, rgbaRowToLumaPrefix } from '../src/luma.js';
import { hashImage, hashImageDihedral, transformRgbaImage } from '../src/index.js';
import { shrink, syntheticPicture } from './synthetic.js';

describe('box pre-shrink', () => {
  it('picks floor(shorter side / 256), at least 1', () => {
    expect(reductionFactor(480, 270)).toBe(1);
    expect(reductionFactor(768, 512)).toBe(2);
    expect(reductionFactor(1920, 1080)).toBe(4);
    expect(reductionFactor(100, 5000)).toBe(1);
  });

  it('averages k x k blocks, centring the blocks (leftover split between edges)', () => {
    // 7 x 4 luma, k = 2: reduced 3 x 2, one leftover column split as left = 0 ((7 - 6) >> 1).
    const width = 7;
    const luma = new Float32Array([
      0, 1, 2, 3, 4, 5, 6,
      10, 11, 12, 13, 14, 15, 16,
      20, 21, 22, 23, 24, 25, 26,
      30, 31, 32, 33, 34, 35, 36,
    ]);
    const reducer = new BoxReducer();
    reducer.begin(width, 4, 2);
    expect([reducer.width, reducer.height]).toEqual([3, 2]);
    const prefix = new Float64Array(width + 1);
    const rows: number[][] = [];
    for (let y = 0; y < 4; y++) {
      lumaRowToPrefix(luma, width, y, prefix);
      const row = reducer.pushRow(prefix, y);
      expect(row).toBe(y % 2 === 1 ? (y - 1) / 2 : -1);
      if (row >= 0) rows.push(Array.from({ length: 3 }, (_, c) => reducer.rowPrefix[c + 1] - reducer.rowPrefix[c]));
    }
    // Block (0,0) = mean(0, 1, 10, 11) = 5.5; each block right adds 2, each band down adds 20.
    expect(rows).toEqual([
      [5.5, 7.5, 9.5],
      [25.5, 27.5, 29.5],
    ]);
  });

  // Aligned bytes take the packed u32 path; a view at an odd byte offset takes the byte path.
  for (const [path, offset] of [['packed u32', 0], ['byte', 1]] as const) {
    it(`the RGBA ${path} path equals reducing the luma prefix sums`, () => {
      const picture = syntheticPicture(97, 61, 3);
      const shifted = new Uint8Array(picture.data.length + offset);
      shifted.set(picture.data, offset);
      const data = shifted.subarray(offset);
      const a = new BoxReducer();
      const b = new BoxReducer();
      a.begin(97, 61, 3);
      b.begin(97, 61, 3);
      const prefix = new Float64Array(98);
      for (let y = 0; y < 61; y++) {
        rgbaRowToLumaPrefix(picture.data, 97, y, prefix);
        const rowA = a.pushRow(prefix, y);
        const rowB = b.pushRgbaRow(data, 97, y);
        expect(rowB).toBe(rowA);
        if (rowA >= 0) for (let c = 0; c <= a.width; c++) expect(b.rowPrefix[c]).toBeCloseTo(a.rowPrefix[c], 2);
      }
    });
  }

  it('a large image hashes like its half-size copy, and its dihedral variants still line up', () => {
    const large = syntheticPicture(780, 520, 8); // k = 2
    const hashes = hashImage(large);
    expect(hammingDistance256(hashes.pdq, hashImage(shrink(large, 2)).pdq)).toBeLessThanOrEqual(16);
    const variants = hashImageDihedral(large).variants;
    for (const transform of ['rotate90', 'flipY'] as const) {
      const fromPixels = hashImage(transformRgbaImage(large, transform));
      expect(hammingDistance256(variants.find((v) => v.transform === transform)!.pdq, fromPixels.pdq)).toBeLessThanOrEqual(8);
    }
  });
});
