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
 *
 * Uses the symmetry of the cosines: `D[u][size-1-k] = (-1)^(u+1) · D[u][k]`, so row `u` of
 * `D · input` only needs the sums (odd `u`) or differences (even `u`) of the mirrored input rows
 * `k` and `size-1-k`: half the multiply-adds of the plain product. `size` must be even.
 * @param input size x size, row-major
 * @param matrix count x size DCT matrix from {@link makeDctMatrix}
 * @param scratch at least size x size values, overwritten (the folded rows)
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
  if (scratch.length < size * size || (size & 1) !== 0) throw new RangeError(`dctLowFrequencies: needs an even size and ${size * size} scratch values`);
  const half = size >> 1;
  // Folded rows: scratch rows 0..half-1 hold input[k] + input[size-1-k] (used by odd u, i.e.
  // even frequencies), rows half..size-1 hold input[k] - input[size-1-k] (even u, odd frequencies).
  const folded = scratch;
  const differenceBase = half * size;
  for (let k = 0; k < half; k++) {
    const top = k * size;
    const bottom = (size - 1 - k) * size;
    for (let x = 0; x < size; x++) {
      const a = input[top + x];
      const b = input[bottom + x];
      folded[top + x] = a + b;
      folded[differenceBase + top + x] = a - b;
    }
  }
  // out[u][v] = Σ_x (Σ_k D[u][k] · folded_u[k][x]) · D[v][x]; the inner row is built in `row`.
  const row = rowScratch(size);
  for (let u = 0; u < count; u++) {
    row.fill(0, 0, size);
    const base = (u & 1) === 1 ? 0 : differenceBase;
    for (let k = 0; k < half; k++) {
      const weight = matrix[u * size + k];
      const foldedRow = base + k * size;
      for (let x = 0; x < size; x++) row[x] += weight * folded[foldedRow + x];
    }
    for (let v = 0; v < count; v++) {
      const matrixRow = v * size;
      let sum = 0;
      for (let x = 0; x < size; x++) sum += row[x] * matrix[matrixRow + x];
      out[u * count + v] = sum;
    }
  }
}

let sharedRow: Float32Array = new Float32Array(64);

/** A reusable row buffer of at least `size` values. */
function rowScratch(size: number): Float32Array {
  if (sharedRow.length < size) sharedRow = new Float32Array(size);
  return sharedRow;
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
