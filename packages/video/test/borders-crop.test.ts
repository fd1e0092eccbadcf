// Black-border detection: letterbox and pillarbox bars are found, dark picture content is kept.
import { describe, expect, it } from 'vitest';
import { cropToLuma, findPicture } from '../src/borders.js';

/** A width x height frame of mid-grey noise-free texture with black bars of the given sizes. */
function framed(width: number, height: number, bars: { top?: number; bottom?: number; left?: number; right?: number }): Uint8Array {
  const frame = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = y >= (bars.top ?? 0) && y < height - (bars.bottom ?? 0) && x >= (bars.left ?? 0) && x < width - (bars.right ?? 0);
      frame[y * width + x] = inside ? 60 + ((x * 7 + y * 13) % 150) : 16;
    }
  }
  return frame;
}

describe('findPicture', () => {
  it('finds letterbox bars', () => {
    expect(findPicture(framed(160, 120, { top: 15, bottom: 15 }), 160, 120)).toEqual({ left: 0, top: 15, width: 160, height: 90 });
  });

  it('finds pillarbox bars', () => {
    expect(findPicture(framed(160, 90, { left: 20, right: 21 }), 160, 90)).toEqual({ left: 20, top: 0, width: 119, height: 90 });
  });

  it('finds both (windowbox)', () => {
    expect(findPicture(framed(200, 150, { top: 10, bottom: 10, left: 30, right: 30 }), 200, 150)).toEqual({ left: 30, top: 10, width: 140, height: 130 });
  });

  it('keeps a dark band on one side only (dark sky, not a bar)', () => {
    expect(findPicture(framed(160, 120, { top: 30 }), 160, 120)).toEqual({ left: 0, top: 0, width: 160, height: 120 });
  });

  it('keeps frames without bars whole', () => {
    expect(findPicture(framed(64, 48, {}), 64, 48)).toEqual({ left: 0, top: 0, width: 64, height: 48 });
  });

  it('never crops more than 40% per side of an all-black frame', () => {
    const box = findPicture(new Uint8Array(100 * 100).fill(16), 100, 100);
    expect(box.top).toBeLessThanOrEqual(40);
    expect(box.height).toBeGreaterThanOrEqual(20);
  });

  it('copies the cropped picture into a float plane', () => {
    const frame = framed(8, 6, { top: 2, bottom: 2 });
    const out = cropToLuma(frame, 8, { left: 1, top: 2, width: 3, height: 2 }, new Float32Array(6));
    expect(Array.from(out)).toEqual([frame[17], frame[18], frame[19], frame[25], frame[26], frame[27]]);
  });
});
