/**
 * Bit utilities for perceptual hashes stored as 32-bit words.
 *
 * Layout convention: a 64-bit hash is 2 words and a 256-bit hash 8 words in a Uint32Array,
 * word 0 holding the most significant bits, so the hex string is the words printed in order.
 */

/** Popcount of one 32-bit word (SWAR; no table, no allocation). */
export function popcount32(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** Number of set bits in `words[offset .. offset+count)`. */
export function popcountWords(words: Uint32Array, offset = 0, count: number = words.length - offset): number {
  let total = 0;
  const end = offset + count;
  for (let i = offset; i < end; i++) total += popcount32(words[i]);
  return total;
}

/** Hamming distance between two 64-bit hashes stored at word offsets `aOffset` and `bOffset`. */
export function hammingDistance64(a: Uint32Array, b: Uint32Array, aOffset = 0, bOffset = 0): number {
  return popcount32(a[aOffset] ^ b[bOffset]) + popcount32(a[aOffset + 1] ^ b[bOffset + 1]);
}

/** Hamming distance between two 256-bit hashes stored at word offsets `aOffset` and `bOffset`. */
export function hammingDistance256(a: Uint32Array, b: Uint32Array, aOffset = 0, bOffset = 0): number {
  let d = 0;
  for (let i = 0; i < 8; i++) d += popcount32(a[aOffset + i] ^ b[bOffset + i]);
  return d;
}

/** Hamming distance over `words` 32-bit words. */
export function hammingDistanceWords(a: Uint32Array, b: Uint32Array, words: number, aOffset = 0, bOffset = 0): number {
  let d = 0;
  for (let i = 0; i < words; i++) d += popcount32(a[aOffset + i] ^ b[bOffset + i]);
  return d;
}

/** Hex string (lower case, word 0 first) of a hash. */
export function wordsToHex(words: Uint32Array): string {
  let out = '';
  for (let i = 0; i < words.length; i++) out += (words[i] >>> 0).toString(16).padStart(8, '0');
  return out;
}

/** Parse a hex string written by {@link wordsToHex}; its length must be a multiple of 8. */
export function hexToWords(hex: string): Uint32Array {
  if (hex.length % 8 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new RangeError(`[mediadna] [bits] Expected a hex string with a multiple of 8 digits but received ${JSON.stringify(hex)}`);
  }
  const words = new Uint32Array(hex.length / 8);
  for (let i = 0; i < words.length; i++) words[i] = parseInt(hex.slice(i * 8, i * 8 + 8), 16) >>> 0;
  return words;
}

/** Read bit `index` (0 = most significant bit of word 0). */
export function getBit(words: Uint32Array, index: number): number {
  return (words[index >>> 5] >>> (31 - (index & 31))) & 1;
}

/** Set bit `index` (0 = most significant bit of word 0) to 1. */
export function setBit(words: Uint32Array, index: number): void {
  words[index >>> 5] |= 1 << (31 - (index & 31));
}
