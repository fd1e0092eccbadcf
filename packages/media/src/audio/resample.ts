/**
 * Streaming downmix and resampling to the analysis rate.
 *
 * A windowed-sinc (Kaiser) polyphase FIR: each output sample is the dot product of the input
 * around its exact position with the filter's phase nearest to the fractional part. The filter
 * length follows from the transition band, so a large decimation (48 kHz → 8 kHz) is done in two
 * stages — a short filter to twice the output rate, then an exact ÷2 with a sharp filter — which
 * costs about half of one long filter. Nothing is dropped: every input sample passes through a
 * low-pass first.
 */

import { halfBandTaps, MAX_SIMD_TABLE_TAPS, padFirTable, periodTable, simdFir, type HalfBandTaps, type PaddedFirTable, type PeriodTable, type SimdFir } from './fir-simd.js';

/** Fractional phases tabulated for non-integer ratios (time error ≤ 1/512 of an input sample). */
const PHASES = 256;

/** Stopband attenuation aimed for, in dB (≈ 16-bit noise floor is not needed for fingerprints). */
const STOPBAND_DB = 60;

/** Attenuation aimed for by the short half-band ÷2 stages ahead of the main stages. */
const HALF_BAND_PRESTAGE_DB = 70;

/** Zeroth-order modified Bessel function I0, by its power series (used once per filter tap). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const half = x / 2;
  for (let k = 1; k < 50; k++) {
    term *= (half / k) * (half / k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

/** Kaiser β for a stopband attenuation in dB (Kaiser's formula). */
function kaiserBeta(attenuationDb: number): number {
  if (attenuationDb > 50) return 0.1102 * (attenuationDb - 8.7);
  if (attenuationDb >= 21) return 0.5842 * (attenuationDb - 21) ** 0.4 + 0.07886 * (attenuationDb - 21);
  return 0;
}

/** Greatest common divisor of two positive integers. */
function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Outputs per SIMD kernel call: bounds the kernel's memory (its input window) whatever one push holds. */
const SIMD_CHUNK_OUTPUTS = 16384;

/** Most phases tabulated for an exact rational ratio (e.g. 441/320 for 22050 → 16000 Hz). */
const MAX_EXACT_PHASES = 1024;

/**
 * Integer-ratio FIR over `history`: output j is centred on `middle + j * step`, with the centre tap
 * and symmetric pairs pre-added; pair k is at distance `first + k * stride` (stride 2 for a
 * half-band filter, whose even distances have zero taps). A module function so its optimised code stays monomorphic.
 */
function symmetricFir(
  history: Float32Array,
  out: Float32Array,
  count: number,
  middle: number,
  step: number,
  centre: number,
  first: number,
  stride: number,
  coefficient: Float64Array,
): void {
  const pairs = coefficient.length;
  for (let j = 0; j < count; j++) {
    let acc0 = centre * history[middle];
    let acc1 = 0;
    let k = 0;
    let d = first;
    for (; k + 1 < pairs; k += 2) {
      acc0 += coefficient[k] * (history[middle - d] + history[middle + d]);
      d += stride;
      acc1 += coefficient[k + 1] * (history[middle - d] + history[middle + d]);
      d += stride;
    }
    if (k < pairs) acc0 += coefficient[k] * (history[middle - d] + history[middle + d]);
    out[j] = acc0 + acc1;
    middle = (middle + step) | 0;
  }
}

/**
 * Rational-ratio FIR over `history`: output j starts at input `start` (advanced by the exact
 * rational step) and uses the tabulated phase nearest to `fraction / outputRate`.
 */
function phaseFir(
  history: Float32Array,
  out: Float32Array,
  count: number,
  table: Float64Array,
  taps: number,
  start: number,
  fraction: number,
  inputRate: number,
  outputRate: number,
  phases: number,
): void {
  const stepWhole = Math.floor(inputRate / outputRate);
  const stepFraction = inputRate - stepWhole * outputRate;
  const phaseScale = phases / outputRate;
  for (let j = 0; j < count; j++) {
    const row = ((fraction * phaseScale + 0.5) | 0) * taps;
    let acc0 = 0;
    let acc1 = 0;
    let k = 0;
    for (; k + 1 < taps; k += 2) {
      acc0 += history[start + k] * table[row + k];
      acc1 += history[start + k + 1] * table[row + k + 1];
    }
    if (k < taps) acc0 += history[start + k] * table[row + k];
    out[j] = acc0 + acc1;
    start += stepWhole;
    fraction += stepFraction;
    if (fraction >= outputRate) {
      fraction -= outputRate;
      start++;
    }
  }
}

