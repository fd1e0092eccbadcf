/**
 * Stage 1b: box pre-shrink of large images by an integer factor.
 *
 * PDQ's 64x64 tent filter and pHash's 32x32 area average only need a few hundred pixels per
 * side; averaging k x k blocks first (like Meta's own PHP and Python wrappers, which downscale
 * before hashing) cuts the filter work by k² while changing the downsample by a fraction of a
 * level. Blocks are centred: the `width mod k` leftover columns (and rows) are split between
 * both edges, so the reduction commutes with flips and rotations up to half a block.
 */
import { grow } from './jarosz.js';
import { LUMA_FROM_BLUE, LUMA_FROM_GREEN, LUMA_FROM_RED } from './luma.js';

/** True on little-endian hosts, where an RGBA pixel read as a u32 is `A << 24 | B << 16 | G << 8 | R`. */
const LITTLE_ENDIAN: boolean = /*#__PURE__*/ new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Largest factor for the packed path: 255 · k per 16-bit lane must not carry into the next lane. */
const MAX_PACKED_FACTOR = 128;

/** Images are reduced while their shorter side stays at least this (so Jarosz windows stay ≥ 2). */
export const REDUCED_MIN_SIDE = 256;

/** Integer reduction factor for an image: `floor(shorter side / 256)`, at least 1. */
export function reductionFactor(width: number, height: number): number {
  return Math.max(1, Math.floor(Math.min(width, height) / REDUCED_MIN_SIDE));
}

/**
 * Streaming k x k box averager: source rows in (as luma prefix sums), reduced rows out (as
 * prefix sums of block means, 0..255). Buffers are reused across images.
 */
export class BoxReducer {
  /** Reduction factor of the current image. */
  factor = 1;
  /** Reduced width. */
  width = 0;
  /** Reduced height. */
  height = 0;
  /** Prefix sums of the reduced row just completed (width + 1 values). */
  rowPrefix: Float64Array = new Float64Array(0);
  private left = 0;
  private top = 0;
  private sums: Float64Array = new Float64Array(0); // reduced width, block sums of the current band
  private words: Uint32Array | null = null; // the RGBA bytes viewed as one u32 per pixel, when usable
  private wordsOf: Uint8Array | Uint8ClampedArray | null = null;

  /** Start an image; sets {@link width} and {@link height}. */
  begin(sourceWidth: number, sourceHeight: number, factor: number): void {
    this.factor = factor;
    this.width = Math.floor(sourceWidth / factor);
    this.height = Math.floor(sourceHeight / factor);
    this.left = (sourceWidth - this.width * factor) >> 1;
    this.top = (sourceHeight - this.height * factor) >> 1;
    if (this.sums.length < this.width) {
      this.sums = new Float64Array(grow(this.sums.length, this.width));
      this.rowPrefix = new Float64Array(this.sums.length + 1);
    }
    this.sums.fill(0, 0, this.width);
    this.wordsOf = null;
    this.words = null;
  }

  /**
   * Add source row `y` given as luma prefix sums; returns the reduced row index completed by it
   * (its prefix sums are then in {@link rowPrefix}), or -1.
   * @param prefix source row luma prefix sums (source width + 1 values)
   */
  pushRow(prefix: Float64Array, y: number): number {
    const row = this.rowOf(y);
    if (row < 0) return -1;
    const factor = this.factor;
    const width = this.width;
    const sums = this.sums;
    let at = this.left;
    for (let c = 0; c < width; c++, at += factor) sums[c] += prefix[at + factor] - prefix[at];
    return this.completeRow(y, row);
  }

  /**
   * Add source row `y` straight from RGBA bytes (luma is linear, so a block's luma is the luma
   * of its channel sums: three integer additions per pixel). Returns as {@link pushRow}.
   * @param data RGBA bytes, source height x source width x 4, row-major
   */
  pushRgbaRow(data: Uint8Array | Uint8ClampedArray, sourceWidth: number, y: number): number {
    const row = this.rowOf(y);
    if (row < 0) return -1;
    const factor = this.factor;
    const width = this.width;
    const sums = this.sums;
    const start = y * sourceWidth + this.left; // first pixel of the row's first block
    if (this.wordsOf !== data) {
      // Once per image: a u32 view of the pixels when the host and the buffer allow it.
      this.wordsOf = data;
      this.words = LITTLE_ENDIAN && (data.byteOffset & 3) === 0 ? new Uint32Array(data.buffer, data.byteOffset, data.length >>> 2) : null;
    }
    const words = this.words;
    if (words !== null && factor <= MAX_PACKED_FACTOR) {
      // One 32-bit load per pixel; R|B and G|A summed in two 16-bit lanes each.
      let p = start;
      for (let c = 0; c < width; c++) {
        let redBlue = 0;
        let greenAlpha = 0;
        for (let i = 0; i < factor; i++, p++) {
          const word = words[p];
          redBlue += word & 0x00ff00ff;
          greenAlpha += (word >>> 8) & 0x00ff00ff;
        }
        sums[c] += LUMA_FROM_RED * (redBlue & 0xffff) + LUMA_FROM_GREEN * (greenAlpha & 0xffff) + LUMA_FROM_BLUE * (redBlue >>> 16);
      }
      return this.completeRow(y, row);
    }
    let p = start * 4;
    for (let c = 0; c < width; c++) {
      let red = 0;
      let green = 0;
      let blue = 0;
      for (let i = 0; i < factor; i++, p += 4) {
        red += data[p];
        green += data[p + 1];
        blue += data[p + 2];
      }
      sums[c] += LUMA_FROM_RED * red + LUMA_FROM_GREEN * green + LUMA_FROM_BLUE * blue;
    }
    return this.completeRow(y, row);
  }

  /** Reduced row of source row `y`, or -1 when `y` is in a dropped edge band. */
  private rowOf(y: number): number {
    const band = y - this.top;
    if (band < 0) return -1;
    const row = Math.floor(band / this.factor);
    return row < this.height ? row : -1;
  }

  /** After the last source row of a band: block means into {@link rowPrefix}, sums reset. */
  private completeRow(y: number, row: number): number {
    const factor = this.factor;
    if (y - this.top - row * factor !== factor - 1) return -1;
    const width = this.width;
    const sums = this.sums;
    const out = this.rowPrefix;
    const inverseArea = 1 / (factor * factor);
    let sum = 0;
    out[0] = 0;
    for (let c = 0; c < width; c++) {
      sum += sums[c] * inverseArea;
      out[c + 1] = sum;
      sums[c] = 0;
    }
    return row;
  }
}
