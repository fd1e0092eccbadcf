/**
 * Multi-index hashing (Norouzi, Punjani and Fleet, "Fast Search in Hamming Space with
 * Multi-Index Hashing", CVPR 2012), exact.
 *
 * Each code is cut into m disjoint 16-bit substrings (64 bits → 4, 256 bits → 16); substring s
 * of every entry is filed in a direct-address table of 65 536 buckets (see mih-tables.ts).
 * Pigeonhole: if two codes differ in at most r bits, write r = m*q + a (0 <= a < m); then one of the first a+1 substrings differs in at most q bits or one of the others in at most
 * q-1 (otherwise the total would be at least (a+1)(q+1) + (m-a-1)q = r+1). A radius query
 * probes those buckets, enumerating neighbour keys with Gosper's hack, and verifies every
 * candidate with the full distance, so results equal the linear scan's.
 *
 * Why 16-bit substrings: Norouzi et al. pick m ≈ bits / log2(n); for the 100k–10M entries a
 * library holds, log2(n) ≈ 17–23, i.e. substrings of about 16 bits. 16 bits is also the widest
 * key that fits a direct table (no hashing, 256 KiB of offsets per substring), and at 1M entries a
 * bucket holds ~15 entries. A PDQ match radius of 31 bits probes 16 × 17 = 272 buckets
 * (~4 000 candidates at 1M entries) instead of scanning 1M codes; a pHash radius of 10 probes
 * 3 × 137 + 17 = 428 buckets. Wider radii grow the probes combinatorially and clustered codes
 * overfill buckets, so by default a query whose estimated or actual probing cost exceeds a scan
 * is answered by scanning.
 */
import { EntryStore } from './entries.js';
import { checkBits, checkCode, checkCodes, checkCount, checkUint32, wordsOfBits } from './hamming.js';
import type { HammingBits, HammingIndex } from './hamming.js';
import { HammingHits } from './hits.js';
import { distanceAt256, distanceAt64 } from './distance.js';
import { scanDistances, scanRadius256, scanRadius64 } from './scan.js';
import { selectNearest } from './select.js';
import { BUCKETS, EMPTY, KEY_BITS, SubstringTables } from './mih-tables.js';
import { invalidParameter, isPlainObject } from '@mediadna/core';

const WHERE = 'index';
const TWO_TO_32 = 4294967296;

/** SHELL[j] = C(16, j): keys at exactly j bits from a 16-bit key. */
const SHELL: Uint32Array = /*#__PURE__*/ (() => {
  const shell = new Uint32Array(KEY_BITS + 1);
  shell[0] = 1;
  for (let j = 1; j <= KEY_BITS; j++) shell[j] = (shell[j - 1] * (KEY_BITS - j + 1)) / j;
  return shell;
})();

/** Options of {@link MultiIndexHammingIndex}. */
export interface MultiIndexOptions {
  /**
   * Live entries below which no tables are kept and every search scans. Tables cost
   * 512 KiB per substring (8 MiB for 256-bit codes) plus 4 bytes per entry and substring.
   * Default 4096; 0 keeps tables from the first entry.
   */
  readonly minTableSize?: number;
  /**
   * Answer a query by scanning when probing is estimated, or turns out, to cost more than a
   * scan (default true). Results are identical either way.
   */
  readonly linearFallback?: boolean;
}

/**
 * Exact Hamming index by multi-index hashing over 16-bit substrings. Same results as
 * {@link LinearHammingIndex}; for small radii on large indexes it verifies a few thousand
 * candidates instead of scanning every code.
 *
 * Memory per entry: `4*words + 9` bytes of entry storage, 4 bytes per substring in the tables
 * (64 bytes for 256-bit codes, 16 for 64-bit) and 4 bytes of visit stamp; plus 512 KiB per
 * substring of bucket offsets and tail heads (8 MiB for 256-bit codes).
 * @example
 * const index = new MultiIndexHammingIndex(256);
 * index.addMany(videoId, frameHashes);              // tags = frame positions
 * const hits = index.searchRadius(queryHash, 31);
 */
