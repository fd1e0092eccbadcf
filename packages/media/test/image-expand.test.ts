import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expandToRgba } from '../src/image/expand.js';
import { decodeWithVips, loadVips } from '../src/image/vips.js';

const edge = new URL('../../../fixtures/images/edge/', import.meta.url);
const load = (name: string) => new Uint8Array(readFileSync(new URL(name, edge)));

describe('expandToRgba', () => {
  it('copies RGB and adds opaque alpha', () => {
    const rgb = new Uint8Array([1, 2, 3, 250, 128, 0, 255, 255, 255]);
    expect([...expandToRgba(rgb, 3, 3)]).toEqual([1, 2, 3, 255, 250, 128, 0, 255, 255, 255, 255, 255]);
  });

  it('repeats a grey value into R, G and B', () => {
    expect([...expandToRgba(new Uint8Array([0, 7, 255]), 3, 1)]).toEqual([0, 0, 0, 255, 7, 7, 7, 255, 255, 255, 255, 255]);
  });
});

describe('decodeWithVips RGBA output', () => {
  /** libvips' own RGBA of a file (sRGB, alpha added inside libvips): the reference. */
  async function vipsReference(bytes: Uint8Array, shrink: number): Promise<Uint8Array> {
    const vips = await loadVips();
    const loaded = vips.Image.jpegloadBuffer(bytes, { shrink });
    const srgb = loaded.colourspace('srgb');
    const rgba = srgb.bandjoin(255);
    try {
      return rgba.writeToMemory();
    } finally {
      rgba.delete();
      srgb.delete();
      loaded.delete();
    }
  }

  it.each([
    ['upright.jpg', 1],
    ['progressive.jpg', 2],
    ['grey.jpg', 1],
    ['grey.jpg', 2],
  ])('%s at shrink %i equals libvips adding the alpha band itself', async (name, shrink) => {
    const bytes = load(name);
    const decoded = await decodeWithVips(bytes, 'jpeg', { maxPixels: 1e8, shrink });
    const reference = await vipsReference(bytes, shrink);
    expect(decoded.data.length).toBe(decoded.width * decoded.height * 4);
    expect(Buffer.from(decoded.data).equals(Buffer.from(reference))).toBe(true);
  });
});
