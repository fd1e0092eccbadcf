/**
 * The Hamming index contract and its boundary checks.
 *
 * Codes are 64- or 256-bit hashes stored as 2 or 8 Uint32 words, word 0 holding the most
 * significant bits (the layout of `@mediadna/core` bits.ts).
 */
import { DnaErrorCode, invalidParameter, isInteger } from '@mediadna/core';
import type { DnaError } from '@mediadna/core';
import type { HammingHits } from './hits.js';

/** Supported code widths in bits. */
export type HammingBits = 64 | 256;

/**
 * An index of binary codes searched by Hamming distance. Each entry is
 * `(itemId, code, tag)`; many entries may share one item (e.g. the frames of a video).
 *
 * Result order: `searchRadius` appends hits in an order that depends on the implementation
 * (the linear scan gives insertion order); `searchKnn` appends them by increasing distance,
 * ties broken by insertion order. Both append to `out` without clearing it.
 */
export interface HammingIndex {
  /** Code width: 64 (2 words) or 256 (8 words). */
  readonly bits: HammingBits;
  /** Number of live entries. */
  readonly size: number;
  /**
   * Add one code.
   * @param itemId uint32 owner (many entries may share one item)
   * @param code words of the code at `codeOffset` (2 or 8 words)
   * @param codeOffset word offset of the code in `code` (default 0)
   * @param tag uint32 payload returned with hits, e.g. a frame number (default 0)
   */
  add(itemId: number, code: Uint32Array, codeOffset?: number, tag?: number): void;
  /**
   * Add many codes of one item at once.
   * @param codes `count x words` words, code `i` at word `i * words`
   * @param tags one uint32 per code (default: the code's position 0..count-1)
   */
  addMany(itemId: number, codes: Uint32Array, tags?: Uint32Array): void;
  /** Remove every entry of an item; returns the number removed (0 for an unknown item). */
  removeItem(itemId: number): number;
  /**
   * Append every entry within `radius` bits of `code` to `out` (a new {@link HammingHits} when omitted).
   * Exact: both implementations return the same set of hits.
   */
  searchRadius(code: Uint32Array, radius: number, out?: HammingHits, codeOffset?: number): HammingHits;
  /**
   * Append the `k` nearest entries to `out`, by increasing distance, ties broken by insertion
   * order; only entries within `maxRadius` bits when given.
   */
  searchKnn(code: Uint32Array, k: number, out?: HammingHits, maxRadius?: number, codeOffset?: number): HammingHits;
}

/** Words per code for a width. */
export function wordsOfBits(bits: HammingBits): 2 | 8 {
  return bits === 64 ? 2 : 8;
}

/** @internal */
export function checkBits(bits: unknown, where: string): HammingBits {
  if (bits !== 64 && bits !== 256) throw invalidParameter(where, 'bits', '64 or 256', bits);
  return bits;
}

/** @internal Throws unless `value` is an integer in 0..2^32-1. */
export function checkUint32(value: unknown, option: string, where: string): number {
  if (!isInteger(value) || value < 0 || value > 0xffffffff) throw invalidParameter(where, option, 'an integer in 0..4294967295', value);
  return value;
}

/** @internal Throws unless `value` is an integer >= 0. */
export function checkCount(value: unknown, option: string, where: string): number {
  if (!isInteger(value) || value < 0) throw invalidParameter(where, option, 'an integer >= 0', value);
  return value;
}

/** @internal Throws unless `code` is a Uint32Array holding `words` words at `offset`. */
export function checkCode(code: unknown, offset: unknown, words: number, where: string): void {
  if (!(code instanceof Uint32Array)) throw invalidParameter(where, 'code', 'a Uint32Array', code);
  if (!isInteger(offset) || offset < 0 || offset + words > code.length) {
    const error: DnaError = invalidParameter(where, 'codeOffset', `an offset with ${words} words of code after it (code has ${code.length} words)`, offset, DnaErrorCode.OutOfRange);
    throw error;
  }
}

/** @internal Check `addMany` arguments; returns the number of codes. */
export function checkCodes(codes: Uint32Array, tags: Uint32Array | undefined, words: number, where: string): number {
  if (!(codes instanceof Uint32Array) || codes.length % words !== 0) {
    throw invalidParameter(where, 'codes', `a Uint32Array of a multiple of ${words} words`, codes);
  }
  const count = codes.length / words;
  if (tags !== undefined && (!(tags instanceof Uint32Array) || tags.length !== count)) {
    throw invalidParameter(where, 'tags', `a Uint32Array of ${count} tags (one per code)`, tags);
  }
  return count;
}