export class MultiIndexHammingIndex implements HammingIndex {
  readonly bits: HammingBits;
  /** Number of 16-bit substrings (tables): 4 for 64-bit codes, 16 for 256-bit codes. */
  readonly substrings: number;
  private readonly words: number;
  private readonly store: EntryStore;
  private readonly minTableSize: number;
  private readonly linearFallback: boolean;
  /** The substring tables; null while the index is below minTableSize. */
  private tables: SubstringTables | null = null;
  /** Visit stamp per entry, to verify each candidate once per query. */
  private seen = new Uint32Array(0);
  private stamp = 0;
  // Per-query scratch, reused.
  private candidateEntries = new Uint32Array(256);
  private candidateDistances = new Uint16Array(256);
  private candidateCount = 0;
  private seenLive = 0;
  /** Candidates visited in the current query (duplicates included), against `visitBudget`. */
  private visited = 0;
  /** Visits after which probing stops and the query is answered by a scan (Infinity: never). */
  private visitBudget = Infinity;
  private sortKeys = new Float64Array(256);
  private readonly histogram = new Uint32Array(258);
  private readonly slots = new Uint32Array(258);
  private readonly searchRadii: Int32Array;
  private distances = new Uint16Array(0);

  /** @param bits code width, 64 or 256 */
  constructor(bits: HammingBits, options: MultiIndexOptions = {}) {
    this.bits = checkBits(bits, WHERE);
    if (!isPlainObject(options as unknown)) throw invalidParameter(WHERE, 'options', 'an object', options);
    const minTableSize = options.minTableSize ?? 4096;
    checkCount(minTableSize, 'minTableSize', WHERE);
    this.minTableSize = minTableSize;
    this.linearFallback = options.linearFallback ?? true;
    this.words = wordsOfBits(bits);
    this.substrings = bits / KEY_BITS;
    this.store = new EntryStore(this.words);
    this.searchRadii = new Int32Array(this.substrings);
    if (minTableSize === 0) this.buildTables();
  }

  get size(): number {
    return this.store.live;
  }

  /** Number of distinct items with entries. */
  get itemCount(): number {
    return this.store.itemCount;
  }

  /** Approximate bytes held (typed array capacities plus per-item bookkeeping). */
  get byteSize(): number {
    return (
      this.store.byteSize +
      (this.tables?.byteSize ?? 0) +
      this.seen.byteLength +
      this.distances.byteLength +
      this.candidateEntries.byteLength * 2 +
      this.sortKeys.byteLength
    );
  }

  add(itemId: number, code: Uint32Array, codeOffset = 0, tag = 0): void {
    checkUint32(itemId, 'itemId', WHERE);
    checkUint32(tag, 'tag', WHERE);
    checkCode(code, codeOffset, this.words, WHERE);
    this.store.reserve(1);
    this.store.append(itemId, code, codeOffset, tag);
    this.afterAppend();
  }

  addMany(itemId: number, codes: Uint32Array, tags?: Uint32Array): void {
    checkUint32(itemId, 'itemId', WHERE);
    const count = checkCodes(codes, tags, this.words, WHERE);
    if (count === 0) return;
    this.store.reserve(count);
    for (let i = 0; i < count; i++) this.store.append(itemId, codes, i * this.words, tags === undefined ? i : tags[i]);
    this.afterAppend();
  }

  removeItem(itemId: number): number {
    const removed = this.store.removeItem(itemId);
    if (removed === 0) return 0;
    if (this.tables !== null && this.minTableSize > 0 && this.store.live * 2 < this.minTableSize) this.dropTables();
    if (this.store.needsCompaction) {
      this.store.compact();
      this.tables?.invalidate();
    }
    return removed;
  }

