/**
 * One conformance suite for every HammingIndex implementation: `testHammingIndex(name, factory)`.
 * Results are checked against a naive reference (core's hammingDistanceWords over a plain list).
 */
import { DnaError, DnaErrorCode, hammingDistanceWords } from '@mediadna/core';
import { describe, expect, it } from 'vitest';
import { HammingHits } from '../src/index.js';
import type { HammingBits, HammingIndex } from '../src/index.js';
import { flipBits, randomCodes, randomWords } from './random.js';

interface ReferenceEntry {
  itemId: number;
  tag: number;
  code: Uint32Array;
}

/** The plain list every index must agree with. */
class Reference {
  entries: ReferenceEntry[] = [];
  add(itemId: number, code: Uint32Array, tag: number): void {
    this.entries.push({ itemId, tag, code: code.slice() });
  }
  remove(itemId: number): number {
    const before = this.entries.length;
    this.entries = this.entries.filter((entry) => entry.itemId !== itemId);
    return before - this.entries.length;
  }
  /** [itemId, tag, distance] of all entries within radius, in insertion order. */
  radius(query: Uint32Array, radius: number): number[][] {
    return this.entries
      .map((entry) => [entry.itemId, entry.tag, hammingDistanceWords(entry.code, query, query.length)])
      .filter((hit) => hit[2] <= radius);
  }
  /** k nearest by distance, ties by insertion order. */
  knn(query: Uint32Array, k: number, maxRadius: number): number[][] {
    return this.radius(query, maxRadius)
      .map((hit, order) => ({ hit, order }))
      .sort((a, b) => a.hit[2] - b.hit[2] || a.order - b.order)
      .slice(0, k)
      .map((x) => x.hit);
  }
}

function triples(hits: HammingHits, from = 0): number[][] {
  const out: number[][] = [];
  for (let i = from; i < hits.length; i++) out.push([hits.itemIds[i], hits.tags[i], hits.distances[i]]);
  return out;
}

function sorted(list: number[][]): number[][] {
  return list.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
}

/**
 * Fill an index and its reference with `items` items of 1..8 codes each; every fourth code is a
 * near copy (1..radius bits flipped) of an earlier one, so radius queries have real neighbours.
 */
function plant(index: HammingIndex, reference: Reference, words: number, items: number, seed: number, maxFlips: number): Uint32Array[] {
  const next = randomWords(seed);
  const codes: Uint32Array[] = [];
  let tag = 0;
  for (let item = 0; item < items; item++) {
    const perItem = 1 + (next() % 8);
    for (let j = 0; j < perItem; j++) {
      let code = randomCodes(1, words, next);
      if (codes.length > 0 && next() % 4 === 0) code = flipBits(codes[next() % codes.length], 1 + (next() % maxFlips), next);
      codes.push(code);
      index.add(item * 3 + 1, code, 0, tag);
      reference.add(item * 3 + 1, code, tag);
      tag++;
    }
  }
  return codes;
}

/** Queries: stored codes with a few bits flipped, plus unrelated random codes. */
function queries(codes: Uint32Array[], words: number, count: number, seed: number, maxFlips: number): Uint32Array[] {
  const next = randomWords(seed);
  const out: Uint32Array[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 5 === 4) out.push(randomCodes(1, words, next));
    else out.push(flipBits(codes[next() % codes.length], next() % (maxFlips + 1), next));
  }
  return out;
}

