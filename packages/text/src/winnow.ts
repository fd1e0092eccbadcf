/**
 * Winnowing (Schleimer, Wilkerson & Aiken 2003): from every window of `windowSize` consecutive
 * shingle hashes keep the minimum (the rightmost one on ties), recording each selection once.
 * Any match of at least `windowSize + shingleSize − 1` tokens shares a selected fingerprint;
 * about 2/(windowSize+1) of the shingles are kept. Streaming: one shingle at a time.
 */

/** Growable selected fingerprints: hash, shingle index and the original range of the shingle. */
export class FingerprintList {
  hashes: Uint32Array;
  positions: Uint32Array;
  starts: Uint32Array;
  ends: Uint32Array;
  length = 0;

  constructor(capacity = 256) {
    this.hashes = new Uint32Array(capacity);
    this.positions = new Uint32Array(capacity);
    this.starts = new Uint32Array(capacity);
    this.ends = new Uint32Array(capacity);
  }

  push(hash: number, position: number, start: number, end: number): void {
    if (this.length === this.hashes.length) {
      const capacity = this.length * 2;
      const grow = (a: Uint32Array): Uint32Array => {
        const b = new Uint32Array(capacity);
        b.set(a);
        return b;
      };
      this.hashes = grow(this.hashes);
      this.positions = grow(this.positions);
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
    }
    const i = this.length++;
    this.hashes[i] = hash;
    this.positions[i] = position;
    this.starts[i] = start;
    this.ends[i] = end;
  }
}

/** Streaming winnower over shingles. */
export class Winnower {
  private readonly windowSize: number;
  private readonly ringHashes: Uint32Array;
  private readonly ringStarts: Uint32Array;
  private readonly ringEnds: Uint32Array;
  private count = 0; // shingles seen
  private minIndex = -1; // shingle index of the current window minimum
  private lastRecorded = -1;
  /** Only fingerprints with `(hash & sampleMask) === 0` are recorded (0 = keep all). */
  sampleMask = 0;
  /** Selections made so far, recorded or not (SimHash uses every selection). */
  selected = 0;
  /** Hash of the latest selection. */
  lastSelected = 0;
  /** The selected fingerprints. */
  readonly out: FingerprintList;

  constructor(windowSize: number, out: FingerprintList = new FingerprintList()) {
    this.windowSize = windowSize;
    this.ringHashes = new Uint32Array(windowSize);
    this.ringStarts = new Uint32Array(windowSize);
    this.ringEnds = new Uint32Array(windowSize);
    this.out = out;
  }

  /** Add shingle number `count` (consecutive from 0) with its hash and original range. */
  push(hash: number, start: number, end: number): void {
    const w = this.windowSize;
    const index = this.count++;
    const slot = index % w;
    this.ringHashes[slot] = hash;
    this.ringStarts[slot] = start;
    this.ringEnds[slot] = end;
    if (this.minIndex >= 0 && this.minIndex > index - w && hash <= this.ringHashes[this.minIndex % w]) {
      this.minIndex = index;
    } else if (this.minIndex < 0 || this.minIndex <= index - w) {
      // the minimum left the window (or none yet): rescan, rightmost minimum wins
      let best = index;
      const first = Math.max(0, index - w + 1);
      for (let j = index - 1; j >= first; j--) if (this.ringHashes[j % w] < this.ringHashes[best % w]) best = j;
      this.minIndex = best;
    }
    if (index >= w - 1) this.record();
  }

  /** Flush a text shorter than one window (its minimum is recorded). */
  finish(): void {
    if (this.count > 0 && this.count < this.windowSize) this.record();
  }

  private record(): void {
    const m = this.minIndex;
    if (m === this.lastRecorded) return;
    this.lastRecorded = m;
    const slot = m % this.windowSize;
    const hash = this.ringHashes[slot];
    this.selected++;
    this.lastSelected = hash;
    if ((hash & this.sampleMask) !== 0) return;
    this.out.push(hash, m, this.ringStarts[slot], this.ringEnds[slot]);
  }
}

/** Keep only the fingerprints with `(hash & mask) === 0`, in place. */
export function sampleFingerprints(list: FingerprintList, mask: number): void {
  let kept = 0;
  for (let i = 0; i < list.length; i++) {
    if ((list.hashes[i] & mask) !== 0) continue;
    list.hashes[kept] = list.hashes[i];
    list.positions[kept] = list.positions[i];
    list.starts[kept] = list.starts[i];
    list.ends[kept] = list.ends[i];
    kept++;
  }
  list.length = kept;
}

/** Reference winnowing over a whole array (for tests): selected shingle indices. */
export function naiveWinnow(hashes: Uint32Array, windowSize: number): number[] {
  const selected: number[] = [];
  const windows = Math.max(1, hashes.length - windowSize + 1);
  for (let start = 0; start < windows && start < hashes.length; start++) {
    let best = start;
    for (let j = start; j < Math.min(hashes.length, start + windowSize); j++) if (hashes[j] <= hashes[best]) best = j;
    if (selected[selected.length - 1] !== best) selected.push(best);
  }
  return selected;
}
