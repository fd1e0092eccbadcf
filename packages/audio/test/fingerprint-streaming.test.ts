import { describe, expect, it } from 'vitest';
import { AudioFingerprinter, AudioLibrary, compareAudio, fingerprintLandmarks, fingerprintSeconds, hashAudio } from '../src/index.js';
import { synthMusic } from './synth.js';

describe('fingerprinting', () => {
  it('gives the same peaks whatever the chunk sizes', () => {
    const pcm = synthMusic(20, 1);
    const whole = hashAudio(pcm);
    const streaming = new AudioFingerprinter();
    let offset = 0;
    for (const size of [1, 100, 511, 512, 513, 4000, 7]) {
      streaming.push(pcm.subarray(offset, offset + size), false);
      offset += size;
    }
    for (; offset < pcm.length; offset += 3001) streaming.push(pcm.subarray(offset, Math.min(pcm.length, offset + 3001)), false);
    const chunked = streaming.push(new Float32Array(0), true);
    expect(chunked.frameCount).toBe(whole.frameCount);
    expect(Array.from(chunked.peakFrames)).toEqual(Array.from(whole.peakFrames));
    expect(Array.from(chunked.peakBins)).toEqual(Array.from(whole.peakBins));
  });

  it('picks about 12 peaks per second on music', () => {
    const fingerprint = hashAudio(synthMusic(30, 2));
    const perSecond = fingerprint.peakFrames.length / fingerprintSeconds(fingerprint);
    expect(perSecond).toBeGreaterThan(8);
    expect(perSecond).toBeLessThan(13);
    expect(fingerprintSeconds(fingerprint)).toBeCloseTo(30, 0);
  });

  it('stores nothing for silence or near-silence', () => {
    expect(hashAudio(new Float32Array(8000 * 10)).peakFrames.length).toBe(0);
    const hiss = new Float32Array(8000 * 10);
    for (let i = 0; i < hiss.length; i++) hiss[i] = ((i * 7919) % 13) * 1e-6; // −100 dBFS
    expect(hashAudio(hiss).peakFrames.length).toBe(0);
  });

  it('a pure tone yields few distinct landmarks and matches no music', () => {
    const tone = new Float32Array(8000 * 30);
    for (let i = 0; i < tone.length; i++) tone[i] = 0.5 * Math.sin((2 * Math.PI * 1000 * i) / 8000);
    const fingerprint = hashAudio(tone);
    const landmarks = fingerprintLandmarks(fingerprint);
    expect(new Set(landmarks.hashes.subarray(0, landmarks.length)).size).toBeLessThan(20);
    const library = new AudioLibrary();
    library.add('tone', fingerprint);
    for (let seed = 1; seed <= 5; seed++) expect(library.search(hashAudio(synthMusic(10, seed)))).toEqual([]);
    expect(compareAudio(fingerprint, hashAudio(synthMusic(30, 9)))).toBeNull();
  });
});
