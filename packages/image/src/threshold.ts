/**
 * Stage 4: DCT coefficients → bits by median threshold.
 *
 * Bit packing (both hashes): coefficient `k = u · count + v` (row-major index in the
 * `count x count` block; `u` vertical, `v` horizontal frequency index) is 1 when it is strictly
 * greater than the median. Bit `k` is the k-th least significant bit of the whole hash, and
 * word 0 holds the most significant bits (core's `bits.ts` layout):
 * `words[words.length - 1 - (k >>> 5)]`, bit `k & 31`. For PDQ this makes the hex string
 * identical to ThreatExchange's `Hash256` hex (coefficient 255 first, coefficient 0 last).
 */

/**
 * The median used for thresholding: the `ceil(count / 2)`-th smallest value, so exactly half
 * of `count` distinct values lie strictly above it.
 * @param scratch at least `count` values, overwritten
 */
export function lowerMedian(values: Float32Array, count: number, scratch: Float32Array): number {
  const sorted = scratch.subarray(0, count);
  sorted.set(values.subarray(0, count));
  sorted.sort();
  return sorted[((count + 1) >> 1) - 1];
}

/**
 * Set `out` (count / 32 words, zeroed first) from `values > median`.
 * @param values count values, row-major block
 */
export function thresholdToWords(values: Float32Array, count: number, median: number, out: Uint32Array): void {
  const lastWord = (count >>> 5) - 1;
  out.fill(0, 0, lastWord + 1);
  for (let k = 0; k < count; k++) {
    if (values[k] > median) out[lastWord - (k >>> 5)] |= 1 << (k & 31);
  }
}

/** Coefficient `k`'s bit (0 or 1) in words packed by {@link thresholdToWords}. */
export function coefficientBit(words: Uint32Array, k: number): number {
  return (words[words.length - 1 - (k >>> 5)] >>> (k & 31)) & 1;
}
