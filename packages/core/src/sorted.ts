/** Binary searches over ascending numbers (frame numbers, times, text positions). */

/**
 * First index whose value is ≥ `value` (`sorted.length` when none).
 * @example lowerBound(Uint32Array.of(1, 3, 3, 7), 3) // 1
 */
export function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * First index whose value is > `value` (`sorted.length` when none).
 * @example upperBound(Uint32Array.of(1, 3, 3, 7), 3) // 3
 */
export function upperBound(sorted: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}
