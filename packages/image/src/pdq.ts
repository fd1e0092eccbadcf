/**
 * The 256-bit PDQ hash (Meta ThreatExchange `pdq/`, "hashing.pdf"): luma → Jarosz tent-filter
 * downsample to 64x64 → quality score → 16x16 block of DCT frequencies 1..16 → median threshold.
 *
 * Bits use the packing of `threshold.ts`: coefficient `k = 16u + v` is the k-th least
 * significant bit (`Uint32Array(8)`, word 0 most significant), so {@link wordsToHex} of a hash
 * reads like ThreatExchange's hex.
 */
import { DCT_MATRIX_16x64, dctLowFrequencies } from './dct.js';
import { lowerMedian, thresholdToWords } from './threshold.js';

/** Side of the downsampled image PDQ transforms. */
export const PDQ_DOWNSAMPLE_SIDE = 64;
/** Frequencies kept per axis. */
export const PDQ_DCT_SIDE = 16;
/** Bits in a PDQ hash. */
export const PDQ_BITS = 256;
/** 32-bit words in a PDQ hash. */
export const PDQ_WORDS = 8;
/** Images narrower or shorter than this hash to all zeros with quality 0 (as PDQ does). */
export const MIN_HASHABLE_DIMENSION = 5;

/**
 * 16x16 DCT block of the 64x64 downsample.
 * @param buffer64x64 64 x 64, row-major
 * @param scratch64x64 64 x 64 scratch
 * @param dct16x16 16 x 16 output
 */
export function pdqDctFromDownsample(buffer64x64: Float32Array, scratch64x64: Float32Array, dct16x16: Float32Array): void {
  dctLowFrequencies(buffer64x64, PDQ_DOWNSAMPLE_SIDE, DCT_MATRIX_16x64, PDQ_DCT_SIDE, scratch64x64, dct16x16);
}

/** PDQ bits from a 16x16 DCT block (median threshold). */
export function pdqFromDct(dct16x16: Float32Array, sortScratch: Float32Array, out: Uint32Array): void {
  thresholdToWords(dct16x16, PDQ_BITS, lowerMedian(dct16x16, PDQ_BITS, sortScratch), out);
}
