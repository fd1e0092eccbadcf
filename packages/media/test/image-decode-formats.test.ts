import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../src/image/decode.js';
import type { DecodedImage } from '../src/image/types.js';

const edge = new URL('../../../fixtures/images/edge/', import.meta.url);
const samples = new URL('../../../fixtures/images/samples/', import.meta.url);
const load = (name: string, dir: URL = edge) => new Uint8Array(readFileSync(new URL(name, dir)));

/** Mean absolute difference over the R, G, B channels of two same-size RGBA images. */
function meanRgbDifference(a: DecodedImage, b: DecodedImage): number {
  expect(a.width).toBe(b.width);
  expect(a.height).toBe(b.height);
  let sum = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    sum += Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]);
  }
  return sum / ((a.data.length / 4) * 3);
}

function luma(image: DecodedImage): Float64Array {
  const out = new Float64Array(image.width * image.height);
  for (let i = 0; i < out.length; i++) out[i] = 0.299 * image.data[i * 4] + 0.587 * image.data[i * 4 + 1] + 0.114 * image.data[i * 4 + 2];
  return out;
}

function alphaRange(image: DecodedImage): [number, number] {
  let min = 255;
  let max = 0;
  for (let i = 3; i < image.data.length; i += 4) {
    min = Math.min(min, image.data[i]);
    max = Math.max(max, image.data[i]);
  }
  return [min, max];
}

function isGrey(image: DecodedImage): boolean {
  for (let i = 0; i < image.data.length; i += 4) {
    if (image.data[i] !== image.data[i + 1] || image.data[i] !== image.data[i + 2]) return false;
  }
  return true;
}

describe('decodeImage formats (all fixtures are one 160x120 photo crop)', async () => {
  const reference = await decodeImage(load('upright.png'));

  it('decodes the reference PNG to 160x120 opaque RGBA', () => {
    expect(reference).toMatchObject({ width: 160, height: 120, format: 'png', originalWidth: 160, originalHeight: 120 });
    expect(reference.data).toBeInstanceOf(Uint8Array);
    expect(reference.data.length).toBe(160 * 120 * 4);
    expect(alphaRange(reference)).toEqual([255, 255]);
    // a real photo, not a flat fill
    expect(new Set(reference.data).size).toBeGreaterThan(100);
  });

  // [file, format, largest mean |ΔRGB| against the lossless reference]
  const cases: [string, string, number][] = [
    ['rgb16.png', 'png', 0], // 16-bit samples v*257 scale back to exactly v
    ['interlaced.png', 'png', 0],
    ['palette.png', 'png', 6], // 64-colour quantisation
    ['upright.jpg', 'jpeg', 4],
    ['progressive.jpg', 'jpeg', 4],
    ['cmyk.jpg', 'jpeg', 4],
    ['lossy.webp', 'webp', 5],
    ['rgb.tiff', 'tiff', 0],
    ['rgb16.tiff', 'tiff', 0],
    ['image.avif', 'avif', 5],
    ['two-frames.gif', 'gif', 5], // first frame is the photo; the second is black
  ];
  for (const [file, format, tolerance] of cases) {
    it(`${file} decodes as ${format} close to the reference (mean |ΔRGB| <= ${tolerance})`, async () => {
      const image = await decodeImage(load(file));
      expect(image.format).toBe(format);
      expect(image.data.length).toBe(image.width * image.height * 4);
      expect(meanRgbDifference(image, reference)).toBeLessThanOrEqual(tolerance);
      expect(alphaRange(image)).toEqual([255, 255]);
    });
  }

  it('greyscale PNG and JPEG decode to R=G=B matching the reference luma', async () => {
    const referenceLuma = luma(reference);
    for (const file of ['grey.png', 'grey.jpg']) {
      const image = await decodeImage(load(file));
      expect(isGrey(image)).toBe(true);
      const grey = luma(image);
      let sum = 0;
      for (let i = 0; i < grey.length; i++) sum += Math.abs(grey[i] - referenceLuma[i]);
      expect(sum / grey.length, file).toBeLessThan(6);
    }
  });

  it('keeps straight alpha: RGBA PNG (alpha = x / width) and lossless WebP', async () => {
    for (const file of ['rgba.png', 'alpha-lossless.webp']) {
      const image = await decodeImage(load(file));
      // alpha ramps left (0) to right (~255); colour is untouched, not premultiplied
      expect(image.data[3], file).toBe(0);
      expect(image.data[(image.width - 1) * 4 + 3], file).toBeGreaterThan(250);
      expect(meanRgbDifference(image, reference), file).toBeLessThanOrEqual(1);
    }
  });

  it('grey + alpha PNG expands to grey RGB with alpha = y / height', async () => {
    const image = await decodeImage(load('grey-alpha.png'));
    expect(isGrey(image)).toBe(true);
    expect(image.data[3]).toBe(0);
    expect(image.data[((image.height - 1) * image.width) * 4 + 3]).toBeGreaterThan(250);
  });

  it('decodes every bundled sample photo (JPEG, longer side 480)', async () => {
    const names = readdirSync(samples).filter((name) => name.endsWith('.jpg'));
    expect(names.length).toBeGreaterThanOrEqual(6);
    for (const name of names) {
      const image = await decodeImage(load(name, samples));
      expect(image.format).toBe('jpeg');
      expect(Math.max(image.width, image.height), name).toBe(480);
      expect(image.data.length).toBe(image.width * image.height * 4);
    }
  });
});
