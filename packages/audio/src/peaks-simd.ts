/**
 * The peak stage's per-frame loops in WebAssembly SIMD (source: peaks.wat): the sliding maximum
 * along frequency and the local-maximum test against the neighbouring frames, four bins at a time,
 * on float32 bit patterns. The same bits as the JavaScript loops of peaks.ts (the reference and
 * the fallback where WebAssembly SIMD is unavailable).
 *
 * One instance per peak picker: its memory holds the picker's ring of rows and their maxima.
 */
import { compileWasm } from '@mediadna/core';
import { PEAKS_WASM_BASE64 } from './peaks-wasm.js';

interface PeaksExports {
  readonly memory: WebAssembly.Memory;
  maxFilter(src: number, dst: number, count: number, radius: number): void;
  findPeaks(row: number, maxRow: number, rows: number, earlier: number, later: number, count: number, floorBits: number, out: number): number;
}

let compiled: WebAssembly.Module | null | undefined;

/** The bit pattern of the largest float32 at or below `value` (≥ 0): `v <= value` iff `bits(v) <= it` for float32 v ≥ 0. */
function floorBitsOf(value: number): number {
  const f32 = new Float32Array(1);
  const bits = new Int32Array(f32.buffer);
  f32[0] = value;
  return f32[0] > value ? bits[0] - 1 : bits[0];
}

/** A ring of `ringSize` rows of `binCount` powers and their frequency maxima, in WebAssembly memory. */
export class SimdPeakRows {
  /** Rows (views of the instance's memory; write powers here). */
  readonly rows: Float32Array[];
  private readonly exports: PeaksExports;
  private readonly rowAt: Int32Array;
  private readonly maxAt: Int32Array;
  private readonly binCount: number;
  private readonly radius: number;
  private readonly floorBits: number;
  private readonly neighbours: number;
  private readonly out: number;
  private readonly outView: Int32Array;
  private readonly neighbourView: Int32Array;

  private constructor(exports: PeaksExports, ringSize: number, binCount: number, radius: number, floorPower: number) {
    this.exports = exports;
    this.binCount = binCount;
    this.radius = radius;
    this.floorBits = floorBitsOf(floorPower);
    // Each row: `pad` entries of -1, the bins, `pad` more (windows and vector loads past the ends).
    const pad = radius + 4;
    const pitch = (pad + binCount + pad) * 4;
    let next = 0;
    this.rowAt = new Int32Array(ringSize);
    this.maxAt = new Int32Array(ringSize);
    for (let i = 0; i < ringSize; i++) {
      this.rowAt[i] = next + pad * 4;
      next += pitch;
    }
    for (let i = 0; i < ringSize; i++) {
      this.maxAt[i] = next + pad * 4;
      next += pitch;
    }
    this.neighbours = next;
    next += ringSize * 4;
    this.out = next;
    next += (binCount + 4) * 4;
    const memory = exports.memory;
    if (next > memory.buffer.byteLength) memory.grow(Math.ceil((next - memory.buffer.byteLength) / 65536));
    new Int32Array(memory.buffer, 0, next >> 2).fill(-1);
    this.rows = Array.from(this.rowAt, (at) => new Float32Array(memory.buffer, at, binCount));
    this.outView = new Int32Array(memory.buffer, this.out, binCount + 4);
    this.neighbourView = new Int32Array(memory.buffer, this.neighbours, ringSize);
  }

  /** A ring for a picker, or null where WebAssembly SIMD is unavailable. */
  static create(ringSize: number, binCount: number, radius: number, floorPower: number): SimdPeakRows | null {
    if (compiled === undefined) compiled = compileWasm(PEAKS_WASM_BASE64);
    if (!compiled) return null;
    return new SimdPeakRows(new WebAssembly.Instance(compiled).exports as unknown as PeaksExports, ringSize, binCount, radius, floorPower);
  }

  /** The frequency maxima (± radius bins) of ring row `slot`. */
  maxFilter(slot: number): void {
    this.exports.maxFilter(this.rowAt[slot], this.maxAt[slot], this.binCount, this.radius);
  }

  /**
   * The local maxima of ring row `slot` against the maxima of the `earlier` and `later` ring rows
   * (slots), as bins in ascending order: a view valid until the next call.
   */
  findPeaks(slot: number, earlier: readonly number[] | Int32Array, earlierCount: number, later: readonly number[] | Int32Array, laterCount: number): Int32Array {
    const neighbours = this.neighbourView;
    for (let k = 0; k < earlierCount; k++) neighbours[k] = this.maxAt[earlier[k]];
    for (let k = 0; k < laterCount; k++) neighbours[earlierCount + k] = this.maxAt[later[k]];
    const count = this.exports.findPeaks(this.rowAt[slot], this.maxAt[slot], this.neighbours, earlierCount, laterCount, this.binCount, this.floorBits, this.out);
    return this.outView.subarray(0, count);
  }
}
