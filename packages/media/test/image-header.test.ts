import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseImageHeader, readImageHeader } from '../src/image/header.js';

const edge = new URL('../../../fixtures/images/edge/', import.meta.url);
const load = (name: string) => new Uint8Array(readFileSync(new URL(name, edge)));

describe('readImageHeader', () => {
  // [fixture, format, stored width, stored height]
  const cases: [string, string, number, number][] = [
    ['upright.png', 'png', 160, 120],
    ['rgb16.png', 'png', 160, 120],
    ['upright.jpg', 'jpeg', 160, 120],
    ['progressive.jpg', 'jpeg', 160, 120], // SOF2
    ['orient-6.jpg', 'jpeg', 120, 160], // stored size, before EXIF orientation
    ['cmyk.jpg', 'jpeg', 160, 120],
    ['lossy.webp', 'webp', 160, 120], // VP8
    ['alpha-lossless.webp', 'webp', 160, 120], // VP8L or VP8X
    ['two-frames.gif', 'gif', 160, 120],
    ['rgb.tiff', 'tiff', 160, 120],
    ['orient-6.tiff', 'tiff', 120, 160],
    ['image.avif', 'avif', 160, 120], // ispe box
    ['image.heic', 'heic', 160, 120],
    ['rgb24.bmp', 'bmp', 160, 120],
    ['bomb.png', 'png', 100000, 100000],
    ['bomb.jpg', 'jpeg', 60000, 60000],
  ];
  for (const [file, format, width, height] of cases) {
    it(`${file}: ${format} ${width}x${height}`, () => {
      expect(readImageHeader(load(file))).toEqual({ format, width, height });
    });
  }

  it('returns null for non-images and headers cut short', () => {
    expect(readImageHeader(load('text.jpg'))).toBeNull();
    expect(readImageHeader(load('empty.jpg'))).toBeNull();
    expect(readImageHeader(load('upright.png').subarray(0, 20))).toBeNull();
    expect(readImageHeader(load('upright.jpg').subarray(0, 100))).toBeNull();
  });

  it('tells truncated headers from malformed ones', () => {
    expect(parseImageHeader(load('upright.png').subarray(0, 20), 'png')).toBe('truncated');
    const badIhdr = load('upright.png').slice(0, 33);
    badIhdr[12] = 0x58; // chunk type "XHDR"
    expect(parseImageHeader(badIhdr, 'png')).toBe('corrupt');
    const zeroWidth = load('upright.png').slice(0, 33);
    zeroWidth.fill(0, 16, 20);
    expect(parseImageHeader(zeroWidth, 'png')).toBe('corrupt');
    // JPEG whose first scan comes before any frame header
    expect(parseImageHeader(new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0, 2, 0, 0]), 'jpeg')).toBe('corrupt');
  });

  it('reads the 14-bit sizes of a hand-built VP8L header', () => {
    // signature 0x2f, then width-1 (14 bits) and height-1 (14 bits), little-endian: 1000 x 700
    const bits = (1000 - 1) | ((700 - 1) << 14);
    const bytes = new Uint8Array([...new TextEncoder().encode('RIFF'), 0, 0, 0, 0, ...new TextEncoder().encode('WEBPVP8L'), 0, 0, 0, 0, 0x2f, bits & 255, (bits >>> 8) & 255, (bits >>> 16) & 255, (bits >>> 24) & 255, 0, 0, 0, 0, 0]);
    expect(readImageHeader(bytes)).toEqual({ format: 'webp', width: 1000, height: 700 });
  });
});
