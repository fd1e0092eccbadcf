/**
 * Stage 2 (PDQ): blur and decimate luma to 64x64 with a Jarosz tent filter.
 *
 * Jarosz ("Fast Image Convolutions", SIGGRAPH 2001): two X,Y passes of 1-D box filters make a
 * 2-D tent. PDQ sizes each box to half of one output cell, `w = ceil(old / (2 * new))` taps,
 * then keeps the value at each output cell's centre.
 *
 * Symmetric variant (the one deliberate difference from ThreatExchange's reference): an odd
 * box is centred on its pixel; an even box (the reference reaches one tap further right/down)
 * is the mean of its two mirror placements, i.e. `w + 1` taps with half weight on the two end
 * taps. Decimation samples the exact cell centre `(i + 0.5) * old / new - 0.5`, interpolating
 * linearly between the two nearest pixels (the reference truncates `(i + 0.5) * old / new`).
 * Both make the filter commute with flips and transposes, so dihedral variants derived from the
 * DCT match hashes of transformed pixels; hashes stay within a few bits of the reference's.
 * Near the borders a box only averages the taps inside the image (with their weights).
 *
 * {@link JaroszDownsampler} streams rows and computes only what the decimation keeps; the
 * full-buffer {@link downsampleJaroszNaive} is the slow reference it is tested against.
 */

/** Box taps per pass for shrinking `oldDimension` to `newDimension`: `ceil(old / (2 * new))`. */
export function jaroszWindowSize(oldDimension: number, newDimension: number): number {
  return Math.floor((oldDimension + 2 * newDimension - 1) / (2 * newDimension));
}

/** Full-weight reach either side of the centre: `floor((w - 1) / 2)`. */
function coreReach(windowSize: number): number {
  return (windowSize - 1) >> 1;
}

/** Fractional source position of output `i`'s centre when decimating `inSize` to `outSize`. */
export function decimationCentre(i: number, inSize: number, outSize: number): number {
  return Math.min(inSize - 1, Math.max(0, ((i + 0.5) * inSize) / outSize - 0.5));
}

// ---------------------------------------------------------------- naive reference

/** Reference symmetric box filter: weighted mean over the clipped window, by definition. */
function boxFilterNaive(
  input: Float32Array,
  output: Float32Array,
  length: number,
  start: number,
  stride: number,
  windowSize: number,
): void {
  const core = coreReach(windowSize);
  const halfEnds = (windowSize & 1) === 0;
  for (let p = 0; p < length; p++) {
    let sum = 0;
    let weight = 0;
    const reach = halfEnds ? core + 1 : core;
    for (let k = p - reach; k <= p + reach; k++) {
      if (k < 0 || k >= length) continue;
      const w = halfEnds && (k === p - reach || k === p + reach) ? 0.5 : 1;
      sum += w * input[start + k * stride];
      weight += w;
    }
    output[start + p * stride] = sum / weight;
  }
}

/**
 * Slow reference: two full X,Y box passes over the whole image, then centre sampling.
 * Allocates; for tests only.
 * @param luma height x width, row-major, 0..255
 * @returns outSize x outSize, row-major
 */
