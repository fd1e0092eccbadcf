import { DnaError, DnaErrorCode } from '@mediadna/core';
import { describe, expect, it } from 'vitest';
import { PostingList, PostingsIndex } from '../src/index.js';
import { randomWords } from './random.js';

/** Naive reference: key → list of [itemId, time] in insertion order. */
class Reference {
  map = new Map<number, number[][]>();
  add(itemId: number, hashes: Uint32Array, times: Uint32Array): void {
    for (let i = 0; i < hashes.length; i++) {
      const list = this.map.get(hashes[i]) ?? [];
      list.push([itemId, times[i]]);
      this.map.set(hashes[i], list);
    }
  }
  remove(itemId: number): number {
    let removed = 0;
    for (const [key, list] of this.map) {
      const kept = list.filter((posting) => posting[0] !== itemId);
      removed += list.length - kept.length;
      this.map.set(key, kept);
    }
    return removed;
  }
}

function pairs(list: PostingList): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < list.length; i++) out.push([list.itemIds[i], list.times[i]]);
  return out;
}

/** Landmark-like keys: 2^14 distinct values in a structured (top-heavy) layout, so keys repeat across items. */
function itemPostings(next: () => number, count: number): { hashes: Uint32Array; times: Uint32Array } {
  const hashes = new Uint32Array(count);
  const times = new Uint32Array(count);
  let time = 0;
  for (let i = 0; i < count; i++) {
    hashes[i] = ((next() & 0x3fff) << 18) >>> 0;
    time += next() % 3;
    times[i] = time;
  }
  return { hashes, times };
}

