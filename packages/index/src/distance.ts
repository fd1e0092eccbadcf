/**
 * Distance of one stored code to a query (used to verify MIH candidates), with the same
 * inline SWAR reduction as the scan kernels (see scan.ts).
 */

/** Hamming distance between the 64-bit code at word `offset` of `codes` and `query[queryOffset..+2)`. */
export function distanceAt64(codes: Uint32Array, offset: number, query: Uint32Array, queryOffset: number): number {
  let x = codes[offset] ^ query[queryOffset];
  x = (x - ((x >>> 1) & 0x55555555)) | 0;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  let y = codes[offset + 1] ^ query[queryOffset + 1];
  y = (y - ((y >>> 1) & 0x55555555)) | 0;
  y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
  const s = (x + y) | 0;
  let acc = (s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f);
  acc = (acc & 0x00ff00ff) + ((acc >>> 8) & 0x00ff00ff);
  return (acc & 0xffff) + (acc >>> 16);
}

/** Hamming distance between the 256-bit code at word `offset` of `codes` and `query[queryOffset..+8)`. */
export function distanceAt256(codes: Uint32Array, offset: number, query: Uint32Array, queryOffset: number): number {
  let acc = 0;
  for (let w = 0; w < 8; w += 2) {
    let x = codes[offset + w] ^ query[queryOffset + w];
    x = (x - ((x >>> 1) & 0x55555555)) | 0;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    let y = codes[offset + w + 1] ^ query[queryOffset + w + 1];
    y = (y - ((y >>> 1) & 0x55555555)) | 0;
    y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
    const s = (x + y) | 0;
    acc += (s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f);
  }
  acc = (acc & 0x00ff00ff) + ((acc >>> 8) & 0x00ff00ff);
  return (acc & 0xffff) + (acc >>> 16);
}
