/**
 * The Vorbis IMDCT and window in WebAssembly SIMD (source: imdct.wat), one instance per decoder
 * (its memory holds that stream's tables). Null where WebAssembly SIMD is unavailable; the decoder
 * then keeps {@link Imdct} (imdct.ts), the float64 reference.
 */
import { compileWasm } from '@mediadna/core';
import { VORBIS_IMDCT_WASM_BASE64 } from './imdct-wasm.js';

interface ImdctExports {
  readonly memory: WebAssembly.Memory;
  imdct(spec: number, out: number, window: number, n: number, preCos: number, preSin: number, postCos: number, postSin: number,
    bitrev: number, twiddles: number, re: number, im: number, dct: number): void;
}

/** Byte offsets of one transform size's tables. */
interface SizeTables {
  readonly n: number;
  readonly preCos: number;
  readonly preSin: number;
  readonly postCos: number;
  readonly postSin: number;
  readonly bitrev: number;
  readonly twiddles: number;
}

let compiled: WebAssembly.Module | null | undefined;

/** Most window shapes per stream: a long block's four (short or long on each side) and the short one. */
const WINDOW_SLOTS = 5;

/** SIMD IMDCTs of the two block sizes of a stream, or null where they cannot run here. */
export function simdImdct(short: number, long: number): SimdImdct | null {
  if (compiled === undefined) compiled = compileWasm(VORBIS_IMDCT_WASM_BASE64);
  if (!compiled || short < 16) return null;
  return new SimdImdct(new WebAssembly.Instance(compiled).exports as unknown as ImdctExports, short, long);
}

export class SimdImdct {
  private readonly exports: ImdctExports;
  private readonly sizes: Map<number, SizeTables> = new Map();
  private readonly windows = new Map<Float64Array, number>();
  private readonly windowAt: number;
  private readonly spec: number;
  private readonly re: number;
  private readonly im: number;
  private readonly dct: number;
  private readonly outAt: number;
  private readonly long: number;
  private memory: ArrayBuffer;

  constructor(exports: ImdctExports, short: number, long: number) {
    this.exports = exports;
    this.long = long;
    let next = 0;
    const take = (floats: number): number => {
      const at = next;
      next += Math.ceil(floats / 4) * 16;
      return at;
    };
    const plan = (n: number): SizeTables => {
      const q = n / 4;
      return { n, preCos: take(q), preSin: take(q), postCos: take(q), postSin: take(q), bitrev: take(q), twiddles: take(2 * q + 4) };
    };
    const tables = [plan(short), ...(long !== short ? [plan(long)] : [])];
    this.windowAt = take(WINDOW_SLOTS * long);
    this.spec = take(long / 2);
    this.re = take(long / 4);
    this.im = take(long / 4);
    this.dct = take(long / 2);
    this.outAt = take(long);
    const memory = exports.memory;
    if (next > memory.buffer.byteLength) memory.grow(Math.ceil((next - memory.buffer.byteLength) / 65536));
    this.memory = memory.buffer;
    for (const t of tables) {
      this.fill(t);
      this.sizes.set(t.n, t);
    }
  }

  private fill(t: SizeTables): void {
    const { n } = t;
    const half = n / 2;
    const q = n / 4;
    const f = new Float32Array(this.memory);
    const i32 = new Int32Array(this.memory);
    const bits = Math.round(Math.log2(q));
    for (let p = 0; p < q; p++) {
      f[t.preCos / 4 + p] = Math.cos((-Math.PI * (p + 0.25)) / half);
      f[t.preSin / 4 + p] = Math.sin((-Math.PI * (p + 0.25)) / half);
      f[t.postCos / 4 + p] = Math.cos((-Math.PI * p) / half);
      f[t.postSin / 4 + p] = Math.sin((-Math.PI * p) / half);
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((p >> b) & 1) << (bits - 1 - b);
      i32[t.bitrev / 4 + p] = r * 4;
    }
    // Stage of span s: s cosines then s sines at float offset 2s.
    for (let span = 1; span < q; span *= 2) {
      for (let k = 0; k < span; k++) {
        f[t.twiddles / 4 + 2 * span + k] = Math.cos((-Math.PI * k) / span);
        f[t.twiddles / 4 + 3 * span + k] = Math.sin((-Math.PI * k) / span);
      }
    }
  }

  /** Where `window` (a cached window array of the decoder) sits in memory, copied on first use. */
  private windowOffset(window: Float64Array): number {
    let at = this.windows.get(window);
    if (at === undefined) {
      if (this.windows.size >= WINDOW_SLOTS) this.windows.clear();
      at = this.windowAt + this.windows.size * this.long * 4;
      new Float32Array(this.memory, at, window.length).set(window);
      this.windows.set(window, at);
    }
    return at;
  }

  /** The windowed IMDCT of the first n/2 values of `spectrum`: a view of n floats, valid until the next call. */
  transform(n: number, spectrum: Float64Array, window: Float64Array): Float32Array {
    const t = this.sizes.get(n)!;
    new Float32Array(this.memory, this.spec, n / 2).set(spectrum.subarray(0, n / 2));
    this.exports.imdct(this.spec, this.outAt, this.windowOffset(window), n, t.preCos, t.preSin, t.postCos, t.postSin, t.bitrev, t.twiddles, this.re, this.im, this.dct);
    return new Float32Array(this.memory, this.outAt, n);
  }
}
