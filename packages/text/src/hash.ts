/**
 * 32-bit non-cryptographic hashing for tokens and shingles: FNV-1a over UTF-16 code units,
 * a murmur3 finaliser for avalanche, and a combiner for token sequences. All integer maths
 * with `Math.imul` and `>>> 0`; no allocation.
 */

/** FNV-1a 32-bit offset basis. */
export const FNV_OFFSET: number = 0x811c9dc5;
/** FNV-1a 32-bit prime. */
export const FNV_PRIME: number = 0x01000193;

/** One FNV-1a step: fold one UTF-16 code unit into `hash`. */
export function fnvStep(hash: number, codeUnit: number): number {
  return Math.imul(hash ^ codeUnit, FNV_PRIME) >>> 0;
}

/** FNV-1a over the UTF-16 code units of `text` (a reference for tests and callers). */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash >>> 0;
}

/** murmur3 `fmix32`: full avalanche of a 32-bit value. */
export function fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hash of `count` consecutive token hashes starting at `start` (a shingle). Order matters.
 * @param tokenHashes one 32-bit hash per token
 */
export function combineHashes(tokenHashes: Uint32Array, start: number, count: number): number {
  let h = 0x9e3779b9 ^ count;
  for (let i = 0; i < count; i++) {
    h = Math.imul(((h << 5) | (h >>> 27)) ^ tokenHashes[start + i], 0xcc9e2d51);
    h = (h + 0x6b43a9b5) | 0;
  }
  return fmix32(h);
}
