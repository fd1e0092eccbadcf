/**
 * Fingerprint extraction: PCM → spectrogram rows → peaks. The stored fingerprint is the peak
 * list (landmarks are re-derived from it when indexed), which keeps storage near 2 KB per minute.
 */
import { DnaErrorCode, dnaError } from '@mediadna/core';
import { defaultAudioConfig, type AudioConfig } from './config.js';
import { landmarksFromPeaks, type Landmarks } from './landmarks.js';
import { PeakPicker } from './peaks.js';
import { PowerSpectrum } from './spectrogram.js';
import { SimdSpectra, simdSpectraAvailable, SPECTRA_PER_CALL } from './spectrum-simd.js';

/** The fingerprint of one signal. */
export interface AudioFingerprint {
  /** Parameters it was made with. */
  readonly config: AudioConfig;
  /** Frames analysed (duration = frameCount x hopSize / sampleRate). */
  readonly frameCount: number;
  /** Peak frame numbers, ascending. */
  readonly peakFrames: Uint32Array;
  /** Peak FFT bins, same order. */
  readonly peakBins: Uint16Array;
}

/**
 * Streaming fingerprinter: push mono PCM at `config.sampleRate` in any chunk sizes, then
 * `push(last, true)`; memory holds one frame of PCM plus the peaks (≈ 12 per second).
 * @example
 * const fingerprinter = new AudioFingerprinter();
 * for await (const pcm of decodeAudioMono(source)) fingerprinter.push(pcm, false);
 * const fingerprint = fingerprinter.push(new Float32Array(0), true);
 */
export class AudioFingerprinter {
  readonly config: AudioConfig;
  private readonly spectrum: PowerSpectrum;
  /** The SIMD path: frames are staged four at a time, then their rows pushed in order. */
  private readonly simd: SimdSpectra | null;
  private staged = 0;
  private readonly picker: PeakPicker;
  /** Pending samples (less than one frame after each push). */
  private pending: Float32Array;
  private pendingLength = 0;
  /** A frame that starts in `pending` and ends in the pushed chunk. */
  private readonly straddle: Float32Array;
  private frameCount = 0;
  private finished: AudioFingerprint | null = null;

  /**
   * `options.simd`: compute spectra with WebAssembly SIMD where available (default true; false
   * keeps the float64 fft.js path; both give the same peaks but for rare near-ties).
   */
  constructor(config: AudioConfig = defaultAudioConfig, options: { readonly simd?: boolean } = {}) {
    this.config = config;
    this.spectrum = new PowerSpectrum(config);
    this.simd = (options.simd ?? true) && simdSpectraAvailable(config) ? SimdSpectra.acquire(config, this.spectrum.floorPower) : null;
    this.picker = new PeakPicker(config, this.spectrum.floorPower, options);
    this.pending = new Float32Array(config.fftSize);
    this.straddle = new Float32Array(config.fftSize);
  }

  /** Samples seen so far, in seconds. */
  get seconds(): number {
    return (this.frameCount * this.config.hopSize) / this.config.sampleRate;
  }

  /**
   * Feed mono PCM at the analysis rate. Returns the fingerprint when `final`, else null.
   * After `final` the fingerprinter is spent.
   */
  push(pcm: Float32Array, final: true): AudioFingerprint;
  push(pcm: Float32Array, final?: boolean): AudioFingerprint | null;
  push(pcm: Float32Array, final = false): AudioFingerprint | null {
    if (this.finished) throw dnaError(DnaErrorCode.InvalidParameter, '[mediadna] [audio] push() after the final chunk');
    const { fftSize, hopSize } = this.config;
    const pending = this.pending;
    // Frames start every hopSize samples of the stream `pending[0 .. pendingLength) ++ pcm`, the
    // first at 0. A frame wholly inside `pcm` is read in place; one straddling both is assembled in
    // `straddle` (same samples, so the same bits as copying everything through `pending`).
    const buffered = this.pendingLength;
    const total = buffered + pcm.length;
    let start = 0;
    for (; start + fftSize <= total; start += hopSize) {
      if (start >= buffered) {
        this.runFrame(pcm, start - buffered);
      } else {
        const straddle = this.straddle;
        straddle.set(pending.subarray(start, buffered), 0);
        straddle.set(pcm.subarray(0, fftSize - (buffered - start)), buffered - start);
        this.runFrame(straddle, 0);
      }
    }
    // Keep stream[start .. total) for the next push.
    if (start < buffered) {
      pending.copyWithin(0, start, buffered);
      pending.set(pcm, buffered - start);
    } else {
      pending.set(pcm.subarray(start - buffered), 0);
    }
    this.pendingLength = total - start;
    if (final && this.pendingLength > fftSize - hopSize) {
      // Unframed samples remain: one last zero-padded frame.
      pending.fill(0, this.pendingLength, fftSize);
      this.runFrame(pending, 0);
      this.pendingLength = 0;
    }
    if (!final) return null;
    this.flushStaged();
    this.simd?.release(); // spent: its module instance serves the next fingerprinter
    this.picker.finish();
    this.finished = {
      config: this.config,
      frameCount: this.frameCount,
      peakFrames: this.picker.frames.slice(0, this.picker.count),
      peakBins: this.picker.bins.slice(0, this.picker.count),
    };
    return this.finished;
  }

  private runFrame(samples: Float32Array, offset: number): void {
    this.frameCount++;
    const simd = this.simd;
    if (!simd) {
      this.spectrum.compute(samples, offset, this.picker.nextRow());
      this.picker.pushRow();
      return;
    }
    simd.frame(this.staged++).set(samples.subarray(offset, offset + this.config.fftSize));
    if (this.staged === SPECTRA_PER_CALL) this.flushStaged();
  }

  /** Compute the staged frames' rows and hand them to the peak picker in order. */
  private flushStaged(): void {
    const simd = this.simd;
    if (!simd || this.staged === 0) return;
    simd.compute();
    for (let slot = 0; slot < this.staged; slot++) {
      this.picker.nextRow().set(simd.row(slot));
      this.picker.pushRow();
    }
    this.staged = 0;
  }
}

/**
 * Fingerprint a whole mono signal at the analysis rate (8000 Hz by default).
 * @example const fingerprint = hashAudio(pcm8k);
 */
export function hashAudio(pcm: Float32Array, config: AudioConfig = defaultAudioConfig, options: { readonly simd?: boolean } = {}): AudioFingerprint {
  return new AudioFingerprinter(config, options).push(pcm, true);
}

/** The landmarks (hash, anchor frame) of a fingerprint. */
export function fingerprintLandmarks(fingerprint: AudioFingerprint, out?: Landmarks): Landmarks {
  return landmarksFromPeaks(fingerprint.peakFrames, fingerprint.peakBins, fingerprint.peakFrames.length, fingerprint.config, out);
}

/** Duration of a fingerprint's audio in seconds. */
export function fingerprintSeconds(fingerprint: AudioFingerprint): number {
  return (fingerprint.frameCount * fingerprint.config.hopSize) / fingerprint.config.sampleRate;
}
