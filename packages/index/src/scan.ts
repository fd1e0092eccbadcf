/**
 * Linear scan kernels over an {@link EntryStore}: the popcount is written inline in the loops with
 * the query hoisted into locals (see popcount.ts for the reduction scheme).
 */
import type { EntryStore } from './entries.js';
import type { HammingHits } from './hits.js';
import { NO_DISTANCE } from './select.js';

/** Append every live entry within `radius` of a 64-bit query. */
export function scanRadius64(store: EntryStore, query: Uint32Array, queryOffset: number, radius: number, out: HammingHits): void {
  const { codes, alive, itemIds, tags } = store;
  const count = store.length;
  const q0 = query[queryOffset];
  const q1 = query[queryOffset + 1];
  for (let i = 0, o = 0; i < count; i++, o += 2) {
    let x = codes[o] ^ q0;
    x = x - ((x >>> 1) & 0x55555555);
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    let y = codes[o + 1] ^ q1;
    y = y - ((y >>> 1) & 0x55555555);
    y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
    const s = x + y;
    const d = Math.imul((s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f), 0x01010101) >>> 24; // <= 64 fits a byte
    if (d <= radius && alive[i] === 1) out.push(itemIds[i], tags[i], d);
  }
}

/** Append every live entry within `radius` of a 256-bit query. */
export function scanRadius256(store: EntryStore, query: Uint32Array, queryOffset: number, radius: number, out: HammingHits): void {
  const { codes, alive, itemIds, tags } = store;
  const count = store.length;
  const q0 = query[queryOffset], q1 = query[queryOffset + 1], q2 = query[queryOffset + 2], q3 = query[queryOffset + 3];
  const q4 = query[queryOffset + 4], q5 = query[queryOffset + 5], q6 = query[queryOffset + 6], q7 = query[queryOffset + 7];
  for (let i = 0, o = 0; i < count; i++, o += 8) {
    let x = codes[o] ^ q0;
    x = x - ((x >>> 1) & 0x55555555);
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    let y = codes[o + 1] ^ q1;
    y = y - ((y >>> 1) & 0x55555555);
    y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
    let s = x + y;
    let acc = (s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f);
    x = codes[o + 2] ^ q2;
    x = x - ((x >>> 1) & 0x55555555);
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    y = codes[o + 3] ^ q3;
    y = y - ((y >>> 1) & 0x55555555);
    y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
    s = x + y;
    acc += (s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f);
    x = codes[o + 4] ^ q4;
    x = x - ((x >>> 1) & 0x55555555);
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    y = codes[o + 5] ^ q5;
    y = y - ((y >>> 1) & 0x55555555);
    y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
    s = x + y;
    acc += (s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f);
    x = codes[o + 6] ^ q6;
    x = x - ((x >>> 1) & 0x55555555);
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    y = codes[o + 7] ^ q7;
    y = y - ((y >>> 1) & 0x55555555);
    y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
    s = x + y;
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
    const q0 = query[queryOffset];
    const q1 = query[queryOffset + 1];
    for (let i = 0, o = 0; i < count; i++, o += 2) {
      let x = codes[o] ^ q0;
      x = x - ((x >>> 1) & 0x55555555);
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      let y = codes[o + 1] ^ q1;
      y = y - ((y >>> 1) & 0x55555555);
      y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
      const s = x + y;
      const d = Math.imul((s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f), 0x01010101) >>> 24;
      distances[i] = alive[i] === 1 ? d : NO_DISTANCE;
    }
    return;
  }
  for (let i = 0, o = 0; i < count; i++, o += 8) {
    let acc = 0;
    for (let w = 0; w < 8; w += 2) {
      let x = codes[o + w] ^ query[queryOffset + w];
      x = x - ((x >>> 1) & 0x55555555);
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      let y = codes[o + w + 1] ^ query[queryOffset + w + 1];
      y = y - ((y >>> 1) & 0x55555555);
      y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
      const s = x + y;
      acc += (s & 0x0f0f0f0f) + ((s >>> 4) & 0x0f0f0f0f);
    }
    acc = (acc & 0x00ff00ff) + ((acc >>> 8) & 0x00ff00ff);
    distances[i] = alive[i] === 1 ? (acc & 0xffff) + (acc >>> 16) : NO_DISTANCE;
  }
}

