/**
 * The append buffer of the postings index: recent postings in arrival order (12 bytes each).
 *
 * Adding only appends. The per-key chains that lookups walk — an open-addressing table from
 * mixed key to first and last posting, plus a `next` link per posting (4 more bytes and 12 per
 * slot) — are built lazily by `link()` for the postings that arrived since the last lookup, so a
 * bulk load that ends in a merge never builds them.
 */

const EMPTY = -1;

/** @internal */
export class PostingBuffer {
  /** Mixed key of each posting. */
  keys: Uint32Array;
  itemIds: Uint32Array;
  times: Uint32Array;
  /** Next posting of the same key, or -1; valid for postings below `linked`. */
  next: Int32Array = new Int32Array(0);
  length = 0;
  /** Postings `[0, linked)` are chained in the table. */
  linked = 0;
  private slotKeys = new Uint32Array(0);
  private slotHeads = new Int32Array(0);
  private slotTails = new Int32Array(0);
  private slotMask = -1;
  private slotsUsed = 0;

  constructor(capacity = 1024) {
    this.keys = new Uint32Array(capacity);
    this.itemIds = new Uint32Array(capacity);
    this.times = new Uint32Array(capacity);
  }

  get byteSize(): number {
    return this.keys.byteLength * 3 + this.next.byteLength + this.slotKeys.byteLength * 3;
  }

  /** Make room for `extra` more postings (grows by doubling). */
  reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.keys.length) return;
    let size = this.keys.length * 2;
    while (size < needed) size *= 2;
    this.keys = grow(this.keys, size, this.length);
    this.itemIds = grow(this.itemIds, size, this.length);
    this.times = grow(this.times, size, this.length);
  }

  /** Append one posting (room must have been reserved). */
  append(mixedKey: number, itemId: number, time: number): void {
    const index = this.length++;
    this.keys[index] = mixedKey;
    this.itemIds[index] = itemId;
    this.times[index] = time;
  }

  /** Chain the postings added since the last call, so `head`/`next` see them. */
  link(): void {
    const from = this.linked;
    const to = this.length;
    if (from === to) return;
    if (this.next.length < this.keys.length) {
      const next = new Int32Array(this.keys.length);
      next.set(this.next.subarray(0, from));
      this.next = next;
    }
    // Worst case every new posting has a new key: keep the table at most half full.
    if ((this.slotsUsed + (to - from)) * 2 > this.slotKeys.length) this.rehash((this.slotsUsed + (to - from)) * 2);
    const keys = this.keys;
    const next = this.next;
    const slotKeys = this.slotKeys;
    const slotHeads = this.slotHeads;
    const slotTails = this.slotTails;
    const mask = this.slotMask;
    for (let index = from; index < to; index++) {
      const mixedKey = keys[index];
      next[index] = EMPTY;
      let slot = mixedKey & mask;
      for (;;) {
        if (slotHeads[slot] === EMPTY) {
          slotKeys[slot] = mixedKey;
          slotHeads[slot] = index;
          slotTails[slot] = index;
          this.slotsUsed++;
          break;
        }
        if (slotKeys[slot] === mixedKey) {
          next[slotTails[slot]] = index;
          slotTails[slot] = index;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    this.linked = to;
  }

  /** First posting of a mixed key among the linked ones, or -1. */
  head(mixedKey: number): number {
    const mask = this.slotMask;
    if (mask < 0) return EMPTY;
    let slot = mixedKey & mask;
    let head = this.slotHeads[slot];
    while (head !== EMPTY) {
      if (this.slotKeys[slot] === mixedKey) return head;
      slot = (slot + 1) & mask;
      head = this.slotHeads[slot];
    }
    return EMPTY;
  }

  /** Forget every posting; arrays larger than 4 × `capacity` postings are released. */
  clear(capacity: number): void {
    this.length = 0;
    this.linked = 0;
    if (this.keys.length > capacity * 4) {
      this.keys = new Uint32Array(capacity);
      this.itemIds = new Uint32Array(capacity);
      this.times = new Uint32Array(capacity);
    }
    if (this.next.length > capacity * 4) this.next = new Int32Array(0);
    if (this.slotKeys.length > capacity * 8) {
      this.slotKeys = new Uint32Array(0);
      this.slotHeads = new Int32Array(0);
      this.slotTails = new Int32Array(0);
      this.slotMask = -1;
    } else if (this.slotsUsed > 0) this.slotHeads.fill(EMPTY);
    this.slotsUsed = 0;
  }

  private rehash(minimumSlots: number): void {
    let size = Math.max(1024, this.slotKeys.length * 2);
    while (size < minimumSlots) size *= 2;
    const oldKeys = this.slotKeys;
    const oldHeads = this.slotHeads;
    const oldTails = this.slotTails;
    this.slotKeys = new Uint32Array(size);
    this.slotHeads = new Int32Array(size).fill(EMPTY);
    this.slotTails = new Int32Array(size);
    const mask = (this.slotMask = size - 1);
    for (let old = 0; old < oldKeys.length; old++) {
      if (oldHeads[old] === EMPTY) continue;
      let slot = oldKeys[old] & mask;
      while (this.slotHeads[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.slotKeys[slot] = oldKeys[old];
      this.slotHeads[slot] = oldHeads[old];
      this.slotTails[slot] = oldTails[old];
    }
  }
}

function grow(array: Uint32Array, size: number, length: number): Uint32Array {
  const grown = new Uint32Array(size);
  grown.set(array.subarray(0, length));
  return grown;
}
