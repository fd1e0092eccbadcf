/**
 * Inverted postings: uint32 key (an audio landmark, a text LSH band) → (itemId, time) pairs.
 *
 * Two parts: a sorted, compact segment (see postings-segment.ts) and an append buffer of recent
 * postings (see postings-buffer.ts). Merges of the buffer into the segment:
 * - on `add`, when the buffer is as large as the segment (and at least `minMerge`): a bulk
 *   load merges at doubling sizes, about twice its postings in total;
 * - on `lookup`, when the buffer holds a quarter of the segment (and at least `minMerge`), so
 *   interleaved adds and lookups keep most postings in the sorted part;
 * - on `compact()`.
 * Removal marks an item dead, lookups skip its postings, and the next merge drops them (forced
 * once a quarter of the postings are dead).
 */
import { DnaErrorCode, invalidParameter } from '@mediadna/core';
import { checkUint32 } from './hamming.js';
import { PostingList } from './hits.js';
import { mix32 } from './mix.js';
import { PostingBuffer } from './postings-buffer.js';
import { PostingSegment, mergeSegment } from './postings-segment.js';

const WHERE = 'postings';
const MIN_MERGE = 65536;
/** Postings one index can hold: the segment's pair array must stay under Node's 4 GiB buffer limit. */
const MAX_POSTINGS = 500_000_000;

/** Options of {@link PostingsIndex}. */
export interface PostingsIndexOptions {
  /**
   * Smallest append buffer (postings) that triggers a merge; merges also wait until the buffer
   * holds a quarter of the sorted segment. Default 65 536. Lower values only matter for tests.
   */
  readonly minMerge?: number;
  /** Most postings the index accepts (default and ceiling 500 000 000: Node's 4 GiB buffer limit at 8 bytes each). */
  readonly maxPostings?: number;
}

/**
 * Inverted index from uint32 keys to `(itemId, time)` postings, for audio landmarks and text
 * LSH bands. Lookup is a hash probe into the recent-postings buffer plus a directory step and a
 * short binary search in the sorted segment; it copies into a reusable {@link PostingList}.
 *
 * Memory per posting once merged: 8 bytes (itemId + time) plus about 12 bytes per distinct key
 * (key, offset, directory); postings still in the append buffer cost 16 bytes plus their key's
 * hash slot.
 * @example
 * const postings = new PostingsIndex();
 * postings.add(3, landmarkHashes, landmarkFrames); // item 3
 * const list = new PostingList();
 * postings.lookup(0x1234abcd, list);               // list.itemIds/times[0..list.length)
 */
export class PostingsIndex {
  private segment: PostingSegment = PostingSegment.empty();
  private readonly buffer = new PostingBuffer();
  /** Live postings per item. */
  private readonly counts = new Map<number, number>();
  /** Items removed whose postings are still stored. */
  private readonly dead = new Set<number>();
  private deadPostings = 0;
  private livePostings = 0;
  private readonly minMerge: number;
  private readonly maxPostings: number;

  constructor(options: PostingsIndexOptions = {}) {
    const minMerge = options.minMerge ?? MIN_MERGE;
    if (!Number.isInteger(minMerge) || minMerge < 1) throw invalidParameter(WHERE, 'minMerge', 'an integer >= 1', minMerge);
    this.minMerge = minMerge;
    const maxPostings = options.maxPostings ?? MAX_POSTINGS;
    if (!Number.isInteger(maxPostings) || maxPostings < 1 || maxPostings > MAX_POSTINGS) {
      throw invalidParameter(WHERE, 'maxPostings', `an integer in 1..${MAX_POSTINGS}`, maxPostings);
    }
    this.maxPostings = maxPostings;
  }

  /** Number of items with postings. */
  get itemCount(): number {
    return this.counts.size;
  }

  /** Number of live postings. */
  get postingCount(): number {
    return this.livePostings;
  }

  /** Approximate bytes held (typed array capacities plus per-item bookkeeping). */
  get byteSize(): number {
    return this.segment.byteSize + this.buffer.byteSize + (this.counts.size + this.dead.size) * 40;
  }

