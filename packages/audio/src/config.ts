/**
 * Parameters of the audio fingerprint. Changing any of them changes the landmarks, so the
 * fingerprint blob records them and the engine version is bumped when the defaults move.
 */

/** Fingerprint extraction parameters. */
export interface AudioConfig {
  /** Analysis rate in Hz. PCM must be mono at this rate. Default 8000 (covers the telephone band). */
  readonly sampleRate: number;
  /** FFT length in samples (power of two). Default 512 = 64 ms at 8 kHz, 15.6 Hz per bin. */
  readonly fftSize: number;
  /** Hop between frames in samples. Default 256 = 32 ms: one landmark time unit. */
  readonly hopSize: number;
  /** Lowest spectrum bin searched for peaks. Default 10 (156 Hz). */
  readonly minBin: number;
  /** One past the highest bin searched. Default 224 (3.5 kHz; the resampler's passband edge). */
  readonly maxBin: number;
  /** A peak is the largest value within ± this many bins. Default 8 (±125 Hz). */
  readonly peakRadiusBins: number;
  /** ... and within ± this many frames. Default 4 (±128 ms). */
  readonly peakRadiusFrames: number;
  /** Target peak density, peaks per second, enforced by rank within a sliding window. Default 12. */
  readonly peaksPerSecond: number;
  /** Half-width of the density window in frames. Default 31 (±1 s). */
  readonly densityRadiusFrames: number;
  /** Peaks quieter than this (dB below a full-scale sine) are ignored: silence stores nothing. Default 80. */
  readonly floorDb: number;
  /** Targets paired with each anchor peak. Default 5. */
  readonly fanout: number;
  /** Largest anchor-to-target time gap in frames (≤ 63, the 6-bit field). Default 63 (2 s). */
  readonly maxDeltaFrames: number;
  /** Largest anchor-to-target frequency gap in bins (≤ 63, the 7-bit signed field). Default 63. */
  readonly maxDeltaBins: number;
}

/** The defaults: 12 peaks/s, 5 targets each, about 60 landmarks per second of audio. */
export const defaultAudioConfig: AudioConfig = Object.freeze({
  sampleRate: 8000,
  fftSize: 512,
  hopSize: 256,
  minBin: 10,
  maxBin: 224,
  peakRadiusBins: 8,
  peakRadiusFrames: 4,
  peaksPerSecond: 12,
  densityRadiusFrames: 31,
  floorDb: 80,
  fanout: 5,
  maxDeltaFrames: 63,
  maxDeltaBins: 63,
});

/** Seconds per frame (one landmark time unit) under a config. */
export function secondsPerFrame(config: AudioConfig = defaultAudioConfig): number {
  return config.hopSize / config.sampleRate;
}
