/**
 * Spectrogram stage: Hann-windowed frames of `fftSize` samples every `hopSize` samples, real FFT
 * (fft.js), power of the bins searched for peaks (linear: peak picking only compares values, so no
 * logarithm is needed per bin).
 */
import FFT from 'fft.js';
import type { AudioConfig } from './config.js';

/**
 * Samples are clamped to ± this (and NaN read as 0) before the FFT: float PCM may hold NaN,
 * infinities or absurd values (a hostile float WAV), whose infinite powers would break the
 * peak ranking. Real audio is within ± 1 (a few dB over in hot float masters).
 */
export const SAMPLE_LIMIT = 1000;

/** Power of a full-scale sine's bin under a Hann window of `fftSize` samples: (N/4)^2. */
function fullScalePower(fftSize: number): number {
  return (fftSize / 4) ** 2;
}

/**
 * Computes one spectrum row from a frame of PCM. Buffers are made once and reused.
 * @example
 * const spectrum = new PowerSpectrum(defaultAudioConfig);
 * spectrum.compute(pcm, 0, row); // row: Float32Array(maxBin - minBin)
 */
export class PowerSpectrum {
  /** Bins per row: `maxBin - minBin`. */
  readonly binCount: number;
  /** Power below which a bin counts as silence (`floorDb` under a full-scale sine). */
  readonly floorPower: number;
  private readonly fft: FFT;
  private readonly window: Float64Array;
  private readonly frame: Float64Array;
  private readonly spectrum: Float64Array;
  private readonly minBin: number;
  private readonly fftSize: number;

  constructor(config: AudioConfig) {
    this.fftSize = config.fftSize;
    this.minBin = config.minBin;
    this.binCount = config.maxBin - config.minBin;
    this.fft = new FFT(config.fftSize);
    this.window = new Float64Array(config.fftSize);
    for (let i = 0; i < config.fftSize; i++) this.window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / config.fftSize);
    this.frame = new Float64Array(config.fftSize);
    this.spectrum = new Float64Array(config.fftSize * 2);
    this.floorPower = fullScalePower(config.fftSize) * 10 ** (-config.floorDb / 10);
  }

  /**
   * Power of bins `minBin..maxBin-1` of the frame `pcm[offset .. offset + fftSize)` into `row`
   * (length {@link binCount}); values are clamped below at {@link floorPower}.
   */
  compute(pcm: Float32Array, offset: number, row: Float32Array): void {
    const size = this.fftSize;
    const frame = this.frame;
    const window = this.window;
    for (let i = 0; i < size; i++) {
      let x = pcm[offset + i];
      // One well-predicted test in the common case; NaN → 0, then clamp (as spectrum.wat does).
      if (!(x >= -SAMPLE_LIMIT && x <= SAMPLE_LIMIT)) x = x > 0 ? SAMPLE_LIMIT : x < 0 ? -SAMPLE_LIMIT : 0;
      frame[i] = x * window[i];
    }
    this.fft.realTransform(this.spectrum, frame);
    const spectrum = this.spectrum;
    const floor = this.floorPower;
    const minBin = this.minBin;
    const count = this.binCount;
    for (let b = 0; b < count; b++) {
      const k = (minBin + b) << 1;
      const re = spectrum[k];
      const im = spectrum[k + 1];
      const power = re * re + im * im;
      row[b] = power > floor ? power : floor;
    }
  }
}
