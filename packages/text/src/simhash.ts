/**
 * 64-bit SimHash (Charikar 2002) over the selected (winnowed) fingerprints of a text, held as two
 * Uint32 words (`[low, high]`). Each fingerprint votes +1/−1 on 64 bit positions; the sign of each
 * counter is the bit. Texts that share most fingerprints differ in few bits.
 */
import { fmix32 } from './hash.js';

/** Running SimHash counters. */
export class SimHashAccumulator {
  /** How many features had each bit set: bit 0..31 = low word, 32..63 = high word. */
  readonly ones: Int32Array = new Int32Array(64);
  count = 0;

  /** Add one 32-bit feature hash (expanded to 64 bits with a second mix). */
  add(hash: number): void {
    const ones = this.ones;
    // visit set bits only (about half): x & -x isolates the lowest, clz32 names it
    let low = hash | 0;
    while (low !== 0) {
      ones[31 - Math.clz32(low & -low)]++;
      low &= low - 1;
    }
    let high = fmix32(hash ^ 0x27d4eb2f) | 0;
    while (high !== 0) {
      ones[63 - Math.clz32(high & -high)]++;
      high &= high - 1;
    }
    this.count++;
  }

  /** The 64-bit hash as `[low, high]`: a bit is set when most features had it set (each feature votes +1/−1). */
  digest(): Uint32Array {
    const out = new Uint32Array(2);
    for (let bit = 0; bit < 32; bit++) {
      if (2 * this.ones[bit] > this.count) out[0] |= 1 << bit;
      if (2 * this.ones[bit + 32] > this.count) out[1] |= 1 << bit;
    }
    return out;
  }
}

/** Reference SimHash with explicit ±1 votes on 64 counters (for tests). */
export function naiveSimHash64(features: Uint32Array): Uint32Array {
  const counters = new Int32Array(64);
  for (const hash of features) {
    const high = fmix32(hash ^ 0x27d4eb2f);
    for (let bit = 0; bit < 32; bit++) {
      counters[bit] += (hash >>> bit) & 1 ? 1 : -1;
      counters[bit + 32] += (high >>> bit) & 1 ? 1 : -1;
    }
  }
  const out = new Uint32Array(2);
  for (let bit = 0; bit < 32; bit++) {
    if (counters[bit] > 0) out[0] |= 1 << bit;
    if (counters[bit + 32] > 0) out[1] |= 1 << bit;
  }
  return out;
}

/** SimHash of a list of feature hashes. */
export function simHash64(features: Uint32Array): Uint32Array {
  const accumulator = new SimHashAccumulator();
  for (let i = 0; i < features.length; i++) accumulator.add(features[i]);
  return accumulator.digest();
}

/** Four 16-bit block keys of a SimHash: two hashes within Hamming distance 3 share at least one. */
export function simHashBlockKeys(simhash: Uint32Array, out: Uint32Array = new Uint32Array(4)): Uint32Array {
  out[0] = fmix32((simhash[0] & 0xffff) | 0x10000);
  out[1] = fmix32((simhash[0] >>> 16) | 0x20000);
  out[2] = fmix32((simhash[1] & 0xffff) | 0x30000);
  out[3] = fmix32((simhash[1] >>> 16) | 0x40000);
  return out;
}
