/**
 * The append buffer of the postings index: recent postings in arrival order, chained per key
 * through an open-addressing table (mixed key → first and last posting), so a lookup walks only
 * its key's postings, in insertion order. 16 bytes per posting plus 12 bytes per table slot
 * (load <= 1/2). Emptied into the sorted segment by compaction.
 */
import { mix32 } from './mix.js';

const EMPTY = -1;

/** @internal */
export class PostingBuffer {
  /** Mixed key of each posting. */
  keys: Uint32Array;
  itemIds: Uint32Array;
  times: Uint32Array;
  /** Next posting of the same key, or -1. */
  next: Int32Array;
  length = 0;
  private slotKeys: Uint32Array;
  private slotHeads: Int32Array;
  private slotTails: Int32Array;
  private slotMask: number;
  private slotsUsed = 0;

  constructor(capacity = 1024) {
    this.keys = new Uint32Array(capacity);
    this.itemIds = new Uint32Array(capacity);
    this.times = new Uint32Array(capacity);
    this.next = new Int32Array(capacity);
    const slots = 2048;
    this.slotKeys = new Uint32Array(slots);
    this.slotHeads = new Int32Array(slots).fill(EMPTY);
    this.slotTails = new Int32Array(slots);
    this.slotMask = slots - 1;
  }

  get byteSize(): number {
    return this.keys.byteLength * 4 + this.slotKeys.byteLength * 3;
  }

  /** Distinct keys held. */
  get keyCount(): number {
    return this.slotsUsed;
  }

  /** Make room for `extra` more postings (grows by doubling). */
  reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed > this.keys.length) {
      let size = this.keys.length * 2;
      while (size < needed) size *= 2;
      this.keys = grow(this.keys, size, this.length);
      this.itemIds = grow(this.itemIds, size, this.length);
      this.times = grow(this.times, size, this.length);
      const next = new Int32Array(size);
      next.set(this.next.subarray(0, this.length));
      this.next = next;
    }
    // Worst case every new posting has a new key: keep the table at most half full.
    if ((this.slotsUsed + extra) * 2 > this.slotKeys.length) this.rehash((this.slotsUsed + extra) * 2);
  }

  /** Append one posting (room must have been reserved). */
  append(mixedKey: number, itemId: number, time: number): void {
    const index = this.length++;
    this.keys[index] = mixedKey;
    this.itemIds[index] = itemId;
    this.times[index] = time;
    this.next[index] = EMPTY;
    const mask = this.slotMask;
    let slot = mixedKey & mask;
    while (this.slotHeads[slot] !== EMPTY) {
      if (this.slotKeys[slot] === mixedKey) {
        this.next[this.slotTails[slot]] = index;
        this.slotTails[slot] = index;
        return;
      }
      slot = (slot + 1) & mask;
    }
    this.slotKeys[slot] = mixedKey;
    this.slotHeads[slot] = index;
    this.slotTails[slot] = index;
    this.slotsUsed++;
  }

  /** First posting of a mixed key, or -1. */
  head(mixedKey: number): number {
    const mask = this.slotMask;
    let slot = mixedKey & mask;
    let head = this.slotHeads[slot];
    while (head !== EMPTY) {
      if (this.slotKeys[slot] === mixedKey) return head;
      slot = (slot + 1) & mask;
      head = this.slotHeads[slot];
    }
    return EMPTY;
  }

  /** Forget every posting; drop oversized arrays back to `capacity`. */
  clear(capacity: number): void {
    this.length = 0;
    this.slotsUsed = 0;
    if (this.keys.length > capacity * 4) {
      this.keys = new Uint32Array(capacity);
      this.itemIds = new Uint32Array(capacity);
      this.times = new Uint32Array(capacity);
      this.next = new Int32Array(capacity);
    }
    if (this.slotKeys.length > capacity * 8) {
      this.slotKeys = new Uint32Array(capacity * 2);
      this.slotHeads = new Int32Array(capacity * 2);
      this.slotTails = new Int32Array(capacity * 2);
      this.slotMask = capacity * 2 - 1;
    }
    this.slotHeads.fill(EMPTY);
  }

  private rehash(minimumSlots: number): void {
    let size = this.slotKeys.length * 2;
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
