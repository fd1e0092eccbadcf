/**
 * Power spectra in WebAssembly SIMD (source: spectrum.wat): four frames per call, one per f32x4
 * lane, in float32. About 3x the fft.js path (window, float64 FFT, power) it replaces where the
 * runtime has WebAssembly SIMD; {@link PowerSpectrum} stays as the fallback and the reference.
 *
 * Each instance has its own small WebAssembly instance (under 64 KiB of memory), so fingerprinters
 * with different configs can run interleaved on one thread.
 */
import { compileWasm } from '@mediadna/core';
import type { AudioConfig } from './config.js';
import { SPECTRUM_WASM_BASE64 } from './spectrum-wasm.js';

/** Frames computed per call: the four f32x4 lanes. */
export const SPECTRA_PER_CALL = 4;

interface SpectrumExports {
  readonly memory: WebAssembly.Memory;
  spectra(
    input: number,
    n: number,
    window: number,
    rev: number,
    tw: number,
    split: number,
    re: number,
    im: number,
    out: number,
    minBin: number,
    count: number,
    floor: number,
  ): void;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is unavailable (compiled once per thread). */
function spectrumModule(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = compileWasm(SPECTRUM_WASM_BASE64);
  return compiled;
}

/** Whether {@link SimdSpectra} can serve a config (needs SIMD, and bins below fftSize / 2). */
export function simdSpectraAvailable(config: AudioConfig): boolean {
  const n = config.fftSize;
  return n >= 8 && (n & (n - 1)) === 0 && config.maxBin <= n / 2 && config.minBin >= 0 && spectrumModule() !== null;
}

/** Spare instances by config, so a fingerprinter per file does not make a module instance per file. */
const spares = new Map<string, SimdSpectra[]>();
/** Spare instances kept per config (each holds under 64 KiB). */
const MAX_SPARES = 8;

/**
 * Four frames in, four rows of clamped power out (bins `minBin..maxBin-1`), as
 * {@link PowerSpectrum.compute} computes them one at a time.
 * @example
 * const spectra = new SimdSpectra(config, floorPower);
 * spectra.frame(0).set(pcm.subarray(0, config.fftSize)); // ... frames 1-3
 * spectra.compute(); // rows: spectra.row(0..3)
 */
export class SimdSpectra {
  readonly binCount: number;
  private readonly config: AudioConfig;
  private readonly exports: SpectrumExports;
  private readonly n: number;
  private readonly minBin: number;
  private readonly floorPower: number;
  private readonly at: { input: number; window: number; rev: number; tw: number; split: number; re: number; im: number; out: number };
  private readonly frames: Float32Array[];
  private readonly rows: Float32Array[];

  /** @throws Error when {@link simdSpectraAvailable} is false for `config` */
  constructor(config: AudioConfig, floorPower: number) {
    const module = spectrumModule();
    if (!module || !simdSpectraAvailable(config)) throw new Error('WebAssembly SIMD spectra are unavailable for this config');
    this.exports = new WebAssembly.Instance(module).exports as unknown as SpectrumExports;
    this.config = config;
    const n = config.fftSize;
    const m = n / 2;
    const count = config.maxBin - config.minBin;
    this.n = n;
    this.minBin = config.minBin;
    this.binCount = count;
    this.floorPower = floorPower;
    // Layout, 16-byte aligned: v128 tables first, then the frames and rows.
    let next = 0;
    const take = (bytes: number): number => {
      const at = next;
      next = (next + bytes + 15) & ~15;
      return at;
    };
    const at = {
      window: take(n * 16),
      tw: take((m / 2) * 32),
      split: take(count * 32),
      re: take(m * 16),
      im: take(m * 16),
      rev: take(m * 4),
      input: take(SPECTRA_PER_CALL * n * 4),
      out: take(SPECTRA_PER_CALL * count * 4),
    };
    this.at = at;
    const memory = this.exports.memory;
    if (next > memory.buffer.byteLength) memory.grow(Math.ceil((next - memory.buffer.byteLength) / 65536));
    const buffer = memory.buffer;
    const splat = (table: Float32Array, index: number, value: number): void => {
      table.fill(value, index * 4, index * 4 + 4);
    };
    const window = new Float32Array(buffer, at.window, n * 4);
    for (let i = 0; i < n; i++) splat(window, i, 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
    const tw = new Float32Array(buffer, at.tw, (m / 2) * 8);
    for (let j = 0; j < m / 2; j++) {
      splat(tw, 2 * j, Math.cos((2 * Math.PI * j) / m));
      splat(tw, 2 * j + 1, -Math.sin((2 * Math.PI * j) / m));
    }
    const split = new Float32Array(buffer, at.split, count * 8);
    for (let b = 0; b < count; b++) {
      const k = config.minBin + b;
      splat(split, 2 * b, Math.cos((2 * Math.PI * k) / n));
      splat(split, 2 * b + 1, Math.sin((2 * Math.PI * k) / n));
    }
    const rev = new Int32Array(buffer, at.rev, m);
    const bits = Math.log2(m);
    for (let j = 0; j < m; j++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((j >> b) & 1) << (bits - 1 - b);
      rev[j] = r * 16;
    }
    this.frames = [];
    this.rows = [];
    for (let s = 0; s < SPECTRA_PER_CALL; s++) {
      this.frames.push(new Float32Array(buffer, at.input + s * n * 4, n));
      this.rows.push(new Float32Array(buffer, at.out + s * count * 4, count));
    }
  }

  /**
   * An instance for `config`: a spare one given back by {@link release}, else a new one.
   * @throws Error when {@link simdSpectraAvailable} is false for `config`
   */
  static acquire(config: AudioConfig, floorPower: number): SimdSpectra {
    const spare = spares.get(spareKey(config, floorPower))?.pop();
    return spare ?? new SimdSpectra(config, floorPower);
  }

  /** Give this instance back for reuse; the caller must not use it afterwards. */
  release(): void {
    const key = spareKey(this.config, this.floorPower);
    let list = spares.get(key);
    if (!list) spares.set(key, (list = []));
    if (list.length < MAX_SPARES && !list.includes(this)) list.push(this);
  }

  /** Where to write frame `slot`'s `fftSize` samples before {@link compute}. */
  frame(slot: number): Float32Array {
    return this.frames[slot];
  }

  /** Compute all four rows from the four frames (unused slots give rows to ignore). */
  compute(): void {
    const at = this.at;
    this.exports.spectra(at.input, this.n, at.window, at.rev, at.tw, at.split, at.re, at.im, at.out, this.minBin, this.binCount, this.floorPower);
  }

  /** The power row of frame `slot` after {@link compute} (valid until the next compute). */
  row(slot: number): Float32Array {
    return this.rows[slot];
  }
}

function spareKey(config: AudioConfig, floorPower: number): string {
  return `${config.fftSize}/${config.minBin}/${config.maxBin}/${floorPower}`;
}
