import { describe, expect, it } from 'vitest';
import { DnaErrorCode } from '@mediadna/core';
import { DIHEDRAL_TRANSFORMS, ImageHasher, rgbaToLuma } from '../src/index.js';
import { syntheticPicture } from './synthetic.js';

describe('ImageHasher.hashWhole: whole-picture hashes only', () => {
  const picture = syntheticPicture(300, 200, 61);
  const hasher = new ImageHasher();

  it('equals the whole-picture hashes and quality of hash()', () => {
    const full = hasher.hash(picture);
    const whole = hasher.hashWhole(picture);
    expect(Array.from(whole.pdq)).toEqual(Array.from(full.pdq));
    expect(Array.from(whole.phash)).toEqual(Array.from(full.phash));
    expect(whole.quality).toBe(full.quality);
    expect(whole.variants.map((v) => v.transform)).toEqual(['identity']);
  });

  it('gives the requested dihedral variants, equal to hashDihedral()', () => {
    const dihedral = hasher.hashDihedral(picture);
    const whole = hasher.hashWhole(picture, ['flip', 'rotate90']);
    expect(whole.variants.map((v) => v.transform)).toEqual(['flip', 'rotate90']);
    for (const variant of whole.variants) {
      const expected = dihedral.variants[DIHEDRAL_TRANSFORMS.indexOf(variant.transform)];
      expect(Array.from(variant.pdq)).toEqual(Array.from(expected.pdq));
      expect(Array.from(variant.phash)).toEqual(Array.from(expected.phash));
    }
    expect(Array.from(whole.pdq)).toEqual(Array.from(dihedral.pdq)); // identity even when not listed
  });

  it('leaves the hasher computing every region afterwards', () => {
    const before = hasher.hash(picture);
    hasher.hashWhole(picture);
    const after = hasher.hash(picture);
    expect(Array.from(after.inner.pdq)).toEqual(Array.from(before.inner.pdq));
    expect(Array.from(after.centre.pdq)).toEqual(Array.from(before.centre.pdq));
  });

  it('accepts luma planes and refuses unknown transform names with InvalidParameter', () => {
    const luma = { width: picture.width, height: picture.height, luma: rgbaToLuma(picture) };
    expect(hasher.hashWhole(luma).pdq.some((word) => word !== 0)).toBe(true);
    expect(() => hasher.hashWhole(picture, ['mirror' as never])).toThrowError(expect.objectContaining({ code: DnaErrorCode.InvalidParameter }));
  });
});
