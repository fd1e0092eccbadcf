/**
 * Speed changes: audio played f times faster has its peaks at frame / f and bin × f. Scaling a
 * query's peaks by f (frames × f, bins / f, rounded) turns it back into the original's geometry,
 * so landmarks built from the scaled peaks match the library again. Both maps are monotonic, so
 * the peaks stay in (frame, bin) order. Measured on the corpus' `speed105` (tempo and pitch
 * × 1.05): recall 0 without, 1.0 with, for 5, 10 and 30 s excerpts.
 *
 * Tempo changes that keep the pitch (time-stretching, e.g. ffmpeg's `atempo`) move peaks to
 * frame / f only: the same scaling on frames alone undoes them ({@link scaleFingerprintTempo}).
 */
import type { AudioFingerprint } from './fingerprint.js';

/** Speed factors tried, in order, when a query matches nothing as it is. */
export const DEFAULT_SPEED_FACTORS: readonly number[] = Object.freeze([1.05, 0.95, 1.025, 0.975]);

/** Tempo factors (pitch kept) tried, in order, when nothing matched at any speed either. */
export const DEFAULT_TEMPO_FACTORS: readonly number[] = Object.freeze([1.05, 0.95, 1.025, 0.975]);

/** The fingerprint the same audio would have at `factor` times its speed's inverse (see module comment). */
export function scaleFingerprintSpeed(fingerprint: AudioFingerprint, factor: number): AudioFingerprint {
  const { config, peakFrames, peakBins } = fingerprint;
  const count = peakFrames.length;
  const frames = new Uint32Array(count);
  const bins = new Uint16Array(count);
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const bin = Math.round(peakBins[i] / factor);
    if (bin < config.minBin || bin >= config.maxBin) continue;
    frames[kept] = Math.round(peakFrames[i] * factor);
    bins[kept] = bin;
    kept++;
  }
  return { config, frameCount: Math.round(fingerprint.frameCount * factor), peakFrames: frames.subarray(0, kept), peakBins: bins.subarray(0, kept) };
}

/** The fingerprint the same audio would have at `factor` times its tempo's inverse, pitch unchanged (frames × f). */
export function scaleFingerprintTempo(fingerprint: AudioFingerprint, factor: number): AudioFingerprint {
  const { config, peakFrames, peakBins } = fingerprint;
  const frames = new Uint32Array(peakFrames.length);
  for (let i = 0; i < frames.length; i++) frames[i] = Math.round(peakFrames[i] * factor);
  return { config, frameCount: Math.round(fingerprint.frameCount * factor), peakFrames: frames, peakBins };
}
