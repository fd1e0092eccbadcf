import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DnaError, DnaErrorCode } from '@mediadna/core';
import { describe, expect, it } from 'vitest';
import { decodeImage, decodeImageFile } from '../src/image/decode.js';

const edge = new URL('../../../fixtures/images/edge/', import.meta.url);
const load = (name: string) => new Uint8Array(readFileSync(new URL(name, edge)));

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DnaError);
    expect((error as DnaError).message).toMatch(/^\[mediadna\] \[image\] /);
    return (error as DnaError).code;
  }
  return 'resolved';
}

const u32be = (value: number) => [(value >>> 24) & 255, (value >>> 16) & 255, (value >>> 8) & 255, value & 255];
const u16le = (value: number) => [value & 255, (value >>> 8) & 255];

describe('decodeImage bad input', () => {
  // [fixture, expected code]
  const cases: [string, string][] = [
    ['empty.jpg', DnaErrorCode.MediaEmpty],
    ['text.jpg', DnaErrorCode.MediaTypeMismatch],
    ['truncated.jpg', DnaErrorCode.MediaTruncated],
    ['truncated.png', DnaErrorCode.MediaTruncated],
    ['corrupt.png', DnaErrorCode.MediaCorrupt],
    ['corrupt.jpg', DnaErrorCode.MediaCorrupt],
    ['bomb.png', DnaErrorCode.MediaTooManyPixels],
    ['bomb.jpg', DnaErrorCode.MediaTooManyPixels],
    ['image.heic', DnaErrorCode.MediaUnsupported],
    ['rgb24.bmp', DnaErrorCode.MediaUnsupported],
  ];
  for (const [file, code] of cases) {
    it(`${file} fails with ${code}`, async () => {
      expect(await codeOf(decodeImage(load(file)))).toBe(code);
    });
  }

  it('says what the data actually is', async () => {
    await expect(decodeImage(load('text.jpg'))).rejects.toThrow(/plain text/);
    await expect(decodeImage(load('image.heic'))).rejects.toThrow(/HEIC.*no HEVC decoder/);
    const wav = new Uint8Array([...new TextEncoder().encode('RIFF'), 36, 0, 0, 0, ...new TextEncoder().encode('WAVEfmt '), ...new Array(24).fill(0)]);
    await expect(decodeImage(wav)).rejects.toMatchObject({ code: DnaErrorCode.MediaTypeMismatch, message: /audio \(wav\)/ });
    const pdf = new TextEncoder().encode('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n');
    await expect(decodeImage(pdf)).rejects.toMatchObject({ code: DnaErrorCode.MediaUnsupported, message: /PDF/ });
    const svg = new TextEncoder().encode('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>\n');
    await expect(decodeImage(svg)).rejects.toMatchObject({ code: DnaErrorCode.MediaUnsupported, message: /SVG/ });
    const noise = new Uint8Array(256).map((_, i) => (i * 73 + 11) & 255 || 1);
    await expect(decodeImage(noise)).rejects.toMatchObject({ code: DnaErrorCode.MediaUnsupported });
  });

  it('refuses the PNG bomb from its header, naming the declared size', async () => {
    await expect(decodeImage(load('bomb.png'))).rejects.toThrow(/100000x100000 = 10000000000 pixels, over the budget of 100000000/);
  });

  it('applies a custom pixel budget to ordinary images', async () => {
    const jpeg = load('upright.jpg'); // 160x120 = 19 200 pixels
    expect(await codeOf(decodeImage(jpeg, { maxPixels: 19_199 }))).toBe(DnaErrorCode.MediaTooManyPixels);
    await expect(decodeImage(jpeg, { maxPixels: 19_200 })).resolves.toMatchObject({ width: 160, height: 120 });
    expect(await codeOf(decodeImage(load('lossy.webp'), { maxPixels: 10_000 }))).toBe(DnaErrorCode.MediaTooManyPixels);
    expect(await codeOf(decodeImage(load('image.avif'), { maxPixels: 10_000 }))).toBe(DnaErrorCode.MediaTooManyPixels);
  });

  it('refuses hand-built bomb headers of the wasm-vips formats before decoding', async () => {
    const gif = new Uint8Array([...new TextEncoder().encode('GIF89a'), ...u16le(65535), ...u16le(65535), 0, 0, 0, 0x3b]);
    // TIFF, big-endian, IFD0 at 8 with ImageWidth/ImageLength LONG 200000
    const tiff = new Uint8Array([0x4d, 0x4d, 0, 42, ...u32be(8), 0, 2, 1, 0, 0, 4, ...u32be(1), ...u32be(200000), 1, 1, 0, 4, ...u32be(1), ...u32be(200000), ...u32be(0)]);
    // WebP VP8X canvas 16384x16384 (stored minus one, 24-bit little-endian)
    const webp = new Uint8Array([...new TextEncoder().encode('RIFF'), 0, 0, 0, 0, ...new TextEncoder().encode('WEBPVP8X'), 10, 0, 0, 0, 0, 0, 0, 0, 0xff, 0x3f, 0, 0xff, 0x3f, 0]);
    for (const bytes of [gif, tiff, webp]) expect(await codeOf(decodeImage(bytes))).toBe(DnaErrorCode.MediaTooManyPixels);
  });

  it('refuses a JPEG with thousands of scans (decoder CPU bomb) as corrupt', async () => {
    const jpeg = load('progressive.jpg');
    const scan = [0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0, 0x00]; // SOS for one component + one byte of data
    const bomb = new Uint8Array(jpeg.length - 2 + 2000 * scan.length + 2);
    bomb.set(jpeg.subarray(0, jpeg.length - 2));
    for (let i = 0; i < 2000; i++) bomb.set(scan, jpeg.length - 2 + i * scan.length);
    bomb.set([0xff, 0xd9], bomb.length - 2);
    await expect(decodeImage(bomb)).rejects.toMatchObject({ code: DnaErrorCode.MediaCorrupt, message: /more than 500 scans/ });
  });

  it('reports a header cut short as truncated', async () => {
    const png = load('upright.png').subarray(0, 20);
    expect(await codeOf(decodeImage(png))).toBe(DnaErrorCode.MediaTruncated);
    const jpeg = load('upright.jpg').subarray(0, 30);
    expect(await codeOf(decodeImage(jpeg))).toBe(DnaErrorCode.MediaTruncated);
  });

  it('reports truncated wasm-vips formats as truncated or corrupt, never as success', async () => {
    for (const file of ['lossy.webp', 'two-frames.gif', 'rgb.tiff', 'image.avif']) {
      const bytes = load(file);
      const code = await codeOf(decodeImage(bytes.subarray(0, Math.floor(bytes.length * 0.6))));
      expect([DnaErrorCode.MediaTruncated, DnaErrorCode.MediaCorrupt], file).toContain(code);
    }
  });

  it('never crashes or hangs on damaged copies of every format (deterministic byte flips)', async () => {
    const files = ['upright.jpg', 'progressive.jpg', 'upright.png', 'palette.png', 'lossy.webp', 'two-frames.gif', 'rgb.tiff', 'image.avif'];
    const allowed = new Set<string>([DnaErrorCode.MediaTruncated, DnaErrorCode.MediaCorrupt, DnaErrorCode.MediaTooManyPixels, DnaErrorCode.MediaUnsupported, DnaErrorCode.MediaTypeMismatch, 'resolved']);
    let seed = 12345;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    for (const file of files) {
      const original = load(file);
      for (let round = 0; round < 12; round++) {
        const bytes = original.slice();
        const flips = 1 + Math.floor(random() * 8);
        for (let k = 0; k < flips; k++) bytes[Math.floor(random() * bytes.length)] ^= 1 + Math.floor(random() * 255);
        const code = await codeOf(decodeImage(bytes, { maxPixels: 4_000_000 }));
        expect(allowed.has(code), `${file} round ${round}: ${code}`).toBe(true);
      }
    }
  });

  it('rejects bad arguments with InvalidParameter', async () => {
    const jpeg = load('upright.jpg');
    await expect(decodeImage('photo.jpg' as unknown as Uint8Array)).rejects.toMatchObject({ code: DnaErrorCode.InvalidParameter });
    await expect(decodeImage(jpeg, { maxPixels: 0 })).rejects.toMatchObject({ code: DnaErrorCode.InvalidParameter, message: /maxPixels/ });
    await expect(decodeImage(jpeg, { maxPixels: 1.5 })).rejects.toMatchObject({ code: DnaErrorCode.InvalidParameter });
    await expect(decodeImage(jpeg, { minSide: -1 })).rejects.toMatchObject({ code: DnaErrorCode.InvalidParameter, message: /minSide/ });
  });

  it('decodeImageFile reads paths and byte sources the same way', async () => {
    const path = fileURLToPath(new URL('upright.jpg', edge));
    const fromPath = await decodeImageFile({ type: 'path', path, size: readFileSync(path).length });
    const fromBytes = await decodeImageFile({ type: 'bytes', bytes: load('upright.jpg'), name: 'upright.jpg' });
    expect(fromPath.width).toBe(160);
    expect(Buffer.compare(Buffer.from(fromPath.data), Buffer.from(fromBytes.data))).toBe(0);
    const text = fileURLToPath(new URL('text.jpg', edge));
    expect(await codeOf(decodeImageFile({ type: 'path', path: text, size: 64 }))).toBe(DnaErrorCode.MediaTypeMismatch);
    expect(await codeOf(decodeImageFile({ type: 'bytes', bytes: new Uint8Array(0), name: 'x' }))).toBe(DnaErrorCode.MediaEmpty);
  });
});
