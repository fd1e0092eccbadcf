import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import jpeg from 'jpeg-js';
import { wordsToHex } from '@mediadna/core';
import {
  compareImages,
  compareImagesDihedral,
  hashImage,
  hashImageDihedral,
  PDQ_MATCH_THRESHOLD,
  transformRgbaImage,
} from '../src/index.js';
import type { RgbaImage } from '../src/index.js';
import { crop, mapChannels, overlayCaption, shrink } from './synthetic.js';

// Real photos: the media package's committed samples (licences in fixtures/LICENSES.md).
const SAMPLES = new URL('../../../fixtures/images/samples/', import.meta.url);

function decode(bytes: Uint8Array): RgbaImage {
  const { width, height, data } = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
  return { width, height, data };
}

function load(name: string): RgbaImage {
  return decode(readFileSync(new URL(name, SAMPLES)));
}

function reencode(image: RgbaImage, quality: number): RgbaImage {
  return decode(jpeg.encode({ width: image.width, height: image.height, data: Buffer.from(image.data) }, quality).data);
}

describe('real photos (JPEG fixtures decoded with jpeg-js)', () => {
  const bridge = load('bridge.jpg'); // 480x270
  const stored = hashImage(bridge);

  it('bridge.jpg hashes to the recorded vector', () => {
    // Regression vector (jpeg-js 0.4.4 decode). Bump IMAGE_ALGORITHM_VERSION if it moves on purpose.
    expect(wordsToHex(stored.pdq)).toBe(BRIDGE_PDQ);
    expect(wordsToHex(stored.phash)).toBe(BRIDGE_PHASH);
    expect(stored.quality).toBe(100);
    // The regions too: a change of CENTRE_REGION_FRACTION or INNER_REGION_FRACTION moves these.
    expect(wordsToHex(stored.centre.pdq)).toBe(BRIDGE_CENTRE_PDQ);
    expect(wordsToHex(stored.inner.pdq)).toBe(BRIDGE_INNER_PDQ);
    expect(wordsToHex(stored.inner.phash)).toBe(BRIDGE_INNER_PHASH);
  });

  const copies: Array<[string, () => RgbaImage, number]> = [
    ['re-encoded at JPEG quality 30', () => reencode(bridge, 30), 30],
    ['half size, re-encoded at quality 75', () => reencode(shrink(bridge, 2), 75), 30],
    ['brighter by 20 %', () => reencode(mapChannels(bridge, (v) => v * 1.2), 90), 40],
    ['10 % centred crop', () => reencode(crop(bridge, 0.1), 90), 30],
    ['caption over the bottom 12 %', () => reencode(overlayCaption(bridge, 0.12, 7), 90), 50],
  ];
  for (const [name, make, bound] of copies) {
    it(`a copy ${name} stays within ${bound} bits`, () => {
      expect(compareImages(stored, hashImage(make())).pdqDistance).toBeLessThanOrEqual(bound);
    });
  }

  for (const [applied, via] of [
    ['flip', 'flip'],
    ['rotate90', 'rotate270'],
  ] as const) {
    it(`a ${applied} copy is found through the ${via} variant`, () => {
      const result = compareImagesDihedral(hashImageDihedral(reencode(transformRgbaImage(bridge, applied), 85)), stored);
      expect(result.transform).toBe(via);
      expect(result.pdqDistance).toBeLessThanOrEqual(20);
    });
  }

  it('the seven different sample photos are pairwise far apart', () => {
    const names = readdirSync(SAMPLES).filter((name) => name.endsWith('.jpg')).sort();
    expect(names.length).toBe(7);
    const hashes = names.map((name) => hashImageDihedral(load(name)));
    for (let i = 0; i < hashes.length; i++) {
      expect(hashes[i].quality).toBeGreaterThanOrEqual(50);
      for (let j = i + 1; j < hashes.length; j++) {
        expect(compareImagesDihedral(hashes[i], hashes[j]).pdqDistance).toBeGreaterThan(PDQ_MATCH_THRESHOLD + 10);
      }
    }
  });
});

const BRIDGE_PDQ = '3779ec1e9981726e8d9531cb8c54998993a658cd8f8a98594d8d36d2d36d39b2';
const BRIDGE_PHASH = 'a6cd8a598cd26db2';
const BRIDGE_CENTRE_PDQ = '9985606acc9433ebc49eb981426e4cc583ba4c6dad9bda706d8db6d2536d25b6';
const BRIDGE_INNER_PDQ = '22d1c83e1385c5fa992566fa999d67629cdd6b2294cd6b12b6e4925b496496b6';
const BRIDGE_INNER_PHASH = 'dd22cd12e45b64b6';
