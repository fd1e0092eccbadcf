import { describe, expect, it } from 'vitest';
import { compareImages, hashImage, PDQ_MATCH_THRESHOLD, PHASH_MATCH_THRESHOLD } from '../src/index.js';
import type { RgbaImage } from '../src/index.js';
import { blockQuantise, crop, mapChannels, overlayCaption, resizeBilinear, shrink, syntheticPicture } from './synthetic.js';

describe('edited copies stay close, unrelated pictures stay far', () => {
  const original = syntheticPicture(320, 240, 11);
  const originalHashes = hashImage(original);
  // [name, edit, max PDQ distance asserted]; the bounds sit well under PDQ_MATCH_THRESHOLD.
  const edits: Array<[string, RgbaImage, number]> = [
    ['half-size box shrink', shrink(original, 2), 40],
    ['bilinear resize to 211x173', resizeBilinear(original, 211, 173), 40],
    ['brightness +20 %, +20 levels', mapChannels(original, (v) => v * 1.2 + 20), 40],
    ['contrast -30 %', mapChannels(original, (v) => (v - 128) * 0.7 + 128), 40],
    ['gamma 0.7', mapChannels(original, (v) => 255 * Math.pow(v / 255, 0.7)), 40],
    ['JPEG-like 8x8 block flattening and ±6 noise', blockQuantise(original, 0.5, 6, 3), 30],
    ['5 % crop', crop(original, 0.05), 60],
    ['10 % centred crop (meets the stored centre region)', crop(original, 0.1), 30],
    ['6 % off-centre crop', crop(original, 0.06, 0.25), 60],
    ['caption band over the bottom 15 %', overlayCaption(original, 0.15, 4), 60],
  ];
  for (const [name, edited, bound] of edits) {
    it(name, () => {
      const { pdqDistance, phashDistance, similarity } = compareImages(originalHashes, hashImage(edited));
      expect(pdqDistance).toBeLessThanOrEqual(Math.min(bound, PDQ_MATCH_THRESHOLD));
      expect(phashDistance).toBeLessThanOrEqual(PHASH_MATCH_THRESHOLD);
      expect(similarity).toBeGreaterThanOrEqual(0.5);
    });
  }

  it('unrelated pictures are beyond both thresholds', () => {
    // Smaller canvases keep the test fast; the hashes do not depend on the size.
    for (let seed = 100; seed < 112; seed++) {
      const { pdqDistance, phashDistance, similarity } = compareImages(originalHashes, hashImage(syntheticPicture(160, 120, seed)));
      expect(pdqDistance).toBeGreaterThan(PDQ_MATCH_THRESHOLD + 20);
      expect(phashDistance).toBeGreaterThan(PHASH_MATCH_THRESHOLD);
      expect(similarity).toBeLessThan(0.5);
    }
  });

  it('identical pixels give distance 0 and similarity 1', () => {
    const again = compareImages(originalHashes, hashImage({ ...original, data: original.data.slice() }));
    expect(again).toEqual({ pdqDistance: 0, region: 'whole', phashDistance: 0, similarity: 1, match: true });
  });
});