/** A designed filter: shared by every stage with the same rates, band edges and attenuation. */
interface FirDesign {
  /** Filter length in input samples. */
  readonly taps: number;
  readonly phases: number;
  /** (phases + 1) x taps, row-major; row p is the filter at fractional offset p / phases. */
  readonly table: Float64Array;
  /** Integer ratio: coefficient of the centre tap, and the symmetric pairs (first distance, stride, values). */
  readonly centre: number;
  readonly pairFirst: number;
  readonly pairStride: number;
  readonly pairCoefficient: Float64Array;
  /** The table for the SIMD kernel (float32 rows padded to 4 taps), made on first use. */
  padded: PaddedFirTable | null;
  /** A half-band ÷2's taps for the SIMD half-band kernel, made on first use. */
  halfBand: HalfBandTaps | null;
  /** Whether each output position has its exact phase (a rational ratio with few phases). */
  readonly exact: boolean;
  /** The phase pattern of an exact rational ratio for the SIMD kernel, made on first use. */
  period: PeriodTable | null;
}

/** Designs by their parameters: a decoder makes a resampler per file, the table is made once. */
const designs = new Map<string, FirDesign>();
const MAX_CACHED_DESIGNS = 64;

function designFor(inputRate: number, outputRate: number, passHz: number, stopHz: number, attenuationDb: number): FirDesign {
  const key = `${inputRate}/${outputRate}/${passHz}/${stopHz}/${attenuationDb}`;
  let design = designs.get(key);
  if (!design) {
    if (designs.size >= MAX_CACHED_DESIGNS) designs.clear();
    design = designFilter(inputRate, outputRate, passHz, stopHz, attenuationDb);
    designs.set(key, design);
  }
  return design;
}

/** Kaiser-windowed sinc design (see {@link PolyphaseResampler}). */
function designFilter(inputRate: number, outputRate: number, passHz: number, stopHz: number, attenuationDb: number): FirDesign {
  const transition = Math.max(1, stopHz - passHz) / inputRate;
  const cutoff = (passHz + stopHz) / 2 / inputRate; // cycles per input sample
  const length = Math.ceil((attenuationDb - 7.95) / (2.285 * 2 * Math.PI * transition));
  const taps = Math.max(4, length + (length & 1)); // even: centre between the two middle taps
  const integerRatio = Number.isInteger(inputRate / outputRate);
  const reduced = Number.isInteger(inputRate) && Number.isInteger(outputRate) ? outputRate / gcd(inputRate, outputRate) : Infinity;
  const phases = integerRatio ? 1 : reduced <= MAX_EXACT_PHASES ? reduced : PHASES;
  const beta = kaiserBeta(attenuationDb);
  const norm = besselI0(beta);
  const half = taps / 2;
  const table = new Float64Array((phases + 1) * taps);
  for (let p = 0; p <= phases; p++) {
    const fraction = p / phases;
    let sum = 0;
    for (let k = 0; k < taps; k++) {
      const t = k - half + 1 - fraction; // distance from the output position, input samples
      const x = 2 * cutoff * t;
      const sinc = t === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const r = t / half;
      const window = Math.abs(r) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / norm;
      const value = 2 * cutoff * sinc * window;
      table[p * taps + k] = value;
      sum += value;
    }
    for (let k = 0; k < taps; k++) table[p * taps + k] /= sum; // unity gain at DC
  }
  // Phase 0 is symmetric about tap half - 1 (t = 0; the tap at t = half is zero): keep the
  // centre and the non-zero pairs (a half-band filter has every other pair at zero).
  const c = half - 1;
  // Half-band: the taps at even distances vanish, so only odd distances are visited.
  let evenZero = c >= 2;
  for (let d = 2; d <= c; d += 2) if (Math.abs(table[c + d]) > 1e-9) evenZero = false;
  const pairStride = evenZero ? 2 : 1;
  const pairs = Math.floor((c - 1) / pairStride) + 1;
  const pairCoefficient = new Float64Array(Math.max(0, pairs));
  for (let n = 0, d = 1; n < pairs; n++, d += pairStride) pairCoefficient[n] = (table[c + d] + table[c - d]) / 2;
  return { taps, phases, table, centre: table[c], pairFirst: 1, pairStride, pairCoefficient, padded: null, halfBand: null, exact: phases === reduced, period: null };
}

