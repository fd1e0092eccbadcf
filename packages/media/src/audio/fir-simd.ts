/**
 * The resampler's FIR loops in WebAssembly SIMD (source: fir.wat), about 4x the scalar JavaScript
 * loops: `halfband` (÷2 with symmetric taps, four outputs per step), `firPeriodic` (an exact
 * rational ratio from per-period row and step tables) and `fir` (any ratio, tabulated phases),
 * the last two four taps per instruction. Loaded synchronously once per thread (the module is
 * about 1 KB; its memory starts at 4 MiB for the tables); where WebAssembly SIMD is missing the
 * resampler keeps its JavaScript loops.
 *
 * Memory layout: padded filter tables from byte 0 (registered once per filter design, cleared
 * when the region fills), then a scratch region holding one call's input window and outputs.
 */
import { lazyWasm } from '@mediadna/core';
import { FIR_WASM_BASE64 } from './fir-wasm.js';

/** Bytes reserved for filter tables ahead of the scratch region (a 1025-phase, 140-tap table is 0.6 MB). */
const TABLE_REGION_BYTES = 4 << 20;
const PAGE_BYTES = 65536;

interface FirExports {
  readonly memory: WebAssembly.Memory;
  fir(
    hist: number,
    out: number,
    count: number,
    table: number,
    vecs: number,
    start: number,
    fraction: number,
    stepWhole: number,
    stepFraction: number,
    outputRate: number,
    phaseScale: number,
  ): void;
  firPeriodic(
    hist: number,
    out: number,
    count: number,
    table: number,
    vecs: number,
    start: number,
    q: number,
    period: number,
    rowBytes: number,
    stepBytes: number,
  ): void;
  halfband(
    window: number,
    pairsOfSamples: number,
    even: number,
    odd: number,
    out: number,
    quads: number,
    centreHalf: number,
    centreOffset: number,
    pairHalf: number,
    loBase: number,
    hiBase: number,
    pair: number,
    pairCount: number,
    centre: number,
  ): void;
}

/** A filter as the kernel reads it: rows of `vecs * 4` float32 taps, zero-padded. */
export interface PaddedFirTable {
  readonly rows: Float32Array;
  /** Taps per row divided by 4. */
  readonly vecs: number;
}

/** Pad a row-major float64 table of `taps`-long rows to float32 rows of a multiple of 4 taps. */
export function padFirTable(table: Float64Array, taps: number): PaddedFirTable {
  const vecs = Math.ceil(taps / 4);
  const rowCount = table.length / taps;
  const rows = new Float32Array(rowCount * vecs * 4);
  for (let r = 0; r < rowCount; r++) rows.set(table.subarray(r * taps, (r + 1) * taps), r * vecs * 4);
  return { rows, vecs };
}

/** A half-band filter as its kernel reads it: centre tap, and pair coefficients splatted to 4 lanes. */
export interface HalfBandTaps {
  /** Index of the centre tap in a row of the filter (the first output is centred on `input[centreTap]`). */
  readonly centreTap: number;
  readonly centre: number;
  /** Coefficient of pair p (samples at distance 2p + 1 either side), each repeated 4 times. */
  readonly rows: Float32Array;
}

/** Splat the pair coefficients of a half-band filter for {@link SimdFir.runHalfBand}. */
export function halfBandTaps(centreTap: number, centre: number, pairCoefficient: Float64Array): HalfBandTaps {
  const rows = new Float32Array(pairCoefficient.length * 4);
  for (let p = 0; p < pairCoefficient.length; p++) rows.fill(pairCoefficient[p], p * 4, p * 4 + 4);
  return { centreTap, centre, rows };
}

/**
 * The phase pattern of an exact rational ratio for `firPeriodic`: for each output q of a period,
 * the byte offset of its row in the padded table, then the bytes the input advances after it.
 */
export interface PeriodTable {
  readonly period: number;
  /** `[rowBytes(period) | stepBytes(period)]` */
  readonly rows: Int32Array;
}

/**
 * Build the {@link PeriodTable} of `inputRate → outputRate` for a padded table of `phases` exact
 * phases (`phases` = the reduced output rate, so phase = fraction / gcd exactly).
 */
export function periodTable(inputRate: number, outputRate: number, phases: number, vecs: number): PeriodTable {
  const period = phases;
  const g = outputRate / phases;
  const rows = new Int32Array(2 * period);
  const whole = (q: number): number => Math.floor((q * inputRate) / outputRate);
  for (let q = 0; q < period; q++) {
    const fraction = q * inputRate - whole(q) * outputRate;
    rows[q] = (fraction / g) * vecs * 16;
    rows[period + q] = (whole(q + 1) - whole(q)) * 4;
  }
  return { period, rows };
}

/** One thread's instance of the kernel. */
export class SimdFir {
  private readonly exports: FirExports;
  private readonly tables = new Map<{ readonly rows: Float32Array | Int32Array }, number>();
  private tableEnd = 0;

  constructor(exports: FirExports) {
    this.exports = exports;
    this.ensureBytes(TABLE_REGION_BYTES);
  }

  /** Bytes of memory the kernel holds (tables plus the largest call's window so far). */
  get memoryBytes(): number {
    return this.exports.memory.buffer.byteLength;
  }

