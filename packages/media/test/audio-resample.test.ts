import { describe, expect, it } from 'vitest';
import { concatFloat32 } from '@mediadna/core';
import { AudioResampler, PolyphaseResampler, resampleNaive } from '../src/index.js';

function sine(frequency: number, rate: number, seconds: number): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = Math.sin((2 * Math.PI * frequency * i) / rate);
  return out;
}

function rms(signal: Float32Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += signal[i] * signal[i];
  return Math.sqrt(sum / (to - from));
}

function pushInChunks(resampler: AudioResampler, input: Float32Array, chunk: number): Float32Array {
  const parts: Float32Array[] = [];
  for (let i = 0; i < input.length; i += chunk) parts.push(resampler.push([input.subarray(i, Math.min(input.length, i + chunk))], false).slice());
  parts.push(resampler.push([], true).slice());
  return concatFloat32(parts);
}

describe('resampling', () => {
  it('matches the naive windowed-sinc reference within phase-table error', () => {
    const input = new Float32Array(4410);
    let seed = 7;
    for (let i = 0; i < input.length; i++) input[i] = ((seed = (seed * 69069 + 1) >>> 0) / 2 ** 32) * 2 - 1;
    // a fractional ratio (phase table) and an exact half-band ÷2 (sparse taps)
    for (const [from, to, pass, stop, tolerance] of [[44100, 16000, 3500, 12500, 0.02], [16000, 8000, 3400, 4600, 1e-5]]) {
      const stage = new PolyphaseResampler(from, to, pass, stop);
      const fast = stage.push(input, true).slice();
      const naive = resampleNaive(input, from, to, pass, stop);
      expect(fast.length).toBe(naive.length);
      let maxDiff = 0;
      for (let i = 0; i < fast.length; i++) maxDiff = Math.max(maxDiff, Math.abs(fast[i] - naive[i]));
      expect(maxDiff).toBeLessThan(tolerance);
    }
  });

  it('gives the same output whatever the chunk sizes', () => {
    const input = sine(440, 44100, 1);
    const whole = pushInChunks(new AudioResampler(44100, 8000), input, input.length);
    const chunked = pushInChunks(new AudioResampler(44100, 8000), input, 997);
    expect(chunked.length).toBe(whole.length);
    expect(whole.length).toBe(8000);
    for (let i = 0; i < whole.length; i++) expect(Math.abs(whole[i] - chunked[i])).toBeLessThan(1e-6);
  });

  it('passes 1 kHz at unity gain and rejects 6 kHz (which would alias to 2 kHz) by over 50 dB', () => {
    for (const rate of [48000, 44100, 22050, 16000, 11025]) {
      const pass = pushInChunks(new AudioResampler(rate, 8000), sine(1000, rate, 1), 4096);
      expect(rms(pass, 1000, 7000)).toBeCloseTo(Math.SQRT1_2, 2);
      if (rate > 12000) {
        const stop = pushInChunks(new AudioResampler(rate, 8000), sine(6000, rate, 1), 4096);
        expect(20 * Math.log10(rms(stop, 1000, 7000) / Math.SQRT1_2)).toBeLessThan(-50);
      }
    }
  });

  it('downmixes channels by averaging', () => {
    const left = sine(500, 8000, 0.1);
    const right = new Float32Array(left.length);
    const out = new AudioResampler(8000, 8000).push([left, right], true);
    for (let i = 0; i < left.length; i++) expect(out[i]).toBeCloseTo(left[i] / 2, 6);
  });
});

/** Gain in dB of a full-scale tone through the resampler to 8 kHz (steady-state RMS). */
function gainDb(rate: number, frequency: number): number {
  const out = new AudioResampler(rate, 8000).push([sine(frequency, rate, 0.25)], true);
  return 20 * Math.log10(rms(out, 400, 1600) / Math.SQRT1_2);
}

describe('resampling quality to 8 kHz', () => {
  // Figures of the two-stage design before the half-band cascade: worst stopband −55.4 dB (32 kHz),
  // passband ripple within −0.036…+0.012 dB. The cascade must keep them.
  const rates = [96000, 88200, 48000, 44100, 32000, 22050, 16000];

  it('rejects every tone from 4.6 kHz (the final stopband edge) to the input Nyquist by ≥ 55 dB', () => {
    for (const rate of rates) {
      let worst = -Infinity;
      for (let f = 4600; f < rate / 2; f += 97) worst = Math.max(worst, gainDb(rate, f));
      expect(worst, `${rate} Hz`).toBeLessThan(-55);
    }
  });

  it('keeps the passband (50 Hz–3.4 kHz) flat within ±0.05 dB', () => {
    for (const rate of rates) {
      for (let f = 50; f <= 3400; f += 50) {
        const gain = gainDb(rate, f);
        expect(Math.abs(gain), `${rate} Hz, tone ${f} Hz`).toBeLessThan(0.05);
      }
    }
  });
});