  searchRadius(code: Uint32Array, radius: number, out: HammingHits = new HammingHits(), codeOffset = 0): HammingHits {
    checkCode(code, codeOffset, this.words, WHERE);
    checkCount(radius, 'radius', WHERE);
    if (this.store.live === 0) return out;
    const r = Math.min(radius, this.bits);
    const m = this.substrings;
    // r = m*q + a: substrings 0..a search q bits, the others q-1.
    const q = Math.floor(r / m);
    const a = r - q * m;
    let probes = 0;
    for (let s = 0; s < m; s++) {
      const rs = Math.min(s <= a ? q : q - 1, KEY_BITS);
      this.searchRadii[s] = rs;
      for (let j = 0; j <= rs; j++) probes += SHELL[j];
    }
    if (this.tables === null || (this.linearFallback && this.scanIsCheaper(probes))) {
      if (this.words === 2) scanRadius64(this.store, code, codeOffset, r, out);
      else scanRadius256(this.store, code, codeOffset, r, out);
      return out;
    }
    this.beginQuery();
    for (let s = 0; s < m; s++) {
      const key = keyOf(code, codeOffset, s);
      for (let j = 0, rs = this.searchRadii[s]; j <= rs; j++) {
        // Buckets far fuller than the uniform estimate (clustered codes): scan instead.
        if (!this.probeShell(s, key, j, code, codeOffset, r)) {
          if (this.words === 2) scanRadius64(this.store, code, codeOffset, r, out);
          else scanRadius256(this.store, code, codeOffset, r, out);
          return out;
        }
      }
    }
    const count = this.candidateCount;
    out.reserve(count);
    const { itemIds, tags } = this.store;
    for (let c = 0; c < count; c++) {
      const entry = this.candidateEntries[c];
      out.push(itemIds[entry], tags[entry], this.candidateDistances[c]);
    }
    return out;
  }

  searchKnn(code: Uint32Array, k: number, out: HammingHits = new HammingHits(), maxRadius: number = this.bits, codeOffset = 0): HammingHits {
    checkCode(code, codeOffset, this.words, WHERE);
    checkCount(k, 'k', WHERE);
    checkCount(maxRadius, 'maxRadius', WHERE);
    const live = this.store.live;
    if (k === 0 || live === 0) return out;
    const maxDistance = Math.min(maxRadius, this.bits);
    if (this.tables === null) return this.scanKnn(code, codeOffset, k, maxDistance, out);
    // Grow the searched radius one substring at a time (round robin): after each step every
    // entry within `complete` bits has been verified (complete = sum of (radius_s + 1) - 1).
    this.beginQuery();
    const m = this.substrings;
    const radii = this.searchRadii;
    radii.fill(-1);
    const histogram = this.histogram;
    const scanCost = this.scanCost();
    let complete = -1;
    let within = 0;
    let probes = 0;
    for (let s = 0; within < k && complete < maxDistance && this.seenLive < live; s = s + 1 === m ? 0 : s + 1) {
      const j = ++radii[s];
      if (j > KEY_BITS) break; // unreachable: a full substring enumeration visits every entry
      probes += SHELL[j];
      if (this.linearFallback && probes + 3 * this.visited > scanCost) return this.scanKnn(code, codeOffset, k, maxDistance, out);
      if (!this.probeShell(s, keyOf(code, codeOffset, s), j, code, codeOffset, maxDistance)) return this.scanKnn(code, codeOffset, k, maxDistance, out);
      complete++;
      within += histogram[complete];
    }
    // Every recorded candidate is within maxDistance, and all entries nearer than the k-th are
    // recorded: take the k smallest by (distance, insertion position).
    const count = this.candidateCount;
    if (this.sortKeys.length < count) this.sortKeys = new Float64Array(Math.max(count, this.sortKeys.length * 2));
    const keys = this.sortKeys;
    for (let c = 0; c < count; c++) keys[c] = this.candidateDistances[c] * TWO_TO_32 + this.candidateEntries[c];
    const sorted = keys.subarray(0, count).sort();
    const taken = Math.min(k, count);
    out.reserve(taken);
    const { itemIds, tags } = this.store;
    for (let c = 0; c < taken; c++) {
      const key = sorted[c];
      const entry = key % TWO_TO_32;
      out.push(itemIds[entry], tags[entry], (key - entry) / TWO_TO_32);
    }
    return out;
  }

  /** Estimated cost of a scan, in units of one probe. */
  private scanCost(): number {
    return this.store.length * (this.words === 8 ? 1 : 0.4);
  }

  /** True when `probes` bucket probes and their expected candidates would cost more than a scan. */
  private scanIsCheaper(probes: number): boolean {
    const expectedCandidates = (probes * this.store.length) / BUCKETS;
    return probes + 3 * expectedCandidates > this.scanCost();
  }