  /**
   * Run the filter: `count` outputs from `input` (the first output starts at `input[start]`),
   * written to `out`. Stepping as in fir.wat; `input` must hold every sample the outputs need.
   */
  run(
    padded: PaddedFirTable,
    input: Float32Array,
    out: Float32Array,
    count: number,
    start: number,
    fraction: number,
    stepWhole: number,
    stepFraction: number,
    outputRate: number,
    phaseScale: number,
  ): void {
    const table = this.tableAddress(padded);
    const outAt = this.stageWindow(input, padded.vecs, count);
    this.exports.fir(TABLE_REGION_BYTES, outAt, count, table, padded.vecs, start, fraction, stepWhole, stepFraction, outputRate, phaseScale);
    out.set(new Float32Array(this.exports.memory.buffer, outAt, count));
  }

  /**
   * An exact rational ratio from its {@link PeriodTable}: `count` outputs from `input`, the first
   * at `input[0]` with phase index `q` (output number modulo the period).
   */
  runPeriodic(padded: PaddedFirTable, pattern: PeriodTable, input: Float32Array, out: Float32Array, count: number, q: number): void {
    const table = this.tableAddress(padded);
    const steps = this.tableAddress(pattern);
    const outAt = this.stageWindow(input, padded.vecs, count);
    this.exports.firPeriodic(TABLE_REGION_BYTES, outAt, count, table, padded.vecs, 0, q, pattern.period, steps, steps + pattern.period * 4);
    out.set(new Float32Array(this.exports.memory.buffer, outAt, count));
  }

  /**
   * Copy an input window to the scratch region (after the tables), followed by zeros for the
   * 4 * `vecs` samples padding taps may read past it (they must be finite); returns the byte
   * address where `count` outputs go.
   */
  private stageWindow(input: Float32Array, vecs: number, count: number): number {
    const window = TABLE_REGION_BYTES;
    const windowBytes = (input.length + vecs * 4 + 4) * 4;
    const outAt = window + ((windowBytes + 15) & ~15);
    this.ensureBytes(outAt + count * 4);
    const memory = this.exports.memory.buffer;
    new Float32Array(memory, window, input.length).set(input);
    new Float32Array(memory, window + input.length * 4, vecs * 4 + 4).fill(0);
    return outAt;
  }

  /**
   * Half-band ÷2: `count` outputs from `input`, output j centred on `input[centreTap + 2j]`
   * (see fir.wat); `input` must hold every sample the outputs need.
   */
  runHalfBand(taps: HalfBandTaps, input: Float32Array, out: Float32Array, count: number): void {
    const table = this.tableAddress(taps);
    const c = taps.centreTap;
    const quads = Math.ceil(count / 4);
    // Samples the padded outputs reach, split into pairs; the split runs 4 pairs at a time.
    const reach = 2 * c + 2 * (quads * 4 - 1) + 1;
    const pairsOfSamples = Math.ceil(Math.max(reach, input.length) / 8) * 4;
    const window = TABLE_REGION_BYTES;
    const even = window + pairsOfSamples * 8;
    const odd = even + pairsOfSamples * 4;
    const outAt = odd + pairsOfSamples * 4;
    this.ensureBytes(outAt + quads * 16);
    const memory = this.exports.memory.buffer;
    new Float32Array(memory, window, input.length).set(input);
    new Float32Array(memory, window + input.length * 4, pairsOfSamples * 2 - input.length).fill(0);
    const centreEven = (c & 1) === 0;
    const pairCount = taps.rows.length / 4;
    this.exports.halfband(
      window, pairsOfSamples, even, odd, outAt, quads,
      centreEven ? even : odd, c >> 1, centreEven ? odd : even, (c - 1) >> 1, (c + 1) >> 1,
      table, pairCount, taps.centre,
    );
    out.set(new Float32Array(this.exports.memory.buffer, outAt, count));
  }

  /** Byte address of a table in the module's memory, copying it there on first use. */
  private tableAddress(padded: { readonly rows: Float32Array | Int32Array }): number {
    const known = this.tables.get(padded);
    if (known !== undefined) return known;
    const bytes = padded.rows.length * 4;
    if (bytes > TABLE_REGION_BYTES) throw new RangeError(`FIR table of ${bytes} bytes exceeds the kernel's table region`);
    if (this.tableEnd + bytes > TABLE_REGION_BYTES) {
      // Full: forget every table; each is copied again when next used.
      this.tables.clear();
      this.tableEnd = 0;
    }
    const at = this.tableEnd;
    const rows = padded.rows;
    new Uint8Array(this.exports.memory.buffer, at, bytes).set(new Uint8Array(rows.buffer, rows.byteOffset, bytes));
    this.tables.set(padded, at);
    this.tableEnd = (at + bytes + 15) & ~15;
    return at;
  }

  private ensureBytes(bytes: number): void {
    const memory = this.exports.memory;
    const missing = bytes - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / PAGE_BYTES));
  }
}

/** Largest table the kernel accepts, in float32 taps (larger designs keep the JavaScript loop). */
export const MAX_SIMD_TABLE_TAPS: number = TABLE_REGION_BYTES / 4;

/** This thread's SIMD kernel, or null where WebAssembly SIMD is unavailable. */
export const simdFir: () => SimdFir | null = lazyWasm(FIR_WASM_BASE64, (exports) => new SimdFir(exports as unknown as FirExports));
