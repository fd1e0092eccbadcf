/**
 * The back end of the low-band MP3 decoder: IMDCT of the kept subbands, overlap-add, and the
 * polyphase synthesis evaluated only at the outputs kept (every `decimation`-th sample). Two
 * implementations share this interface: {@link JsSynthesis} (reference, any runtime) and the
 * WebAssembly SIMD one in synthesis-simd.ts.
 */
import { synthesisWindow } from './layer3-tables.js';

/** Floats per subband in the subband buffers (18 slots, padded for 4-wide SIMD). */
export const SUBBAND_STRIDE = 20;

/** What the decoder drives, once per granule: begin, add channels' IMDCTs, finish. */
export interface Synthesis {
  /** Long-block input: 18 lines per subband, from subband 0. */
  readonly spectrum: Float32Array | Float64Array;
  /** This granule's subband samples [sb * SUBBAND_STRIDE + slot], after overlap-add. */
  readonly sub: Float32Array | Float64Array;
  /** The overlap carried into the next granule, same layout. */
  readonly next: Float32Array | Float64Array;
  /** Start a granule: `sub` = the carried overlap, `next` = 0. */
  begin(): void;
  /** Add the windowed IMDCT of `spectrum`'s first `count` subbands (block type 0, 1 or 3), times `weight`. */
  imdctLong(blockType: number, count: number, weight: number): void;
  /** Frequency inversion and synthesis: 18 × outputs samples, valid until the next call. */
  finish(): Float32Array | Float64Array;
  /** Forget the overlap (a granule of silence follows). */
  silence(): void;
}

/** The layout the back ends share: kept subbands, outputs per slot and their phase. */
export interface SynthesisLayout {
  /** Subbands synthesised (the rest are zero). */
  readonly keep: number;
  /** Outputs per slot of 32 input-rate samples: 32 / decimation. */
  readonly outputs: number;
  /** Which sample of each group of `decimation` is kept (0 ≤ phase < decimation). */
  readonly phase: number;
}

/**
 * Matrixing and window rows for the kept outputs. Output j of a slot (j = phase + m * decimation)
 * needs V[j] of the even-aged slots and V[32 + j] of the odd-aged ones (ISO 11172-3's U vector):
 * `cosEven`/`cosOdd` are [keep][outputs] rows of V's matrix, `windowEven`/`windowOdd` [8][outputs]
 * taps of the synthesis window D.
 */
export function synthesisRows(layout: SynthesisLayout): { cosEven: Float64Array; cosOdd: Float64Array; windowEven: Float64Array; windowOdd: Float64Array } {
  const { keep, outputs, phase } = layout;
  const decimation = 32 / outputs;
  const window = synthesisWindow();
  const cosEven = new Float64Array(keep * outputs);
  const cosOdd = new Float64Array(keep * outputs);
  const windowEven = new Float64Array(8 * outputs);
  const windowOdd = new Float64Array(8 * outputs);
  for (let m = 0; m < outputs; m++) {
    const j = phase + m * decimation;
    for (let k = 0; k < keep; k++) {
      cosEven[k * outputs + m] = Math.cos(((16 + j) * (2 * k + 1) * Math.PI) / 64);
      cosOdd[k * outputs + m] = Math.cos(((48 + j) * (2 * k + 1) * Math.PI) / 64);
    }
    for (let i = 0; i < 8; i++) {
      windowEven[i * outputs + m] = window[j + 64 * i];
      windowOdd[i * outputs + m] = window[j + 64 * i + 32];
    }
  }
  return { cosEven, cosOdd, windowEven, windowOdd };
}

/** The four long-block windows (36 taps each, by block type; type 2's is unused). */
export function longWindows(): Float64Array[] {
  return [0, 1, 2, 3].map((type) =>
    Float64Array.from({ length: 36 }, (_, i) => {
      const long = Math.sin((Math.PI / 36) * (i + 0.5));
      if (type === 1) return i < 18 ? long : i < 24 ? 1 : i < 30 ? Math.sin((Math.PI / 12) * (i - 18 + 0.5)) : 0;
      if (type === 3) return i < 6 ? 0 : i < 12 ? Math.sin((Math.PI / 12) * (i - 6 + 0.5)) : i < 18 ? 1 : long;
      return long;
    }),
  );
}

/** cos(π/72 (2i + 19)(2k + 1)): output i of the 36-point IMDCT from line k. */
export function imdct36Cosine(i: number, k: number): number {
  return Math.cos((Math.PI / 72) * (2 * i + 1 + 18) * (2 * k + 1));
}

/** The 12-point IMDCT of short blocks with its window folded in: [i][k], 12 × 6. */
const SHORT_IMDCT = (() => {
  const table = new Float64Array(12 * 6);
  for (let i = 0; i < 12; i++) {
    for (let k = 0; k < 6; k++) table[i * 6 + k] = Math.sin((Math.PI / 12) * (i + 0.5)) * Math.cos((Math.PI / 24) * (2 * i + 1 + 6) * (2 * k + 1));
  }
  return table;
})();

/**
 * Add the short-block IMDCT of subbands `from`..`to - 1` to a synthesis' `sub` and `next`:
 * `windows` holds the three windows' spectra (192 lines each, frequency order), times `weight`.
 * Short blocks are a few percent of granules, so this one loop serves both back ends.
 */