  private scanKnn(code: Uint32Array, codeOffset: number, k: number, maxDistance: number, out: HammingHits): HammingHits {
    const count = this.store.length;
    if (this.distances.length < count) this.distances = new Uint16Array(Math.max(count, this.distances.length * 2));
    scanDistances(this.store, code, codeOffset, this.distances);
    selectNearest(this.distances, count, k, maxDistance, this.store.itemIds, this.store.tags, out, this.histogram, this.slots);
    return out;
  }

  /** Bring the tables up to date and reset the per-query state. */
  private beginQuery(): void {
    (this.tables as SubstringTables).prepare(this.store);
    this.stamp++;
    if (this.stamp > 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    this.candidateCount = 0;
    this.seenLive = 0;
    this.visited = 0;
    this.visitBudget = this.linearFallback ? this.scanCost() / 3 : Infinity;
    this.histogram.fill(0);
  }

  /**
   * Visit every bucket of substring `s` whose key differs from `key` in exactly `flips` bits
   * (bulk part, then tail chain); verify unseen live entries and record those within `limit`.
   * Returns false, unfinished, once the visits exceed the budget.
   */
  private probeShell(s: number, key: number, flips: number, query: Uint32Array, queryOffset: number, limit: number): boolean {
    const tables = this.tables as SubstringTables;
    const { offsets, entries, heads, next, bulkCount } = tables;
    const m = this.substrings;
    const table = s << KEY_BITS;
    // Gosper's hack walks the 16-bit masks with `flips` bits set in increasing order.
    let mask = flips === 0 ? 0 : (1 << flips) - 1;
    while (mask < BUCKETS) {
      const bucket = table | (key ^ mask);
      for (let p = offsets[bucket], end = offsets[bucket + 1]; p < end; p++) this.visit(entries[p], query, queryOffset, limit);
      for (let entry = heads[bucket]; entry !== EMPTY; entry = next[(entry - bulkCount) * m + s]) this.visit(entry, query, queryOffset, limit);
      if (this.visited > this.visitBudget) return false;
      if (mask === 0) break;
      const lowest = mask & -mask;
      const ripple = mask + lowest;
      mask = ((((ripple ^ mask) >>> 2) / lowest) | 0) | ripple;
    }
    return true;
  }

  /** Verify one candidate (once per query) and record it when live and within `limit` bits. */
  private visit(entry: number, query: Uint32Array, queryOffset: number, limit: number): void {
    this.visited++;
    if (this.seen[entry] === this.stamp) return;
    this.seen[entry] = this.stamp;
    const codes = this.store.codes;
    const d = this.words === 8 ? distanceAt256(codes, entry * 8, query, queryOffset) : distanceAt64(codes, entry * 2, query, queryOffset);
    if (this.store.alive[entry] === 0) return;
    this.seenLive++;
    if (d > limit) return;
    this.histogram[d]++;
    if (this.candidateCount === this.candidateEntries.length) this.growCandidates();
    this.candidateEntries[this.candidateCount] = entry;
    this.candidateDistances[this.candidateCount] = d;
    this.candidateCount++;
  }

  private growCandidates(): void {
    const size = this.candidateEntries.length * 2;
    const entries = new Uint32Array(size);
    entries.set(this.candidateEntries);
    const distances = new Uint16Array(size);
    distances.set(this.candidateDistances);
    this.candidateEntries = entries;
    this.candidateDistances = distances;
  }

  /** Create the tables once the index is big enough (they index new entries at the next query). */
  private afterAppend(): void {
    this.ensureSeen();
    if (this.tables === null && this.store.live >= this.minTableSize) this.buildTables();
  }

  private buildTables(): void {
    this.tables = new SubstringTables(this.substrings, this.words);
  }

  private dropTables(): void {
    this.tables = null;
  }

  /** One visit stamp per entry slot of the store. */
  private ensureSeen(): void {
    const capacity = this.store.itemIds.length;
    if (this.seen.length >= capacity) return;
    const seen = new Uint32Array(capacity);
    seen.set(this.seen);
    this.seen = seen;
  }
}

/** Substring `s` (16 bits, 0 = most significant half of word 0) of the code at word `offset`. */
function keyOf(code: Uint32Array, offset: number, s: number): number {
  const word = code[offset + (s >>> 1)];
  return (s & 1) === 0 ? word >>> 16 : word & 0xffff;
}
