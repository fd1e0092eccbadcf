/**
 * Apply an EXIF orientation to RGBA pixels, giving the image as it should be displayed.
 *
 * EXIF orientation values (TIFF tag 0x0112), described as what the *stored* image needs to be
 * displayed upright, and the source pixel read for displayed pixel (x, y) of a stored w x h image:
 *
 * | value | name        | display transform                 | source of (x, y)       | output size |
 * |-------|-------------|-----------------------------------|------------------------|-------------|
 * | 1     | top-left    | none                              | (x, y)                 | w x h       |
 * | 2     | top-right   | mirror left-right                 | (w-1-x, y)             | w x h       |
 * | 3     | bottom-right| rotate 180°                       | (w-1-x, h-1-y)         | w x h       |
 * | 4     | bottom-left | mirror top-bottom                 | (x, h-1-y)             | w x h       |
 * | 5     | left-top    | transpose (main diagonal)         | (y, x)                 | h x w       |
 * | 6     | right-top   | rotate 90° clockwise              | (y, h-1-x)             | h x w       |
 * | 7     | right-bottom| transverse (anti-diagonal)        | (w-1-y, h-1-x)         | h x w       |
 * | 8     | left-bottom | rotate 90° counter-clockwise      | (w-1-y, x)             | h x w       |
 */

/** RGBA pixels with their size. */
export interface RgbaPixels {
  readonly width: number;
  readonly height: number;
  /** height x width x 4, RGBA row-major */
  readonly data: Uint8Array;
}

/** True when orientation `value` swaps width and height (5..8). */
export function orientationSwapsSides(value: number): boolean {
  return value >= 5 && value <= 8;
}

/**
 * Return the displayed image for EXIF `orientation` (1..8; other values are treated as 1 and
 * return the input unchanged). Allocates one new buffer of the same size when it moves pixels.
 */
export function applyOrientation(image: RgbaPixels, orientation: number): RgbaPixels {
  if (orientation < 2 || orientation > 8) return image;
  const w = image.width;
  const h = image.height;
  const swap = orientationSwapsSides(orientation);
  const outWidth = swap ? h : w;
  const outHeight = swap ? w : h;
  const out = new Uint8Array(w * h * 4);
  // One pixel = one 32-bit word; copy words, not bytes. Copy the source if it is not 4-byte aligned.
  const aligned = image.data.byteOffset % 4 === 0 ? image.data : image.data.slice();
  const src = new Uint32Array(aligned.buffer, aligned.byteOffset, w * h);
  const dst = new Uint32Array(out.buffer, 0, w * h);
  // Source index = base + x * stepX + y * stepY, from the table above.
  let base = 0;
  let stepX = 1;
  let stepY = w;
  switch (orientation) {
    case 2: base = w - 1; stepX = -1; stepY = w; break;
    case 3: base = w * h - 1; stepX = -1; stepY = -w; break;
    case 4: base = (h - 1) * w; stepX = 1; stepY = -w; break;
    case 5: base = 0; stepX = w; stepY = 1; break;
    case 6: base = (h - 1) * w; stepX = -w; stepY = 1; break;
    case 7: base = w * h - 1; stepX = -w; stepY = -1; break;
    case 8: base = w - 1; stepX = w; stepY = -1; break;
  }
  let o = 0;
  for (let y = 0; y < outHeight; y++) {
    let s = base + y * stepY;
    for (let x = 0; x < outWidth; x++) {
      dst[o++] = src[s];
      s += stepX;
    }
  }
  return { width: outWidth, height: outHeight, data: out };
}
