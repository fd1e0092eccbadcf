/**
 * Stable LSD radix sort of postings (key, itemId, time) by 32-bit key: three passes of 11, 11
 * and 10 bits. Each pass reads its input in order and scatters into at most 2048 output runs,
 * which stay cache-friendly. Sorting positions and gathering the postings afterwards made a
 * 4M-posting merge ~2.5× slower here (random reads on arrays of millions). O(n), stable, so
 * equal keys keep insertion order.
 */

/** Sorted copies of the first `count` postings. */
export interface SortedPostings {
  readonly keys: Uint32Array;
  readonly itemIds: Uint32Array;
  readonly times: Uint32Array;
}

const DIGIT_BITS = 11;
const DIGITS = 1 << DIGIT_BITS;

/**
 * Sort the first `count` postings of the parallel arrays by key. The input arrays serve as
 * scratch for the middle pass: their contents are destroyed.
 * @returns new arrays of length `count`
 */
export function sortPostingsByKey(keys: Uint32Array, itemIds: Uint32Array, times: Uint32Array, count: number): SortedPostings {
  const sorted: SortedPostings = { keys: new Uint32Array(count), itemIds: new Uint32Array(count), times: new Uint32Array(count) };
  const input: SortedPostings = { keys, itemIds, times };
  const counts = new Uint32Array(DIGITS);
  // Pass 1: input → sorted, pass 2: sorted → input (as scratch), pass 3: input → sorted.
  radixPass(input, sorted, count, 0, counts);
  radixPass(sorted, input, count, DIGIT_BITS, counts);
  radixPass(input, sorted, count, 2 * DIGIT_BITS, counts);
  return sorted;
}

/** One stable counting pass on the digit at `shift`. */
function radixPass(from: SortedPostings, to: SortedPostings, count: number, shift: number, counts: Uint32Array): void {
  const fromKeys = from.keys;
  const fromItems = from.itemIds;
  const fromTimes = from.times;
  const toKeys = to.keys;
  const toItems = to.itemIds;
  const toTimes = to.times;
  counts.fill(0);
  for (let i = 0; i < count; i++) counts[(fromKeys[i] >>> shift) & (DIGITS - 1)]++;
  let sum = 0;
  for (let b = 0; b < DIGITS; b++) {
    const c = counts[b];
    counts[b] = sum;
    sum += c;
  }
  for (let i = 0; i < count; i++) {
    const key = fromKeys[i];
    const slot = counts[(key >>> shift) & (DIGITS - 1)]++;
    toKeys[slot] = key;
    toItems[slot] = fromItems[i];
    toTimes[slot] = fromTimes[i];
  }
}
