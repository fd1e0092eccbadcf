/** Seeded test data: a small PRNG and codes with planted near neighbours. */

/** mulberry32: deterministic uint32 stream. */
export function randomWords(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Copy of `code` with `flips` distinct random bits flipped. */
export function flipBits(code: Uint32Array, flips: number, next: () => number): Uint32Array {
  const copy = code.slice();
  const bits = code.length * 32;
  const chosen = new Set<number>();
  while (chosen.size < flips) chosen.add(next() % bits);
  for (const bit of chosen) copy[bit >>> 5] ^= 1 << (31 - (bit & 31));
  return copy;
}

/** `count` random codes of `words` words, packed. */
export function randomCodes(count: number, words: number, next: () => number): Uint32Array {
  const codes = new Uint32Array(count * words);
  for (let i = 0; i < codes.length; i++) codes[i] = next();
  return codes;
}
