/**
 * The classic 64-bit DCT pHash (Zauner 2010, pHash.org): luma → 32x32 area average → 2-D DCT →
 * the 8x8 block of frequencies 1..8 on each axis (no DC row or column) → median threshold.
 *
 * Bits use the packing of `threshold.ts`: coefficient `k = 8u + v` is the k-th least
 * significant bit of the 64-bit hash (`Uint32Array(2)`, word 0 most significant).
 */
import { DCT_MATRIX_8x32, dctLowFrequencies } from './dct.js';
import { lowerMedian, thresholdToWords } from './threshold.js';

/** Side of the area-averaged image pHash transforms. */
export const PHASH_RESIZE_SIDE = 32;
/** Frequencies kept per axis. */
export const PHASH_DCT_SIDE = 8;
/** Bits in a pHash. */
export const PHASH_BITS = 64;
/** 32-bit words in a pHash. */
export const PHASH_WORDS = 2;

/**
 * Streaming area-average ("box") resize to `side x side`: every output cell is the exact mean
 * of the source area it covers, fractional pixels weighted by their overlap. Rows arrive as
 * luma prefix sums, so a cell's horizontal sum is two interpolated lookups.
 */
export class AreaAverager {
  /** Output side. */
  readonly side: number;
  private width = 0;
  private height = 0;
  private nextRow = 0;
  private readonly cells: Float64Array; // side x side sums
  private readonly rowCells: Float64Array; // side, current row's horizontal cell sums

  constructor(side: number = PHASH_RESIZE_SIDE) {
    this.side = side;
    this.cells = new Float64Array(side * side);
    this.rowCells = new Float64Array(side);
  }

  /** Start an image of `width` x `height`. */
  begin(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.nextRow = 0;
    this.cells.fill(0);
  }

  /**
   * Feed the next source row as luma prefix sums.
   * @param prefix at least offset + width + 1 values, `prefix[offset + x + 1] - prefix[offset + x]` is pixel x
   */
  pushRow(prefix: Float64Array, offset = 0): void {
    const side = this.side;
    const width = this.width;
    const rowCells = this.rowCells;
    const cellWidth = width / side;
    // The row's integral up to x is the prefix sum interpolated linearly inside pixel floor(x).
    let previous = prefix[offset];
    for (let j = 0; j < side; j++) {
      const edge = (j + 1) * cellWidth;
      let integral: number;
      if (j === side - 1) {
        integral = prefix[offset + width];
      } else {
        const pixel = offset + Math.floor(edge);
        const fraction = edge - (pixel - offset);
        integral = fraction === 0 ? prefix[pixel] : prefix[pixel] + fraction * (prefix[pixel + 1] - prefix[pixel]);
      }
      rowCells[j] = integral - previous;
      previous = integral;
    }
    // Spread the row over the output rows it overlaps, by overlap height.
    const y = this.nextRow;
    const cellHeight = this.height / side;
    const cells = this.cells;
    for (let i = Math.min(side - 1, Math.floor(y / cellHeight)); i < side; i++) {
      const top = i * cellHeight;
      if (top >= y + 1) break;
      const weight = Math.min(y + 1, top + cellHeight) - Math.max(y, top);
      if (weight <= 0) continue;
      const base = i * side;
      for (let j = 0; j < side; j++) cells[base + j] += weight * rowCells[j];
    }
    this.nextRow = y + 1;
  }

  /**
   * Write the cell means (0..255 for luma input).
   * @param out side x side, row-major
   */
  finish(out: Float32Array): void {
    const n = this.side * this.side;
    const inverseArea = (this.side * this.side) / (this.width * this.height);
    for (let k = 0; k < n; k++) out[k] = this.cells[k] * inverseArea;
  }
}

/**
 * 8x8 DCT block (frequencies 1..8) of the 32x32 area average.
 * @param resized 32 x 32, row-major
 * @param scratch32x32 32 x 32 scratch
 * @param dct8x8 8 x 8 output
 */
export function phashDctFromResized(resized: Float32Array, scratch32x32: Float32Array, dct8x8: Float32Array): void {
  dctLowFrequencies(resized, PHASH_RESIZE_SIDE, DCT_MATRIX_8x32, PHASH_DCT_SIDE, scratch32x32, dct8x8);
}

/** pHash bits from an 8x8 DCT block (median threshold). */
export function phashFromDct(dct8x8: Float32Array, sortScratch: Float32Array, out: Uint32Array): void {
  thresholdToWords(dct8x8, PHASH_BITS, lowerMedian(dct8x8, PHASH_BITS, sortScratch), out);
}
