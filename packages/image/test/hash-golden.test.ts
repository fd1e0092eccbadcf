import { describe, expect, it } from 'vitest';
import { hammingDistance256, hammingDistance64, hexToWords, wordsToHex } from '@mediadna/core';
import { hashImage, ImageHasher, rgbaToLuma } from '../src/index.js';
import { downsampleJaroszNaive } from '../src/jarosz.js';
import { dctLowFrequenciesNaive } from '../src/dct.js';
import { syntheticPicture } from './synthetic.js';

// Regression vectors: syntheticPicture(320, 240, 1). If an intended algorithm change moves them,
// bump IMAGE_ALGORITHM_VERSION and record the new values.
const GOLDEN_PDQ = '3fd7acd6de423926c92435d22492cb759a6566d329b61924ef34549a76c0d6a9';
const GOLDEN_PHASH = 'e5d3b624749ae0a9';

/** Bits of a count x count block thresholded at its median, packed like threshold.ts. */
function naiveBits(block: Float64Array, count: number): Uint32Array {
  const sorted = Array.from(block).sort((a, b) => a - b);
  const median = sorted[count * count / 2 - 1];
  const words = new Uint32Array((count * count) / 32);
  for (let k = 0; k < count * count; k++) if (block[k] > median) words[words.length - 1 - (k >>> 5)] |= 1 << (k & 31);
  return words;
}

describe('golden hashes of a synthetic picture', () => {
  const picture = syntheticPicture(320, 240, 1);

  it('PDQ and pHash match the recorded hex', () => {
    const hashes = hashImage(picture);
    expect(wordsToHex(hashes.pdq)).toBe(GOLDEN_PDQ);
    expect(wordsToHex(hashes.phash)).toBe(GOLDEN_PHASH);
    expect(hashes.quality).toBe(100);
    expect([hashes.width, hashes.height]).toEqual([320, 240]);
  });

  it('PDQ agrees with the slow reference pipeline (full-buffer Jarosz, cosine-sum DCT)', () => {
    const luma = rgbaToLuma(picture);
    const downsampled = downsampleJaroszNaive(luma, 320, 240);
    const reference = naiveBits(dctLowFrequenciesNaive(downsampled, 64, 16), 16);
    expect(hammingDistance256(hashImage(picture).pdq, reference)).toBeLessThanOrEqual(2);
  });

  it('pHash agrees with a slow area-average + cosine-sum reference', () => {
    const luma = rgbaToLuma(picture);
    // 320x240 → 32x32: cells of exactly 10 x 7.5 pixels; integrate with half-row weights.
    const resized = new Float32Array(32 * 32);
    for (let i = 0; i < 32; i++) {
      for (let j = 0; j < 32; j++) {
        let sum = 0;
        for (let y = 0; y < 240; y++) {
          const overlap = Math.max(0, Math.min(y + 1, (i + 1) * 7.5) - Math.max(y, i * 7.5));
          if (overlap === 0) continue;
          for (let x = j * 10; x < j * 10 + 10; x++) sum += overlap * luma[y * 320 + x];
        }
        resized[i * 32 + j] = sum / 75;
      }
    }
    const reference = naiveBits(dctLowFrequenciesNaive(resized, 32, 8), 8);
    expect(hammingDistance64(hashImage(picture).phash, reference)).toBeLessThanOrEqual(1);
  });

  it('a luma plane hashes exactly like the RGBA image it came from', () => {
    const fromLuma = hashImage({ width: 320, height: 240, luma: rgbaToLuma(picture) });
    expect(wordsToHex(fromLuma.pdq)).toBe(GOLDEN_PDQ);
    expect(wordsToHex(fromLuma.phash)).toBe(GOLDEN_PHASH);
  });

  it('with the box pre-shrink (k = 2) a luma plane and RGBA agree within a bit or two', () => {
    const large = syntheticPicture(600, 520, 4);
    const fromRgba = hashImage(large);
    const fromLuma = hashImage({ width: 600, height: 520, luma: rgbaToLuma(large) });
    expect(hammingDistance256(fromRgba.pdq, fromLuma.pdq)).toBeLessThanOrEqual(2);
    expect(hammingDistance64(fromRgba.phash, fromLuma.phash)).toBeLessThanOrEqual(1);
  });

  it('a reused hasher gives the same answer after hashing other sizes', () => {
    const hasher = new ImageHasher();
    hasher.hash(syntheticPicture(640, 90, 2));
    hasher.hash(syntheticPicture(17, 400, 3));
    expect(hammingDistance256(hasher.hash(picture).pdq, hexToWords(GOLDEN_PDQ))).toBe(0);
  });
});
