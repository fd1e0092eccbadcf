import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../src/image/decode.js';
import { readJpegOrientation, readTiffOrientation } from '../src/image/exif.js';
import { applyOrientation } from '../src/image/orient.js';
import type { DecodedImage } from '../src/image/types.js';

const edge = new URL('../../../fixtures/images/edge/', import.meta.url);
const load = (name: string) => new Uint8Array(readFileSync(new URL(name, edge)));

function meanRgbDifference(a: DecodedImage, b: DecodedImage): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    sum += Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]);
  }
  return sum / ((a.data.length / 4) * 3);
}

/** A 3x2 image whose pixel (x, y) has R = 10 * x + y + 1, as a literal. */
const grid = {
  width: 3,
  height: 2,
  data: new Uint8Array([1, 0, 0, 255, 11, 0, 0, 255, 21, 0, 0, 255, 2, 0, 0, 255, 12, 0, 0, 255, 22, 0, 0, 255]),
};
const reds = (image: { data: Uint8Array }) => Array.from(image.data.filter((_, i) => i % 4 === 0));

describe('applyOrientation on a 3x2 grid (R = 10x + y + 1)', () => {
  // stored:      1 11 21
  //              2 12 22
  const expected: Record<number, [number, number, number[]]> = {
    1: [3, 2, [1, 11, 21, 2, 12, 22]],
    2: [3, 2, [21, 11, 1, 22, 12, 2]], // mirror left-right
    3: [3, 2, [22, 12, 2, 21, 11, 1]], // rotate 180
    4: [3, 2, [2, 12, 22, 1, 11, 21]], // mirror top-bottom
    5: [2, 3, [1, 2, 11, 12, 21, 22]], // transpose
    6: [2, 3, [2, 1, 12, 11, 22, 21]], // rotate 90 clockwise
    7: [2, 3, [22, 21, 12, 11, 2, 1]], // transverse
    8: [2, 3, [21, 22, 11, 12, 1, 2]], // rotate 90 counter-clockwise
  };
  for (const [value, [width, height, pixels]] of Object.entries(expected)) {
    it(`orientation ${value}`, () => {
      const out = applyOrientation(grid, Number(value));
      expect([out.width, out.height]).toEqual([width, height]);
      expect(reds(out)).toEqual(pixels);
      expect(out.data.filter((_, i) => i % 4 === 3).every((alpha) => alpha === 255)).toBe(true);
    });
  }

  it('copies a misaligned source instead of reading garbage', () => {
    const padded = new Uint8Array(grid.data.length + 1);
    padded.set(grid.data, 1);
    const out = applyOrientation({ width: 3, height: 2, data: padded.subarray(1) }, 6);
    expect(reds(out)).toEqual([2, 1, 12, 11, 22, 21]);
  });
});

describe('EXIF orientation parsing', () => {
  it('reads tag 0x0112 from each orient-N.jpg and 1 when absent', () => {
    for (let value = 1; value <= 8; value++) expect(readJpegOrientation(load(`orient-${value}.jpg`))).toBe(value);
    expect(readJpegOrientation(load('upright.jpg'))).toBe(1);
    expect(readJpegOrientation(load('progressive.jpg'))).toBe(1);
  });

  it('reads little-endian TIFF structures and ignores out-of-range values', () => {
    const tiff = (value: number) => new Uint8Array([0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, value, 0, 0, 0, 0, 0, 0, 0]);
    expect(readTiffOrientation(tiff(6), 0, 26)).toBe(6);
    expect(readTiffOrientation(tiff(9), 0, 26)).toBe(1);
    expect(readTiffOrientation(tiff(6), 0, 20)).toBe(1); // entry cut off
  });
});

describe('decodeImage applies EXIF orientation', async () => {
  const upright = await decodeImage(load('upright.jpg'));

  for (let value = 1; value <= 8; value++) {
    it(`orient-${value}.jpg displays like upright.jpg`, async () => {
      const bytes = load(`orient-${value}.jpg`);
      const image = await decodeImage(bytes);
      const swapped = value >= 5;
      // stored size is swapped for 5..8; decoded size always matches the upright image
      const stored = await decodeImage(stripExif(bytes));
      expect([stored.width, stored.height]).toEqual(swapped ? [120, 160] : [160, 120]);
      expect([image.width, image.height, image.originalWidth, image.originalHeight]).toEqual([160, 120, 160, 120]);
      expect(meanRgbDifference(image, upright)).toBeLessThan(3);
      if (value !== 1 && !swapped) {
        // control: without the EXIF transform the pixels are far from upright
        expect(meanRgbDifference(stored, upright)).toBeGreaterThan(15);
      }
    });
  }

  it('orient-6.tiff (TIFF Orientation tag, decoded by libvips) displays like upright.jpg', async () => {
    const image = await decodeImage(load('orient-6.tiff'));
    expect(image.format).toBe('tiff');
    expect([image.width, image.height, image.originalWidth, image.originalHeight]).toEqual([160, 120, 160, 120]);
    expect(meanRgbDifference(image, upright)).toBeLessThan(4);
  });
});

/** The same JPEG with its EXIF APP1 segment (right after SOI, as the fixture script writes it) removed. */
function stripExif(bytes: Uint8Array): Uint8Array {
  if (bytes[2] !== 0xff || bytes[3] !== 0xe1) return bytes;
  const length = (bytes[4] << 8) | bytes[5];
  const out = new Uint8Array(bytes.length - 2 - length);
  out.set(bytes.subarray(0, 2));
  out.set(bytes.subarray(4 + length), 2);
  return out;
}
