import { describe, expect, it } from 'vitest';
import { cmykToRgba } from '../src/image/cmyk.js';

describe('cmykToRgba (no profile, as jpeg-js)', () => {
  it('maps ink amounts to RGB', () => {
    const cmyk = new Uint8Array([
      0, 0, 0, 0, // no ink: white
      0, 0, 0, 255, // full black
      255, 0, 0, 0, // cyan
      0, 255, 255, 0, // magenta + yellow: red
      0, 0, 0, 128, // half black: grey 127
      100, 0, 0, 51, // C 100 under K 51: R = 255 - (100 * 0.8 + 51) = 124, G = B = 204
    ]);
    expect(Array.from(cmykToRgba(cmyk))).toEqual([
      255, 255, 255, 255,
      0, 0, 0, 255,
      0, 255, 255, 255,
      255, 0, 0, 255,
      127, 127, 127, 255,
      124, 204, 204, 255,
    ]);
  });
});
