/**
 * Where landmark postings live. The matcher only needs {@link PostingsStore}; `@mediadna/index`'s
 * `PostingsIndex` implements it (the engine uses that), and {@link MemoryPostings} is a small
 * dependency-free store for a handful of items (comparisons, tests).
 */

/** Postings of one hash: entry `i < length` is `(itemIds[i], times[i])`. */
export interface PostingListLike {
  itemIds: Uint32Array;
  times: Uint32Array;
  length: number;
}

/** An inverted index from 32-bit landmark hashes to `(itemId, frame)` postings. */
export interface PostingsStore<L extends PostingListLike = PostingListLike> {
  add(itemId: number, hashes: Uint32Array, times: Uint32Array): void;
  removeItem(itemId: number): unknown;
  /** Postings of `hash`, written into `out` when given (reused across calls). */
  lookup(hash: number, out?: L): L;
}

/** A simple Map-backed {@link PostingsStore} for small libraries. */
export class MemoryPostings implements PostingsStore {
  private readonly lists = new Map<number, number[]>(); // hash → [itemId, time, itemId, time, …]

  add(itemId: number, hashes: Uint32Array, times: Uint32Array): void {
    for (let i = 0; i < hashes.length; i++) {
      let list = this.lists.get(hashes[i]);
      if (!list) this.lists.set(hashes[i], (list = []));
      list.push(itemId, times[i]);
    }
  }

  removeItem(itemId: number): number {
    let removed = 0;
    for (const [hash, list] of this.lists) {
      const kept: number[] = [];
      for (let i = 0; i < list.length; i += 2) if (list[i] !== itemId) kept.push(list[i], list[i + 1]);
      removed += (list.length - kept.length) / 2;
      if (kept.length === 0) this.lists.delete(hash);
      else this.lists.set(hash, kept);
    }
    return removed;
  }

  lookup(hash: number, out?: PostingListLike): PostingListLike {
    const list = this.lists.get(hash);
    const length = list ? list.length / 2 : 0;
    const result = out ?? { itemIds: new Uint32Array(Math.max(16, length)), times: new Uint32Array(Math.max(16, length)), length: 0 };
    if (result.itemIds.length < length) {
      result.itemIds = new Uint32Array(length * 2);
      result.times = new Uint32Array(length * 2);
    }
    for (let i = 0; i < length; i++) {
      result.itemIds[i] = list![2 * i];
      result.times[i] = list![2 * i + 1];
    }
    result.length = length;
    return result;
  }
}
