/**
 * CMYK → RGB without a colour profile, the same formula jpeg-js uses, so the pure-JS and the
 * wasm-vips paths decode a CMYK JPEG to the same pixels (libvips' own `colourspace` would go
 * through a built-in press profile and give visibly different, size-dependent results).
 * `R = 255 - min(255, C * (1 - K / 255) + K)`, likewise G from M and B from Y; alpha 255.
 */

/**
 * Convert true (not Adobe-inverted) CMYK bytes to RGBA.
 * @param cmyk pixels x 4 bytes, C M Y K, 0 = no ink
 * @returns pixels x 4 bytes, RGBA
 */
export function cmykToRgba(cmyk: Uint8Array): Uint8Array {
  const out = new Uint8Array(cmyk.length);
  for (let i = 0; i < cmyk.length; i += 4) {
    const k = cmyk[i + 3];
    const keep = 1 - k / 255;
    out[i] = 255 - Math.min(255, cmyk[i] * keep + k);
    out[i + 1] = 255 - Math.min(255, cmyk[i + 1] * keep + k);
    out[i + 2] = 255 - Math.min(255, cmyk[i + 2] * keep + k);
    out[i + 3] = 255;
  }
  return out;
}
