/**
 * Linear scan kernels over an EntryStore, with the SWAR popcount written inline in the loops
 * and the query hoisted into locals.
 *
 * Two XORed words are reduced to 4-bit counts (each nibble <= 4), added (nibbles <= 8),
 * widened to bytes and accumulated (bytes <= 64 for 8 words), and the four bytes are summed
 * with shifts at the end: one final reduction per code instead of one multiply per word.
 * The byte sum is done with shifts, not `Math.imul(x, 0x01010101) >>> 24`, because a
 * 256-bit distance of exactly 256 would wrap to 0 in one byte.
 *
 * Every step that can leave the int32 range is truncated with `| 0` (the bit pattern is what
 * matters): without it V8 sees the overflow and switches the whole loop to float arithmetic,
 * which measured about 2× slower in bench/index.bench.mjs.
 */
import type { EntryStore } from './entries.js';
import type { HammingHits } from './hits.js';
import { NO_DISTANCE } from './select.js';

/** Append every live entry within `radius` of a 64-bit query. */
export function scanRadius64(store: EntryStore, query: Uint32Array, queryOffset: number, radius: number, out: HammingHits): void {
  const { codes, alive, itemIds, tags } = store;
  const count = store.length;
  const q0 = query[queryOffset] | 0;
  const q1 = query[queryOffset + 1] | 0;
  for (let i = 0, o = 0; i < count; i++, o += 2) {
    let x = codes[o] ^ q0;
    x = (x - ((x >>> 1) & 0x55555555)) | 0;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    let y = codes[o + 1] ^ q1;
    y = (y - ((y >>> 1) & 0x55555555)) | 0;
    y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
    const s = (x + y) | 0;
    const d = Math.imul((s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f), 0x01010101) >>> 24; // <= 64 fits a byte
    if (d <= radius && alive[i] === 1) out.push(itemIds[i], tags[i], d);
  }
}

/** Append every live entry within `radius` of a 256-bit query. */
export function scanRadius256(store: EntryStore, query: Uint32Array, queryOffset: number, radius: number, out: HammingHits): void {
  const { codes, alive, itemIds, tags } = store;
  const count = store.length;
  const q0 = query[queryOffset] | 0, q1 = query[queryOffset + 1] | 0, q2 = query[queryOffset + 2] | 0, q3 = query[queryOffset + 3] | 0;
  const q4 = query[queryOffset + 4] | 0, q5 = query[queryOffset + 5] | 0, q6 = query[queryOffset + 6] | 0, q7 = query[queryOffset + 7] | 0;
  for (let i = 0, o = 0; i < count; i++, o += 8) {
    let x = codes[o] ^ q0;
    x = (x - ((x >>> 1) & 0x55555555)) | 0;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    let y = codes[o + 1] ^ q1;
    y = (y - ((y >>> 1) & 0x55555555)) | 0;
    y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
    let s = (x + y) | 0;
    let acc = (s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f);
    x = codes[o + 2] ^ q2;
    x = (x - ((x >>> 1) & 0x55555555)) | 0;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    y = codes[o + 3] ^ q3;
    y = (y - ((y >>> 1) & 0x55555555)) | 0;
    y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
    s = (x + y) | 0;
    acc += (s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f);
    // Most codes are already beyond the radius after half their bits: skip the other half.
    let half = (acc & 0x00ff00ff) + ((acc >>> 8) & 0x00ff00ff);
    half = (half & 0xffff) + (half >>> 16);
    if (half > radius) continue;
    x = codes[o + 4] ^ q4;
    x = (x - ((x >>> 1) & 0x55555555)) | 0;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    y = codes[o + 5] ^ q5;
    y = (y - ((y >>> 1) & 0x55555555)) | 0;
    y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
    s = (x + y) | 0;
    acc += (s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f);
    x = codes[o + 6] ^ q6;
    x = (x - ((x >>> 1) & 0x55555555)) | 0;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    y = codes[o + 7] ^ q7;
    y = (y - ((y >>> 1) & 0x55555555)) | 0;
    y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
    s = (x + y) | 0;
    acc += (s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f);
    acc = (acc & 0x00ff00ff) + ((acc >>> 8) & 0x00ff00ff);
    const d = (acc & 0xffff) + (acc >>> 16);
    if (d <= radius && alive[i] === 1) out.push(itemIds[i], tags[i], d);
  }
}

/** Write the distance of every entry to `distances` (NO_DISTANCE for dead ones). */
export function scanDistances(store: EntryStore, query: Uint32Array, queryOffset: number, distances: Uint16Array): void {
  const { codes, alive } = store;
  const count = store.length;
  if (store.words === 2) {
    const q0 = query[queryOffset] | 0;
    const q1 = query[queryOffset + 1] | 0;
    for (let i = 0, o = 0; i < count; i++, o += 2) {
      let x = codes[o] ^ q0;
      x = (x - ((x >>> 1) & 0x55555555)) | 0;
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      let y = codes[o + 1] ^ q1;
      y = (y - ((y >>> 1) & 0x55555555)) | 0;
      y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
      const s = (x + y) | 0;
      const d = Math.imul((s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f), 0x01010101) >>> 24;
      distances[i] = alive[i] === 1 ? d : NO_DISTANCE;
    }
    return;
  }
  for (let i = 0, o = 0; i < count; i++, o += 8) {
    let acc = 0;
    for (let w = 0; w < 8; w += 2) {
      let x = codes[o + w] ^ query[queryOffset + w];
      x = (x - ((x >>> 1) & 0x55555555)) | 0;
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      let y = codes[o + w + 1] ^ query[queryOffset + w + 1];
      y = (y - ((y >>> 1) & 0x55555555)) | 0;
      y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
      const s = (x + y) | 0;
      acc += (s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f);
    }
    acc = (acc & 0x00ff00ff) + ((acc >>> 8) & 0x00ff00ff);
    distances[i] = alive[i] === 1 ? (acc & 0xffff) + (acc >>> 16) : NO_DISTANCE;
  }
}