export function addShortBlocks(synthesis: Synthesis, windows: Float64Array, from: number, to: number, weight: number): void {
  const sub = synthesis.sub;
  const next = synthesis.next;
  const out = new Float64Array(36);
  for (let sb = from; sb < to; sb++) {
    out.fill(0);
    for (let w = 0; w < 3; w++) {
      const base = w * 192 + sb * 6;
      for (let i = 0; i < 12; i++) {
        let sum = 0;
        for (let k = 0; k < 6; k++) sum += SHORT_IMDCT[i * 6 + k] * windows[base + k];
        out[6 + 6 * w + i] += sum * weight;
      }
    }
    const base = sb * SUBBAND_STRIDE;
    for (let i = 0; i < 18; i++) {
      sub[base + i] += out[i];
      next[base + i] += out[18 + i];
    }
  }
}

/**
 * The JavaScript back end (float64): the reference, and the path where WebAssembly SIMD is
 * missing. The 36-point IMDCT uses its symmetries (x[17 - i] = -x[i] for i < 9, x[53 - i] = x[i]
 * for 18 ≤ i < 27), so 18 of the 36 outputs are computed.
 */
export class JsSynthesis implements Synthesis {
  readonly spectrum: Float64Array = new Float64Array(576);
  readonly sub: Float64Array = new Float64Array(32 * SUBBAND_STRIDE);
  next: Float64Array<ArrayBuffer> = new Float64Array(32 * SUBBAND_STRIDE);
  private overlap: Float64Array<ArrayBuffer> = new Float64Array(32 * SUBBAND_STRIDE);
  private readonly layout: SynthesisLayout;
  private readonly rows: ReturnType<typeof synthesisRows>;
  private readonly cosines = new Float64Array(18 * 18);
  private readonly windows = longWindows();
  private readonly imdctOut = new Float64Array(36);
  private readonly ringEven: Float64Array;
  private readonly ringOdd: Float64Array;
  private readonly out: Float64Array;
  private head = 0;

  constructor(layout: SynthesisLayout) {
    this.layout = layout;
    this.rows = synthesisRows(layout);
    for (let r = 0; r < 18; r++) for (let k = 0; k < 18; k++) this.cosines[r * 18 + k] = imdct36Cosine(r < 9 ? r : r + 9, k);
    this.ringEven = new Float64Array(32 * layout.outputs);
    this.ringOdd = new Float64Array(32 * layout.outputs);
    this.out = new Float64Array(18 * layout.outputs);
  }

  begin(): void {
    const used = this.layout.keep * SUBBAND_STRIDE;
    this.sub.set(this.overlap.subarray(0, used));
    this.next.fill(0, 0, used);
  }

  imdctLong(blockType: number, count: number, weight: number): void {
    const spectrum = this.spectrum;
    const cosines = this.cosines;
    const window = this.windows[blockType];
    const out = this.imdctOut;
    const sub = this.sub;
    const next = this.next;
    for (let sb = 0; sb < count; sb++) {
      const line = sb * 18;
      for (let r = 0; r < 18; r++) {
        let sum = 0;
        for (let k = 0; k < 18; k++) sum += cosines[r * 18 + k] * spectrum[line + k];
        sum *= weight;
        if (r < 9) {
          out[r] = sum;
          out[17 - r] = -sum;
        } else {
          out[r + 9] = sum;
          out[44 - r] = sum; // 53 - (r + 9)
        }
      }
      const base = sb * SUBBAND_STRIDE;
      for (let i = 0; i < 18; i++) {
        sub[base + i] += out[i] * window[i];
        next[base + i] += out[18 + i] * window[18 + i];
      }
    }
  }

  finish(): Float64Array {
    const { keep, outputs } = this.layout;
    const sub = this.sub;
    invertOddSubbands(sub, keep);
    const carried = this.overlap;
    this.overlap = this.next;
    this.next = carried;
    const { cosEven, cosOdd, windowEven, windowOdd } = this.rows;
    const ringEven = this.ringEven;
    const ringOdd = this.ringOdd;
    const out = this.out;
    for (let slot = 0; slot < 18; slot++) {
      const head = (this.head = (this.head + 15) & 15);
      for (let m = 0; m < outputs; m++) {
        let even = 0;
        let odd = 0;
        for (let k = 0; k < keep; k++) {
          const s = sub[k * SUBBAND_STRIDE + slot];
          even += cosEven[k * outputs + m] * s;
          odd += cosOdd[k * outputs + m] * s;
        }
        ringEven[head * outputs + m] = ringEven[(head + 16) * outputs + m] = even;
        ringOdd[head * outputs + m] = ringOdd[(head + 16) * outputs + m] = odd;
      }
      for (let m = 0; m < outputs; m++) {
        let sum = 0;
        for (let i = 0; i < 8; i++) {
          sum += windowEven[i * outputs + m] * ringEven[(head + 2 * i) * outputs + m];
          sum += windowOdd[i * outputs + m] * ringOdd[(head + 2 * i + 1) * outputs + m];
        }
        out[slot * outputs + m] = sum;
      }
    }
    return out;
  }

  silence(): void {
    this.sub.fill(0);
    this.overlap.fill(0);
    this.next.fill(0);
  }
}

/** Frequency inversion: odd subbands' odd slots change sign. */
export function invertOddSubbands(sub: Float32Array | Float64Array, keep: number): void {
  for (let sb = 1; sb < keep; sb += 2) {
    const base = sb * SUBBAND_STRIDE;
    for (let i = 1; i < 18; i += 2) sub[base + i] = -sub[base + i];
  }
}
