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

/** Fractional phases tabulated for non-integer ratios (time error ≤ 1/512 of an input sample). */
const PHASES = 256;

/** Stopband attenuation aimed for, in dB (≈ 16-bit noise floor is not needed for fingerprints). */
const STOPBAND_DB = 60;

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

/**
 * One polyphase FIR stage from `inputRate` to `outputRate` that passes `passHz` and rejects from
 * `stopHz` (both in Hz, measured at the input). Streaming: {@link push} takes any number of mono
 * input samples and returns the outputs they complete.
 */
export class PolyphaseResampler {
  readonly inputRate: number;
  readonly outputRate: number;
  /** Filter length in input samples. */
  readonly taps: number;
  private readonly phases: number;
  /** (phases + 1) x taps, row-major; row p is the filter at fractional offset p / phases. */
  private readonly table: Float64Array;
  private history: Float64Array;
  /** Non-zero taps of phase 0 (offsets and values), used when {@link sparse}. */
  private readonly sparseIndex: Int32Array;
  private readonly sparseCoefficients: Float64Array;
  private readonly sparse: boolean;
  /** Valid samples in `history`. */
  private historyLength: number;
  /** Absolute input index of `history[0]`. */
  private historyStart: number;
  /** Input samples received so far. */
  private inputCount = 0;
  /** Output samples produced so far. */
  private outputCount = 0;
  private out: Float32Array = new Float32Array(0);

  constructor(inputRate: number, outputRate: number, passHz: number, stopHz: number) {
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    const transition = Math.max(1, stopHz - passHz) / inputRate;
    const cutoff = (passHz + stopHz) / 2 / inputRate; // cycles per input sample
    const length = Math.ceil((STOPBAND_DB - 7.95) / (2.285 * 2 * Math.PI * transition));
    const taps = Math.max(4, length + (length & 1)); // even: centre between the two middle taps
    this.taps = taps;
    const integerRatio = Number.isInteger(inputRate / outputRate);
    this.phases = integerRatio ? 1 : PHASES;
    const beta = kaiserBeta(STOPBAND_DB);
    const norm = besselI0(beta);
    const half = taps / 2;
    this.table = new Float64Array((this.phases + 1) * taps);
    for (let p = 0; p <= this.phases; p++) {
      const fraction = p / this.phases;
      let sum = 0;
      for (let k = 0; k < taps; k++) {
        const t = k - half + 1 - fraction; // distance from the output position, input samples
        const x = 2 * cutoff * t;
        const sinc = t === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
        const r = t / half;
        const window = Math.abs(r) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / norm;
        const value = 2 * cutoff * sinc * window;
        this.table[p * taps + k] = value;
        sum += value;
      }
      for (let k = 0; k < taps; k++) this.table[p * taps + k] /= sum; // unity gain at DC
    }
    // Integer ratios use one phase; a half-band filter (÷2 around a quarter of the input rate) has
    // every other tap at zero, so only the non-zero taps are kept and visited.
    const row0 = this.table.subarray(0, taps);
    let nonzero = 0;
    for (let k = 0; k < taps; k++) if (Math.abs(row0[k]) > 1e-9) nonzero++;
    this.sparseIndex = new Int32Array(nonzero);
    this.sparseCoefficients = new Float64Array(nonzero);
    for (let k = 0, n = 0; k < taps; k++) {
      if (Math.abs(row0[k]) > 1e-9) {
        this.sparseIndex[n] = k;
        this.sparseCoefficients[n++] = row0[k];
      }
    }
    this.sparse = this.phases === 1 && nonzero * 4 < taps * 3;
    // Start with half a filter of zeros so the first output is centred on input sample 0.
    this.history = new Float64Array(Math.max(4096, taps * 4));
    this.historyLength = half - 1;
    this.historyStart = -(half - 1);
  }

