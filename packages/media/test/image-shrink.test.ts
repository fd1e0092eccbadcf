import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeImage, jpegShrinkFactor } from '../src/image/decode.js';
import { decodeJpegJs } from '../src/image/jpeg.js';
import { decodePngJs } from '../src/image/png.js';
import type { RgbaPixels } from '../src/image/orient.js';
import { decodeWithVips } from '../src/image/vips.js';

const edge = new URL('../../../fixtures/images/edge/', import.meta.url);
const samples = new URL('../../../fixtures/images/samples/', import.meta.url);
const load = (name: string, dir: URL = edge) => new Uint8Array(readFileSync(new URL(name, dir)));

/** Box-average `image` by an integer `factor` (sides rounded up, edge boxes partial). */
function boxShrink(image: RgbaPixels, factor: number): RgbaPixels {
  const width = Math.ceil(image.width / factor);
  const height = Math.ceil(image.height / factor);
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 4; c++) {
        let sum = 0;
        let count = 0;
        for (let dy = 0; dy < factor && y * factor + dy < image.height; dy++) {
          for (let dx = 0; dx < factor && x * factor + dx < image.width; dx++) {
            sum += image.data[((y * factor + dy) * image.width + x * factor + dx) * 4 + c];
            count++;
          }
        }
        data[(y * width + x) * 4 + c] = Math.round(sum / count);
      }
    }
  }
  return { width, height, data };
}

function meanRgbDifference(a: RgbaPixels, b: RgbaPixels): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let sum = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    sum += Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]);
  }
  return sum / ((a.data.length / 4) * 3);
}

describe('jpegShrinkFactor', () => {
  it('picks the largest of 8, 4, 2 keeping both sides >= minSide (sides round up)', () => {
    expect(jpegShrinkFactor(1920, 1080, 0)).toBe(1); // no minSide: never shrink
    expect(jpegShrinkFactor(1920, 1080, 135)).toBe(8); // 1080 / 8 = 135
    expect(jpegShrinkFactor(1920, 1080, 136)).toBe(4);
    expect(jpegShrinkFactor(1920, 1080, 270)).toBe(4);
    expect(jpegShrinkFactor(1920, 1080, 271)).toBe(2);
    expect(jpegShrinkFactor(1920, 1080, 540)).toBe(2);
    expect(jpegShrinkFactor(1920, 1080, 541)).toBe(1);
    expect(jpegShrinkFactor(1081, 1081, 136)).toBe(8); // ceil(1081 / 8) = 136
    expect(jpegShrinkFactor(100, 4000, 64)).toBe(1); // the shorter side decides
  });
});

describe('decodeImage shrink-on-load', async () => {
  const bytes = load('picos-de-europa.jpg', samples); // 480x360
  const full = await decodeJpegJs(bytes, 1e8);

  for (const [minSide, factor] of [[45, 8], [90, 4], [180, 2], [181, 1]] as const) {
    it(`minSide ${minSide} shrinks a 480x360 JPEG by ${factor}, close to a box average of the full decode`, async () => {
      const image = await decodeImage(bytes, { minSide });
      expect([image.width, image.height]).toEqual([480 / factor, 360 / factor]);
      expect([image.originalWidth, image.originalHeight]).toEqual([480, 360]);
      expect(Math.min(image.width, image.height)).toBeGreaterThanOrEqual(minSide);
      expect(meanRgbDifference(image, boxShrink(full, factor))).toBeLessThan(factor === 1 ? 2 : 5);
    });
  }

  it('applies EXIF orientation after shrinking (orient-6.jpg, stored 120x160)', async () => {
    const image = await decodeImage(load('orient-6.jpg'), { minSide: 60 });
    expect([image.width, image.height, image.originalWidth, image.originalHeight]).toEqual([80, 60, 160, 120]);
    const upright = await decodeImage(load('upright.jpg'));
    expect(meanRgbDifference(image, boxShrink(upright, 2))).toBeLessThan(5);
  });

  it('shrinks WebP with scaled decoding, keeping sides >= minSide', async () => {
    const full = await decodeImage(load('lossy.webp'));
    const image = await decodeImage(load('lossy.webp'), { minSide: 30 }); // 160x120 -> 40x30
    expect([image.width, image.height, image.originalWidth, image.originalHeight]).toEqual([40, 30, 160, 120]);
    expect(meanRgbDifference(image, boxShrink(full, 4))).toBeLessThan(6);
    const notQuite = await decodeImage(load('lossy.webp'), { minSide: 31 }); // 4 would give 30 < 31
    expect([notQuite.width, notQuite.height]).toEqual([80, 60]);
  });

  it('never shrinks PNGs (no DCT scaling)', async () => {
    const image = await decodeImage(load('upright.png'), { minSide: 10 });
    expect([image.width, image.height]).toEqual([160, 120]);
  });
});

describe('decoder choice: pure JS and wasm-vips agree', () => {
  it('a 480x360 JPEG (wasm-vips path) matches jpeg-js', async () => {
    const bytes = load('picos-de-europa.jpg', samples);
    const viaDecodeImage = await decodeImage(bytes);
    expect(meanRgbDifference(viaDecodeImage, await decodeJpegJs(bytes, 1e8))).toBeLessThan(2);
  });

  // Every JPEG/PNG layout fixture through both decoders: [file, largest mean |ΔRGB|, alpha too]
  const layouts: [string, number][] = [
    ['upright.jpg', 2], ['progressive.jpg', 2], ['grey.jpg', 1], ['cmyk.jpg', 3],
    ['upright.png', 0], ['rgb16.png', 0], ['grey.png', 0], ['grey-alpha.png', 0], ['rgba.png', 0], ['palette.png', 0], ['interlaced.png', 0],
  ];
  for (const [file, tolerance] of layouts) {
    it(`${file}: wasm-vips and the pure-JS decoder agree (mean |ΔRGB| <= ${tolerance}, same alpha)`, async () => {
      const bytes = load(file);
      const format = file.endsWith('.jpg') ? 'jpeg' : 'png';
      const pure = format === 'jpeg' ? await decodeJpegJs(bytes, 1e8) : await decodePngJs(bytes);
      const vips = await decodeWithVips(bytes, format, { maxPixels: 1e8 });
      expect(meanRgbDifference(vips, pure)).toBeLessThanOrEqual(tolerance);
      let alphaDifference = 0;
      for (let i = 3; i < pure.data.length; i += 4) alphaDifference = Math.max(alphaDifference, Math.abs(vips.data[i] - pure.data[i]));
      expect(alphaDifference).toBe(0);
    });
  }

  it('a PNG over 100 000 pixels (wasm-vips path) matches pngjs exactly', async () => {
    // re-encode a 480x360 sample as PNG with pngjs itself, then decode both ways
    const { PNG } = await import('pngjs');
    const rgb = await decodeJpegJs(load('picos-de-europa.jpg', samples), 1e8);
    const png = new PNG({ width: rgb.width, height: rgb.height });
    png.data = Buffer.from(rgb.data);
    const bytes = new Uint8Array(PNG.sync.write(png));
    const decoded = await decodeImage(bytes);
    expect(meanRgbDifference(decoded, await decodePngJs(bytes))).toBe(0);
    expect(meanRgbDifference(decoded, rgb)).toBe(0);
  });
});
