/**
 * The sorted segment of the postings index, rebuilt by merging the append buffer into it.
 *
 * Layout (CSR): `keys` holds the distinct mixed keys in ascending order, the postings of
 * `keys[j]` are `itemIds/times[offsets[j] .. offsets[j+1])` in insertion order. A directory on
 * the top `directoryBits` bits of the mixed key narrows a lookup to about 2 keys before a short
 * binary search. Memory: 8 bytes per posting, 8 per distinct key, 4 per directory bucket
 * (about 2 per key).
 */
import type { PostingBuffer } from './postings-buffer.js';
import { sortPostingsByKey } from './radix.js';

/** @internal */
export class PostingSegment {
  constructor(
    readonly keys: Uint32Array, // distinct mixed keys, ascending
    readonly offsets: Uint32Array, // keyCount + 1 posting offsets
    readonly itemIds: Uint32Array, // postings grouped by key
    readonly times: Uint32Array,
    readonly directory: Uint32Array, // 2^directoryBits + 1 key offsets
    readonly directoryShift: number, // 32 - directoryBits
  ) {}

  static empty(): PostingSegment {
    return new PostingSegment(new Uint32Array(0), new Uint32Array(1), new Uint32Array(0), new Uint32Array(0), new Uint32Array(3), 31);
  }

  get keyCount(): number {
    return this.keys.length;
  }

  get length(): number {
    return this.itemIds.length;
  }

  get byteSize(): number {
    return this.keys.byteLength + this.offsets.byteLength + this.itemIds.byteLength + this.times.byteLength + this.directory.byteLength;
  }

  /** Index of a mixed key in `keys`, or -1. */
  find(mixedKey: number): number {
    const bucket = mixedKey >>> this.directoryShift;
    let low = this.directory[bucket];
    let high = this.directory[bucket + 1];
    const keys = this.keys;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const key = keys[middle];
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
 */
export function mergeSegment(segment: PostingSegment, buffer: PostingBuffer, dead: ReadonlySet<number>): PostingSegment {
  const bufferLength = buffer.length;
  // Sorted copies; the buffer's arrays are used as scratch (the caller clears the buffer).
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
  const itemIds = new Uint32Array(maxPostings);
  const times = new Uint32Array(maxPostings);
  const keys = new Uint32Array(maxKeys);
  const offsets = new Uint32Array(maxKeys + 1);

  const oldKeys = segment.keys;
  const oldOffsets = segment.offsets;
  const oldItems = segment.itemIds;
  const oldTimes = segment.times;
  const oldKeyCount = segment.keyCount;
  let oldIndex = 0; // next key of the old segment
  let bufferIndex = 0; // next sorted buffer posting
  let written = 0;
  let keyCount = 0;
  while (oldIndex < oldKeyCount || bufferIndex < bufferLength) {
    const oldKey = oldIndex < oldKeyCount ? oldKeys[oldIndex] : 0x100000000;
    const newKey = bufferIndex < bufferLength ? bufferKeys[bufferIndex] : 0x100000000;
    const key = oldKey < newKey ? oldKey : newKey;
    const start = written;
    if (oldKey === key) {
      for (let p = oldOffsets[oldIndex], end = oldOffsets[oldIndex + 1]; p < end; p++) {
        const item = oldItems[p];
        if (checkDead && dead.has(item)) continue;
        itemIds[written] = item;
        times[written] = oldTimes[p];
        written++;
      }
      oldIndex++;
    }
    while (bufferIndex < bufferLength && bufferKeys[bufferIndex] === key) {
      const position = bufferIndex++;
      const item = bufferItems[position];
      if (checkDead && dead.has(item)) continue;
      itemIds[written] = item;
      times[written] = bufferTimes[position];
      written++;
    }
    if (written > start) {
      keys[keyCount] = key;
      offsets[keyCount] = start;
      keyCount++;
    }
  }
  offsets[keyCount] = written;

  // Directory: about two keys per bucket, at least 2 buckets, at most 2^22.
  let directoryBits = 1;
  while (directoryBits < 22 && 1 << (directoryBits + 1) <= keyCount) directoryBits++;
  const directoryShift = 32 - directoryBits;
  const buckets = 1 << directoryBits;
  const directory = new Uint32Array(buckets + 1);
  let k = 0;
  for (let b = 0; b < buckets; b++) {
    directory[b] = k;
    while (k < keyCount && keys[k] >>> directoryShift === b) k++;
  }
  directory[buckets] = keyCount;

  return new PostingSegment(
    keyCount === maxKeys ? keys : keys.slice(0, keyCount),
    keyCount + 1 === offsets.length ? offsets : offsets.slice(0, keyCount + 1),
    written === maxPostings ? itemIds : itemIds.slice(0, written),
    written === maxPostings ? times : times.slice(0, written),
    directory,
    directoryShift,
  );
}
