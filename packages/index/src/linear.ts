/**
 * Exact Hamming search by scanning every code: the reference implementation and the fastest
 * choice for small indexes.
 */
import { EntryStore } from './entries.js';
import { checkBits, checkCode, checkCodes, checkCount, checkUint32, wordsOfBits } from './hamming.js';
import type { HammingBits, HammingIndex } from './hamming.js';
import { HammingHits } from './hits.js';
import { scanDistances, scanRadius256, scanRadius64 } from './scan.js';
import { selectNearest } from './select.js';

const WHERE = 'index';

/**
 * Exact Hamming index by linear popcount scan over one packed Uint32Array.
 * Search cost: one pass over `size * bits/8` bytes (about 1 ms per 100k 256-bit codes).
 * Removal marks entries dead; they are squeezed out once a quarter of the store is dead.
 * @example
 * const index = new LinearHammingIndex(256);
 * index.add(7, pdqWords);                          // item 7, one code
 * const hits = index.searchRadius(queryWords, 31); // hits.itemIds[0..hits.length)
 */
export class LinearHammingIndex implements HammingIndex {
  readonly bits: HammingBits;
  private readonly words: number;
  private readonly store: EntryStore;
  private distances = new Uint16Array(0);
  private readonly histogram = new Uint32Array(258);
  private readonly slots = new Uint32Array(258);

  /** @param bits code width, 64 or 256 */
  constructor(bits: HammingBits) {
    this.bits = checkBits(bits, WHERE);
    this.words = wordsOfBits(bits);
    this.store = new EntryStore(this.words);
  }

  get size(): number {
    return this.store.live;
  }

  /** Number of distinct items with entries. */
  get itemCount(): number {
    return this.store.itemCount;
  }

  /** Approximate bytes held (typed array capacity plus per-item bookkeeping). */
  get byteSize(): number {
    return this.store.byteSize + this.distances.byteLength;
  }

  add(itemId: number, code: Uint32Array, codeOffset = 0, tag = 0): void {
    checkUint32(itemId, 'itemId', WHERE);
    checkUint32(tag, 'tag', WHERE);
    checkCode(code, codeOffset, this.words, WHERE);
    this.store.reserve(1);
    this.store.append(itemId, code, codeOffset, tag);
  }

  addMany(itemId: number, codes: Uint32Array, tags?: Uint32Array): void {
    checkUint32(itemId, 'itemId', WHERE);
    const count = checkCodes(codes, tags, this.words, WHERE);
    this.store.reserve(count);
    for (let i = 0; i < count; i++) this.store.append(itemId, codes, i * this.words, tags === undefined ? i : tags[i]);
  }

  removeItem(itemId: number): number {
    const removed = this.store.removeItem(itemId);
    if (this.store.needsCompaction) this.store.compact();
    return removed;
  }

  searchRadius(code: Uint32Array, radius: number, out: HammingHits = new HammingHits(), codeOffset = 0): HammingHits {
    checkCode(code, codeOffset, this.words, WHERE);
    checkCount(radius, 'radius', WHERE);
    if (this.words === 2) scanRadius64(this.store, code, codeOffset, radius, out);
    else scanRadius256(this.store, code, codeOffset, radius, out);
    return out;
  }

  searchKnn(code: Uint32Array, k: number, out: HammingHits = new HammingHits(), maxRadius: number = this.bits, codeOffset = 0): HammingHits {
    checkCode(code, codeOffset, this.words, WHERE);
    checkCount(k, 'k', WHERE);
    checkCount(maxRadius, 'maxRadius', WHERE);
    const count = this.store.length;
    if (k === 0 || count === 0) return out;
    if (this.distances.length < count) this.distances = new Uint16Array(Math.max(count, this.distances.length * 2));
    scanDistances(this.store, code, codeOffset, this.distances);
    const maxDistance = Math.min(maxRadius, this.bits);
    selectNearest(this.distances, count, k, maxDistance, this.store.itemIds, this.store.tags, out, this.histogram, this.slots);
    return out;
  }
}
