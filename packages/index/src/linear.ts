/**
 * Exact Hamming search by scanning every code: the reference implementation and the fastest
 * choice for small indexes. The popcount is written inline in the loops with the query hoisted
 * into locals (see popcount.ts for the reduction scheme).
 */
import { invalidParameter } from '@mediadna/core';
import { EntryStore } from './entries.js';
import { checkBits, checkCode, checkCount, checkUint32, wordsOfBits } from './hamming.js';
import type { HammingBits, HammingIndex } from './hamming.js';
import { HammingHits } from './hits.js';
import { NO_DISTANCE, selectNearest } from './select.js';

const WHERE = 'index';

/** Append every live entry within `radius` of a 64-bit query. */
function scanRadius64(store: EntryStore, query: Uint32Array, queryOffset: number, radius: number, out: HammingHits): void {
  const { codes, alive, itemIds, tags } = store;
  const count = store.length;
  const q0 = query[queryOffset];
  const q1 = query[queryOffset + 1];
  for (let i = 0, o = 0; i < count; i++, o += 2) {
    let x = codes[o] ^ q0;
    x = x - ((x >>> 1) & 0x55555555);
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    let y = codes[o + 1] ^ q1;
    y = y - ((y >>> 1) & 0x55555555);
    y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
    const s = x + y;
    const d = Math.imul((s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f), 0x01010101) >>> 24; // <= 64 fits a byte
    if (d <= radius && alive[i] === 1) out.push(itemIds[i], tags[i], d);
  }
}

/** Append every live entry within `radius` of a 256-bit query. */
function scanRadius256(store: EntryStore, query: Uint32Array, queryOffset: number, radius: number, out: HammingHits): void {
  const { codes, alive, itemIds, tags } = store;
  const count = store.length;
  const q0 = query[queryOffset], q1 = query[queryOffset + 1], q2 = query[queryOffset + 2], q3 = query[queryOffset + 3];
  const q4 = query[queryOffset + 4], q5 = query[queryOffset + 5], q6 = query[queryOffset + 6], q7 = query[queryOffset + 7];
  for (let i = 0, o = 0; i < count; i++, o += 8) {
    let x = codes[o] ^ q0;
    x = x - ((x >>> 1) & 0x55555555);
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    let y = codes[o + 1] ^ q1;
    y = y - ((y >>> 1) & 0x55555555);
    y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
    let s = x + y;
    let acc = (s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f);
    x = codes[o + 2] ^ q2;
    x = x - ((x >>> 1) & 0x55555555);
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    y = codes[o + 3] ^ q3;
    y = y - ((y >>> 1) & 0x55555555);
    y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
    s = x + y;
    acc += (s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f);
    x = codes[o + 4] ^ q4;
    x = x - ((x >>> 1) & 0x55555555);
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    y = codes[o + 5] ^ q5;
    y = y - ((y >>> 1) & 0x55555555);
    y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
    s = x + y;
    acc += (s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f);
    x = codes[o + 6] ^ q6;
    x = x - ((x >>> 1) & 0x55555555);
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    y = codes[o + 7] ^ q7;
    y = y - ((y >>> 1) & 0x55555555);
    y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
    s = x + y;
    acc += (s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f);
    acc = (acc & 0x00ff00ff) + ((acc >>> 8) & 0x00ff00ff);
    const d = (acc & 0xffff) + (acc >>> 16);
    if (d <= radius && alive[i] === 1) out.push(itemIds[i], tags[i], d);
  }
}

/** Write the distance of every entry to `distances` (NO_DISTANCE for dead ones). */
function scanDistances(store: EntryStore, query: Uint32Array, queryOffset: number, distances: Uint16Array): void {
  const { codes, alive } = store;
  const count = store.length;
  if (store.words === 2) {
    const q0 = query[queryOffset];
    const q1 = query[queryOffset + 1];
    for (let i = 0, o = 0; i < count; i++, o += 2) {
      let x = codes[o] ^ q0;
      x = x - ((x >>> 1) & 0x55555555);
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      let y = codes[o + 1] ^ q1;
      y = y - ((y >>> 1) & 0x55555555);
      y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
      const s = x + y;
      const d = Math.imul((s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f), 0x01010101) >>> 24;
      distances[i] = alive[i] === 1 ? d : NO_DISTANCE;
    }
    return;
  }
  for (let i = 0, o = 0; i < count; i++, o += 8) {
    let acc = 0;
    for (let w = 0; w < 8; w += 2) {
      let x = codes[o + w] ^ query[queryOffset + w];
      x = x - ((x >>> 1) & 0x55555555);
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      let y = codes[o + w + 1] ^ query[queryOffset + w + 1];
      y = y - ((y >>> 1) & 0x55555555);
      y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
      const s = x + y;
      acc += (s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f);
    }
    acc = (acc & 0x00ff00ff) + ((acc >>> 8) & 0x00ff00ff);
    distances[i] = alive[i] === 1 ? (acc & 0xffff) + (acc >>> 16) : NO_DISTANCE;
  }
}

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
    const count = checkCodes(codes, tags, this.words);
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

/** @internal Check `addMany` arguments; returns the number of codes. */
export function checkCodes(codes: Uint32Array, tags: Uint32Array | undefined, words: number): number {
  if (!(codes instanceof Uint32Array) || codes.length % words !== 0) {
    throw invalidParameter(WHERE, 'codes', `a Uint32Array of a multiple of ${words} words`, codes);
  }
  const count = codes.length / words;
  if (tags !== undefined && (!(tags instanceof Uint32Array) || tags.length !== count)) {
    throw invalidParameter(WHERE, 'tags', `a Uint32Array of ${count} tags (one per code)`, tags);
  }
  return count;
}