/**
 * One polyphase FIR stage from `inputRate` to `outputRate` that passes `passHz` and rejects from
 * `stopHz` (both in Hz, measured at the input). Streaming: {@link push} takes any number of mono
 * input samples and returns the outputs they complete.
 *
 * The filter runs in WebAssembly SIMD where available (see fir-simd.ts), else in JavaScript:
 * integer ratios then use the single linear-phase filter with its symmetric taps pre-added (half
 * the multiplies; a half-band ÷2 also skips its zero taps). Rational ratios whose reduced output
 * rate is at most 1024 get one exact phase per output position (e.g. 320 for 22050 → 16000 Hz);
 * others use the nearest of 256 phases. Both loops give the same samples to float32 rounding.
 */
export class PolyphaseResampler {
  readonly inputRate: number;
  readonly outputRate: number;
  /** Filter length in input samples. */
  readonly taps: number;
  private readonly design: FirDesign;
  private readonly simd: SimdFir | null;
  private history: Float32Array;
  /** Valid samples in `history`. */
  private historyLength: number;
  /** Absolute input index of `history[0]`. */
  private historyStart: number;
  /** Input samples received so far. */
  private inputCount = 0;
  /** Output samples produced so far. */
  private outputCount = 0;
  private out: Float32Array = new Float32Array(0);

  /**
   * `attenuationDb`: stopband attenuation the Kaiser design aims for (default 60 dB).
   * `simd`: use the WebAssembly SIMD loop when the runtime has it (default true; false forces
   * the JavaScript loop, which tests compare against).
   */
  constructor(inputRate: number, outputRate: number, passHz: number, stopHz: number, attenuationDb: number = STOPBAND_DB, simd: boolean = true) {
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    this.design = designFor(inputRate, outputRate, passHz, stopHz, attenuationDb);
    const taps = this.design.taps;
    this.taps = taps;
    this.simd = simd && (this.design.phases + 1) * (taps + 3) <= MAX_SIMD_TABLE_TAPS ? simdFir() : null;
    // Start with half a filter of zeros so the first output is centred on input sample 0.
    this.history = new Float32Array(Math.max(4096, taps * 4));
    this.historyLength = taps / 2 - 1;
    this.historyStart = -(taps / 2 - 1);
  }

  /**
   * Feed mono input; returns the completed output samples (a view valid until the next call).
   * With `final`, the input is padded with zeros so every output up to its end is produced.
   */
  push(input: Float32Array, final: boolean): Float32Array {
    this.append(input);
    return this.run(input.length, final);
  }

  /**
   * Feed channels (equal lengths) downmixed to mono by averaging as they are appended; returns as
   * {@link push}.
   */
  pushChannels(channels: readonly Float32Array[], final: boolean): Float32Array {
    const count = channels.length;
    if (count === 1) return this.push(channels[0], final);
    const length = count === 0 ? 0 : channels[0].length;
    const at = this.reserve(length);
    const history = this.history;
    if (count === 2) {
      const left = channels[0];
      const right = channels[1];
      for (let i = 0; i < length; i++) history[at + i] = (left[i] + right[i]) * 0.5;
    } else if (count > 2) {
      const scale = 1 / count;
      const first = channels[0];
      for (let i = 0; i < length; i++) history[at + i] = first[i];
      for (let c = 1; c < count; c++) {
        const channel = channels[c];
        for (let i = 0; i < length; i++) history[at + i] += channel[i];
      }
      for (let i = 0; i < length; i++) history[at + i] *= scale;
    }
    return this.run(length, final);
  }

