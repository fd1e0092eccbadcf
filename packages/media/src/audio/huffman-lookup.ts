/**
 * Two-level lookup tables for the prefix codes of MPEG audio (MP3's Layer III tables, AAC's
 * spectral and scalefactor codebooks): the next `primaryBits` bits index the table at once, and
 * the rare longer codes continue in a second-level table. Built by {@link buildHuffmanLookup},
 * read by {@link leafOf} on a {@link wordAt} load.
 */

/**
 * A decoding table, indexed by the next `primaryBits` bits. An entry ≥ 0 is a leaf,
 * `(length << symbolBits) | symbol`; an entry < 0 links to a second-level table,
 * `-((offset << 5) | bits)`, indexed by the `bits` bits after the first `primaryBits`.
 * Second-level leaves hold the whole code length too.
 */
export function buildHuffmanLookup(codes: ReadonlyArray<readonly [code: number, length: number, symbol: number]>, primaryBits: number, symbolBits: number): Int32Array {
  const primary = 1 << primaryBits;
  // Second-level sizes: the longest code under each primary prefix.
  const extraOf = new Map<number, number>();
  for (const [code, length] of codes) {
    if (length <= primaryBits) continue;
    const prefix = code >>> (length - primaryBits);
    extraOf.set(prefix, Math.max(extraOf.get(prefix) ?? 0, length - primaryBits));
  }
  let size = primary;
  const offsetOf = new Map<number, number>();
  for (const [prefix, extra] of extraOf) {
    offsetOf.set(prefix, size);
    size += 1 << extra;
  }
  // Bits no code starts with (none in a complete code) consume a whole lookup, never zero bits.
  const table = new Int32Array(size).fill(primaryBits << symbolBits);
  for (const [prefix, extra] of extraOf) table[prefix] = -((offsetOf.get(prefix)! << 5) | extra);
  for (const [code, length, symbol] of codes) {
    const leaf = (length << symbolBits) | symbol;
    if (length <= primaryBits) {
      const first = code << (primaryBits - length);
      table.fill(leaf, first, first + (1 << (primaryBits - length)));
    } else {
      const prefix = code >>> (length - primaryBits);
      const extra = extraOf.get(prefix)!;
      const rest = code & ((1 << (length - primaryBits)) - 1);
      const first = offsetOf.get(prefix)! + (rest << (extra - (length - primaryBits)));
      table.fill(leaf, first, first + (1 << (extra - (length - primaryBits))));
    }
  }
  return table;
}

/** The 32 bits at bit position `bit` of `data`, first bit highest (at least 25 of them valid; reads 4 bytes from `bit >>> 3`). */
export function wordAt(data: Uint8Array, bit: number): number {
  const byte = bit >>> 3;
  return ((data[byte] << 24) | (data[byte + 1] << 16) | (data[byte + 2] << 8) | data[byte + 3]) << (bit & 7);
}

/** The leaf of a {@link buildHuffmanLookup} table for the codeword at the top of `w` (codes up to 25 bits). */
export function leafOf(lookup: Int32Array, w: number, primaryBits: number): number {
  const entry = lookup[w >>> (32 - primaryBits)];
  return entry >= 0 ? entry : lookup[(-entry >> 5) + ((w << primaryBits) >>> (32 - (-entry & 31)))];
}
