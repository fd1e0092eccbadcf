/**
 * The sorted segment of the postings index, rebuilt by merging the append buffer into it.
 *
 * Layout (CSR, pairs interleaved so one lookup touches few cache lines):
 * - `keyTable`: `(keyCount + 1)` pairs `[mixed key, first posting]`, keys ascending; the postings
 *   of pair j are `[keyTable[2j+1], keyTable[2j+3])`, and the last pair holds the total.
 * - `postings`: pairs `[itemId, time]` grouped by key, each key's in insertion order.
 * - `directory`: on the top `directoryBits` bits of the mixed key, the first key pair of each
 *   bucket, so a lookup binary-searches about 2 keys.
 * Memory: 8 bytes per posting, 8 per distinct key, 4 per directory bucket (about 2 per key).
 */
import type { PostingBuffer } from './postings-buffer.js';
import { sortPostingsByKey } from './radix.js';

/** @internal */
export class PostingSegment {
  constructor(
    readonly keyTable: Uint32Array, // (keyCount + 1) x [mixed key, first posting]
    readonly keyCount: number,
    readonly postings: Uint32Array, // length x [itemId, time]
    readonly length: number,
    readonly directory: Uint32Array, // 2^directoryBits + 1 key indexes
    readonly directoryShift: number, // 32 - directoryBits
  ) {}

  static empty(): PostingSegment {
    return new PostingSegment(new Uint32Array(2), 0, new Uint32Array(0), 0, new Uint32Array(3), 31);
  }

  get byteSize(): number {
    return this.keyTable.byteLength + this.postings.byteLength + this.directory.byteLength;
  }

  /** Index j of a mixed key (its pair is `keyTable[2j], keyTable[2j+1]`), or -1. */
  find(mixedKey: number): number {
    const bucket = mixedKey >>> this.directoryShift;
    let low = this.directory[bucket];
    let high = this.directory[bucket + 1];
    const table = this.keyTable;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const key = table[2 * middle];
      if (key < mixedKey) low = middle + 1;
      else if (key > mixedKey) high = middle;
      else return middle;
    }
    return -1;
  }
}

/**
 * Merge the segment and the buffer into a new segment, dropping postings of dead items.
 * Postings of one key stay in insertion order: the segment's (older) first, then the buffer's.
 * The buffer's arrays are used as sorting scratch: the caller must clear the buffer afterwards.
 */
export function mergeSegment(segment: PostingSegment, buffer: PostingBuffer, dead: ReadonlySet<number>): PostingSegment {
  const bufferLength = buffer.length;
  const sorted = sortPostingsByKey(buffer.keys, buffer.itemIds, buffer.times, bufferLength);
  const bufferKeys = sorted.keys;
  const bufferItems = sorted.itemIds;
  const bufferTimes = sorted.times;
  const checkDead = dead.size > 0;

  let bufferKeyCount = 0;
  for (let i = 0, previous = -1; i < bufferLength; i++) {
    const key = bufferKeys[i];
    if (key !== previous) bufferKeyCount++;
    previous = key;
  }
  const maxPostings = segment.length + bufferLength;
  const maxKeys = segment.keyCount + bufferKeyCount;
  const postings = new Uint32Array(2 * maxPostings);
  const keyTable = new Uint32Array(2 * (maxKeys + 1));

  const oldTable = segment.keyTable;
  const oldPostings = segment.postings;
  const oldKeyCount = segment.keyCount;
  let oldIndex = 0; // next key of the old segment
  let bufferIndex = 0; // next sorted buffer posting
  let written = 0;
  let keyCount = 0;
  while (oldIndex < oldKeyCount || bufferIndex < bufferLength) {
    const oldKey = oldIndex < oldKeyCount ? oldTable[2 * oldIndex] : 0x100000000;
    const newKey = bufferIndex < bufferLength ? bufferKeys[bufferIndex] : 0x100000000;
    const key = oldKey < newKey ? oldKey : newKey;
    const start = written;
    if (oldKey === key) {
      for (let p = oldTable[2 * oldIndex + 1], end = oldTable[2 * oldIndex + 3]; p < end; p++) {
        const item = oldPostings[2 * p];
        if (checkDead && dead.has(item)) continue;
        postings[2 * written] = item;
        postings[2 * written + 1] = oldPostings[2 * p + 1];
        written++;
      }
      oldIndex++;
    }
    while (bufferIndex < bufferLength && bufferKeys[bufferIndex] === key) {
      const item = bufferItems[bufferIndex];
      if (!(checkDead && dead.has(item))) {
        postings[2 * written] = item;
        postings[2 * written + 1] = bufferTimes[bufferIndex];
        written++;
      }
      bufferIndex++;
    }
    if (written > start) {
      keyTable[2 * keyCount] = key;
      keyTable[2 * keyCount + 1] = start;
      keyCount++;
    }
  }
  keyTable[2 * keyCount] = 0xffffffff; // sentinel pair: its posting offset ends the last key
  keyTable[2 * keyCount + 1] = written;

  // Directory: about two keys per bucket, at least 2 buckets, at most 2^22.
  let directoryBits = 1;
  while (directoryBits < 22 && 1 << (directoryBits + 1) <= keyCount) directoryBits++;
  const directoryShift = 32 - directoryBits;
  const buckets = 1 << directoryBits;
  const directory = new Uint32Array(buckets + 1);
  let k = 0;
  for (let b = 0; b < buckets; b++) {
    directory[b] = k;
    while (k < keyCount && keyTable[2 * k] >>> directoryShift === b) k++;
  }
  directory[buckets] = keyCount;

  return new PostingSegment(
    keyCount === maxKeys ? keyTable : keyTable.slice(0, 2 * (keyCount + 1)),
    keyCount,
    written === maxPostings ? postings : postings.slice(0, 2 * written),
    written,
    directory,
    directoryShift,
  );
}
