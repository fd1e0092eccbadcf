/**
 * AAC's synthesis filterbank (ISO/IEC 14496-3 4.6.11) at a reduced rate: each frame's IMDCT
 * (one of 2048 points, or eight of 256) is computed at 1/D of its size from the first 1/D of its
 * lines, which gives samples D·m + (D − 1)/2 of the full transform (the band below rate / 2D is
 * all it keeps). The sine and Kaiser-Bessel-derived windows are evaluated at those positions, so
 * the decimated output is the full decoder's output low-passed, without computing the rest.
 */
import { Imdct } from '../vorbis/imdct.js';
import { simdImdct, type SimdImdct } from '../vorbis/imdct-simd.js';
import { EIGHT_SHORT, LONG_START, LONG_STOP } from './channel-stream.js';

/** The rising half of a Kaiser-Bessel-derived window of 2·half points with parameter alpha. */
function kbdRisingHalf(half: number, alpha: number): Float64Array {
  const besselI0 = (x: number): number => {
    let sum = 1;
    let term = 1;
    for (let k = 1; k < 50; k++) {
      term *= (x / (2 * k)) ** 2;
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return sum;
  };
  const kernel = new Float64Array(half + 1);
  for (let n = 0; n <= half; n++) {
    const r = (n - half / 2) / (half / 2);
    kernel[n] = besselI0(Math.PI * alpha * Math.sqrt(Math.max(0, 1 - r * r)));
  }
  let total = 0;
  for (let n = 0; n <= half; n++) total += kernel[n];
  const rising = new Float64Array(half);
  let running = 0;
  for (let n = 0; n < half; n++) {
    running += kernel[n];
    rising[n] = Math.sqrt(running / total);
  }
  return rising;
}

const KBD_LONG = kbdRisingHalf(1024, 4);
const KBD_SHORT = kbdRisingHalf(128, 6);

/** The rising half (length 1024 or 128) of window `shape` (0 sine, 1 KBD) at fractional position p. */
function rising(shape: number, length: number, p: number): number {
  if (shape === 0) return Math.sin((Math.PI / (2 * length)) * (p + 0.5));
  const table = length === 1024 ? KBD_LONG : KBD_SHORT;
  const below = Math.max(0, Math.min(length - 1, Math.floor(p)));
  const above = Math.min(length - 1, below + 1);
  const t = p - below;
  return table[below] * (1 - t) + table[above] * t;
}

/** The full-rate value of a long frame's window at position p in [0, 2048). */
function longWindowAt(sequence: number, previousShape: number, shape: number, p: number): number {
  if (p < 1024) {
    if (sequence !== LONG_STOP) return rising(previousShape, 1024, p);
    if (p < 448) return 0;
    if (p < 576) return rising(previousShape, 128, p - 448);
    return 1;
  }
  if (sequence !== LONG_START) return rising(shape, 1024, 2047 - p);
  if (p < 1472) return 1;
  if (p < 1600) return rising(shape, 128, 1599 - p);
  return 0;
}

/** Synthesis of a mono mix, D = 1, 2 or 4. */
export class ReducedFilterbank {
  readonly decimation: number;
  /** Output samples per frame: 1024 / D. */
  readonly frameLength: number;
  private readonly longImdct: Imdct;
  private readonly shortImdct: Imdct;
  private readonly simd: SimdImdct | null;
  private readonly windows = new Map<number, Float64Array>();
  private readonly block: Float64Array;
  private readonly frame: Float64Array;
  private readonly overlap: Float64Array;
  private readonly shortSpectrum: Float64Array;
  /** The frame's one long transform, not yet copied (a view the next transform overwrites). */
  private pending: Float64Array | Float32Array | null = null;
  private frameInUse = false;

  constructor(decimation: number, options: { readonly simd?: boolean } = {}) {
    this.decimation = decimation;
    this.frameLength = 1024 / decimation;
    const n = 2048 / decimation;
    this.longImdct = new Imdct(n);
    this.shortImdct = new Imdct(n / 8);
    this.simd = options.simd === false ? null : simdImdct(n / 8, n);
    this.block = new Float64Array(n);
    this.frame = new Float64Array(n);
    this.overlap = new Float64Array(n / 2);
    this.shortSpectrum = new Float64Array(n / 16);
  }

  /** The window of a long frame or of a short window (the first takes the previous shape on its left), at the reduced positions. */
  private windowOf(sequence: number, previousShape: number, shape: number, firstShort: boolean): Float64Array {
    const key = sequence * 8 + previousShape * 4 + shape * 2 + (firstShort ? 1 : 0);
    let window = this.windows.get(key);
    if (window) return window;
    const d = this.decimation;
    const offset = (d - 1) / 2;
    if (sequence === EIGHT_SHORT) {
      const left = firstShort ? previousShape : shape;
      window = Float64Array.from({ length: 256 / d }, (_, m) => {
        const p = d * m + offset;
        return p < 128 ? rising(left, 128, p) : rising(shape, 128, 255 - p);
      });
    } else {
      window = Float64Array.from({ length: 2048 / d }, (_, m) => longWindowAt(sequence, previousShape, shape, d * m + offset));
    }
    this.windows.set(key, window);
    return window;
  }

  /** Starts a frame: channels are then added with {@link add}, and {@link finish} writes it. */
  begin(): void {
    this.pending = null;
    this.frameInUse = false;
  }

  /**
   * Adds the windowed IMDCT of `spectrum` (1024 lines; short windows 8 × 128, of which the first
   * 1/D per window are read: the rest must be zero where unwanted) to the frame. Channels whose
   * windows agree can be summed first and added once (the transform is linear).
   */
  add(spectrum: Float64Array, sequence: number, previousShape: number, shape: number): void {
    const d = this.decimation;
    const n = 2048 / d;
    if (sequence !== EIGHT_SHORT && !this.frameInUse && this.pending === null) {
      // The usual frame, one long transform: kept as is (until the next transform) for finish.
      this.pending = this.transform(n, spectrum, this.windowOf(sequence, previousShape, shape, false));
      return;
    }
    const frame = this.useFrame();
    if (sequence === EIGHT_SHORT) {
      const shortN = n / 8;
      const input = this.shortSpectrum;
      for (let w = 0; w < 8; w++) {
        // Eight 256-point IMDCTs at 448 + 128w; ×8 turns their 2/256 scale into the long one's 2/2048.
        for (let k = 0; k < shortN / 2; k++) input[k] = spectrum[w * 128 + k] * 8;
        const block = this.transform(shortN, input, this.windowOf(EIGHT_SHORT, previousShape, shape, w === 0));
        const start = (448 + 128 * w) / d;
        for (let t = 0; t < shortN; t++) frame[start + t] += block[t];
      }
    } else {
      const block = this.transform(n, spectrum, this.windowOf(sequence, previousShape, shape, false));
      for (let t = 0; t < n; t++) frame[t] += block[t];
    }
  }

  /** The frame buffer for accumulating, holding what was added so far. */
  private useFrame(): Float64Array {
    const frame = this.frame;
    if (!this.frameInUse) {
      if (this.pending) frame.set(this.pending);
      else frame.fill(0);
      this.pending = null;
      this.frameInUse = true;
    }
    return frame;
  }

  /** Writes the frame's first half plus the previous frame's second half ({@link frameLength} samples) to `out` at `at`, times `gain`. */
  finish(out: Float32Array, at: number, gain: number): void {
    const n = 2048 / this.decimation;
    const half = n / 2;
    const frame = this.pending ?? this.useFrame();
    const overlap = this.overlap;
    // 2/N of the IMDCT (N = 2048), and 16-bit full scale.
    const scale = gain / (1024 * 32768);
    for (let t = 0; t < half; t++) out[at + t] = (frame[t] + overlap[t]) * scale;
    for (let t = half; t < n; t++) overlap[t - half] = frame[t];
  }

  private transform(n: number, spectrum: Float64Array, window: Float64Array): Float64Array | Float32Array {
    if (this.simd) return this.simd.transform(n, spectrum, window);
    (n === this.longImdct.size ? this.longImdct : this.shortImdct).transform(spectrum, this.block, window);
    return this.block;
  }
}
