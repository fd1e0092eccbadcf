/**
 * Reusable result buffers: parallel typed arrays plus a `length`, grown by doubling.
 * Searches append to them; call `clear()` to reuse one for the next query.
 */

/** Hits of a Hamming search: entry `i < length` is `(itemIds[i], tags[i], distances[i])`. */
export class HammingHits {
  /** Owner of each hit (the `itemId` given to `add`). Valid up to `length`. */
  itemIds: Uint32Array;
  /** Payload of each hit (the `tag` given to `add`, e.g. a frame number). Valid up to `length`. */
  tags: Uint32Array;
  /** Hamming distance in bits of each hit (0..256). Valid up to `length`. */
  distances: Uint16Array;
  /** Number of valid hits. */
  length: number;

  /** @param capacity initial number of hits held without growing (default 16). */
  constructor(capacity = 16) {
    const size = Math.max(1, capacity | 0);
    this.itemIds = new Uint32Array(size);
    this.tags = new Uint32Array(size);
    this.distances = new Uint16Array(size);
    this.length = 0;
  }

  /** Forget every hit (keeps the arrays). */
  clear(): void {
    this.length = 0;
  }

  /** Make room for `extra` more hits (grows by doubling). */
  reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.itemIds.length) return;
    let size = this.itemIds.length * 2;
    while (size < needed) size *= 2;
    const itemIds = new Uint32Array(size);
    const tags = new Uint32Array(size);
    const distances = new Uint16Array(size);
    itemIds.set(this.itemIds.subarray(0, this.length));
    tags.set(this.tags.subarray(0, this.length));
    distances.set(this.distances.subarray(0, this.length));
    this.itemIds = itemIds;
    this.tags = tags;
    this.distances = distances;
  }

  /** Append one hit. */
  push(itemId: number, tag: number, distance: number): void {
    if (this.length === this.itemIds.length) this.reserve(1);
    const i = this.length++;
    this.itemIds[i] = itemId;
    this.tags[i] = tag;
    this.distances[i] = distance;
  }
}

/** Postings of one key: entry `i < length` is `(itemIds[i], times[i])`, in insertion order. */
export class PostingList {
  /** Item of each posting. Valid up to `length`. */
  itemIds: Uint32Array;
  /** Time (frame number, position…) of each posting. Valid up to `length`. */
  times: Uint32Array;
  /** Number of valid postings. */
  length: number;

  /** @param capacity initial number of postings held without growing (default 64). */
  constructor(capacity = 64) {
    const size = Math.max(1, capacity | 0);
    this.itemIds = new Uint32Array(size);
    this.times = new Uint32Array(size);
    this.length = 0;
  }

  /** Forget every posting (keeps the arrays). */
  clear(): void {
    this.length = 0;
  }

  /** Make room for `extra` more postings (grows by doubling). */
  reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.itemIds.length) return;
    let size = this.itemIds.length * 2;
    while (size < needed) size *= 2;
    const itemIds = new Uint32Array(size);
    const times = new Uint32Array(size);
    itemIds.set(this.itemIds.subarray(0, this.length));
    times.set(this.times.subarray(0, this.length));
    this.itemIds = itemIds;
    this.times = times;
  }
}
