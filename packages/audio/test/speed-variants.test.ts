import { describe, expect, it } from 'vitest';
import { AudioLibrary, hashAudio, scaleFingerprintSpeed } from '../src/index.js';
import { synthMusic } from './synth.js';

/** Play `signal` `factor` times faster (tempo and pitch), by linear interpolation. */
function speedUp(signal: Float32Array, factor: number): Float32Array {
  const out = new Float32Array(Math.floor(signal.length / factor));
  for (let i = 0; i < out.length; i++) {
    const position = i * factor;
    const whole = Math.floor(position);
    const fraction = position - whole;
    out[i] = signal[whole] * (1 - fraction) + (signal[whole + 1] ?? 0) * fraction;
  }
  return out;
}

describe('speed changes', () => {
  const track = synthMusic(60, 77);
  const library = new AudioLibrary();
  library.add('track', hashAudio(track));

  it('finds audio played 5 % faster, with input times in the input and library times in the library', () => {
    const fast = speedUp(track.subarray(20 * 8000, 35 * 8000), 1.05); // 15 s of the track → 14.3 s
    expect(library.search(hashAudio(fast), { speedFactors: [] })).toEqual([]);
    const [match] = library.search(hashAudio(fast));
    expect(match.key).toBe('track');
    expect(match.speed).toBe(1.05);
    const [segment] = match.segments;
    expect(segment.inputStart).toBeLessThan(0.6);
    expect(segment.inputStart + segment.inputDuration).toBeGreaterThan(13.5);
    expect(Math.abs(segment.duplicationStart - (20 + segment.inputStart * 1.05))).toBeLessThan(0.2);
  });

  it('finds audio played 5 % slower', () => {
    const slow = speedUp(track.subarray(10 * 8000, 22 * 8000), 0.95);
    const [match] = library.search(hashAudio(slow));
    expect(match?.key).toBe('track');
    expect(match.speed).toBe(0.95);
  });

  it('scales peaks monotonically, dropping those pushed out of the band', () => {
    const fingerprint = hashAudio(track.subarray(0, 5 * 8000));
    const scaled = scaleFingerprintSpeed(fingerprint, 1.05);
    expect(scaled.frameCount).toBe(Math.round(fingerprint.frameCount * 1.05));
    for (let i = 1; i < scaled.peakFrames.length; i++) expect(scaled.peakFrames[i]).toBeGreaterThanOrEqual(scaled.peakFrames[i - 1]);
    for (const bin of scaled.peakBins) expect(bin >= fingerprint.config.minBin && bin < fingerprint.config.maxBin).toBe(true);
  });
});