/** Run the HammingIndex conformance suite against `factory`. */
export function testHammingIndex(name: string, factory: (bits: HammingBits) => HammingIndex): void {
  describe(`${name} conformance`, () => {
    for (const bits of [64, 256] as const) {
      const words = bits === 64 ? 2 : 8;
      const radii = bits === 64 ? [0, 1, 4, 8, 12, 20] : [0, 3, 16, 31, 40, 64];
      const maxFlips = bits === 64 ? 12 : 40;

      describe(`${bits}-bit`, () => {
        it('reports its width and starts empty', () => {
          const index = factory(bits);
          expect(index.bits).toBe(bits);
          expect(index.size).toBe(0);
          const query = new Uint32Array(words);
          expect(index.searchRadius(query, bits).length).toBe(0);
          expect(index.searchKnn(query, 5).length).toBe(0);
          expect(index.removeItem(42)).toBe(0);
        });

        it('finds exactly the entries the naive scan finds, at every radius', () => {
          const index = factory(bits);
          const reference = new Reference();
          const codes = plant(index, reference, words, 400, bits + 1, maxFlips);
          expect(index.size).toBe(codes.length);
          const out = new HammingHits(4);
          for (const query of queries(codes, words, 60, bits + 2, maxFlips)) {
            for (const radius of radii) {
              out.clear();
              index.searchRadius(query, radius, out);
              expect(sorted(triples(out))).toEqual(sorted(reference.radius(query, radius)));
            }
          }
        });

        it('radius 0 finds identical codes only, and a radius of the full width finds everything', () => {
          const index = factory(bits);
          const next = randomWords(7);
          const code = randomCodes(1, words, next);
          const near = flipBits(code, 1, next);
          index.add(1, code, 0, 10);
          index.add(2, near, 0, 20);
          index.add(3, code, 0, 30);
          expect(sorted(triples(index.searchRadius(code, 0)))).toEqual([[1, 10, 0], [3, 30, 0]]);
          expect(sorted(triples(index.searchRadius(code, 1)))).toEqual([[1, 10, 0], [2, 20, 1], [3, 30, 0]]);
          const opposite = code.map((word) => ~word >>> 0);
          expect(sorted(triples(index.searchRadius(opposite, bits)))).toEqual([[1, 10, bits], [2, 20, bits - 1], [3, 30, bits]]);
          expect(index.searchRadius(opposite, bits - 2).length).toBe(0);
          expect(index.searchRadius(opposite, bits + 100).length).toBe(3);
        });

        it('k nearest match the naive order (distance, then insertion order), with and without maxRadius', () => {
          const index = factory(bits);
          const reference = new Reference();
          const codes = plant(index, reference, words, 300, bits + 3, maxFlips);
          // Exact duplicates make ties that only insertion order can break.
          for (let i = 0; i < 20; i++) {
            index.add(9000 + i, codes[i % 5], 0, 70000 + i);
            reference.add(9000 + i, codes[i % 5], 70000 + i);
          }
          const out = new HammingHits(1);
          for (const query of queries(codes, words, 40, bits + 4, maxFlips)) {
            for (const k of [1, 3, 10, 50]) {
              out.clear();
              index.searchKnn(query, k, out);
              expect(triples(out)).toEqual(reference.knn(query, k, bits));
              out.clear();
              index.searchKnn(query, k, out, radii[3]);
              expect(triples(out)).toEqual(reference.knn(query, k, radii[3]));
            }
          }
          expect(index.searchKnn(codes[0], 0).length).toBe(0);
          expect(index.searchKnn(codes[0], index.size + 10).length).toBe(index.size);
        });

        it('appends to out without clearing it', () => {
          const index = factory(bits);
          const code = randomCodes(1, words, randomWords(3));
          index.add(5, code, 0, 1);
          const out = new HammingHits();
          out.push(99, 98, 97);
          index.searchRadius(code, 0, out);
          index.searchKnn(code, 1, out);
          expect(triples(out)).toEqual([[99, 98, 97], [5, 1, 0], [5, 1, 0]]);
        });

        it('removes every entry of an item, ignores unknown items, and accepts the item again', () => {
          const index = factory(bits);
          const reference = new Reference();
          const codes = plant(index, reference, words, 200, bits + 5, maxFlips);
          const before = index.size;
          let removed = 0;
          for (const itemId of [1, 4, 7, 31, 301]) {
            const expected = reference.remove(itemId);
            expect(index.removeItem(itemId)).toBe(expected);
            removed += expected;
          }
          expect(removed).toBeGreaterThan(0);
          expect(index.removeItem(2)).toBe(0); // never added (ids are 3n+1)
          expect(index.removeItem(1)).toBe(0); // already removed
          expect(index.size).toBe(before - removed);
          index.add(4, codes[0], 0, 123456);
          reference.add(4, codes[0], 123456);
          for (const query of queries(codes, words, 30, bits + 6, maxFlips)) {
            expect(sorted(triples(index.searchRadius(query, radii[4])))).toEqual(sorted(reference.radius(query, radii[4])));
            expect(triples(index.searchKnn(query, 7))).toEqual(reference.knn(query, 7, bits));
          }
        });

        it('stays exact after removing most items (compaction)', () => {
          const index = factory(bits);
          const reference = new Reference();
          const codes = plant(index, reference, words, 1500, bits + 7, maxFlips);
          for (let item = 0; item < 1500; item++) {
            if (item % 5 === 0) continue;
            expect(index.removeItem(item * 3 + 1)).toBe(reference.remove(item * 3 + 1));
          }
          expect(index.size).toBe(reference.entries.length);
          for (const query of queries(codes, words, 30, bits + 8, maxFlips)) {
            expect(sorted(triples(index.searchRadius(query, radii[4])))).toEqual(sorted(reference.radius(query, radii[4])));
            expect(triples(index.searchKnn(query, 5))).toEqual(reference.knn(query, 5, bits));
          }
        });

        it('holds many entries per item with their tags (addMany)', () => {
          const index = factory(bits);
          const next = randomWords(bits + 9);
          const frames = randomCodes(500, words, next);
          const tags = new Uint32Array(500).map((_, i) => 1000 + i * 2);
          index.addMany(77, frames, tags);
          index.addMany(78, frames.subarray(0, 10 * words)); // tags default to positions
          expect(index.size).toBe(510);
          const query = frames.subarray(3 * words, 4 * words);
          expect(sorted(triples(index.searchRadius(query, 0)))).toEqual([[77, 1006, 0], [78, 3, 0]]);
          expect(index.removeItem(77)).toBe(500);
          expect(index.size).toBe(10);
          expect(triples(index.searchKnn(query, 1))).toEqual([[78, 3, 0]]);
        });

        it('reads codes at codeOffset for add and search', () => {
          const index = factory(bits);
          const next = randomWords(bits + 10);
          const packed = randomCodes(3, words, next);
          index.add(1, packed, words, 5);
          index.add(2, packed, 2 * words, 6);
          const query = new Uint32Array(words + 4);
          query.set(packed.subarray(words, 2 * words), 4);
          expect(triples(index.searchRadius(query, 0, undefined, 4))).toEqual([[1, 5, 0]]);
          expect(triples(index.searchKnn(query, 1, undefined, undefined, 4))).toEqual([[1, 5, 0]]);
        });

        it('refuses bad arguments with DnaError codes', () => {
          const index = factory(bits);
          const code = new Uint32Array(words);
          const bad = (call: () => unknown, code: string) => {
            try {
              call();
            } catch (error) {
              expect(error).toBeInstanceOf(DnaError);
              expect((error as DnaError).code).toBe(code);
              expect((error as DnaError).message).toMatch(/^\[mediadna\] \[index\] Expected /);
              return;
            }
            throw new Error('no error thrown');
          };
          bad(() => index.add(1, new Uint32Array(words - 1)), DnaErrorCode.OutOfRange);
          bad(() => index.add(1, code, 1), DnaErrorCode.OutOfRange);
          bad(() => index.add(-1, code), DnaErrorCode.InvalidParameter);
          bad(() => index.add(2 ** 32, code), DnaErrorCode.InvalidParameter);
          bad(() => index.add(1, code, 0, 1.5), DnaErrorCode.InvalidParameter);
          bad(() => index.add(1, [0, 0] as unknown as Uint32Array), DnaErrorCode.InvalidParameter);
          bad(() => index.addMany(1, new Uint32Array(words + 1)), DnaErrorCode.InvalidParameter);
          bad(() => index.addMany(1, new Uint32Array(words * 2), new Uint32Array(3)), DnaErrorCode.InvalidParameter);
          bad(() => index.searchRadius(code, -1), DnaErrorCode.InvalidParameter);
          bad(() => index.searchRadius(code, 0.5), DnaErrorCode.InvalidParameter);
          bad(() => index.searchKnn(code, -2), DnaErrorCode.InvalidParameter);
          bad(() => index.searchKnn(code, 1, undefined, -1), DnaErrorCode.InvalidParameter);
          bad(() => index.searchKnn(code.subarray(1), 1), DnaErrorCode.OutOfRange);
          expect(index.size).toBe(0);
        });
      });
    }
  });
}
