import { describe, expect, it } from 'vitest';
import { JaroszDownsampler, downsampleJaroszNaive, jaroszWindowSize, decimationCentre } from '../src/jarosz.js';
import { lumaRowToPrefix } from '../src/luma.js';
import { seededRandom } from './synthetic.js';

function streamed(luma: Float32Array, width: number, height: number): Float32Array {
  const downsampler = new JaroszDownsampler(64);
  const prefix = new Float64Array(width + 1);
  downsampler.begin(width, height);
  for (let y = 0; y < height; y++) {
    lumaRowToPrefix(luma, width, y, prefix);
    downsampler.pushRow(prefix);
  }
  const out = new Float32Array(64 * 64);
  downsampler.finish(out);
  return out;
}

describe('jarosz window and decimation', () => {
  it('sizes windows as ceil(old / 128) per pass', () => {
    expect(jaroszWindowSize(1024, 64)).toBe(8); // PDQ's own example: 1024 / 128
    expect(jaroszWindowSize(1025, 64)).toBe(9);
    expect(jaroszWindowSize(64, 64)).toBe(1);
    expect(jaroszWindowSize(5, 64)).toBe(1);
  });
  it('samples the exact cell centre, symmetric under mirroring', () => {
    expect(decimationCentre(0, 128, 64)).toBe(0.5); // between pixels 0 and 1
    expect(decimationCentre(63, 128, 64)).toBe(126.5); // mirror image of 0.5
    expect(decimationCentre(0, 100, 64)).toBeCloseTo(0.28125, 10);
    expect(decimationCentre(0, 100, 64) + decimationCentre(63, 100, 64)).toBeCloseTo(99, 10);
    expect(decimationCentre(0, 10, 64)).toBe(0); // clamped inside small images
  });
});

describe('streaming Jarosz downsampler equals the full-buffer reference', () => {
  const sizes: Array<[number, number]> = [
    [64, 64],
    [5, 7],
    [63, 200],
    [300, 97],
    [257, 256],
    [640, 480],
    [1003, 133],
  ];
  for (const [width, height] of sizes) {
    it(`${width}x${height}`, () => {
      const random = seededRandom(width * 7919 + height);
      const luma = new Float32Array(width * height);
      for (let i = 0; i < luma.length; i++) luma[i] = Math.round(random() * 255);
      const fast = streamed(luma, width, height);
      const naive = downsampleJaroszNaive(luma, width, height);
      let worst = 0;
      for (let i = 0; i < fast.length; i++) worst = Math.max(worst, Math.abs(fast[i] - naive[i]));
      expect(worst).toBeLessThan(2e-3);
    });
  }

  it('reuses its buffers across images of different sizes', () => {
    const random = seededRandom(5);
    const big = new Float32Array(400 * 300).map(() => random() * 255);
    const small = new Float32Array(70 * 90).map(() => random() * 255);
    streamed(big, 400, 300);
    const again = streamed(small, 70, 90);
    const naive = downsampleJaroszNaive(small, 70, 90);
    for (let i = 0; i < again.length; i++) expect(Math.abs(again[i] - naive[i])).toBeLessThan(2e-3);
  });
});