  /**
   * Feed mono input; returns the completed output samples (a view valid until the next call).
   * With `final`, the input is padded with zeros so every output up to its end is produced.
   */
  push(input: Float32Array, final: boolean): Float32Array {
    this.append(input);
    this.inputCount += input.length;
    const taps = this.taps;
    const half = taps / 2;
    if (final) {
      const padding = new Float32Array(taps);
      this.append(padding);
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
    const table = this.table;
    const history = this.history;
    const phases = this.phases;
    const base = this.historyStart;
    const inputRate = this.inputRate;
    const outputRate = this.outputRate;
    // Position of output n in input samples: whole + fraction / outputRate, stepped exactly.
    const n0 = this.outputCount;
    let whole = Math.floor((n0 * inputRate) / outputRate);
    let fraction = n0 * inputRate - whole * outputRate; // 0 .. outputRate-1
    const stepWhole = Math.floor(inputRate / outputRate);
    const stepFraction = inputRate - stepWhole * outputRate;
    const phaseScale = phases / outputRate;
    const offset = 1 - half - base;
    if (this.sparse) {
      const index = this.sparseIndex;
      const coefficients = this.sparseCoefficients;
      const count = index.length;
      const step = stepWhole; // integer ratio: fraction stays 0
      let start = whole + offset;
      for (let j = 0; j < maxOutputs; j++, start += step) {
        let acc = 0;
        for (let k = 0; k < count; k++) acc += history[start + index[k]] * coefficients[k];
        out[j] = acc;
      }
      this.outputCount = n0 + maxOutputs;
      this.compact();
      return out.subarray(0, maxOutputs);
    }
    for (let j = 0; j < maxOutputs; j++) {
      const row = ((fraction * phaseScale + 0.5) | 0) * taps;
      const start = whole + offset;
      let acc0 = 0;
      let acc1 = 0;
      let k = 0;
      for (; k + 1 < taps; k += 2) {
        acc0 += history[start + k] * table[row + k];
        acc1 += history[start + k + 1] * table[row + k + 1];
      }
      if (k < taps) acc0 += history[start + k] * table[row + k];
      out[j] = acc0 + acc1;
      whole += stepWhole;
      fraction += stepFraction;
      if (fraction >= outputRate) {
        fraction -= outputRate;
        whole++;
      }
    }
    const n = n0 + maxOutputs;
    this.outputCount = n;
    this.compact();
    return out.subarray(0, maxOutputs);
  }

  private append(input: Float32Array): void {
    const needed = this.historyLength + input.length;
    if (needed > this.history.length) {
      const grown = new Float64Array(Math.max(needed, this.history.length * 2));
      grown.set(this.history.subarray(0, this.historyLength));
      this.history = grown;
    }
    this.history.set(input, this.historyLength);
    this.historyLength = needed;
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
 * analysis rate). Passes content up to 0.4375 × `outputRate` (3.5 kHz at 8 kHz) and lets aliases
 * fall only above it.
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

  constructor(inputRate: number, outputRate = 8000) {
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    const passHz = outputRate * 0.425;
    const stopHz = outputRate - passHz;
    this.stages = [];
    if (inputRate === outputRate) return;
    if (inputRate > outputRate * 2.5) {
      // Stage 1: to 2x the output rate; aliases may land above the final stopband only.
      const middle = outputRate * 2;
      this.stages.push(new PolyphaseResampler(inputRate, middle, passHz, middle - stopHz));
      this.stages.push(new PolyphaseResampler(middle, outputRate, passHz, stopHz));
    } else {
      const nyquist = Math.min(inputRate, outputRate) / 2;
      const pass = Math.min(passHz, nyquist * 0.875);
      const stop = inputRate < outputRate ? inputRate - pass : stopHz;
      this.stages.push(new PolyphaseResampler(inputRate, outputRate, pass, Math.max(stop, pass + 1)));
    }
  }

  /**
   * Feed one block of channels (equal lengths); returns mono samples at `outputRate`
   * (a view valid until the next call).
   */
  push(channels: readonly Float32Array[], final: boolean): Float32Array {
    const count = channels.length;
    const length = count === 0 ? 0 : channels[0].length;
    let mono: Float32Array;
    if (count === 1) {
      mono = channels[0];
    } else {
      if (this.mono.length < length) this.mono = new Float32Array(Math.max(length, this.mono.length * 2));
      mono = this.mono.subarray(0, length);
      mono.fill(0);
      const scale = 1 / count;
      for (let c = 0; c < count; c++) {
        const channel = channels[c];
        for (let i = 0; i < length; i++) mono[i] += channel[i];
      }
      for (let i = 0; i < length; i++) mono[i] *= scale;
    }
    if (this.stages.length === 0) return mono;
    let data = mono;
    for (const stage of this.stages) data = stage.push(data, final);
    return data;
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
