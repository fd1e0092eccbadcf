import { describe, expect, it } from 'vitest';
import { concatFloat32 } from '@mediadna/core';
import { AudioResampler } from '../src/index.js';
import { padFirTable, simdFir } from '../src/audio/fir-simd.js';

function noise(length: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = ((seed = (Math.imul(seed, 69069) + 1) >>> 0) / 2 ** 32) * 2 - 1;
  return out;
}

function resampleChunked(rate: number, channels: Float32Array[], chunk: number, simd: boolean): Float32Array {
  const resampler = new AudioResampler(rate, 8000, { simd });
  const parts: Float32Array[] = [];
  for (let i = 0; i < channels[0].length; i += chunk) parts.push(resampler.push(channels.map((c) => c.subarray(i, i + chunk)), false).slice());
  parts.push(resampler.push([], true).slice());
  return concatFloat32(parts);
}

describe('WebAssembly SIMD FIR kernel', () => {
  it('is available in Node (its bytes are checked against fir.wat in test/wasm-sources.test.ts)', () => {
    expect(simdFir()).not.toBeNull();
  });

  it('gives the JavaScript loop samples (to float32 rounding) at every input rate, in any chunking', () => {
    // 12345 Hz has no short exact ratio to 16 kHz: the 256-phase nearest-phase path.
    for (const rate of [96000, 88200, 48000, 44100, 32000, 22050, 16000, 12345, 11025]) {
      const left = noise(rate, rate);
      const right = noise(rate, rate + 1);
      const scalar = resampleChunked(rate, [left, right], rate, false);
      for (const chunk of [rate, 4096, 997]) {
        const simd = resampleChunked(rate, [left, right], chunk, true);
        expect(simd.length, `${rate} Hz in chunks of ${chunk}`).toBe(scalar.length);
        let maxDiff = 0;
        for (let i = 0; i < simd.length; i++) maxDiff = Math.max(maxDiff, Math.abs(simd[i] - scalar[i]));
        expect(maxDiff, `${rate} Hz in chunks of ${chunk}`).toBeLessThan(2e-6);
      }
    }
  });

  it('runs one huge push in bounded pieces: the same samples, and the kernel memory stays small', () => {
    const input = noise(44100 * 120, 5); // two minutes at once
    const simd = new AudioResampler(44100, 8000).push([input], true).slice();
    const scalar = new AudioResampler(44100, 8000, { simd: false }).push([input], true);
    expect(simd.length).toBe(scalar.length);
    let maxDiff = 0;
    for (let i = 0; i < simd.length; i++) maxDiff = Math.max(maxDiff, Math.abs(simd[i] - scalar[i]));
    expect(maxDiff).toBeLessThan(2e-6);
    // Tables (4 MiB) plus a window of at most 16 384 outputs, not the 21 MB of input.
    expect(simdFir()!.memoryBytes).toBeLessThan(6 << 20);
  });

  it('keeps results right when its table region fills and is recycled', () => {
    const kernel = simdFir()!;
    const taps = 6; // padded to 8
    const input = noise(4000, 3);
    // Three tables of 1.5 MB each: the third does not fit in the 4 MB region, which is cleared.
    const tables = [1, 2, 3].map((seed) => padFirTable(Float64Array.from(noise(49_152 * taps, seed)), taps));
    for (const round of [0, 1]) {
      for (const [t, padded] of tables.entries()) {
        const out = new Float32Array(1000);
        // Integer ratio 3: output j uses input[3j .. 3j + taps) with row 0; rational stepping is
        // covered by the resampler test above.
        kernel.run(padded, input, out, out.length, 0, 0, 3, 0, 1, 0);
        for (const j of [0, 1, 500, 999]) {
          let expected = 0;
          for (let k = 0; k < taps; k++) expected += input[3 * j + k] * padded.rows[k];
          expect(out[j], `round ${round}, table ${t}, output ${j}`).toBeCloseTo(expected, 4);
        }
      }
    }
  });
});
