/**
 * The substring tables of multi-index hashing: for each 16-bit substring s and key v, the
 * entries whose substring s equals v.
 *
 * Two parts, like the postings index:
 * - a bulk part in CSR form, built by one counting sort over all live entries: bucket
 *   `b = s << 16 | v` holds `entries[offsets[b] .. offsets[b+1])`, contiguous, so a probe reads
 *   its candidates' ids sequentially (4 bytes per entry and substring, 256 KiB of offsets per
 *   substring);
 * - a tail of entries added since the last build, chained per bucket (`heads[b]`, then
 *   `next[(entry - bulkCount) * m + s]`).
 * Both are brought up to date lazily, at the next query (`prepare`): the tail is re-sorted into
 * the bulk part once it holds a quarter as many entries as the bulk, otherwise only the new
 * entries are chained. A bulk load thus costs one counting sort, at its first query.
 * Chains alone (one link per entry and substring) measured slower at 1M entries: every
 * candidate costs a dependent random read of its link.
 */
import type { EntryStore } from './entries.js';

/** Bits per substring and buckets per substring table. */
export const KEY_BITS: number = 16;
export const BUCKETS: number = 1 << KEY_BITS;
/** End of a chain. */
export const EMPTY: number = -1;
/** Smallest tail that triggers a rebuild. */
const MIN_TAIL = 1024;

/** @internal */
export class SubstringTables {
  readonly substrings: number;
  private readonly words: number;
  /** Bulk part: `substrings * 65536 + 1` offsets into `entries`. */
  readonly offsets: Uint32Array;
  /** Bulk part: entry ids grouped by bucket (ascending within a bucket). */
  entries: Uint32Array = new Uint32Array(0);
  /** Entries below this position are in the bulk part (if live at the last build). */
  bulkCount = 0;
  /** Tail chains: newest tail entry of each bucket, or -1. */
  readonly heads: Int32Array;
  /** Tail chains: next (older) tail entry in the same bucket, at `(entry - bulkCount) * m + s`. */
  next: Int32Array = new Int32Array(0);
  /** Entries below this position are in the bulk part or chained. */
  private linked = 0;
  /** True when entry positions changed since the last build. */
  private stale = true;

  constructor(substrings: number, words: number) {
    this.substrings = substrings;
    this.words = words;
    this.offsets = new Uint32Array(substrings * BUCKETS + 1);
    this.heads = new Int32Array(substrings * BUCKETS).fill(EMPTY);
  }

  get byteSize(): number {
    return this.offsets.byteLength + this.entries.byteLength + this.heads.byteLength + this.next.byteLength;
  }

  /** Put every live entry of the store into the bulk part and empty the tail. */
  rebuild(store: EntryStore): void {
    const m = this.substrings;
    const words = this.words;
    const { codes, alive } = store;
    const count = store.length;
    const offsets = this.offsets;
    offsets.fill(0);
    // Count per bucket into offsets[b + 1].
    for (let entry = 0, base = 0; entry < count; entry++, base += words) {
      if (alive[entry] === 0) continue;
      for (let w = 0; w < words; w++) {
        const word = codes[base + w];
        offsets[(((2 * w) << KEY_BITS) | (word >>> 16)) + 1]++;
        offsets[(((2 * w + 1) << KEY_BITS) | (word & 0xffff)) + 1]++;
      }
    }
    // Prefix sums: offsets[b] = start of bucket b.
    const buckets = m * BUCKETS;
    for (let b = 1; b <= buckets; b++) offsets[b] += offsets[b - 1];
    const total = offsets[buckets];
    if (this.entries.length < total || this.entries.length > total * 2) this.entries = new Uint32Array(Math.ceil(total * 1.25));
    const entries = this.entries;
    // Fill, using offsets[b] as the write cursor: afterwards offsets[b] = start of bucket b + 1.
    for (let entry = 0, base = 0; entry < count; entry++, base += words) {
      if (alive[entry] === 0) continue;
      for (let w = 0; w < words; w++) {
        const word = codes[base + w];
        entries[offsets[((2 * w) << KEY_BITS) | (word >>> 16)]++] = entry;
        entries[offsets[((2 * w + 1) << KEY_BITS) | (word & 0xffff)]++] = entry;
      }
    }
    offsets.copyWithin(1, 0, buckets);
    offsets[0] = 0;
    this.bulkCount = count;
    this.linked = count;
    this.stale = false;
    this.heads.fill(EMPTY);
    // A long bulk load may have grown the links; keep them small again.
    if (this.next.length > 4 * MIN_TAIL * this.substrings && this.next.length > (count >>> 1) * this.substrings) this.next = new Int32Array(0);
  }

  /**
   * Make the tables cover every entry of the store before a query: rebuild when the store was
   * compacted or the unindexed tail reached a quarter of the bulk part, otherwise chain the
   * entries added since the last query. Adding entries does no table work at all, so a bulk
   * load costs one counting sort at its first query.
   */
  prepare(store: EntryStore): void {
    const length = store.length;
    const tail = length - this.bulkCount;
    if (this.stale || (tail >= MIN_TAIL && tail * 4 >= this.bulkCount)) {
      this.rebuild(store);
      return;
    }
    if (this.linked < length) this.link(store, this.linked, length);
  }

  /** Force a rebuild at the next `prepare` (entry positions changed). */
  invalidate(): void {
    this.stale = true;
  }

  /** Chain entries `[first, end)` into the tail. */
  private link(store: EntryStore, first: number, end: number): void {
    const m = this.substrings;
    const needed = (end - this.bulkCount) * m;
    if (this.next.length < needed) {
      const next = new Int32Array(Math.max(needed, this.next.length * 2, MIN_TAIL * m));
      next.set(this.next);
      this.next = next;
    }
    const words = this.words;
    const codes = store.codes;
    const heads = this.heads;
    const next = this.next;
    for (let entry = first; entry < end; entry++) {
      const base = entry * words;
      const link = (entry - this.bulkCount) * m;
      for (let s = 0; s < m; s++) {
        const word = codes[base + (s >>> 1)];
        const bucket = (s << KEY_BITS) | ((s & 1) === 0 ? word >>> 16 : word & 0xffff);
        next[link + s] = heads[bucket];
        heads[bucket] = entry;
      }
    }
    this.linked = end;
  }
}