export function downsampleJaroszNaive(luma: Float32Array, width: number, height: number, outSize = 64): Float32Array {
  const a32 = Float32Array.from(luma.subarray(0, width * height));
  const b = new Float32Array(width * height);
  const windowAlongRows = jaroszWindowSize(width, outSize);
  const windowAlongColumns = jaroszWindowSize(height, outSize);
  for (let pass = 0; pass < 2; pass++) {
    for (let y = 0; y < height; y++) boxFilterNaive(a32, b, width, y * width, 1, windowAlongRows);
    for (let x = 0; x < width; x++) boxFilterNaive(b, a32, height, x, width, windowAlongColumns);
  }
  const out = new Float32Array(outSize * outSize);
  for (let i = 0; i < outSize; i++) {
    const cy = decimationCentre(i, height, outSize);
    const y0 = Math.floor(cy);
    const y1 = Math.min(height - 1, y0 + 1);
    const fy = cy - y0;
    for (let j = 0; j < outSize; j++) {
      const cx = decimationCentre(j, width, outSize);
      const x0 = Math.floor(cx);
      const x1 = Math.min(width - 1, x0 + 1);
      const fx = cx - x0;
      const top = a32[y0 * width + x0] * (1 - fx) + a32[y0 * width + x1] * fx;
      const bottom = a32[y1 * width + x0] * (1 - fx) + a32[y1 * width + x1] * fx;
      out[i * outSize + j] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

// ---------------------------------------------------------------- streaming implementation

/**
 * Streaming Jarosz downsampler with preallocated, reused buffers.
 *
 * Per image: {@link begin}, then {@link pushRow} once per source row (given as luma prefix
 * sums), then {@link finish}. Pass 1 (X then Y) runs over every pixel with prefix sums, running
 * column sums and a ring of about `window + 2` rows; pass 2 is evaluated only at the two pixels
 * around each sampled column, on the rows that some sampled row's vertical window touches.
 * Memory is O(width x window), not O(width x height).
 */
export class JaroszDownsampler {
  /** Output side (64 for PDQ). */
  readonly outSize: number;
  private width = 0;
  private height = 0;
  private coreX = 0; // full-weight reach of the X box
  private halfEndsX = false; // even X box: extra half-weight taps at ±(coreX + 1)
  private coreY = 0;
  private halfEndsY = false;
  private reachY = 0; // coreY, or coreY + 1 with half ends
  private ringRows = 1;
  private nextRow = 0;
  private ring: Float32Array = new Float32Array(0); // ringRows x width, pass-1 X output
  private coreSums: Float64Array = new Float64Array(0); // width, sum of ring rows t-coreY .. t+coreY
  private inverseWeightX: Float32Array = new Float32Array(0); // width, 1 / tap weight of the X box at x
  private pass1Row: Float32Array = new Float32Array(0); // width, pass-1 Y output of the current row
  private sampled: Float32Array = new Float32Array(0); // height x outSize, pass-2 X output at sampled columns
  private rowNeeded: Uint8Array = new Uint8Array(0); // height
  private readonly columnLow: Int32Array; // outSize: pixel left of the sampled column centre
  private readonly columnFraction: Float32Array; // outSize: weight of the pixel right of it

  constructor(outSize = 64) {
    this.outSize = outSize;
    this.columnLow = new Int32Array(outSize);
    this.columnFraction = new Float32Array(outSize);
  }

  /** Start an image of `width` x `height`; grows the scratch buffers when needed. */
  begin(width: number, height: number): void {
    const outSize = this.outSize;
    this.width = width;
    this.height = height;
    const windowX = jaroszWindowSize(width, outSize);
    const windowY = jaroszWindowSize(height, outSize);
    this.coreX = coreReach(windowX);
    this.halfEndsX = (windowX & 1) === 0;
    this.coreY = coreReach(windowY);
    this.halfEndsY = (windowY & 1) === 0;
    this.reachY = this.coreY + (this.halfEndsY ? 1 : 0);
    this.ringRows = 2 * this.reachY + 2;
    this.nextRow = 0;
    if (this.ring.length < this.ringRows * width) this.ring = new Float32Array(grow(this.ring.length, this.ringRows * width));
    if (this.coreSums.length < width) {
      this.coreSums = new Float64Array(grow(this.coreSums.length, width));
      this.inverseWeightX = new Float32Array(this.coreSums.length);
      this.pass1Row = new Float32Array(this.coreSums.length);
    }
    this.coreSums.fill(0, 0, width);
    const core = this.coreX;
    for (let x = 0; x < width; x++) {
      let weight = Math.min(width - 1, x + core) - Math.max(0, x - core) + 1;
      if (this.halfEndsX) weight += 0.5 * (x - core - 1 >= 0 ? 1 : 0) + 0.5 * (x + core + 1 < width ? 1 : 0);
      this.inverseWeightX[x] = 1 / weight;
    }
    if (this.sampled.length < height * outSize) this.sampled = new Float32Array(grow(this.sampled.length, height * outSize));
    if (this.rowNeeded.length < height) this.rowNeeded = new Uint8Array(grow(this.rowNeeded.length, height));
    this.rowNeeded.fill(0, 0, height);
    for (let i = 0; i < outSize; i++) {
      const cx = decimationCentre(i, width, outSize);
      this.columnLow[i] = Math.floor(cx);
      this.columnFraction[i] = cx - Math.floor(cx);
      // Pass 2 Y at the two rows around this centre reads pass 2 X within reachY of them.
      const cy = Math.floor(decimationCentre(i, height, outSize));
      const lo = Math.max(0, cy - this.reachY);
      const hi = Math.min(height - 1, cy + 1 + this.reachY);
      for (let y = lo; y <= hi; y++) this.rowNeeded[y] = 1;
    }
  }

  /**
   * Feed the next source row as luma prefix sums (`prefix[offset + x + 1] - prefix[offset + x]`
   * is pixel x of this image; `offset` selects a column window of a wider row).
   * @param prefix at least offset + width + 1 values
   */
  pushRow(prefix: Float64Array, offset = 0): void {
    const o = offset;
    const width = this.width;
    const core = this.coreX;
    const y = this.nextRow;
    const base = (y % this.ringRows) * width;
    const ring = this.ring;
    const inverse = this.inverseWeightX;
    // Pass 1, X: core window sum from the prefix sums, plus half of each end tap when even.
    const middleEnd = width - core - 1; // x < middleEnd keeps x + core + 2 <= width
    let x = 0;
    if (this.halfEndsX) {
      for (; x < width; x++) {
        if (x > core && x < middleEnd) break;
        const lo = Math.max(0, x - core);
        const hi = Math.min(width, x + core + 1);
        let sum = prefix[o + hi] - prefix[o + lo];
        if (x - core - 1 >= 0) sum += 0.5 * (prefix[o + x - core] - prefix[o + x - core - 1]);
        if (x + core + 1 < width) sum += 0.5 * (prefix[o + x + core + 2] - prefix[o + x + core + 1]);
        ring[base + x] = sum * inverse[x];
      }
      if (x < middleEnd) {
        // Full window inside the row: sum = ½(P[x+c+1] + P[x+c+2]) - ½(P[x-c-1] + P[x-c]),
        // sliding two prefix values on each side (two loads per pixel).
        const scale = 0.5 * inverse[x];
        let rightNear = prefix[o + x + core + 1];
        let leftFar = prefix[o + x - core - 1];
        for (; x < middleEnd; x++) {
          const rightFar = prefix[o + x + core + 2];
          const leftNear = prefix[o + x - core];
          ring[base + x] = (rightNear + rightFar - leftFar - leftNear) * scale;
          rightNear = rightFar;
          leftFar = leftNear;
        }
      }
      for (; x < width; x++) {
        const lo = Math.max(0, x - core);
        const hi = Math.min(width, x + core + 1);
        let sum = prefix[o + hi] - prefix[o + lo];
        if (x - core - 1 >= 0) sum += 0.5 * (prefix[o + x - core] - prefix[o + x - core - 1]);
        if (x + core + 1 < width) sum += 0.5 * (prefix[o + x + core + 2] - prefix[o + x + core + 1]);
        ring[base + x] = sum * inverse[x];
      }
    } else {
      for (; x < core && x < width; x++) ring[base + x] = (prefix[o + Math.min(width, x + core + 1)] - prefix[o + 0]) * inverse[x];
      if (x < width - core) {
        const scale = inverse[x]; // the same for every full window
        for (; x < width - core; x++) ring[base + x] = (prefix[o + x + core + 1] - prefix[o + x - core]) * scale;
      }
      for (; x < width; x++) ring[base + x] = (prefix[o + width] - prefix[o + Math.max(0, x - core)]) * inverse[x];
    }
    if (y < this.coreY) {
      // Rows before the first core window's far edge: emitRow(t) only adds row t + coreY.
      const sums = this.coreSums;
      for (let k = 0; k < width; k++) sums[k] += ring[base + k];
    }
    this.nextRow = y + 1;
    const ready = y - this.reachY;
    if (ready >= 0) this.emitRow(ready);
  }

  /**
   * Rows up to `t + reachY` have arrived: slide the core sums from row `t - 1`'s window to row
   * `t`'s, `[t - coreY, t + coreY]` (add the newest row, drop the one that left, in one pass),
   * then pass 2 X around the sampled columns if a sampled row needs row `t`.
   */
  private emitRow(t: number): void {
    const width = this.width;
    const sums = this.coreSums;
    const ring = this.ring;
    const ringRows = this.ringRows;
    const core = this.coreY;
    const add = t + core;
    const drop = t - core - 1;
    const addBase = add < this.height ? (add % ringRows) * width : -1;
    const dropBase = drop >= 0 ? (drop % ringRows) * width : -1;
    if (addBase >= 0 && dropBase >= 0) {
      for (let x = 0; x < width; x++) sums[x] += ring[addBase + x] - ring[dropBase + x];
    } else if (addBase >= 0) {
      for (let x = 0; x < width; x++) sums[x] += ring[addBase + x];
    } else if (dropBase >= 0) {
      for (let x = 0; x < width; x++) sums[x] -= ring[dropBase + x];
    }
    if (this.rowNeeded[t] !== 0) this.pass2Row(t);
  }

  /** Pass 1 Y output of row `t` into `pass1Row`, then pass 2 X at the sampled columns. */
  private pass2Row(t: number): void {
    const width = this.width;
    const height = this.height;
    const sums = this.coreSums;
    const ring = this.ring;
    const ringRows = this.ringRows;
    const core = this.coreY;
    const row = this.pass1Row;
    let weight = Math.min(height - 1, t + core) - Math.max(0, t - core) + 1;
    const above = t - core - 1;
    const below = t + core + 1;
    const useAbove = this.halfEndsY && above >= 0;
    const useBelow = this.halfEndsY && below < height;
    if (useAbove) weight += 0.5;
    if (useBelow) weight += 0.5;
    const inverse = 1 / weight;
    const aboveBase = (above % ringRows) * width;
    const belowBase = (below % ringRows) * width;
    if (useAbove && useBelow) {
      for (let x = 0; x < width; x++) row[x] = (sums[x] + 0.5 * (ring[aboveBase + x] + ring[belowBase + x])) * inverse;
    } else if (useAbove) {
      for (let x = 0; x < width; x++) row[x] = (sums[x] + 0.5 * ring[aboveBase + x]) * inverse;
    } else if (useBelow) {
      for (let x = 0; x < width; x++) row[x] = (sums[x] + 0.5 * ring[belowBase + x]) * inverse;
    } else {
      for (let x = 0; x < width; x++) row[x] = sums[x] * inverse;
    }
    const outSize = this.outSize;
    const out = this.sampled;
    const outBase = t * outSize;
    for (let j = 0; j < outSize; j++) {
      const low = this.columnLow[j];
      const fraction = this.columnFraction[j];
      const left = this.boxAt(row, low);
      out[outBase + j] = fraction === 0 ? left : left + fraction * (this.boxAt(row, Math.min(width - 1, low + 1)) - left);
    }
  }

  /** Pass-2 X box (symmetric, clipped) of `row` at pixel `x`. */
  private boxAt(row: Float32Array, x: number): number {
    const width = this.width;
    const core = this.coreX;
    const lo = Math.max(0, x - core);
    const hi = Math.min(width - 1, x + core);
    let sum = 0;
    for (let k = lo; k <= hi; k++) sum += row[k];
    let weight = hi - lo + 1;
    if (this.halfEndsX) {
      if (x - core - 1 >= 0) {
        sum += 0.5 * row[x - core - 1];
        weight += 0.5;
      }
      if (x + core + 1 < width) {
        sum += 0.5 * row[x + core + 1];
        weight += 0.5;
      }
    }
    return sum / weight;
  }

  /** Pass-2 Y box (symmetric, clipped) of sampled column `j` at row `y`. */
  private columnBoxAt(j: number, y: number): number {
    const height = this.height;
    const outSize = this.outSize;
    const sampled = this.sampled;
    const core = this.coreY;
    const lo = Math.max(0, y - core);
    const hi = Math.min(height - 1, y + core);
    let sum = 0;
    for (let k = lo; k <= hi; k++) sum += sampled[k * outSize + j];
    let weight = hi - lo + 1;
    if (this.halfEndsY) {
      if (y - core - 1 >= 0) {
        sum += 0.5 * sampled[(y - core - 1) * outSize + j];
        weight += 0.5;
      }
      if (y + core + 1 < height) {
        sum += 0.5 * sampled[(y + core + 1) * outSize + j];
        weight += 0.5;
      }
    }
    return sum / weight;
  }

  /**
   * Flush the last rows and write the downsampled image.
   * @param out outSize x outSize, row-major
   */
  finish(out: Float32Array): void {
    const height = this.height;
    for (let t = Math.max(0, height - this.reachY); t < height; t++) this.emitRow(t);
    const outSize = this.outSize;
    for (let i = 0; i < outSize; i++) {
      const cy = decimationCentre(i, height, outSize);
      const low = Math.floor(cy);
      const fraction = cy - low;
      const high = Math.min(height - 1, low + 1);
      for (let j = 0; j < outSize; j++) {
        const top = this.columnBoxAt(j, low);
        out[i * outSize + j] = fraction === 0 ? top : top + fraction * (this.columnBoxAt(j, high) - top);
      }
    }
  }
}

/** New capacity: at least `needed`, at least double the old one. */
export function grow(current: number, needed: number): number {
  return Math.max(needed, current * 2);
}