  private run(received: number, final: boolean): Float32Array {
    this.inputCount += received;
    const taps = this.taps;
    const half = taps / 2;
    if (final) {
      const at = this.reserve(taps);
      this.history.fill(0, at, at + taps);
    }
    const available = this.historyStart + this.historyLength; // absolute end (exclusive)
    // Output n sits at input position n * in / out and needs samples up to floor(position) + half,
    // so the outputs ready are those with n * in < (available - half) * out.
    const ready = available - half;
    let maxOutputs = ready <= 0 ? 0 : Math.floor((ready * this.outputRate - 1) / this.inputRate) + 1 - this.outputCount;
    if (final) {
      const end = Math.floor((this.inputCount * this.outputRate - 1) / this.inputRate) + 1 - this.outputCount;
      maxOutputs = Math.min(maxOutputs, end);
    }
    if (maxOutputs <= 0) {
      this.compact();
      return this.out.subarray(0, 0);
    }
    if (this.out.length < maxOutputs) this.out = new Float32Array(Math.max(maxOutputs, this.out.length * 2));
    const out = this.out;
    const n0 = this.outputCount;
    const offset = 1 - half - this.historyStart;
    if (this.simd) {
      // In bounded pieces, so the kernel's memory stays small whatever one push holds.
      for (let j = 0; j < maxOutputs; j += SIMD_CHUNK_OUTPUTS) {
        this.runSimd(this.simd, n0 + j, out.subarray(j, Math.min(maxOutputs, j + SIMD_CHUNK_OUTPUTS)), offset);
      }
    } else {
      const { history, inputRate, outputRate, design } = this;
      const phases = design.phases;
      const stepWhole = Math.floor(inputRate / outputRate);
      // Position of output n0 in input samples: whole + fraction / outputRate, then stepped exactly.
      const whole = Math.floor((n0 * inputRate) / outputRate);
      const fraction = n0 * inputRate - whole * outputRate; // 0 .. outputRate-1
      if (phases === 1) {
        symmetricFir(history, out, maxOutputs, (whole + offset + half - 1) | 0, stepWhole, design.centre, design.pairFirst, design.pairStride, design.pairCoefficient);
      } else {
        phaseFir(history, out, maxOutputs, design.table, taps, whole + offset, fraction, inputRate, outputRate, phases);
      }
    }
    this.outputCount = n0 + maxOutputs;
    this.compact();
    return out.subarray(0, maxOutputs);
  }

  /** Outputs `n .. n + out.length` with the SIMD kernels (`offset` maps absolute input to history). */
  private runSimd(simd: SimdFir, n: number, out: Float32Array, offset: number): void {
    const { inputRate, outputRate, design, history } = this;
    const taps = design.taps;
    const phases = design.phases;
    const whole = Math.floor((n * inputRate) / outputRate);
    const fraction = n * inputRate - whole * outputRate;
    const stepWhole = Math.floor(inputRate / outputRate);
    // The input from output n's first tap to the end of what any output of this piece reads.
    const last = Math.floor(((n + out.length - 1) * inputRate) / outputRate) + offset + taps + 1;
    const input = history.subarray(whole + offset, Math.min(this.historyLength, last));
    if (phases === 1 && stepWhole === 2 && design.pairStride === 2) {
      design.halfBand ??= halfBandTaps(taps / 2 - 1, design.centre, design.pairCoefficient);
      simd.runHalfBand(design.halfBand, input, out, out.length);
    } else if (design.exact && phases > 1) {
      design.padded ??= padFirTable(design.table, taps);
      design.period ??= periodTable(inputRate, outputRate, phases, design.padded.vecs);
      simd.runPeriodic(design.padded, design.period, input, out, out.length, n % phases);
    } else {
      design.padded ??= padFirTable(design.table, taps);
      const stepFraction = phases === 1 ? 0 : inputRate - stepWhole * outputRate;
      const phaseScale = phases === 1 ? 0 : phases / outputRate;
      simd.run(design.padded, input, out, out.length, 0, fraction, stepWhole, stepFraction, outputRate, phaseScale);
    }
  }

  private append(input: Float32Array): void {
    const at = this.reserve(input.length);
    this.history.set(input, at);
  }

  /** Make room for `count` more samples at the end of the history; returns where they go. */
  private reserve(count: number): number {
    const at = this.historyLength;
    const needed = at + count;
    if (needed > this.history.length) {
      const grown = new Float32Array(Math.max(needed, this.history.length * 2));
      grown.set(this.history.subarray(0, at));
      this.history = grown;
    }
    this.historyLength = needed;
    return at;
  }

  /** Drop input no future output needs. */
  private compact(): void {
    const nextWhole = Math.floor((this.outputCount * this.inputRate) / this.outputRate);
    const keepFrom = nextWhole - this.taps / 2 + 1 - this.historyStart;
    if (keepFrom <= 0) return;
    const drop = Math.min(keepFrom, this.historyLength);
    this.history.copyWithin(0, drop, this.historyLength);
    this.historyLength -= drop;
    this.historyStart += drop;
  }
}

/**
 * Streaming downmix to mono and resampling to `outputRate` (default 8000 Hz, the audio DNA
 * analysis rate). Passes content up to 0.425 × `outputRate` (3.4 kHz at 8 kHz) and lets aliases
 * fall only above 0.575 × `outputRate` (the final stage's stopband).
 *
 * Large decimations are a cascade: short half-band ÷2 stages while the rate is at least four
 * times the output rate and not an integer multiple of twice it (44100 → 22050), then one stage to
 * twice the output rate (exact rational phases, e.g. 22050 → 16000; symmetric taps pre-added for
 * integer ratios such as 48000 → 16000), then a sharp half-band ÷2. The downmix is fused into the
 * first stage.
 *
 * @example
 * const resampler = new AudioResampler(44100, 8000);
 * const mono8k = resampler.push([left, right], false); // copy it if you keep it
 */
