/**
 * Entry storage shared by the Hamming indexes: one packed, growable Uint32Array of codes
 * (entry `i` at words `i*words .. i*words+words-1`) and parallel arrays of owners, tags and
 * liveness. Entries keep insertion order, also across compaction, so an entry's position is
 * its insertion rank (used to break ties in k-nearest searches).
 *
 * Removal marks entries dead (tombstones); `compact` squeezes them out once they are a
 * quarter of the store. Memory: `4*words + 9` bytes per entry (codes, itemId, tag, alive).
 */

/** Where an item's entries lie, to bound the scan that removes them. */
interface ItemSpan {
  /** Live entries of the item. */
  count: number;
  /** Lowest and highest entry position holding the item. */
  first: number;
  last: number;
}

/** @internal Packed entries of a Hamming index. */
export class EntryStore {
  readonly words: number;
  /** Codes, `capacity * words` words. */
  codes: Uint32Array;
  itemIds: Uint32Array;
  tags: Uint32Array;
  /** 1 for a live entry, 0 for a removed one. */
  alive: Uint8Array;
  /** Entries stored, dead ones included. */
  length = 0;
  /** Live entries. */
  live = 0;
  private readonly spans = new Map<number, ItemSpan>();

  constructor(words: number, capacity = 64) {
    this.words = words;
    this.codes = new Uint32Array(capacity * words);
    this.itemIds = new Uint32Array(capacity);
    this.tags = new Uint32Array(capacity);
    this.alive = new Uint8Array(capacity);
  }

  /** Number of items with live entries. */
  get itemCount(): number {
    return this.spans.size;
  }

  /** Bytes held by the arrays (capacity, not length). */
  get byteSize(): number {
    return this.codes.byteLength + this.itemIds.byteLength + this.tags.byteLength + this.alive.byteLength + this.spans.size * 48;
  }

  /** Make room for `extra` more entries (grows by doubling). */
  reserve(extra: number): void {
    const needed = this.length + extra;
    const capacity = this.itemIds.length;
    if (needed <= capacity) return;
    let size = Math.max(64, capacity * 2);
    while (size < needed) size *= 2;
    const codes = new Uint32Array(size * this.words);
    codes.set(this.codes.subarray(0, this.length * this.words));
    const itemIds = new Uint32Array(size);
    itemIds.set(this.itemIds.subarray(0, this.length));
    const tags = new Uint32Array(size);
    tags.set(this.tags.subarray(0, this.length));
    const alive = new Uint8Array(size);
    alive.set(this.alive.subarray(0, this.length));
    this.codes = codes;
    this.itemIds = itemIds;
    this.tags = tags;
    this.alive = alive;
  }

  /** Append one entry (room must have been reserved); returns its position. */
  append(itemId: number, code: Uint32Array, codeOffset: number, tag: number): number {
    const index = this.length++;
    const words = this.words;
    const base = index * words;
    for (let w = 0; w < words; w++) this.codes[base + w] = code[codeOffset + w];
    this.itemIds[index] = itemId;
    this.tags[index] = tag;
    this.alive[index] = 1;
    this.live++;
    const span = this.spans.get(itemId);
    if (span === undefined) this.spans.set(itemId, { count: 1, first: index, last: index });
    else {
      span.count++;
      span.last = index;
    }
    return index;
  }

  /** Mark every entry of an item dead; returns how many. */
  removeItem(itemId: number): number {
    const span = this.spans.get(itemId);
    if (span === undefined) return 0;
    const itemIds = this.itemIds;
    const alive = this.alive;
    let removed = 0;
    for (let i = span.first; i <= span.last; i++) {
      if (itemIds[i] === itemId && alive[i] === 1) {
        alive[i] = 0;
        removed++;
      }
    }
    this.spans.delete(itemId);
    this.live -= removed;
    return removed;
  }

  /** True when dead entries are worth squeezing out (a quarter of the store, and at least 1024). */
  get needsCompaction(): boolean {
    const dead = this.length - this.live;
    return dead >= 1024 && dead * 4 >= this.length;
  }

  /** Squeeze out dead entries, keeping order; returns true when anything moved. */
  compact(): boolean {
    if (this.live === this.length) return false;
    const words = this.words;
    const { codes, itemIds, tags, alive } = this;
    let to = 0;
    for (let from = 0; from < this.length; from++) {
      if (alive[from] === 0) continue;
      if (to !== from) {
        codes.copyWithin(to * words, from * words, from * words + words);
        itemIds[to] = itemIds[from];
        tags[to] = tags[from];
        alive[to] = 1;
      }
      to++;
    }
    alive.fill(0, to, this.length);
    this.length = to;
    this.spans.clear();
    for (let i = 0; i < to; i++) {
      const itemId = itemIds[i];
      const span = this.spans.get(itemId);
      if (span === undefined) this.spans.set(itemId, { count: 1, first: i, last: i });
      else {
        span.count++;
        span.last = i;
      }
    }
    return true;
  }
}
