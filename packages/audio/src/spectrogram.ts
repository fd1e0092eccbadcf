/**
 * Spectrogram stage: Hann-windowed frames of `fftSize` samples every `hopSize` samples, real FFT
 * (fft.js), natural-log power of the bins searched for peaks.
 */
import FFT from 'fft.js';
import type { AudioConfig } from './config.js';

/** Log power of a full-scale sine's bin under a Hann window of `fftSize` samples: ln((N/4)^2). */
function fullScaleLogPower(fftSize: number): number {
  return 2 * Math.log(fftSize / 4);
}

/**
 * Computes one spectrum row from a frame of PCM. Buffers are made once and reused.
 * @example
 * const spectrum = new LogSpectrum(defaultAudioConfig);
 * spectrum.compute(pcm, 0, row); // row: Float32Array(maxBin - minBin)
 */
export class LogSpectrum {
  /** Bins per row: `maxBin - minBin`. */
  readonly binCount: number;
  /** Log power below which a bin counts as silence (`floorDb` under a full-scale sine). */
  readonly floorLogPower: number;
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
    this.floorLogPower = fullScaleLogPower(config.fftSize) - (config.floorDb / 10) * Math.LN10;
  }

  /**
   * Log power of bins `minBin..maxBin-1` of the frame `pcm[offset .. offset + fftSize)`
   * into `row` (length {@link binCount}); values are clamped below at {@link floorLogPower}.
   */
  compute(pcm: Float32Array, offset: number, row: Float32Array): void {
    const size = this.fftSize;
    const frame = this.frame;
    const window = this.window;
    for (let i = 0; i < size; i++) frame[i] = pcm[offset + i] * window[i];
    this.fft.realTransform(this.spectrum, frame);
    const spectrum = this.spectrum;
    const floor = this.floorLogPower;
    const minBin = this.minBin;
    const count = this.binCount;
    for (let b = 0; b < count; b++) {
      const k = (minBin + b) << 1;
      const re = spectrum[k];
      const im = spectrum[k + 1];
      const power = re * re + im * im;
      const value = power > 0 ? Math.log(power) : floor;
      row[b] = value > floor ? value : floor;
    }
  }
}
