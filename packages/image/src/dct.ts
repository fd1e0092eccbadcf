/**
 * Stage 3: the low-frequency corner of a 2-D DCT-II, by matrix products.
 *
 * Only `count` frequencies per axis are needed (16 of 64 for PDQ, 8 of 32 for pHash), so a
 * precomputed `count x size` cosine matrix `D` gives `B = D A Dᵀ` in `2 · count · size²`-ish
 * multiply-adds, cheaper than a full fast DCT followed by cropping.
 *
 * Row `u` of `D` is frequency `u + 1` (the DC term, frequency 0, is skipped, as PDQ does):
 * `D[u][k] = sqrt(2 / size) · cos(π / (2 · size) · (u + 1) · (2k + 1))`.
 * Output `B[u][v]`: `u` is the vertical frequency index (row), `v` the horizontal one (column).
 */

/**
 * Build a `count x size` DCT-II matrix of frequencies `1 .. count` (row-major).
 */
export function makeDctMatrix(count: number, size: number): Float32Array {
  const matrix = new Float32Array(count * size);
  const scale = Math.sqrt(2 / size);
  for (let u = 0; u < count; u++) {
    for (let k = 0; k < size; k++) {
      matrix[u * size + k] = scale * Math.cos((Math.PI / (2 * size)) * (u + 1) * (2 * k + 1));
    }
  }
  return matrix;
}

/** PDQ's 16 x 64 DCT matrix (frequencies 1..16 over 64 samples). */
export const DCT_MATRIX_16x64: Float32Array = /*#__PURE__*/ makeDctMatrix(16, 64);

/** pHash's 8 x 32 DCT matrix (frequencies 1..8 over 32 samples). */
export const DCT_MATRIX_8x32: Float32Array = /*#__PURE__*/ makeDctMatrix(8, 32);

/**
 * `out = D · input · Dᵀ`: the `count x count` low-frequency DCT block of a `size x size` image.
 * @param input size x size, row-major
 * @param matrix count x size DCT matrix from {@link makeDctMatrix}
 * @param scratch count x size, overwritten (holds `D · input`)
 * @param out count x count, row-major
 */
export function dctLowFrequencies(
  input: Float32Array,
  size: number,
  matrix: Float32Array,
  count: number,
  scratch: Float32Array,
  out: Float32Array,
): void {
  // scratch = D · input, accumulated row by row of input so reads stay sequential.
  scratch.fill(0, 0, count * size);
  for (let u = 0; u < count; u++) {
    const scratchRow = u * size;
    for (let k = 0; k < size; k++) {
      const weight = matrix[u * size + k];
      const inputRow = k * size;
      for (let x = 0; x < size; x++) scratch[scratchRow + x] += weight * input[inputRow + x];
    }
  }
  // out = scratch · Dᵀ
  for (let u = 0; u < count; u++) {
    const scratchRow = u * size;
    for (let v = 0; v < count; v++) {
      const matrixRow = v * size;
      let sum = 0;
      for (let x = 0; x < size; x++) sum += scratch[scratchRow + x] * matrix[matrixRow + x];
      out[u * count + v] = sum;
    }
  }
}

/**
 * Slow reference: each coefficient straight from the cosine definition, in float64.
 * @returns count x count, row-major
 */
export function dctLowFrequenciesNaive(input: Float32Array, size: number, count: number): Float64Array {
  const out = new Float64Array(count * count);
  const scale = 2 / size;
  for (let u = 0; u < count; u++) {
    for (let v = 0; v < count; v++) {
      let sum = 0;
      for (let y = 0; y < size; y++) {
        const cy = Math.cos((Math.PI / (2 * size)) * (u + 1) * (2 * y + 1));
        for (let x = 0; x < size; x++) {
          sum += input[y * size + x] * cy * Math.cos((Math.PI / (2 * size)) * (v + 1) * (2 * x + 1));
        }
      }
      out[u * count + v] = sum * scale;
    }
  }
  return out;
}
