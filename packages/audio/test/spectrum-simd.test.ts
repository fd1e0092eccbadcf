import { describe, expect, it } from 'vitest';
import { AudioFingerprinter, defaultAudioConfig, hashAudio, PowerSpectrum, type AudioConfig } from '../src/index.js';
import { SimdSpectra, simdSpectraAvailable } from '../src/spectrum-simd.js';
import { addNoise, synthMusic } from './synth.js';

describe('WebAssembly SIMD spectra', () => {
  it('are available in Node (bytes checked against spectrum.wat in test/wasm-sources.test.ts)', () => {
    expect(simdSpectraAvailable(defaultAudioConfig)).toBe(true);
  });

  it('give the float64 fft.js power rows to float32 precision, four frames per call', () => {
    // The default and two other sizes (the kernel takes any power of two).
    const configs: AudioConfig[] = [defaultAudioConfig, { ...defaultAudioConfig, fftSize: 1024, maxBin: 400 }, { ...defaultAudioConfig, fftSize: 64, minBin: 0, maxBin: 32 }];
    for (const config of configs) {
      const reference = new PowerSpectrum(config);
      const simd = new SimdSpectra(config, reference.floorPower);
      const n = config.fftSize;
      const pcm = addNoise(synthMusic(1, n), 20, 3);
      const row = new Float32Array(reference.binCount);
      for (let slot = 0; slot < 4; slot++) simd.frame(slot).set(pcm.subarray(slot * 700, slot * 700 + n));
      simd.compute();
      for (let slot = 0; slot < 4; slot++) {
        reference.compute(pcm, slot * 700, row);
        const got = simd.row(slot);
        const scale = Math.max(...row);
        for (let b = 0; b < row.length; b++) expect(Math.abs(got[b] - row[b]), `fft ${n}, frame ${slot}, bin ${b}`).toBeLessThan(1e-5 * scale + 1e-6 * row[b]);
      }
    }
  });

  it('leave the peaks of a fingerprint unchanged, whatever the frame count modulo 4', () => {
    for (const seconds of [3, 3.04, 3.08, 3.12]) {
      const pcm = addNoise(synthMusic(seconds, 5), 15, 9);
      const simd = hashAudio(pcm, defaultAudioConfig, { simd: true });
      const scalar = hashAudio(pcm, defaultAudioConfig, { simd: false });
      expect(simd.frameCount, `${seconds} s`).toBe(scalar.frameCount);
      expect(Array.from(simd.peakFrames), `${seconds} s`).toEqual(Array.from(scalar.peakFrames));
      expect(Array.from(simd.peakBins), `${seconds} s`).toEqual(Array.from(scalar.peakBins));
    }
  });
});

describe('non-finite samples (a float WAV can hold them)', () => {
  it('are read as 0 (NaN) or clamped (infinities): finite rows, and the same peaks in both paths', () => {
    const pcm = addNoise(synthMusic(6, 8), 20, 4);
    for (let i = 8000; i < 8100; i++) pcm[i] = Number.NaN;
    for (let i = 24000; i < 24010; i++) pcm[i] = Number.POSITIVE_INFINITY;
    pcm[40000] = Number.NEGATIVE_INFINITY;
    const simd = hashAudio(pcm, defaultAudioConfig, { simd: true });
    const scalar = hashAudio(pcm, defaultAudioConfig, { simd: false });
    const clean = hashAudio(addNoise(synthMusic(6, 8), 20, 4));
    // A few clicks change a few peaks, not the density (a NaN score once kept everything).
    expect(simd.peakFrames.length).toBeLessThan(clean.peakFrames.length * 1.2);
    expect(Array.from(simd.peakFrames)).toEqual(Array.from(scalar.peakFrames));
    expect(Array.from(simd.peakBins)).toEqual(Array.from(scalar.peakBins));
    const reference = new PowerSpectrum(defaultAudioConfig);
    const spectra = new SimdSpectra(defaultAudioConfig, reference.floorPower);
    const row = new Float32Array(reference.binCount);
    for (const [slot, start] of [7900, 23800, 39800, 0].entries()) spectra.frame(slot).set(pcm.subarray(start, start + defaultAudioConfig.fftSize));
    spectra.compute();
    for (const [slot, start] of [7900, 23800, 39800].entries()) {
      reference.compute(pcm, start, row);
      const got = spectra.row(slot);
      expect(got.every(Number.isFinite) && row.every(Number.isFinite), `frame at ${start}`).toBe(true);
      const scale = Math.max(...row);
      for (let b = 0; b < row.length; b++) expect(Math.abs(got[b] - row[b])).toBeLessThan(1e-5 * scale + 1e-6 * row[b]);
    }
  });
});

describe('SIMD spectra instances', () => {
  it('are reused by later fingerprinters, never shared by two alive at once', () => {
    const a = SimdSpectra.acquire(defaultAudioConfig, 1);
    const b = SimdSpectra.acquire(defaultAudioConfig, 1);
    expect(b).not.toBe(a);
    a.release();
    a.release(); // twice is harmless
    const c = SimdSpectra.acquire(defaultAudioConfig, 1);
    expect(c).toBe(a);
    expect(SimdSpectra.acquire(defaultAudioConfig, 1)).not.toBe(a);
  });

  it('give the same fingerprints to interleaved and successive fingerprinters', () => {
    const one = addNoise(synthMusic(4, 21), 20, 1);
    const two = addNoise(synthMusic(4, 22), 20, 2);
    const alone = [hashAudio(one), hashAudio(two)];
    // Interleaved pushes: two fingerprinters alive at once.
    const f1 = new AudioFingerprinter();
    const f2 = new AudioFingerprinter();
    for (let i = 0; i < one.length; i += 3000) {
      f1.push(one.subarray(i, i + 3000), false);
      f2.push(two.subarray(i, i + 3000), false);
    }
    const both = [f1.push(new Float32Array(0), true), f2.push(new Float32Array(0), true)];
    for (const k of [0, 1]) {
      expect(Array.from(both[k].peakFrames)).toEqual(Array.from(alone[k].peakFrames));
      expect(Array.from(both[k].peakBins)).toEqual(Array.from(alone[k].peakBins));
    }
  });
});
