import { describe, expect, it } from 'vitest';
import { huffmanCodeLists, pairTables32, PRIMARY_BITS, quadTableA } from '../src/audio/mp3/huffman-tables.js';

describe('MP3 Layer III Huffman tables', () => {
  it('every code table is a complete prefix code (a typo in a code or a length breaks this)', () => {
    for (const codes of huffmanCodeLists()) {
      let kraft = 0;
      for (const [, length] of codes) kraft += 2 ** -length;
      expect(kraft).toBe(1);
      const words = codes.map(([code, length]) => code.toString(2).padStart(length, '0')).sort();
      for (let i = 1; i < words.length; i++) expect(words[i].startsWith(words[i - 1])).toBe(false);
    }
  });

  it('the lookup tables decode every code to its symbol', () => {
    const lists = huffmanCodeLists();
    const lookups = [...new Set(pairTables32().map((t) => t.lookup).filter((t) => t !== null)), quadTableA()];
    expect(lookups.length).toBe(lists.length);
    lookups.forEach((table, t) => {
      for (const [code, length, symbol] of lists[t]) {
        const bits = code * 2 ** (32 - length); // the code, left-aligned in 32 bits
        let entry = table[Math.floor(bits / 2 ** (32 - PRIMARY_BITS))];
        if (entry < 0) {
          const link = -entry;
          const extra = link & 31;
          const next = Math.floor(bits / 2 ** (32 - PRIMARY_BITS - extra)) & ((1 << extra) - 1);
          entry = table[(link >> 5) + next];
        }
        expect(entry >> 8).toBe(length);
        expect(entry & 255).toBe(symbol);
      }
    });
  });
});
