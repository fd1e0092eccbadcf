import { describe, expect, it } from 'vitest';
import { sortPostingsByKey } from '../src/radix.js';
import { randomWords } from './random.js';

describe('sortPostingsByKey', () => {
  it('sorts by key like a stable comparison sort, equal keys in input order', () => {
    const next = randomWords(5);
    const count = 5000;
    const keys = new Uint32Array(count + 10); // longer than count: the tail must be ignored
    const items = new Uint32Array(count + 10);
    const times = new Uint32Array(count + 10);
    for (let i = 0; i < count; i++) {
      // Few distinct keys in every digit position, including 0 and 0xffffffff.
      const pick = next() % 6;
      keys[i] = [0, 0xffffffff, 0x80000000, 0x7ff, 0x12345678, next()][pick] >>> 0;
      items[i] = i;
      times[i] = next();
    }
    keys.fill(1, count);
    const reference = Array.from({ length: count }, (_, i) => [keys[i], items[i], times[i]]).sort((a, b) => a[0] - b[0]);
    const sorted = sortPostingsByKey(keys, items, times, count);
    expect(sorted.keys.length).toBe(count);
    const got = Array.from({ length: count }, (_, i) => [sorted.keys[i], sorted.itemIds[i], sorted.times[i]]);
    expect(got).toEqual(reference); // Array.prototype.sort is stable
  });

  it('handles empty input', () => {
    const sorted = sortPostingsByKey(new Uint32Array(0), new Uint32Array(0), new Uint32Array(0), 0);
    expect(sorted.keys.length).toBe(0);
  });
});
