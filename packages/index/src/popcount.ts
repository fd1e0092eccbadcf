/**
 * Hamming distance kernels over packed codes, with the SWAR popcount written inline.
 *
 * Two XORed words are reduced to 4-bit counts (each nibble <= 4), added (nibbles <= 8),
 * widened to bytes and accumulated (bytes <= 64 for 8 words), and the four bytes are summed
 * with shifts at the end: one final reduction per code instead of one multiply per word.
 * The byte sum is done with shifts, not `Math.imul(x, 0x01010101) >>> 24`, because a
 * 256-bit distance of exactly 256 would wrap to 0 in one byte.
 */

/** Hamming distance between the 64-bit code at word `offset` of `codes` and `query[queryOffset..+2)`. */
export function distanceAt64(codes: Uint32Array, offset: number, query: Uint32Array, queryOffset: number): number {
  let x = codes[offset] ^ query[queryOffset];
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  let y = codes[offset + 1] ^ query[queryOffset + 1];
  y = y - ((y >>> 1) & 0x55555555);
  y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
  const s = x + y;
  let acc = (s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f);
  acc = (acc & 0x00ff00ff) + ((acc >>> 8) & 0x00ff00ff);
  return (acc & 0xffff) + (acc >>> 16);
}

/** Hamming distance between the 256-bit code at word `offset` of `codes` and `query[queryOffset..+8)`. */
export function distanceAt256(codes: Uint32Array, offset: number, query: Uint32Array, queryOffset: number): number {
  let acc = 0;
  for (let w = 0; w < 8; w += 2) {
    let x = codes[offset + w] ^ query[queryOffset + w];
    x = x - ((x >>> 1) & 0x55555555);
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    let y = codes[offset + w + 1] ^ query[queryOffset + w + 1];
    y = y - ((y >>> 1) & 0x55555555);
    y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
    const s = x + y;
    acc += (s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f);
  }
  acc = (acc & 0x00ff00ff) + ((acc >>> 8) & 0x00ff00ff);
  return (acc & 0xffff) + (acc >>> 16);
}