  /**
   * Add postings for an item: `hashes[i]` occurs at `times[i]`. Adding to an item that already
   * has postings appends to it.
   * @param hashes uint32 keys
   * @param times uint32 times (frame number, position…), same length as `hashes`
   */
  add(itemId: number, hashes: Uint32Array, times: Uint32Array): void {
    checkUint32(itemId, 'itemId', WHERE);
    if (!(hashes instanceof Uint32Array)) throw invalidParameter(WHERE, 'hashes', 'a Uint32Array', hashes);
    if (!(times instanceof Uint32Array) || times.length !== hashes.length) {
      throw invalidParameter(WHERE, 'times', `a Uint32Array of ${hashes.length} times (one per hash)`, times);
    }
    const count = hashes.length;
    if (count === 0) return;
    const room = this.maxPostings - this.livePostings - this.deadPostings;
    if (count > room) {
      throw invalidParameter(WHERE, 'hashes', `at most ${room} more postings (the index holds at most ${this.maxPostings})`, count, DnaErrorCode.OutOfRange);
    }
    if (this.dead.has(itemId)) this.merge(); // its old postings must go before new ones arrive
    const buffer = this.buffer;
    buffer.reserve(count);
    for (let i = 0; i < count; i++) buffer.append(mix32(hashes[i]), itemId, times[i]);
    this.counts.set(itemId, (this.counts.get(itemId) ?? 0) + count);
    this.livePostings += count;
    if (buffer.length >= this.minMerge && buffer.length >= this.segment.length) this.merge();
  }

  /** Remove every posting of an item; returns how many (0 for an unknown item). */
  removeItem(itemId: number): number {
    const count = this.counts.get(itemId);
    if (count === undefined) return 0;
    this.counts.delete(itemId);
    this.dead.add(itemId);
    this.deadPostings += count;
    this.livePostings -= count;
    if (this.deadPostings * 4 >= this.livePostings + this.deadPostings) this.merge();
    return count;
  }

  /**
   * Postings of one key, in insertion order, copied into `out` (cleared first; a new
   * {@link PostingList} when omitted). Allocation-free when `out` is large enough, except that
   * the first lookup after adds may merge or index the recent postings (amortised).
   */
  lookup(hash: number, out: PostingList = new PostingList()): PostingList {
    out.length = 0;
    const pending = this.buffer.length;
    if (pending > this.buffer.linked) {
      if (pending >= this.minMerge && pending * 4 >= this.segment.length) this.merge();
      else this.buffer.link();
    }
    const mixed = mix32(hash);
    const checkDead = this.dead.size > 0;
    const dead = this.dead;
    const segment = this.segment;
    const index = segment.find(mixed);
    if (index >= 0) {
      const start = segment.keyTable[2 * index + 1];
      const end = segment.keyTable[2 * index + 3];
      out.reserve(end - start);
      const postings = segment.postings;
      const outItems = out.itemIds;
      const outTimes = out.times;
      let n = 0;
      for (let p = start; p < end; p++) {
        const item = postings[2 * p];
        if (checkDead && dead.has(item)) continue;
        outItems[n] = item;
        outTimes[n] = postings[2 * p + 1];
        n++;
      }
      out.length = n;
    }
    const buffer = this.buffer;
    for (let p = buffer.head(mixed); p !== -1; p = buffer.next[p]) {
      const item = buffer.itemIds[p];
      if (checkDead && dead.has(item)) continue;
      if (out.length === out.itemIds.length) out.reserve(1);
      out.itemIds[out.length] = item;
      out.times[out.length] = buffer.times[p];
      out.length++;
    }
    return out;
  }

  /** Merge recent postings into the sorted segment and drop removed items' postings now (e.g. after a bulk load). */
  compact(): void {
    if (this.buffer.length > 0 || this.deadPostings > 0) this.merge();
  }

  private merge(): void {
    this.segment = mergeSegment(this.segment, this.buffer, this.dead);
    this.buffer.clear(this.minMerge);
    this.dead.clear();
    this.deadPostings = 0;
  }
}
