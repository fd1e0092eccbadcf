/**
 * The inverse MDCT of Vorbis, y[t] = sum over k < n/2 of X[k] cos(2π/n (t + n/4 + 1/2)(k + 1/2)),
 * through a DCT-IV of n/2 points computed with an n/4-point complex FFT.
 */

/** One transform size (a power of two, at least 16). */
export class Imdct {
  readonly size: number;
  private readonly quarter: number;
  private readonly preCos: Float64Array;
  private readonly preSin: Float64Array;
  private readonly postCos: Float64Array;
  private readonly postSin: Float64Array;
  private readonly fftCos: Float64Array;
  private readonly fftSin: Float64Array;
  private readonly bitReverse: Uint32Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly dct: Float64Array;

  constructor(size: number) {
    this.size = size;
    const half = size / 2;
    const quarter = (this.quarter = size / 4);
    this.preCos = new Float64Array(quarter);
    this.preSin = new Float64Array(quarter);
    this.postCos = new Float64Array(quarter);
    this.postSin = new Float64Array(quarter);
    for (let p = 0; p < quarter; p++) {
      this.preCos[p] = Math.cos((-Math.PI * (p + 0.25)) / half);
      this.preSin[p] = Math.sin((-Math.PI * (p + 0.25)) / half);
      this.postCos[p] = Math.cos((-Math.PI * p) / half);
      this.postSin[p] = Math.sin((-Math.PI * p) / half);
    }
    this.fftCos = new Float64Array(quarter / 2);
    this.fftSin = new Float64Array(quarter / 2);
    for (let i = 0; i < quarter / 2; i++) {
      this.fftCos[i] = Math.cos((-2 * Math.PI * i) / quarter);
      this.fftSin[i] = Math.sin((-2 * Math.PI * i) / quarter);
    }
    const bits = Math.round(Math.log2(quarter));
    this.bitReverse = new Uint32Array(quarter);
    for (let i = 0; i < quarter; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.bitReverse[i] = r;
    }
    this.re = new Float64Array(quarter);
    this.im = new Float64Array(quarter);
    this.dct = new Float64Array(half);
  }

  /** `out[0..size)` from the first `size / 2` values of `spectrum`, times `window[t]` when given. */
  transform(spectrum: Float64Array, out: Float64Array, window?: Float64Array): void {
    const half = this.size / 2;
    const quarter = this.quarter;
    const re = this.re;
    const im = this.im;
    const preCos = this.preCos;
    const preSin = this.preSin;
    const bitReverse = this.bitReverse;
    const fftCos = this.fftCos;
    const fftSin = this.fftSin;
    // Pre-twiddle (X[2p] + i X[half - 1 - 2p]) e^{-iπ(p + 1/4)/half}, in bit-reversed order.
    for (let p = 0; p < quarter; p++) {
      const a = spectrum[2 * p];
      const b = spectrum[half - 1 - 2 * p];
      const c = preCos[p];
      const s = preSin[p];
      const r = bitReverse[p];
      re[r] = a * c - b * s;
      im[r] = a * s + b * c;
    }
    // Radix-2 FFT.
    for (let span = 1; span < quarter; span <<= 1) {
      const step = quarter / (span * 2);
      for (let start = 0; start < quarter; start += span * 2) {
        for (let k = 0; k < span; k++) {
          const c = fftCos[k * step];
          const s = fftSin[k * step];
          const i = start + k;
          const j = i + span;
          const tr = re[j] * c - im[j] * s;
          const ti = re[j] * s + im[j] * c;
          re[j] = re[i] - tr;
          im[j] = im[i] - ti;
          re[i] += tr;
          im[i] += ti;
        }
      }
    }
    // Post-twiddle into the DCT-IV, then unfold to the n outputs.
    const dct = this.dct;
    const postCos = this.postCos;
    const postSin = this.postSin;
    for (let q = 0; q < quarter; q++) {
      const c = postCos[q];
      const s = postSin[q];
      dct[2 * q] = re[q] * c - im[q] * s;
      dct[half - 1 - 2 * q] = -(re[q] * s + im[q] * c);
    }
    const n = this.size;
    const n4 = n / 4;
    if (window) {
      for (let t = 0; t < n4; t++) out[t] = dct[t + n4] * window[t];
      for (let t = n4; t < 3 * n4; t++) out[t] = -dct[3 * n4 - 1 - t] * window[t];
      for (let t = 3 * n4; t < n; t++) out[t] = -dct[t - 3 * n4] * window[t];
      return;
    }
    for (let t = 0; t < n4; t++) out[t] = dct[t + n4];
    for (let t = n4; t < 3 * n4; t++) out[t] = -dct[3 * n4 - 1 - t];
    for (let t = 3 * n4; t < n; t++) out[t] = -dct[t - 3 * n4];
  }
}
