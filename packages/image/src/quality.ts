/**
 * PDQ's quality score: how much significant gradient the 64x64 downsample holds, 0..100.
 *
 * Each neighbouring pair (vertical and horizontal) contributes `trunc(|u - v| · 100 / 255)`
 * (integer, so faint noise counts for nothing); the sum divided by 90 is clamped to 100.
 * Flat or nearly flat images score near 0 and their hashes are mostly noise; PDQ suggests
 * ignoring matches on hashes of quality below about 50.
 */

/** Heuristic divisor of the gradient sum (PDQ). */
const GRADIENT_SUM_DIVISOR = 90;

/**
 * Quality 0..100 of a downsampled luma image.
 * @param buffer side x side, row-major, 0..255
 */
export function pdqQuality(buffer: Float32Array, side = 64): number {
  let gradientSum = 0;
  for (let i = 0; i < side - 1; i++) {
    for (let j = 0; j < side; j++) {
      gradientSum += Math.abs(Math.trunc(((buffer[i * side + j] - buffer[(i + 1) * side + j]) * 100) / 255));
    }
  }
  for (let i = 0; i < side; i++) {
    for (let j = 0; j < side - 1; j++) {
      gradientSum += Math.abs(Math.trunc(((buffer[i * side + j] - buffer[i * side + j + 1]) * 100) / 255));
    }
  }
  return Math.min(100, Math.floor(gradientSum / GRADIENT_SUM_DIVISOR));
}
