import { describe, expect, it } from 'vitest';
import { hammingDistance256, hammingDistance64 } from '@mediadna/core';
import { DIHEDRAL_INVERSE, DIHEDRAL_TRANSFORMS, hashImage, hashImageDihedral, transformRgbaImage } from '../src/index.js';
import { syntheticPicture } from './synthetic.js';

describe('dihedral variants from the DCT equal hashes of transformed pixels', () => {
  // Non-square with an even Jarosz window on one axis (300 → 3, 200 → 2) to exercise asymmetry.
  const picture = syntheticPicture(300, 200, 21);
  const derived = hashImageDihedral(picture);

  it('lists the 8 transforms in order, identity first and equal to hashImage', () => {
    expect(derived.variants.map((v) => v.transform)).toEqual([...DIHEDRAL_TRANSFORMS]);
    const plain = hashImage(picture);
    expect(hammingDistance256(derived.variants[0].pdq, plain.pdq)).toBe(0);
    expect(hammingDistance64(derived.variants[0].phash, plain.phash)).toBe(0);
  });

  for (const variant of DIHEDRAL_TRANSFORMS) {
    it(variant, () => {
      const fromPixels = hashImage(transformRgbaImage(picture, variant));
      const fromDct = derived.variants.find((v) => v.transform === variant)!;
      expect(hammingDistance256(fromDct.pdq, fromPixels.pdq)).toBeLessThanOrEqual(8);
      expect(hammingDistance64(fromDct.phash, fromPixels.phash)).toBeLessThanOrEqual(2);
      // The centred regions trim opposite edges alike, so they commute with the transform too.
      expect(hammingDistance256(fromDct.centre.pdq, fromPixels.centre.pdq)).toBeLessThanOrEqual(8);
      expect(hammingDistance256(fromDct.inner.pdq, fromPixels.inner.pdq)).toBeLessThanOrEqual(8);
    });
  }

  it('a rotated copy is found through the inverse transform, and not through identity', () => {
    const rotated = transformRgbaImage(picture, 'rotate90');
    const query = hashImageDihedral(rotated);
    const stored = hashImage(picture);
    const through = query.variants.find((v) => v.transform === DIHEDRAL_INVERSE.rotate90)!;
    expect(DIHEDRAL_INVERSE.rotate90).toBe('rotate270');
    expect(hammingDistance256(through.pdq, stored.pdq)).toBeLessThanOrEqual(8);
    expect(hammingDistance256(query.pdq, stored.pdq)).toBeGreaterThan(80);
  });

  it('naive transforms: rotate90 is clockwise and transpose swaps axes', () => {
    const image = { width: 3, height: 2, data: new Uint8Array(24).map((_, i) => (i % 4 === 0 ? i / 4 : 0)) };
    // Pixels (red channel) 0 1 2 / 3 4 5
    const red = (im: { width: number; height: number; data: Uint8Array | Uint8ClampedArray }): number[] =>
      Array.from({ length: im.width * im.height }, (_, i) => im.data[i * 4]);
    expect(red(transformRgbaImage(image, 'rotate90'))).toEqual([3, 0, 4, 1, 5, 2]);
    expect(red(transformRgbaImage(image, 'rotate270'))).toEqual([2, 5, 1, 4, 0, 3]);
    expect(red(transformRgbaImage(image, 'transpose'))).toEqual([0, 3, 1, 4, 2, 5]);
    expect(red(transformRgbaImage(image, 'transverse'))).toEqual([5, 2, 4, 1, 3, 0]);
    expect(red(transformRgbaImage(image, 'flip'))).toEqual([2, 1, 0, 5, 4, 3]);
    expect(red(transformRgbaImage(image, 'flipY'))).toEqual([3, 4, 5, 0, 1, 2]);
  });
});
