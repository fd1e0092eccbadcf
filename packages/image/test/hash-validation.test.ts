import { describe, expect, it } from 'vitest';
import { DnaErrorCode } from '@mediadna/core';
import { hashImage, hashImageDihedral } from '../src/index.js';

describe('bad pixel input throws DnaError InvalidParameter', () => {
  const bad: Array<[string, unknown]> = [
    ['null', null],
    ['a string', 'image.jpg'],
    ['zero width', { width: 0, height: 10, data: new Uint8Array(0) }],
    ['fractional height', { width: 10, height: 2.5, data: new Uint8Array(100) }],
    ['short RGBA buffer', { width: 10, height: 10, data: new Uint8Array(399) }],
    ['plain array data', { width: 1, height: 1, data: [1, 2, 3, 4] }],
    ['short luma plane', { width: 10, height: 10, luma: new Float32Array(99) }],
  ];
  for (const [name, value] of bad) {
    it(name, () => {
      expect(() => hashImage(value as never)).toThrowError(
        expect.objectContaining({ code: DnaErrorCode.InvalidParameter, message: expect.stringMatching(/^\[mediadna\] \[image\] Expected/) }),
      );
      expect(() => hashImageDihedral(value as never)).toThrowError(expect.objectContaining({ code: DnaErrorCode.InvalidParameter }));
    });
  }

  it('accepts Uint8ClampedArray (ImageData) and ignores extra bytes', () => {
    const data = new Uint8ClampedArray(10 * 10 * 4 + 8).fill(128);
    expect(hashImage({ width: 10, height: 10, data }).quality).toBe(0);
  });
});
