import { readFileSync } from 'node:fs';
import { DnaErrorCode } from '@mediadna/core';
import { describe, expect, it, vi } from 'vitest';
import { decodeImage } from '../src/image/decode.js';

// wasm-vips unavailable (e.g. a browser without SharedArrayBuffer): its factory rejects.
vi.mock('wasm-vips', () => ({ default: () => Promise.reject(new Error('SharedArrayBuffer is not defined')) }));

const edge = new URL('../../../fixtures/images/edge/', import.meta.url);
const samples = new URL('../../../fixtures/images/samples/', import.meta.url);
const load = (name: string, dir: URL = edge) => new Uint8Array(readFileSync(new URL(name, dir)));

describe('decodeImage without wasm-vips', () => {
  it('falls back to jpeg-js for a JPEG that would use wasm-vips (size and shrink-on-load)', async () => {
    const bytes = load('picos-de-europa.jpg', samples); // 480x360: over the 100 000-pixel threshold
    await expect(decodeImage(bytes)).resolves.toMatchObject({ width: 480, height: 360 });
    // shrink-on-load is not available: full size, still correct
    await expect(decodeImage(bytes, { minSide: 90 })).resolves.toMatchObject({ width: 480, height: 360, originalWidth: 480 });
  });

  it('still refuses bombs and truncated files with their own codes', async () => {
    await expect(decodeImage(load('bomb.jpg'))).rejects.toMatchObject({ code: DnaErrorCode.MediaTooManyPixels });
    await expect(decodeImage(load('truncated.jpg'))).rejects.toMatchObject({ code: DnaErrorCode.MediaTruncated });
  });

  it('fails wasm-vips-only formats with Decoder.Unavailable and says why', async () => {
    await expect(decodeImage(load('lossy.webp'))).rejects.toMatchObject({
      code: DnaErrorCode.DecoderUnavailable,
      message: /wasm-vips could not be loaded: SharedArrayBuffer is not defined/,
    });
  });
});
