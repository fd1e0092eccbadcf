import { describe, expect, it } from 'vitest';
import {
  compareImages,
  compareImagesDihedral,
  hashImage,
  hashImageDihedral,
  MATCH_SIMILARITY,
  PDQ_INNER_MATCH_THRESHOLD,
  PDQ_LOW_QUALITY,
  PDQ_LOW_QUALITY_MATCH_THRESHOLD,
  PDQ_MATCH_THRESHOLD,
  pdqMatchThreshold,
  similarityFromPdqDistance,
  transformRgbaImage,
} from '../src/index.js';
import { blockQuantise, crop, mapChannels, overlayWatermark, syntheticPicture } from './synthetic.js';
import type { ImageHashes } from '../src/index.js';

describe('similarity scale', () => {
  it('is 1 at 0, 0.5 at the match threshold, 0 from 128 bits on', () => {
    expect(similarityFromPdqDistance(0)).toBe(1);
    expect(similarityFromPdqDistance(PDQ_MATCH_THRESHOLD / 2)).toBe(0.75);
    expect(similarityFromPdqDistance(PDQ_MATCH_THRESHOLD)).toBe(MATCH_SIMILARITY);
    expect(similarityFromPdqDistance(128)).toBe(0);
    expect(similarityFromPdqDistance(256)).toBe(0);
    for (let d = 1; d <= 128; d++) expect(similarityFromPdqDistance(d)).toBeLessThan(similarityFromPdqDistance(d - 1));
  });

  it('puts 0.5 at whatever threshold it is given', () => {
    expect(similarityFromPdqDistance(56, 56)).toBe(0.5);
    expect(similarityFromPdqDistance(57, 56)).toBeLessThan(0.5);
    expect(similarityFromPdqDistance(92, 56)).toBe(0.25); // halfway from 56 to 128
  });
});

describe('quality-aware threshold', () => {
  it(`is stricter when either image is near-flat (quality < ${PDQ_LOW_QUALITY})`, () => {
    expect(pdqMatchThreshold(100, 100)).toBe(PDQ_MATCH_THRESHOLD);
    expect(pdqMatchThreshold(PDQ_LOW_QUALITY, 100)).toBe(PDQ_MATCH_THRESHOLD);
    expect(pdqMatchThreshold(PDQ_LOW_QUALITY - 1, 100)).toBe(PDQ_LOW_QUALITY_MATCH_THRESHOLD);
    expect(pdqMatchThreshold(100, 0)).toBe(PDQ_LOW_QUALITY_MATCH_THRESHOLD);
  });

  it('has its own, stricter value for the inner regions', () => {
    expect(pdqMatchThreshold(100, 100, 'inner')).toBe(PDQ_INNER_MATCH_THRESHOLD);
    expect(PDQ_INNER_MATCH_THRESHOLD).toBeLessThan(PDQ_MATCH_THRESHOLD);
    expect(pdqMatchThreshold(100, 100, 'whole')).toBe(PDQ_MATCH_THRESHOLD);
    expect(pdqMatchThreshold(3, 100, 'inner')).toBe(PDQ_LOW_QUALITY_MATCH_THRESHOLD);
  });

  it('compareImages applies it to match and similarity', () => {
    const a = hashImage(syntheticPicture(200, 150, 51));
    // Same hashes, 64 bits apart: a match at quality 100, not when one side is near-flat.
    const b = { ...a, pdq: a.pdq.slice(), centre: { ...a.centre, pdq: a.centre.pdq.slice() }, inner: { ...a.inner, pdq: a.inner.pdq.slice() } };
    for (const code of [b.pdq, b.centre.pdq, b.inner.pdq]) {
      code[0] = ~code[0];
      code[1] = ~code[1];
    }
    const sharp = compareImages(a, b);
    expect(sharp.pdqDistance).toBe(64);
    expect(sharp.region).toBe('whole'); // 64 of 72 scores better than 64 of 64
    expect(sharp.match).toBe(true);
    const flat = compareImages(a, { ...b, quality: 3 });
    expect(flat.match).toBe(false);
    expect(flat.similarity).toBeLessThan(MATCH_SIMILARITY);
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

describe('watermarked copies (logo in a corner, caption at the bottom)', () => {
  // A low-contrast picture (quality ~30) where the watermark dominates the whole-picture hash,
  // like the corpus's overlays on smooth wallpapers; then JPEG-like block flattening and noise.
  const picture = mapChannels(syntheticPicture(320, 240, 31), (v) => 128 + (v - 128) * 0.35);
  const stored = hashImage(picture);
  const marked = blockQuantise(overlayWatermark(picture, 0.12, 3), 0.3, 2, 5);
  const withoutInner = (h: ImageHashes, fill: number): ImageHashes => ({ ...h, inner: { phash: h.inner.phash, pdq: new Uint32Array(8).fill(fill) } });

  it('are beyond the whole-picture threshold but match through the inner region', () => {
    const query = hashImage(marked);
    const wholeOnly = compareImages(withoutInner(stored, 0), withoutInner(query, 0xffffffff));
    expect(wholeOnly.match).toBe(false);
    expect(wholeOnly.pdqDistance).toBeGreaterThan(PDQ_MATCH_THRESHOLD);
    const result = compareImages(stored, query);
    expect(result).toMatchObject({ region: 'inner', match: true });
    expect(result.pdqDistance).toBeLessThanOrEqual(20);
    expect(result.similarity).toBeGreaterThan(0.8);
  });

  it('are found flipped too, through the inner region of the right variant', () => {
    const result = compareImagesDihedral(hashImageDihedral(transformRgbaImage(marked, 'flip')), stored);
    expect(result).toMatchObject({ region: 'inner', match: true, transform: 'flip' });
  });

  it('an unrelated picture gets no inner match either', () => {
    const other = hashImage(mapChannels(syntheticPicture(320, 240, 32), (v) => 128 + (v - 128) * 0.35));
    expect(compareImages(stored, other).match).toBe(false);
    expect(compareImages({ ...stored, pdq: stored.inner.pdq, centre: stored.inner }, { ...other, pdq: other.inner.pdq, centre: other.inner }).pdqDistance).toBeGreaterThan(
      PDQ_INNER_MATCH_THRESHOLD + 20,
    );
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
