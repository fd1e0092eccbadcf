/**
 * A bijective 32-bit mixer (the MurmurHash3 finaliser). Postings are keyed by the mixed value so
 * that structured keys (audio landmarks pack frequency into the top bits) spread evenly over hash
 * slots and directory buckets; being a bijection, the mixed key identifies the key exactly.
 */
export function mix32(key: number): number {
  let h = key ^ (key >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
