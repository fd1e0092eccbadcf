import { describe, expect, it } from 'vitest';
import { AudioFingerprinter, PowerSpectrum, defaultAudioConfig, fingerprintLandmarks, hashAudio, serializeFingerprint } from '../src/index.js';
import { addNoise, synthMusic } from './synth.js';

/** FNV-1a (32-bit) over the bytes of typed arrays: any changed output bit changes it. */
function fnv(...arrays: ArrayBufferView[]): string {
  let hash = 0x811c9dc5;
  for (const array of arrays) {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * Golden hashes captured from the unoptimised extraction (before the #3 speed work): the fast
 * paths must reproduce the spectrum rows, peaks, landmarks and stored blob bit for bit.
 */
const GOLDEN: Record<string, { rows: string; peaks: string; landmarks: string; blob: string; count: number }> = {
  'music-30s': { rows: '4122237f', peaks: '5a29b1b7', landmarks: 'c0494eeb', blob: '5fceb97b', count: 383 },
  'noisy-music-30s': { rows: 'e843d2bc', peaks: 'cd67f1a6', landmarks: '8a138371', blob: '50673638', count: 370 },
};

const SIGNALS: Array<[string, () => Float32Array]> = [
  ['music-30s', () => synthMusic(30, 7)],
  ['noisy-music-30s', () => addNoise(synthMusic(30, 11), 5, 3)],
];

function digest(pcm: Float32Array): { rows: string; peaks: string; landmarks: string; blob: string; count: number } {
  const spectrum = new PowerSpectrum(defaultAudioConfig);
  const { fftSize, hopSize } = defaultAudioConfig;
  const frames = Math.floor((pcm.length - fftSize) / hopSize) + 1;
  const rows = new Float32Array(frames * spectrum.binCount);
  for (let f = 0; f < frames; f++) spectrum.compute(pcm, f * hopSize, rows.subarray(f * spectrum.binCount, (f + 1) * spectrum.binCount));
  const fingerprint = hashAudio(pcm);
  const landmarks = fingerprintLandmarks(fingerprint);
  return {
    rows: fnv(rows),
    peaks: fnv(fingerprint.peakFrames, fingerprint.peakBins),
    landmarks: fnv(landmarks.hashes.subarray(0, landmarks.length), landmarks.times.subarray(0, landmarks.length)),
    blob: fnv(serializeFingerprint(fingerprint)),
    count: fingerprint.peakFrames.length,
  };
}

describe('fingerprint golden output', () => {
  for (const [name, make] of SIGNALS) {
    it(`${name}: spectrum, peaks, landmarks and blob are bit-identical to the reference`, () => {
      expect(digest(make())).toEqual(GOLDEN[name]);
    });

    it(`${name}: the same peaks when pushed in chunks straddling frames (0 to 3000 samples)`, () => {
      const pcm = make();
      const fingerprinter = new AudioFingerprinter();
      const sizes = [0, 1, 255, 256, 257, 511, 512, 513, 0, 3000, 7, 1024];
      let offset = 0;
      for (let k = 0; offset < pcm.length; k++) {
        const end = Math.min(pcm.length, offset + sizes[k % sizes.length]);
        fingerprinter.push(pcm.subarray(offset, end), false);
        offset = end;
      }
      const fingerprint = fingerprinter.push(new Float32Array(0), true);
      expect(fnv(fingerprint.peakFrames, fingerprint.peakBins)).toBe(GOLDEN[name].peaks);
      expect(fnv(serializeFingerprint(fingerprint))).toBe(GOLDEN[name].blob);
    });
  }
});
