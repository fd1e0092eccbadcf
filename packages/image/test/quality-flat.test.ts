import { describe, expect, it } from 'vitest';
import { hashImage, MIN_HASHABLE_DIMENSION } from '../src/index.js';
import { pdqQuality } from '../src/quality.js';
import { flatImage, syntheticPicture } from './synthetic.js';

describe('PDQ quality', () => {
  it('is 0 for a flat image', () => {
    expect(hashImage(flatImage(200, 150, 90)).quality).toBe(0);
  });

  it('is 0 for a faint gradient and high for a detailed picture', () => {
    const gradient = new Float32Array(64 * 64);
    for (let i = 0; i < 64; i++) for (let j = 0; j < 64; j++) gradient[i * 64 + j] = 100 + j * 0.5;
    // Each horizontal step is 0.5 levels: trunc(0.5 * 100 / 255) = 0, so nothing counts.
    expect(pdqQuality(gradient)).toBe(0);
    expect(hashImage(syntheticPicture(256, 256, 5)).quality).toBeGreaterThanOrEqual(70);
  });

  it('counts quantised gradients: one 255-level vertical edge scores trunc(64 * 100 / 90)', () => {
    const edge = new Float32Array(64 * 64);
    for (let i = 0; i < 64; i++) for (let j = 32; j < 64; j++) edge[i * 64 + j] = 255;
    expect(pdqQuality(edge)).toBe(71); // 64 rows x 100 = 6400; 6400 / 90 = 71.1
  });

  it(`images under ${MIN_HASHABLE_DIMENSION} px on a side hash to zeros with quality 0`, () => {
    const tiny = hashImage(syntheticPicture(4, 100, 1));
    expect(Array.from(tiny.pdq)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(tiny.phash)).toEqual([0, 0]);
    expect(tiny.quality).toBe(0);
    expect(hashImage(syntheticPicture(5, 5, 1)).pdq.some((w) => w !== 0)).toBe(true);
  });
});