describe('PostingsIndex', () => {
  it('returns postings of a key in insertion order, duplicates within an item included', () => {
    const postings = new PostingsIndex();
    postings.add(1, new Uint32Array([10, 20, 10, 0xffffffff, 0]), new Uint32Array([0, 1, 2, 3, 4]));
    postings.add(2, new Uint32Array([10, 30]), new Uint32Array([7, 8]));
    expect(pairs(postings.lookup(10))).toEqual([[1, 0], [1, 2], [2, 7]]);
    expect(pairs(postings.lookup(0xffffffff))).toEqual([[1, 3]]);
    expect(pairs(postings.lookup(0))).toEqual([[1, 4]]);
    expect(postings.lookup(11).length).toBe(0);
    expect(postings.itemCount).toBe(2);
    expect(postings.postingCount).toBe(7);
    postings.compact();
    expect(pairs(postings.lookup(10))).toEqual([[1, 0], [1, 2], [2, 7]]);
    postings.add(3, new Uint32Array([10]), new Uint32Array([9]));
    expect(pairs(postings.lookup(10))).toEqual([[1, 0], [1, 2], [2, 7], [3, 9]]); // segment first, then buffer
  });

  it('reuses the out list and clears it on every lookup', () => {
    const postings = new PostingsIndex();
    postings.add(1, new Uint32Array([5, 5, 6]), new Uint32Array([1, 2, 3]));
    const out = new PostingList(1);
    expect(postings.lookup(5, out)).toBe(out);
    expect(pairs(out)).toEqual([[1, 1], [1, 2]]);
    postings.lookup(6, out);
    expect(pairs(out)).toEqual([[1, 3]]);
  });

  for (const minMerge of [64, 1 << 20]) {
    it(`agrees with a naive map over many items, with removals (minMerge ${minMerge})`, () => {
      const postings = new PostingsIndex({ minMerge });
      const reference = new Reference();
      const next = randomWords(minMerge);
      for (let item = 0; item < 300; item++) {
        const { hashes, times } = itemPostings(next, 20 + (next() % 200));
        postings.add(item, hashes, times);
        reference.add(item, hashes, times);
        if (item % 7 === 6) {
          const victim = next() % item;
          expect(postings.removeItem(victim)).toBe(reference.remove(victim));
        }
      }
      // Re-add a removed item with new postings.
      const { hashes, times } = itemPostings(next, 50);
      postings.add(6, hashes, times);
      reference.add(6, hashes, times);

      let total = 0;
      const items = new Set<number>();
      const out = new PostingList();
      for (const [key, list] of reference.map) {
        total += list.length;
        for (const posting of list) items.add(posting[0]);
        expect(pairs(postings.lookup(key, out))).toEqual(list);
      }
      expect(postings.postingCount).toBe(total);
      expect(postings.itemCount).toBe(items.size);
      postings.compact();
      for (const [key, list] of reference.map) expect(pairs(postings.lookup(key, out))).toEqual(list);
      expect(postings.byteSize).toBeGreaterThanOrEqual(total * 8);
    });
  }

  it('stays exact when lookups interleave with adds and removals (lazy linking and merges)', () => {
    const postings = new PostingsIndex({ minMerge: 32 });
    const reference = new Reference();
    const next = randomWords(99);
    const out = new PostingList(2);
    for (let item = 0; item < 120; item++) {
      const { hashes, times } = itemPostings(next, 5 + (next() % 40));
      postings.add(item, hashes, times);
      reference.add(item, hashes, times);
      if (item % 9 === 8) {
        const victim = next() % item;
        expect(postings.removeItem(victim)).toBe(reference.remove(victim));
      }
      // Look up a few keys of this item and of older ones after every add.
      for (let probe = 0; probe < 4; probe++) {
        const key = probe === 0 ? hashes[0] : ((next() & 0x3fff) << 18) >>> 0;
        expect(pairs(postings.lookup(key, out))).toEqual(reference.map.get(key) ?? []);
      }
    }
  });

  it('ignores unknown items and empty adds', () => {
    const postings = new PostingsIndex();
    expect(postings.removeItem(3)).toBe(0);
    postings.add(3, new Uint32Array(0), new Uint32Array(0));
    expect(postings.itemCount).toBe(0);
    postings.add(3, new Uint32Array([1]), new Uint32Array([1]));
    expect(postings.removeItem(3)).toBe(1);
    expect(postings.removeItem(3)).toBe(0);
    expect(postings.lookup(1).length).toBe(0);
    expect(postings.postingCount).toBe(0);
  });

  it('refuses bad arguments with DnaError', () => {
    const postings = new PostingsIndex();
    const cases: (() => unknown)[] = [
      () => postings.add(-1, new Uint32Array(1), new Uint32Array(1)),
      () => postings.add(1, new Uint32Array(2), new Uint32Array(1)),
      () => postings.add(1, [1] as unknown as Uint32Array, new Uint32Array(1)),
      () => new PostingsIndex({ minMerge: 0 }),
    ];
    for (const call of cases) {
      expect(call).toThrow(DnaError);
      try {
        call();
      } catch (error) {
        expect((error as DnaError).code).toBe(DnaErrorCode.InvalidParameter);
        expect((error as DnaError).message).toMatch(/^\[mediadna\] \[postings\] Expected /);
      }
    }
    expect(postings.postingCount).toBe(0);
  });

  it('refuses postings beyond maxPostings with OutOfRange and keeps what it holds', () => {
    const postings = new PostingsIndex({ maxPostings: 5 });
    postings.add(1, new Uint32Array([1, 2, 3]), new Uint32Array([0, 1, 2]));
    expect(() => postings.add(2, new Uint32Array([4, 5, 6]), new Uint32Array([0, 1, 2]))).toThrow(/at most 2 more postings/);
    try {
      postings.add(2, new Uint32Array([4, 5, 6]), new Uint32Array([0, 1, 2]));
    } catch (error) {
      expect((error as DnaError).code).toBe(DnaErrorCode.OutOfRange);
    }
    expect(postings.postingCount).toBe(3);
    expect(postings.lookup(4).length).toBe(0);
    postings.add(2, new Uint32Array([4, 5]), new Uint32Array([0, 1]));
    expect(postings.postingCount).toBe(5);
    expect(() => new PostingsIndex({ maxPostings: 600_000_000 })).toThrow(DnaError);
  });
});