export class AudioResampler {
  readonly inputRate: number;
  readonly outputRate: number;
  private readonly stages: PolyphaseResampler[];
  private mono: Float32Array = new Float32Array(0);

  /** `options.simd`: as for {@link PolyphaseResampler} (default true). */
  constructor(inputRate: number, outputRate = 8000, options: { readonly simd?: boolean } = {}) {
    const simd = options.simd ?? true;
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    const passHz = outputRate * 0.425;
    const stopHz = outputRate - passHz;
    this.stages = [];
    if (inputRate === outputRate) return;
    if (inputRate > outputRate * 2.5) {
      const middle = outputRate * 2;
      let rate = inputRate;
      // Half-band ÷2: whatever lands below stopHz after the fold must be rejected, so the filter
      // passes up to stopHz and stops from rate/2 - stopHz (symmetric about rate/4: half-band).
      while (rate >= middle * 2 && rate % middle !== 0) {
        // Kaiser's length estimate falls short for such short filters: aim 10 dB higher.
        this.stages.push(new PolyphaseResampler(rate, rate / 2, stopHz, rate / 2 - stopHz, HALF_BAND_PRESTAGE_DB, simd));
        rate /= 2;
      }
      // To 2x the output rate; aliases may land above the final stopband only.
      if (rate !== middle) this.stages.push(new PolyphaseResampler(rate, middle, passHz, middle - stopHz, STOPBAND_DB, simd));
      this.stages.push(new PolyphaseResampler(middle, outputRate, passHz, stopHz, STOPBAND_DB, simd));
    } else {
      const nyquist = Math.min(inputRate, outputRate) / 2;
      const pass = Math.min(passHz, nyquist * 0.875);
      const stop = inputRate < outputRate ? inputRate - pass : stopHz;
      this.stages.push(new PolyphaseResampler(inputRate, outputRate, pass, Math.max(stop, pass + 1), STOPBAND_DB, simd));
    }
  }

  /**
   * Feed one block of channels (equal lengths); returns mono samples at `outputRate`
   * (a view valid until the next call).
   */
  push(channels: readonly Float32Array[], final: boolean): Float32Array {
    const stages = this.stages;
    if (stages.length === 0) return this.downmix(channels);
    let data = stages[0].pushChannels(channels, final);
    for (let s = 1; s < stages.length; s++) data = stages[s].push(data, final);
    return data;
  }

  /** Same-rate path: the average of the channels. */
  private downmix(channels: readonly Float32Array[]): Float32Array {
    const count = channels.length;
    if (count === 1) return channels[0];
    const length = count === 0 ? 0 : channels[0].length;
    if (this.mono.length < length) this.mono = new Float32Array(Math.max(length, this.mono.length * 2));
    const mono = this.mono.subarray(0, length);
    mono.fill(0);
    for (let c = 0; c < count; c++) {
      const channel = channels[c];
      for (let i = 0; i < length; i++) mono[i] += channel[i];
    }
    const scale = 1 / count;
    for (let i = 0; i < length; i++) mono[i] *= scale;
    return mono;
  }
}

/**
 * Naive reference of one {@link PolyphaseResampler} stage on a whole signal: the windowed sinc is
 * evaluated exactly at every tap (no phase table). Slow; used by tests to check the fast path.
 */
export function resampleNaive(input: Float32Array, inputRate: number, outputRate: number, passHz: number, stopHz: number): Float32Array {
  const reference = new PolyphaseResampler(inputRate, outputRate, passHz, stopHz);
  const taps = reference.taps;
  const half = taps / 2;
  const cutoff = (passHz + stopHz) / 2 / inputRate;
  const beta = kaiserBeta(STOPBAND_DB);
  const norm = besselI0(beta);
  const count = Math.ceil((input.length * outputRate) / inputRate);
  const out = new Float32Array(count);
  for (let n = 0; n < count; n++) {
    const position = (n * inputRate) / outputRate;
    const whole = Math.floor(position);
    let acc = 0;
    let gain = 0;
    for (let k = whole - half + 1; k <= whole + half; k++) {
      const t = k - position;
      const x = 2 * cutoff * t;
      const sinc = t === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const r = t / half;
      const window = Math.abs(r) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / norm;
      const weight = sinc * window;
      gain += weight;
      if (k >= 0 && k < input.length) acc += input[k] * weight;
    }
    out[n] = acc / gain;
  }
  return out;
}
