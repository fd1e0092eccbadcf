/**
 * The WebAssembly SIMD back end of the low-band MP3 decoder (source: synthesis.wat): the long-block
 * IMDCT as an 18 × 40 matrix product four outputs at a time, and the decimated polyphase
 * synthesis four outputs at a time. Each decoder has its own instance (its state lives in the
 * instance's memory); the module is compiled once per thread.
 */
import { compileWasm } from '@mediadna/core';
import { MP3_SYNTHESIS_WASM_BASE64 } from './synthesis-wasm.js';
import { imdct36Cosine, invertOddSubbands, longWindows, SUBBAND_STRIDE, synthesisRows, type Synthesis, type SynthesisLayout } from './synthesis.js';

interface SynthesisExports {
  readonly memory: WebAssembly.Memory;
  imdct36(spec: number, matrix: number, sub: number, next: number, count: number, weight: number): void;
  synthesize(sub: number, keep: number, outputs: number, cosEven: number, cosOdd: number, windowEven: number, windowOdd: number,
    ringEven: number, ringOdd: number, head: number, out: number): number;
}

// Byte offsets in the instance's one page of memory (all 16-byte aligned).
const SPECTRUM = 0; // 576 floats
const MATRICES = 2304; // 4 block types × 18 × 40 floats
const SUB = MATRICES + 4 * 18 * 40 * 4; // 32 × 20 floats each:
const NEXT = SUB + 32 * SUBBAND_STRIDE * 4;
const OVERLAP = NEXT + 32 * SUBBAND_STRIDE * 4;
const COS_EVEN = OVERLAP + 32 * SUBBAND_STRIDE * 4; // up to 32 × 32 floats each:
const COS_ODD = COS_EVEN + 32 * 32 * 4;
const WINDOW_EVEN = COS_ODD + 32 * 32 * 4; // 8 × 32 floats each:
const WINDOW_ODD = WINDOW_EVEN + 8 * 32 * 4;
const RING_EVEN = WINDOW_ODD + 8 * 32 * 4; // 32 × 32 floats each:
const RING_ODD = RING_EVEN + 32 * 32 * 4;
const OUT = RING_ODD + 32 * 32 * 4; // 18 × 32 floats
const END = OUT + 18 * 32 * 4;

let compiled: WebAssembly.Module | null | undefined;

/** The SIMD back end for `layout`, or null where WebAssembly SIMD is unavailable. */
export function simdSynthesis(layout: SynthesisLayout): Synthesis | null {
  if (compiled === undefined) compiled = compileWasm(MP3_SYNTHESIS_WASM_BASE64);
  if (!compiled || END > 65536) return null;
  return new SimdSynthesis(new WebAssembly.Instance(compiled).exports as unknown as SynthesisExports, layout);
}

class SimdSynthesis implements Synthesis {
  readonly spectrum: Float32Array;
  readonly sub: Float32Array;
  readonly next: Float32Array;
  private readonly overlap: Float32Array;
  private readonly out: Float32Array;
  private readonly exports: SynthesisExports;
  private readonly layout: SynthesisLayout;
  private head = 0;

  constructor(exports: SynthesisExports, layout: SynthesisLayout) {
    this.exports = exports;
    this.layout = layout;
    const buffer = exports.memory.buffer;
    this.spectrum = new Float32Array(buffer, SPECTRUM, 576);
    this.sub = new Float32Array(buffer, SUB, 32 * SUBBAND_STRIDE);
    this.next = new Float32Array(buffer, NEXT, 32 * SUBBAND_STRIDE);
    this.overlap = new Float32Array(buffer, OVERLAP, 32 * SUBBAND_STRIDE);
    this.out = new Float32Array(buffer, OUT, 18 * layout.outputs);
    // IMDCT matrices: row k holds outputs 0..17 (padded to 20) then 18..35 (padded), windowed.
    const matrices = new Float32Array(buffer, MATRICES, 4 * 18 * 40);
    longWindows().forEach((window, type) => {
      for (let k = 0; k < 18; k++) {
        for (let i = 0; i < 36; i++) matrices[type * 720 + k * 40 + (i < 18 ? i : i + 2)] = window[i] * imdct36Cosine(i, k);
      }
    });
    const rows = synthesisRows(layout);
    new Float32Array(buffer, COS_EVEN, rows.cosEven.length).set(rows.cosEven);
    new Float32Array(buffer, COS_ODD, rows.cosOdd.length).set(rows.cosOdd);
    new Float32Array(buffer, WINDOW_EVEN, rows.windowEven.length).set(rows.windowEven);
    new Float32Array(buffer, WINDOW_ODD, rows.windowOdd.length).set(rows.windowOdd);
  }

  begin(): void {
    const used = this.layout.keep * SUBBAND_STRIDE;
    this.sub.set(this.overlap.subarray(0, used));
    this.next.fill(0, 0, used);
  }

  imdctLong(blockType: number, count: number, weight: number): void {
    this.exports.imdct36(SPECTRUM, MATRICES + blockType * 720 * 4, SUB, NEXT, count, weight);
  }

  finish(): Float32Array {
    const { keep, outputs } = this.layout;
    invertOddSubbands(this.sub, keep);
    this.overlap.set(this.next.subarray(0, keep * SUBBAND_STRIDE));
    this.head = this.exports.synthesize(SUB, keep, outputs, COS_EVEN, COS_ODD, WINDOW_EVEN, WINDOW_ODD, RING_EVEN, RING_ODD, this.head, OUT);
    return this.out;
  }

  silence(): void {
    this.sub.fill(0);
    this.overlap.fill(0);
    this.next.fill(0);
  }
}
