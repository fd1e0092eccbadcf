/**
 * One-permutation MinHash (Li, Owen & Zhang 2012) with optimal densification (Shrivastava 2017):
 * each shingle hash is hashed once; its top bits choose a bin and a second mix is the value kept
 * if it is the bin's minimum. Empty bins borrow the value of a non-empty bin chosen by a fixed
 * per-bin probe sequence, so two signatures stay comparable bin by bin. The fraction of equal
 * bins estimates the Jaccard similarity of the shingle sets.
 */
import { fmix32 } from './hash.js';

/** Number of bins (signature length). 128 gives a Jaccard standard error ≤ 0.044. */
export const MINHASH_BINS = 128;
const BIN_SHIFT = 25; // 32 - log2(128)
const VALUE_SALT = 0x7f4a7c15;
const EMPTY = 0xffffffff;

/** Rows per LSH band (bins hashed together). */
export const LSH_ROWS = 4;
/** LSH bands: 32 × 4 rows; candidate probability 1 − (1 − J⁴)³², ½ at J ≈ 0.39. */
export const LSH_BANDS: number = MINHASH_BINS / LSH_ROWS;

/** A fresh, empty signature (all bins empty). */
export function createMinHash(): Uint32Array {
  return new Uint32Array(MINHASH_BINS).fill(EMPTY);
}

/** Fold one shingle hash into `signature` (in place). */
export function updateMinHash(signature: Uint32Array, shingleHash: number): void {
  const bin = shingleHash >>> BIN_SHIFT;
  const value = fmix32(shingleHash ^ VALUE_SALT);
  if (value < signature[bin]) signature[bin] = value;
}

/**
 * Fill empty bins from non-empty ones (optimal densification). A signature with no values at all
 * stays empty. Returns the number of bins that were empty before densification.
 */
export function densifyMinHash(signature: Uint32Array): number {
  const bins = signature.length;
  let empty = 0;
  for (let i = 0; i < bins; i++) if (signature[i] === EMPTY) empty++;
  if (empty === 0 || empty === bins) return empty;
  const original = signature.slice();
  for (let i = 0; i < bins; i++) {
    if (original[i] !== EMPTY) continue;
    for (let attempt = 1; ; attempt++) {
      const j = fmix32(Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca6b)) & (bins - 1);
      if (original[j] !== EMPTY) {
        signature[i] = original[j];
        break;
      }
    }
  }
  return empty;
}

/** Estimated Jaccard similarity of two densified signatures: the fraction of equal bins. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let equal = 0;
  let valid = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === EMPTY && b[i] === EMPTY) continue;
    valid++;
    if (a[i] === b[i]) equal++;
  }
  return valid === 0 ? 0 : equal / valid;
}

/** Band keys of a densified signature (one 32-bit key per band, salted by band number). */
export function lshBandKeys(signature: Uint32Array, out: Uint32Array = new Uint32Array(LSH_BANDS)): Uint32Array {
  for (let band = 0; band < LSH_BANDS; band++) {
    let h = Math.imul(band + 1, 0x9e3779b1);
    for (let r = 0; r < LSH_ROWS; r++) h = Math.imul(((h << 13) | (h >>> 19)) ^ signature[band * LSH_ROWS + r], 0x85ebca6b);
    out[band] = fmix32(h ^ 0x4c534831);
  }
  return out;
}

/**
 * Reference implementation: 128 independent hash functions over the shingle set (k-permutation
 * MinHash), for tests of the one-permutation estimate.
 */
export function naiveMinHash(shingleHashes: Uint32Array, hashCount: number = MINHASH_BINS): Uint32Array {
  const signature = new Uint32Array(hashCount).fill(EMPTY);
  for (let f = 0; f < hashCount; f++) {
    const seed = Math.imul(f + 1, 0x2545f491);
    for (let i = 0; i < shingleHashes.length; i++) {
      const value = fmix32(shingleHashes[i] ^ seed);
      if (value < signature[f]) signature[f] = value;
    }
  }
  return signature;
}
