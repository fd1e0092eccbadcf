/**
 * Stable LSD radix sort of positions by 32-bit key, two passes of 16 bits. O(n), typed arrays.
 */

/**
 * Positions `0..count-1` ordered by `keys[position]`, equal keys in position order.
 * @param keys uint32 keys, at least `count`
 * @returns a new Uint32Array of `count` positions
 */
export function sortPositionsByKey(keys: Uint32Array, count: number): Uint32Array {
  const counts = new Uint32Array(65536);
  let order = new Uint32Array(count);
  let scratch = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let shift = 0; shift < 32; shift += 16) {
    counts.fill(0);
    for (let i = 0; i < count; i++) counts[(keys[order[i]] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const c = counts[b];
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < count; i++) {
      const position = order[i];
      scratch[counts[(keys[position] >>> shift) & 0xffff]++] = position;
    }
    const swap = order;
    order = scratch;
    scratch = swap;
  }
  return order;
}
