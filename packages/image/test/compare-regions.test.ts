import { describe, expect, it } from 'vitest';
import {
  compareImages,
  compareImagesDihedral,
  hashImage,
  hashImageDihedral,
  MATCH_SIMILARITY,
  PDQ_MATCH_THRESHOLD,
  similarityFromPdqDistance,
  transformRgbaImage,
} from '../src/index.js';
import { crop, syntheticPicture } from './synthetic.js';

describe('similarity scale', () => {
  it('is 1 at 0, 0.5 at the match threshold, 0 from 128 bits on', () => {
    expect(similarityFromPdqDistance(0)).toBe(1);
    expect(similarityFromPdqDistance(PDQ_MATCH_THRESHOLD / 2)).toBe(0.75);
    expect(similarityFromPdqDistance(PDQ_MATCH_THRESHOLD)).toBe(MATCH_SIMILARITY);
    expect(similarityFromPdqDistance(128)).toBe(0);
    expect(similarityFromPdqDistance(256)).toBe(0);
    for (let d = 1; d <= 128; d++) expect(similarityFromPdqDistance(d)).toBeLessThan(similarityFromPdqDistance(d - 1));
  });
});

describe('region matching', () => {
  const picture = syntheticPicture(400, 300, 31);
  const stored = hashImage(picture);

  it('a 10 % centred crop matches the stored centre much better than the whole', () => {
    const cropped = hashImage(crop(picture, 0.1));
    const wholeOnly = compareImages({ ...stored, centre: stored }, { ...cropped, centre: cropped });
    const withRegions = compareImages(stored, cropped);
    expect(withRegions.pdqDistance).toBeLessThanOrEqual(20);
    expect(wholeOnly.pdqDistance).toBeGreaterThan(withRegions.pdqDistance + 20);
  });

  it('is symmetric', () => {
    const other = hashImage(crop(picture, 0.1, 0.2));
    expect(compareImages(stored, other)).toEqual(compareImages(other, stored));
  });
});

describe('dihedral comparison', () => {
  const picture = syntheticPicture(320, 200, 41);
  const stored = hashImage(picture);
  for (const [applied, expected] of [
    ['flip', 'flip'],
    ['rotate90', 'rotate270'],
    ['rotate270', 'rotate90'],
    ['transverse', 'transverse'],
    ['identity', 'identity'],
  ] as const) {
    it(`a ${applied} copy is found through its ${expected} variant`, () => {
      const result = compareImagesDihedral(hashImageDihedral(transformRgbaImage(picture, applied)), stored);
      expect(result.transform).toBe(expected);
      expect(result.pdqDistance).toBeLessThanOrEqual(8);
      expect(result.similarity).toBeGreaterThan(0.9);
    });
  }

  it('an unrelated picture stays unmatched under every variant', () => {
    const result = compareImagesDihedral(hashImageDihedral(syntheticPicture(320, 200, 42)), stored);
    expect(result.pdqDistance).toBeGreaterThan(PDQ_MATCH_THRESHOLD);
    expect(result.similarity).toBeLessThan(MATCH_SIMILARITY);
  });
});
