import { describe, expect, it } from 'vitest';
import { hammingDistance256, hammingDistance64, hexToWords, popcount32, wordsToHex, getBit, setBit } from '../src/index.js';

function naivePopcount(word: number): number {
  let count = 0;
  for (let i = 0; i < 32; i++) count += (word >>> i) & 1;
  return count;
}

describe('popcount32', () => {
  it('matches the naive bit loop', () => {
    const samples = [0, 1, 0xffffffff, 0x80000000, 0x55555555, 0xdeadbeef, 0x12345678];
    for (let i = 0; i < 1000; i++) samples.push((Math.random() * 2 ** 32) >>> 0);
    for (const word of samples) expect(popcount32(word)).toBe(naivePopcount(word));
  });
});

describe('hamming distances', () => {
  it('counts differing bits of 64-bit codes at offsets', () => {
    const a = hexToWords('ffffffff00000000' + '0000000000000001');
    const b = hexToWords('0000000000000000');
    expect(hammingDistance64(a, b)).toBe(32);
    expect(hammingDistance64(a, b, 2, 0)).toBe(1);
  });
  it('counts differing bits of 256-bit codes', () => {
    const a = new Uint32Array(8).fill(0xffffffff);
    const b = new Uint32Array(8);
    expect(hammingDistance256(a, b)).toBe(256);
    b[3] = 0xf0f0f0f0;
    expect(hammingDistance256(a, b)).toBe(240);
  });
  it('round-trips hex with word 0 first and bit 0 as its most significant bit', () => {
    const words = new Uint32Array(2);
    setBit(words, 0);
    setBit(words, 63);
    expect(wordsToHex(words)).toBe('8000000000000001');
    expect(getBit(hexToWords('8000000000000001'), 63)).toBe(1);
    expect(() => hexToWords('abc')).toThrow(RangeError);
  });
});
